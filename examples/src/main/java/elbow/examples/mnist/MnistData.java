package elbow.examples.mnist;

import elbow.tensor.Tensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * MNIST as the experiments use it: each split's images as float32 grey levels in [0, 1] (byte / 255),
 * row-major [n, 784], and its labels 0–9. All four files are read and checked whole even when a limit
 * keeps only the first images, so a damaged file is reported the first time, not in epoch 12.
 */
public final class MnistData {
    public static final int ROWS = 28;
    public static final int COLUMNS = 28;
    public static final int PIXELS = ROWS * COLUMNS;
    public static final int CLASSES = 10;
    /** A limit that keeps every image. */
    public static final int ALL = Integer.MAX_VALUE;

    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
    public static final List<String> FILE_NAMES = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);

    /** SHA-256 of the original uncompressed files (SPEC.md "Data"); fetch-mnist.sh checks the same. */
    public static final Map<String, String> PUBLISHED_SHA256 = Map.of(
            TRAIN_IMAGES, "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
            TRAIN_LABELS, "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
            TEST_IMAGES, "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
            TEST_LABELS, "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2");

    /** What was read from one file: where, whether gzipped, and whether it is the published original. */
    public record FileInfo(Path path, boolean gzipped, String sha256) {
        public boolean isPublishedOriginal() {
            String name = path.getFileName().toString();
            if (name.endsWith(".gz")) name = name.substring(0, name.length() - 3);
            return sha256.equals(PUBLISHED_SHA256.get(name));
        }
    }

    /**
     * One split. {@code images} holds {@code count} rows of {@link #PIXELS} grey levels; {@code available}
     * is how many the file has, before any limit.
     */
    public record Split(String name, float[] images, int[] labels, int count, int available, FileInfo imageFile, FileInfo labelFile) {
        /** The images as a [count, 784] float32 tensor sharing this split's array. */
        public Tensor imagesTensor() {
            return Tensor.wrap(images, count, PIXELS);
        }
    }

    private final Path dir;
    private final Split train;
    private final Split test;

    private MnistData(Path dir, Split train, Split test) {
        this.dir = dir;
        this.train = train;
        this.test = test;
    }

    /**
     * Reads the four files from {@code dir} (each as NAME or NAME.gz), keeping the first {@code trainLimit}
     * training and {@code testLimit} test images ({@link #ALL} for every one).
     *
     * @throws DataException if a file is missing or damaged, or images and labels disagree in number
     */
    public static MnistData load(Path dir, int trainLimit, int testLimit) {
        if (trainLimit < 1 || testLimit < 1) throw new IllegalArgumentException("limits must be at least 1, got " + trainLimit + " and " + testLimit);
        Path folder = dir.toAbsolutePath().normalize();
        Split train = split("train", folder, TRAIN_IMAGES, TRAIN_LABELS, trainLimit);
        Split test = split("test", folder, TEST_IMAGES, TEST_LABELS, testLimit);
        return new MnistData(folder, train, test);
    }

    /** {@link #load(Path, int, int)} from the folder {@link DataLocation#find} chooses. */
    public static MnistData load(DataLocation.Place place, int trainLimit, int testLimit) {
        return load(place.dir(), trainLimit, testLimit);
    }

    private static Split split(String name, Path folder, String imageName, String labelName, int limit) {
        // Both files are looked up before either is read, so a missing one is reported without waiting for the other.
        Path imagePath = locate(folder, imageName);
        Path labelPath = locate(folder, labelName);
        IdxFile images = IdxFile.read(imagePath, IdxFile.ANY, ROWS, COLUMNS);
        IdxFile labels = IdxFile.read(labelPath, IdxFile.ANY);
        int available = images.dims()[0];
        if (labels.dims()[0] != available) {
            throw new DataException(labelPath, "holds " + labels.dims()[0] + " labels, but " + imagePath.getFileName()
                    + " holds " + available + " images: the two files do not belong together", folder);
        }
        byte[] labelBytes = labels.data();
        int[] labelValues = new int[Math.min(limit, available)];
        for (int i = 0; i < labelBytes.length; i++) {
            int label = labelBytes[i] & 0xff;
            if (label >= CLASSES) throw new DataException(labelPath, "holds label " + label + " at index " + i + "; MNIST labels are 0 to 9", folder);
            if (i < labelValues.length) labelValues[i] = label;
        }
        int count = labelValues.length;
        return new Split(name, greyLevels(images.data(), count * PIXELS), labelValues, count, available,
                new FileInfo(imagePath, images.gzipped(), images.sha256()), new FileInfo(labelPath, labels.gzipped(), labels.sha256()));
    }

    private static Path locate(Path folder, String name) {
        return DataLocation.fileIn(folder, name).orElseThrow(() ->
                new DataException(folder.resolve(name), "is missing (neither it nor " + name + ".gz is in " + folder + ")", folder));
    }

    private static final float[] GREY = new float[256];

    static {
        for (int v = 0; v < 256; v++) GREY[v] = v / 255f;
    }

    private static float[] greyLevels(byte[] pixels, int length) {
        float[] out = new float[length];
        for (int i = 0; i < length; i++) out[i] = GREY[pixels[i] & 0xff];
        return out;
    }

    /** The folder the files were read from. */
    public Path dir() {
        return dir;
    }

    public Split train() {
        return train;
    }

    public Split test() {
        return test;
    }
}
