package elbow.examples.mnist;

import elbow.tensor.Rng;

/**
 * Minibatches over n examples: a fresh shuffled order each epoch, cut into consecutive batches of
 * {@code batchSize} (the last one smaller when {@code batchSize} does not divide n, so every example is
 * used exactly once per epoch). The order of epoch e depends only on (seed, e), not on the epochs before
 * it, so a run resumed at epoch e sees the same batches as one that never stopped.
 */
public final class Batches {
    private final int count;
    private final int batchSize;
    private final long seed;

    public Batches(int count, int batchSize, long seed) {
        if (count < 1) throw new IllegalArgumentException("need at least one example, got " + count);
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        this.count = count;
        this.batchSize = batchSize;
        this.seed = seed;
    }

    public int count() {
        return count;
    }

    public int batchSize() {
        return batchSize;
    }

    /** Batches per epoch, the last one possibly partial. */
    public int batchesPerEpoch() {
        return (count + batchSize - 1) / batchSize;
    }

    /** Position in the epoch's order where {@code batch} starts. */
    public int start(int batch) {
        checkBatch(batch);
        return batch * batchSize;
    }

    /** Examples in {@code batch}: {@code batchSize}, except possibly the last. */
    public int size(int batch) {
        checkBatch(batch);
        return Math.min(batchSize, count - batch * batchSize);
    }

    private void checkBatch(int batch) {
        if (batch < 0 || batch >= batchesPerEpoch()) throw new IndexOutOfBoundsException("batch " + batch + " of " + batchesPerEpoch());
    }

    /** The epoch's order: a permutation of 0 .. count-1. */
    public int[] order(int epoch) {
        int[] order = new int[count];
        order(epoch, order);
        return order;
    }

    /** Fills {@code into} (length {@code count}) with the epoch's order, without allocating. */
    public void order(int epoch, int[] into) {
        if (into.length != count) throw new IllegalArgumentException("order buffer has length " + into.length + ", need " + count);
        for (int i = 0; i < count; i++) into[i] = i;
        Rng rng = new Rng(epochSeed(seed, epoch));
        // Fisher–Yates: each of the n! orders equally likely.
        for (int i = count - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = into[i];
            into[i] = into[j];
            into[j] = t;
        }
    }

    /** A well-mixed seed per (seed, epoch), so neighbouring epochs or seeds give unrelated orders. */
    static long epochSeed(long seed, int epoch) {
        return mix64(seed ^ mix64(0x9E3779B97F4A7C15L * (epoch + 1L)));
    }

    /** Stafford's variant 13 of the MurmurHash3 finaliser, as in SplittableRandom. */
    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Copies the rows {@code order[start .. start+size)} of {@code source} (rows of {@code rowLength}
     * floats, e.g. images of {@link MnistData#PIXELS}) into the first {@code size} rows of {@code buffer}.
     */
    public static void copyRows(float[] source, int rowLength, int[] order, int start, int size, float[] buffer) {
        if (size * rowLength > buffer.length) {
            throw new IllegalArgumentException("buffer holds " + buffer.length / rowLength + " rows of " + rowLength + ", batch has " + size);
        }
        for (int r = 0; r < size; r++) {
            System.arraycopy(source, order[start + r] * rowLength, buffer, r * rowLength, rowLength);
        }
    }

    /** Copies the labels of {@code order[start .. start+size)} into the start of {@code buffer}. */
    public static void copyLabels(int[] labels, int[] order, int start, int size, int[] buffer) {
        for (int r = 0; r < size; r++) buffer[r] = labels[order[start + r]];
    }

    /** {@link #copyRows} for batch {@code batch} of this epoch's {@code order}; returns the batch's size. */
    public int copyBatch(float[] source, int rowLength, int[] order, int batch, float[] buffer) {
        int size = size(batch);
        copyRows(source, rowLength, order, start(batch), size, buffer);
        return size;
    }
}
