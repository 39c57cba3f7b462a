package elbow.nn;

import elbow.tensor.DType;
import elbow.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AtomicFileTest {
    @TempDir
    Path dir;

    static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().collect(java.util.stream.Collectors.toList());
        }
    }

    @Test
    void replacesAndCreatesFolders() throws IOException {
        Path target = dir.resolve("a/b/out.bin");
        AtomicFile.write(target, out -> out.write(ByteBuffer.wrap("first".getBytes(StandardCharsets.UTF_8))));
        AtomicFile.write(target, out -> out.write(ByteBuffer.wrap("second".getBytes(StandardCharsets.UTF_8))));
        assertEquals("second", Files.readString(target));
        assertEquals(List.of(target), files(target.getParent()), "no temporary file is left behind");
    }

    /** A failure half way through the content leaves the old file as it was and no temporary file. */
    @Test
    void failureMidWriteKeepsTheOldFile() throws IOException {
        Path target = dir.resolve("model.safetensors");
        Safetensors.write(target, Map.of("w", Tensor.of(1f, 2f)), Map.of());
        byte[] before = Files.readAllBytes(target);
        IOException e = assertThrows(IOException.class, () -> AtomicFile.write(target, out -> {
            out.write(ByteBuffer.wrap(new byte[5000]));
            throw new IOException("disk full (simulated)");
        }));
        assertEquals("disk full (simulated)", e.getMessage());
        assertEquals(ByteBuffer.wrap(before), ByteBuffer.wrap(Files.readAllBytes(target)));
        assertEquals(List.of(target), files(dir));
    }

    /**
     * A writer process killed with SIGKILL at random moments, over and over, while it rewrites a 4 MB
     * checkpoint: the file at the target path is always a complete, valid checkpoint of one of the
     * iterations (every value equal to that iteration's number).
     */
    @Test
    void killedWriterNeverLeavesAPartialFile() throws Exception {
        Path target = dir.resolve("checkpoint.safetensors");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        java.util.Random random = new java.util.Random(1);
        int kills = 0;
        for (int round = 0; round < 3; round++) {
            Process p = new ProcessBuilder(java, "-cp", classpath, CrashingWriter.class.getName(), target.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("writer.log").toFile()).start();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!Files.exists(target) && System.nanoTime() < deadline && p.isAlive()) Thread.sleep(5);
                assertTrue(Files.exists(target), "the writer never produced a file: " + Files.readString(dir.resolve("writer.log")));
                Thread.sleep(20 + random.nextInt(300));
            } finally {
                if (p.isAlive()) kills++;
                p.destroyForcibly(); // SIGKILL on Unix: no shutdown hooks, no finally blocks
                p.waitFor(30, TimeUnit.SECONDS);
            }
            TensorFile f = Safetensors.read(target);
            Tensor w = f.get("w");
            float iteration = Float.parseFloat(f.metadata().get("iteration"));
            for (float v : w.data32()) assertEquals(iteration, v);
        }
        assertTrue(kills > 0, "the writer was never caught alive");
    }

    /** The child process of {@link #killedWriterNeverLeavesAPartialFile}: rewrites its checkpoint until killed. */
    public static final class CrashingWriter {
        public static void main(String[] args) throws IOException {
            Path target = Path.of(args[0]);
            Tensor w = Tensor.zeros(DType.F32, 1 << 20);
            for (int i = 0; ; i++) {
                w.fill(i);
                Safetensors.write(target, Map.of("w", w), Map.of("iteration", Integer.toString(i)));
            }
        }
    }

    @Test
    void staleTemporaryFilesFromKilledWritersAreLeftAlone() throws IOException {
        Path target = dir.resolve("x.bin");
        Path stale = dir.resolve(".x.bin.deadbeef.tmp");
        Files.writeString(stale, "partial");
        AtomicFile.write(target, out -> out.write(ByteBuffer.wrap(new byte[] {1})));
        List<Path> expected = new ArrayList<>(List.of(stale, target));
        expected.sort(null);
        assertEquals(expected, files(dir));
    }
}
