package elbow.examples.mnist;

import static elbow.examples.mnist.IdxFixtures.gzip;
import static elbow.examples.mnist.IdxFixtures.idx;
import static elbow.examples.mnist.IdxFixtures.imageFile;
import static elbow.examples.mnist.IdxFixtures.ubyte;
import static elbow.examples.mnist.IdxFixtures.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reader accepts exactly a well-formed unsigned-byte IDX file of the expected shape, raw or gzipped. */
class IdxFileTest {
    private static final int[] IMAGES = {IdxFile.ANY, 28, 28};

    @TempDir
    Path dir;

    private DataException rejected(byte[] content, int... expected) {
        Path file = write(dir.resolve("train-images-idx3-ubyte"), content);
        DataException e = assertThrows(DataException.class, () -> IdxFile.read(file, expected));
        assertEquals(file, e.file());
        assertTrue(e.getMessage().contains(file.toString()), "names the file: " + e.getMessage());
        assertTrue(e.getMessage().contains("scripts/fetch-mnist.sh " + dir), "says how to fetch into its folder: " + e.getMessage());
        assertEquals(2, e.getExitCode());
        return e;
    }

    private static void assertMentions(DataException e, String phrase) {
        assertTrue(e.getMessage().contains(phrase), "expected '" + phrase + "' in: " + e.getMessage());
    }

    @Test
    void rawFileRoundTrips() throws Exception {
        byte[] content = imageFile(3, 7);
        IdxFile f = IdxFile.read(write(dir.resolve("a"), content), IMAGES);
        assertArrayEquals(new int[] {3, 28, 28}, f.dims());
        assertArrayEquals(Arrays.copyOfRange(content, 16, content.length), f.data());
        assertFalse(f.gzipped());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)), f.sha256());
    }

    @Test
    void gzippedFileIsRecognisedByItsContentNotItsName() throws Exception {
        byte[] content = imageFile(4, 8);
        IdxFile f = IdxFile.read(write(dir.resolve("no-gz-suffix"), gzip(content)), IMAGES);
        assertTrue(f.gzipped());
        assertArrayEquals(new int[] {4, 28, 28}, f.dims());
        assertArrayEquals(Arrays.copyOfRange(content, 16, content.length), f.data());
        // The checksum is of the uncompressed bytes, comparable with the published ones.
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)), f.sha256());
    }

    @Test
    void emptyPayloadIsValid() {
        IdxFile f = IdxFile.read(write(dir.resolve("zero"), ubyte(new int[] {0}, new byte[0])), IdxFile.ANY);
        assertEquals(0, f.data().length);
    }

    @Test
    void anHtmlPageIsNotAnIdxFile() {
        assertMentions(rejected("<html><body>404</body></html>".getBytes(StandardCharsets.US_ASCII), IMAGES), "is not an IDX file");
    }

    @Test
    void wrongMagicIsRejected() {
        byte[] content = imageFile(2, 1);
        content[1] = 8;
        assertMentions(rejected(content, IMAGES), "is not an IDX file: it starts with bytes 00 08 08 03");
    }

    @Test
    void wrongElementTypeIsRejected() {
        DataException e = rejected(idx(0x0d, new int[] {1, 28, 28}, new byte[4 * 784]), IMAGES);
        assertMentions(e, "type 0x0d (float32)");
        assertMentions(e, "unsigned bytes");
    }

    @Test
    void wrongNumberOfDimensionsIsRejected() {
        assertMentions(rejected(ubyte(new int[] {2, 784}, new byte[2 * 784]), IMAGES), "has 2 dimensions; expected 3 (n x 28 x 28)");
    }

    @Test
    void wrongDimensionSizeIsRejected() {
        assertMentions(rejected(ubyte(new int[] {2, 28, 27}, new byte[2 * 28 * 27]), IMAGES), "has dimensions 2 x 28 x 27; expected n x 28 x 28");
    }

    @Test
    void truncatedPayloadIsRejected() {
        byte[] content = imageFile(3, 2);
        DataException e = rejected(Arrays.copyOf(content, content.length - 100), IMAGES);
        assertMentions(e, "is truncated: its header declares 3 x 28 x 28 = 2352 data bytes, but only 2252 follow");
    }

    @Test
    void truncatedHeaderIsRejected() {
        assertMentions(rejected(Arrays.copyOf(imageFile(1, 2), 10), IMAGES), "is truncated: it ends inside its header, after 10 of 16 bytes");
        assertMentions(rejected(new byte[] {0, 0}, IMAGES), "ends after 2 bytes");
    }

    @Test
    void emptyFileIsRejected() {
        assertMentions(rejected(new byte[0], IMAGES), "is empty");
    }

    @Test
    void trailingBytesAreRejected() {
        byte[] content = imageFile(2, 3);
        assertMentions(rejected(Arrays.copyOf(content, content.length + 5), IMAGES), "has 5 bytes more than its header declares");
    }

    @Test
    void trailingBytesInsideGzipAreRejected() {
        byte[] content = imageFile(2, 3);
        assertMentions(rejected(gzip(Arrays.copyOf(content, content.length + 1)), IMAGES), "has 1 byte more than its header declares");
    }

    @Test
    void truncatedGzipIsRejected() {
        byte[] gz = gzip(imageFile(20, 4));
        assertMentions(rejected(Arrays.copyOf(gz, gz.length / 2), IMAGES), "truncated or corrupt");
        // Cut inside the gzip header itself.
        assertMentions(rejected(Arrays.copyOf(gz, 5), IMAGES), "truncated or corrupt");
    }

    @Test
    void corruptGzipIsRejected() {
        byte[] gz = gzip(imageFile(20, 4));
        // The last 8 bytes are the CRC-32 and length of the content; a wrong CRC means damaged content.
        gz[gz.length - 6] ^= 0x55;
        assertMentions(rejected(gz, IMAGES), "truncated or corrupt");
    }

    @Test
    void missingFileIsNamedWithTheFetchCommand() {
        Path file = dir.resolve("t10k-labels-idx1-ubyte");
        DataException e = assertThrows(DataException.class, () -> IdxFile.read(file, IdxFile.ANY));
        assertTrue(e.getMessage().startsWith("MNIST file " + file + " does not exist."), e.getMessage());
        assertTrue(e.getMessage().contains("scripts/fetch-mnist.sh " + dir), e.getMessage());
    }

    @Test
    void folderWithSpacesIsQuotedInTheFetchCommand() {
        Path file = dir.resolve("my data").resolve("x");
        DataException e = assertThrows(DataException.class, () -> IdxFile.read(file, IdxFile.ANY));
        assertTrue(e.getMessage().endsWith("scripts/fetch-mnist.sh '" + dir.resolve("my data") + "'"), e.getMessage());
    }
}
