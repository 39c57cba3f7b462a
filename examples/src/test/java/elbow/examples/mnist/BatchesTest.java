package elbow.examples.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Every example exactly once per epoch, a different order each epoch, the same order for the same (seed, epoch). */
class BatchesTest {
    @Test
    void batchesCoverEveryIndexExactlyOncePerEpoch() {
        Batches batches = new Batches(103, 20, 42);
        assertEquals(6, batches.batchesPerEpoch());
        for (int epoch = 0; epoch < 5; epoch++) {
            int[] order = batches.order(epoch);
            int[] seen = new int[103];
            int total = 0;
            for (int b = 0; b < batches.batchesPerEpoch(); b++) {
                assertEquals(b * 20, batches.start(b));
                assertEquals(b < 5 ? 20 : 3, batches.size(b));
                for (int r = 0; r < batches.size(b); r++) seen[order[batches.start(b) + r]]++;
                total += batches.size(b);
            }
            assertEquals(103, total);
            for (int i = 0; i < seen.length; i++) assertEquals(1, seen[i], "epoch " + epoch + ", index " + i);
        }
    }

    @Test
    void orderDiffersBetweenEpochsAndSeeds() {
        Batches batches = new Batches(1000, 20, 42);
        int[] epoch0 = batches.order(0);
        assertFalse(Arrays.equals(epoch0, batches.order(1)));
        assertFalse(Arrays.equals(epoch0, new Batches(1000, 20, 43).order(0)));
        int[] identity = new int[1000];
        Arrays.setAll(identity, i -> i);
        assertFalse(Arrays.equals(identity, epoch0), "shuffled");
    }

    @Test
    void anEpochsOrderDependsOnlyOnSeedAndEpoch() {
        // A resumed run computes epoch 7 without having computed epochs 0 to 6.
        int[] straight = null;
        Batches running = new Batches(500, 20, 3);
        for (int epoch = 0; epoch <= 7; epoch++) straight = running.order(epoch);
        int[] resumed = new int[500];
        new Batches(500, 20, 3).order(7, resumed);
        assertArrayEquals(straight, resumed);
    }

    @Test
    void copyBatchGathersTheRowsInOrder() {
        int rows = 7, width = 3;
        float[] source = new float[rows * width];
        for (int i = 0; i < source.length; i++) source[i] = i;
        Batches batches = new Batches(rows, 4, 1);
        int[] order = batches.order(0);
        float[] buffer = new float[4 * width];
        int size = batches.copyBatch(source, width, order, 1, buffer);
        assertEquals(3, size);
        for (int r = 0; r < size; r++) {
            for (int c = 0; c < width; c++) assertEquals(source[order[4 + r] * width + c], buffer[r * width + c]);
        }
        int[] labels = {10, 11, 12, 13, 14, 15, 16};
        int[] labelBuffer = new int[4];
        Batches.copyLabels(labels, order, 0, 4, labelBuffer);
        for (int r = 0; r < 4; r++) assertEquals(10 + order[r], labelBuffer[r]);
    }

    @Test
    void badArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Batches(0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Batches(1, 0, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> new Batches(10, 5, 0).size(2));
        assertThrows(IllegalArgumentException.class, () -> Batches.copyRows(new float[12], 3, new int[] {0, 1, 2}, 0, 3, new float[6]));
    }
}
