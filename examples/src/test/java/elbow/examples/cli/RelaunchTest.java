package elbow.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import elbow.examples.Main;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workbench started as a user starts it, without {@code --add-modules}: in a child JVM (this test
 * JVM has the module, surefire adds it), which in turn re-launches itself.
 */
class RelaunchTest {
    @TempDir
    Path dir;

    record Run(long pid, int status, String out, String err) {
        String both() {
            return "\n--- stdout:\n" + out + "--- stderr:\n" + err;
        }
    }

    private Run workbench(List<String> jvmOptions, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        builder.environment().remove("ELBOW_DEBUG");
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("workbench did not finish within 120 s: " + command);
        }
        return new Run(p.pid(), p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static String header(Run r) {
        return r.out().lines().filter(l -> l.startsWith("elbow ")).findFirst().orElse("(no header)");
    }

    @Test
    void relaunchesWithTheVectorModule() throws Exception {
        Run r = workbench(List.of(), "info", "--threads", "1");
        assertEquals(0, r.status(), r.both());
        assertFalse(header(r).contains("not enabled"), header(r));
        assertTrue(r.out().contains("launch    re-launched by the workbench with --add-modules jdk.incubator.vector"), r.both());
        assertFalse(r.err().contains("elbow:"), "no notice" + r.both());
    }

    @Test
    void passesTheChildsExitStatusThrough() throws Exception {
        Run r = workbench(List.of(), "no-such-command");
        assertEquals(2, r.status(), r.both());
        assertTrue(r.err().contains("elbow: unknown command 'no-such-command'"), r.both());
    }

    @Test
    void fallsBackToScalarWithOneLineWhenRelaunchIsRefused() throws Exception {
        // The guard says "already re-launched", so this JVM must run the command itself.
        Run r = workbench(List.of("-D" + VectorModuleLauncher.GUARD_PROPERTY + "=true"), "info", "--threads", "1");
        assertEquals(0, r.status(), r.both());
        assertTrue(header(r).contains("scalar"), header(r));
        assertTrue(header(r).contains("jdk.incubator.vector not enabled"), header(r));
        List<String> errLines = r.err().lines().toList();
        assertEquals(1, errLines.size(), "exactly one notice line, the library's own muted" + r.both());
        assertTrue(errLines.get(0).startsWith("elbow: ") && errLines.get(0).endsWith("using the scalar kernels"), r.both());
    }

    @Test
    void decidesBeforeLoadingAnyTensorClass() throws Exception {
        // Each class-load line carries the pid of the JVM that loaded it.
        Run r = workbench(List.of("-Xlog:class+load=info:stdout:pid"), "info", "--threads", "1");
        assertEquals(0, r.status(), r.both());
        String parent = "[" + r.pid() + "]";
        List<String> parentTensor = r.out().lines().filter(l -> l.startsWith(parent) && l.contains(" elbow.tensor.")).toList();
        List<String> childTensor = r.out().lines().filter(l -> !l.startsWith(parent) && l.contains(" elbow.tensor.simd.Simd ")).toList();
        assertEquals(List.of(), parentTensor, "the launching JVM loads no tensor class");
        assertEquals(1, childTensor.size(), "the re-launched JVM loads Simd" + r.both());
    }
}
