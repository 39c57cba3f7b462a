package elbow.examples.mnist;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/** Small IDX files made on the spot, so no test needs the real MNIST. */
final class IdxFixtures {
    private IdxFixtures() {}

    /** An IDX file's bytes: 00 00 type rank, the sizes big-endian, then the payload. */
    static byte[] idx(int type, int[] dims, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + payload.length);
        b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dims.length);
        for (int d : dims) b.putInt(d);
        b.put(payload);
        return b.array();
    }

    static byte[] ubyte(int[] dims, byte[] payload) {
        return idx(IdxFile.UNSIGNED_BYTE, dims, payload);
    }

    static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static Path write(Path file, byte[] content) {
        try {
            Files.createDirectories(file.getParent());
            return Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Random grey images, about four in five pixels 0 like MNIST's background, some exactly 255. */
    static byte[] images(int n, long seed) {
        Random random = new Random(seed);
        byte[] pixels = new byte[n * MnistData.PIXELS];
        for (int i = 0; i < pixels.length; i++) {
            int r = random.nextInt(10);
            pixels[i] = (byte) (r < 8 ? 0 : r == 8 ? 255 : random.nextInt(256));
        }
        return pixels;
    }

    static byte[] labels(int n) {
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) labels[i] = (byte) (i * 7 % MnistData.CLASSES);
        return labels;
    }

    static byte[] imageFile(int n, long seed) {
        return ubyte(new int[] {n, MnistData.ROWS, MnistData.COLUMNS}, images(n, seed));
    }

    static byte[] labelFile(int n) {
        return ubyte(new int[] {n}, labels(n));
    }

    /** A complete small MNIST folder: {@code train} and {@code test} items, gzipped or raw. */
    static Path mnistFolder(Path dir, int train, int test, boolean gzipped) {
        String suffix = gzipped ? ".gz" : "";
        write(dir.resolve(MnistData.TRAIN_IMAGES + suffix), maybeGzip(imageFile(train, 1), gzipped));
        write(dir.resolve(MnistData.TRAIN_LABELS + suffix), maybeGzip(labelFile(train), gzipped));
        write(dir.resolve(MnistData.TEST_IMAGES + suffix), maybeGzip(imageFile(test, 2), gzipped));
        write(dir.resolve(MnistData.TEST_LABELS + suffix), maybeGzip(labelFile(test), gzipped));
        return dir;
    }

    private static byte[] maybeGzip(byte[] raw, boolean gzipped) {
        return gzipped ? gzip(raw) : raw;
    }
}
