package elbow.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ReduceTest {

    @Test
    void handComputed() {
        // x = [[1, 5, 3], [4, 2, 6]]
        Tensor x = Tensor.wrap(new double[] {1, 5, 3, 4, 2, 6}, 2, 3);
        assertArrayEquals(new double[] {5, 7, 9}, x.sum(0).toDoubleArray());        // column sums
        assertArrayEquals(new double[] {9, 12}, x.sum(1).toDoubleArray());         // row sums
        assertArrayEquals(new int[] {2, 1}, x.sumKeep(-1).shape());
        assertEquals(21.0, x.sumAll());
        assertArrayEquals(new double[] {3, 4}, x.mean(1).toDoubleArray());
        assertArrayEquals(new double[] {4, 5, 6}, x.max(0).toDoubleArray());
        assertArrayEquals(new double[] {1, 2}, x.argmax(1).toDoubleArray());
        // logsumexp([1000, 1000]) = 1000 + log 2, with no overflow
        assertEquals(1000 + Math.log(2), Tensor.of(1000.0, 1000.0).logSumExp().item(), 1e-12);
        // logsumexp of all -inf is -inf, not NaN
        assertEquals(Double.NEGATIVE_INFINITY, Tensor.of(Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY).logSumExp().item());
        // softmax([0, log 3]) = [1/4, 3/4]
        assertArrayEquals(new double[] {0.25, 0.75}, Tensor.of(0.0, Math.log(3)).softmax(0).toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {Math.log(0.25), Math.log(0.75)}, Tensor.of(0.0, Math.log(3)).logSoftmax(0).toDoubleArray(), 1e-15);
    }

    @Property(tries = 200)
    void reduceOverAnyAxesMatchesNaiveLoop(@ForAll @IntRange(min = 1, max = 4) int rank, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] widths = {1, 2, 3, 15, 16, 17};
        int[] shape = new int[rank];
        for (int i = 0; i < rank; i++) shape[i] = widths[r.nextInt(widths.length)];
        boolean[] red = new boolean[rank];
        int count = 0;
        for (int i = 0; i < rank; i++) if (r.nextBoolean()) { red[i] = true; count++; }
        int[] axes = new int[count];
        for (int i = 0, j = 0; i < rank; i++) if (red[i]) axes[j++] = i;
        Tensor x = new Rng(seed).normal(DType.F64, shape);
        Tensor sum = x.sumKeep(axes), max = x.maxKeep(axes), lse = x.logSumExpKeep(axes);
        int[] outShape = sum.shape();
        int[] st = Shape.strides(shape), ost = Shape.strides(outShape);
        double[] naiveSum = new double[sum.size()], naiveMax = new double[sum.size()];
        java.util.Arrays.fill(naiveMax, Double.NEGATIVE_INFINITY);
        for (int flat = 0; flat < x.size(); flat++) {
            int o = 0, rem = flat;
            for (int d = 0; d < rank; d++) {
                int idx = rem / st[d];
                rem %= st[d];
                if (!red[d] && count > 0) o += idx * ost[d];
            }
            naiveSum[o] += x.getFlat(flat);
            naiveMax[o] = Math.max(naiveMax[o], x.getFlat(flat));
        }
        double[] naiveLse = new double[sum.size()];
        for (int flat = 0; flat < x.size(); flat++) {
            int o = 0, rem = flat;
            for (int d = 0; d < rank; d++) {
                int idx = rem / st[d];
                rem %= st[d];
                if (!red[d] && count > 0) o += idx * ost[d];
            }
            naiveLse[o] += Math.exp(x.getFlat(flat) - naiveMax[o]);
        }
        for (int o = 0; o < sum.size(); o++) {
            assertEquals(naiveSum[o], sum.getFlat(o), 1e-12 * x.size());
            assertEquals(naiveMax[o], max.getFlat(o), 0.0);
            assertEquals(naiveMax[o] + Math.log(naiveLse[o]), lse.getFlat(o), 1e-12);
        }
        // float32 agrees with float64 to float precision
        Tensor s32 = x.to(DType.F32).sumKeep(axes);
        for (int o = 0; o < sum.size(); o++) assertEquals(sum.getFlat(o), s32.getFlat(o), 1e-5 * x.size());
    }

    @Test
    void misuseIsNamed() {
        Tensor x = Tensor.zeros(DType.F32, 2, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.max(1));
        assertTrue(e.getMessage().contains("empty") && e.getMessage().contains("[2, 0]"), e.getMessage());
        assertArrayEquals(new float[] {0, 0}, x.sum(1).toFloatArray()); // an empty sum is 0
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(DType.F32, 2, 3).sum(2));
        assertTrue(e.getMessage().contains("axis 2") && e.getMessage().contains("[2, 3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(DType.F32, 2, 3).sum(1, -1));
        assertTrue(e.getMessage().contains("repeated"), e.getMessage());
    }
}
