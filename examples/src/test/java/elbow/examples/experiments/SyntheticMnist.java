package elbow.examples.experiments;

import elbow.examples.Main;
import elbow.examples.mnist.MnistData;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** A small MNIST folder written on the spot (random digits-like images in the IDX format), and a way to run commands against it. */
public final class SyntheticMnist {
    private SyntheticMnist() {}

    /** Writes {@code train} training and {@code test} test images with labels into {@code dir}. */
    public static Path folder(Path dir, int train, int test) {
        write(dir.resolve(MnistData.TRAIN_IMAGES), images(train, 1));
        write(dir.resolve(MnistData.TRAIN_LABELS), labels(train));
        write(dir.resolve(MnistData.TEST_IMAGES), images(test, 2));
        write(dir.resolve(MnistData.TEST_LABELS), labels(test));
        return dir;
    }

    /** An IDX file of unsigned bytes: 00 00 08 rank, the sizes big-endian, the payload. */
    static byte[] idx(int[] dims, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + payload.length);
        b.put((byte) 0).put((byte) 0).put((byte) 0x08).put((byte) dims.length);
        for (int d : dims) b.putInt(d);
        return b.put(payload).array();
    }

    /** Images with about four in five pixels 0, as MNIST's background, and the rest grey or white. */
    static byte[] images(int n, long seed) {
        Random random = new Random(seed);
        byte[] pixels = new byte[n * MnistData.PIXELS];
        for (int i = 0; i < pixels.length; i++) {
            int r = random.nextInt(10);
            pixels[i] = (byte) (r < 8 ? 0 : r == 8 ? 255 : random.nextInt(256));
        }
        return idx(new int[] {n, MnistData.ROWS, MnistData.COLUMNS}, pixels);
    }

    static byte[] labels(int n) {
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) labels[i] = (byte) (i % MnistData.CLASSES);
        return idx(new int[] {n}, labels);
    }

    static void write(Path file, byte[] content) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A command's exit status and what it printed. */
    record Run(int status, String out, String err) {
        String both() {
            return "\n--- stdout:\n" + out + "--- stderr:\n" + err;
        }
    }

    static Run run(String... args) {
        var cmd = Main.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int status = cmd.execute(args);
        return new Run(status, out.toString(), err.toString());
    }
}
