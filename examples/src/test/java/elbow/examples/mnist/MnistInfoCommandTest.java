package elbow.examples.mnist;

import static elbow.examples.mnist.IdxFixtures.gzip;
import static elbow.examples.mnist.IdxFixtures.imageFile;
import static elbow.examples.mnist.IdxFixtures.mnistFolder;
import static elbow.examples.mnist.IdxFixtures.ubyte;
import static elbow.examples.mnist.IdxFixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import elbow.examples.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code mnist-info} as a user meets it: a summary for good data, exit status 2 and one clear line for bad. */
class MnistInfoCommandTest {
    @TempDir
    Path dir;

    record Run(int status, String out, String err) {
        String both() {
            return "\n--- stdout:\n" + out + "--- stderr:\n" + err;
        }
    }

    private static Run run(String... args) {
        var cmd = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int status = cmd.execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void summarisesAValidFolder() {
        mnistFolder(dir, 20, 10, false);
        Run r = run("mnist-info", "--data", dir.toString());
        assertEquals(0, r.status(), r.both());
        assertTrue(r.out().contains(dir.toAbsolutePath().normalize() + " (given with --data)"), r.both());
        assertTrue(r.out().contains("train  20 images of 28x28, mean pixel 0."), r.both());
        assertTrue(r.out().contains("test   10 images of 28x28"), r.both());
        // labels(n) cycles i*7 mod 10: for 20 items every class twice.
        assertTrue(r.out().contains("labels 0:2  1:2  2:2  3:2  4:2  5:2  6:2  7:2  8:2  9:2"), r.both());
        assertTrue(r.out().contains("differs from the published file"), r.both());
        assertEquals("", r.err(), r.both());
    }

    @Test
    void limitsAreShown() {
        mnistFolder(dir, 20, 10, true);
        Run r = run("mnist-info", "--data", dir.toString(), "--train-limit", "7", "--test-limit", "3");
        assertEquals(0, r.status(), r.both());
        assertTrue(r.out().contains("7 images of 28x28 (first 7 of 20)"), r.both());
        assertTrue(r.out().contains("3 images of 28x28 (first 3 of 10)"), r.both());
        assertTrue(r.out().contains("(gzip)"), r.both());
    }

    @Test
    void nonPositiveLimitIsAUsageError() {
        Run r = run("mnist-info", "--data", dir.toString(), "--train-limit", "0");
        assertEquals(2, r.status(), r.both());
        assertTrue(r.err().contains("Usage:"), r.both());
    }

    static Stream<Arguments> damage() {
        byte[] good = imageFile(20, 1);
        byte[] badMagic = good.clone();
        badMagic[0] = 0x3c;
        byte[] badType = good.clone();
        badType[2] = 0x0c;
        byte[] gz = gzip(good);
        return Stream.of(
                Arguments.of("wrong magic", MnistData.TRAIN_IMAGES, badMagic),
                Arguments.of("wrong element type", MnistData.TRAIN_IMAGES, badType),
                Arguments.of("wrong dimension count", MnistData.TRAIN_IMAGES, ubyte(new int[] {20, 784}, new byte[20 * 784])),
                Arguments.of("wrong dimension size", MnistData.TRAIN_IMAGES, ubyte(new int[] {20, 28, 29}, new byte[20 * 28 * 29])),
                Arguments.of("truncated payload", MnistData.TRAIN_IMAGES, Arrays.copyOf(good, good.length - 1)),
                Arguments.of("trailing garbage", MnistData.TRAIN_IMAGES, Arrays.copyOf(good, good.length + 3)),
                Arguments.of("truncated gzip", MnistData.TRAIN_IMAGES, Arrays.copyOf(gz, gz.length - 20)),
                Arguments.of("empty file", MnistData.TEST_LABELS, new byte[0]),
                Arguments.of("label out of range", MnistData.TEST_LABELS, ubyte(new int[] {10}, new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, (byte) 255})),
                Arguments.of("count mismatch", MnistData.TEST_LABELS, ubyte(new int[] {9}, new byte[9])));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("damage")
    void damagedFileExitsTwoNamingTheFileAndTheFetchCommand(String what, String name, byte[] content) {
        mnistFolder(dir, 20, 10, false);
        Path file = write(dir.resolve(name), content);
        assertDataError(run("mnist-info", "--data", dir.toString()), file.toString(), "scripts/fetch-mnist.sh " + dir);
    }

    @Test
    void missingFileExitsTwo() throws IOException {
        mnistFolder(dir, 20, 10, false);
        Files.delete(dir.resolve(MnistData.TRAIN_LABELS));
        assertDataError(run("mnist-info", "--data", dir.toString()), dir.resolve(MnistData.TRAIN_LABELS) + " is missing", "scripts/fetch-mnist.sh " + dir);
    }

    @Test
    void emptyFolderExitsTwoNamingIt() {
        Path empty = dir.resolve("nothing-here");
        assertDataError(run("mnist-info", "--data", empty.toString()), "Looked in: " + empty + " (given with --data)", "scripts/fetch-mnist.sh " + empty);
    }

    private static void assertDataError(Run r, String... phrases) {
        assertEquals(2, r.status(), r.both());
        for (String phrase : phrases) assertTrue(r.err().contains(phrase), "expected '" + phrase + "'" + r.both());
        assertTrue(r.err().startsWith("elbow: mnist-info: "), r.both());
        assertEquals(1, r.err().lines().count(), "one line" + r.both());
        assertFalse(r.err().contains("\tat "), "no stack trace" + r.both());
        assertFalse(r.err().contains("Exception"), "no exception class names" + r.both());
    }
}
