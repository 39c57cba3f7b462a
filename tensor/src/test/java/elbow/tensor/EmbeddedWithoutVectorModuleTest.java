package elbow.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A library embedded in an application that was started without {@code --add-modules
 * jdk.incubator.vector} must still work, on the scalar kernels, and say once how to enable SIMD.
 * The test JVM itself has the module (surefire adds it), so the application runs in a child JVM started
 * clean: the same java binary, only the tensor classes on the class path, no JVM options.
 */
class EmbeddedWithoutVectorModuleTest {
    private static final String HOW_TO_ENABLE = "--add-modules jdk.incubator.vector";

    @Test
    void computesOnScalarKernelsAndTellsOnceHowToEnableSimd(@TempDir Path dir) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        String classPath = location(EmbeddingApplication.class) + File.pathSeparator + location(Tensor.class);
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-cp", classPath, EmbeddingApplication.class.getName());
        // Either variable could smuggle --add-modules (or -Delbow.simd) into the child.
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());

        Process child = builder.start();
        if (!child.waitFor(120, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            fail("the embedding application did not finish within 120 s");
        }
        String stdout = Files.readString(out);
        String stderr = Files.readString(err);
        String both = "\n--- stdout:\n" + stdout + "--- stderr:\n" + stderr;

        assertEquals(0, child.exitValue(), "exit status" + both);
        assertEquals(List.of(
                "vector module false",
                "matmul [19.0, 22.0, 43.0, 50.0]",
                "sum 999000.0",
                "exp 3.0",
                "vector kernels false"), stdout.lines().toList(), both);
        long notices = stderr.lines().filter(line -> line.contains(HOW_TO_ENABLE)).count();
        assertEquals(1, notices, "lines on stderr telling how to enable SIMD" + both);
        assertFalse(stderr.contains("Exception"), "no exception on stderr" + both);
    }

    private static String location(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
