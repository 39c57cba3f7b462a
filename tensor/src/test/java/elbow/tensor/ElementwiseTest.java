package elbow.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import elbow.tensor.simd.ScalarKernels;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ElementwiseTest {

    @Test
    void broadcastRowAndColumn() {
        // [[1,2,3],[4,5,6]] + [10,20,30] = [[11,22,33],[14,25,36]]
        Tensor a = Tensor.wrap(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor row = Tensor.of(10f, 20f, 30f);
        assertArrayEquals(new float[] {11, 22, 33, 14, 25, 36}, a.add(row).toFloatArray());
        // [[1],[2]] * [10,20,30] = [[10,20,30],[20,40,60]] (outer product by broadcasting)
        Tensor col = Tensor.wrap(new float[] {1, 2}, 2, 1);
        Tensor out = col.mul(row);
        assertArrayEquals(new int[] {2, 3}, out.shape());
        assertArrayEquals(new float[] {10, 20, 30, 20, 40, 60}, out.toFloatArray());
        // scalar tensor broadcasts everywhere: 6 / 2 = 3
        assertEquals(3.0, Tensor.wrap(new double[] {6}, new int[0]).div(Tensor.of(2.0)).item());
    }

    @Test
    void closedFormsOfUnaryOps() {
        Tensor x = Tensor.of(-2.0, 0.0, 3.0);
        // sigmoid(0) = 1/2; softplus(0) = log 2; softplus(-2) = log(1 + e^-2)
        assertEquals(0.5, x.sigmoid().getFlat(1), 0);
        assertEquals(Math.log(2), x.softplus().getFlat(1), 1e-15);
        assertEquals(Math.log1p(Math.exp(-2)), x.softplus().getFlat(0), 1e-15);
        // softplus(1000) = 1000 exactly (no overflow), sigmoid(-1000) = 0
        assertEquals(1000.0, Tensor.of(1000.0).softplus().item(), 0);
        assertEquals(0.0, Tensor.of(-1000.0).sigmoid().item(), 0);
        // leaky relu with slope 0.1: [-0.2, 0, 3]
        assertArrayEquals(new double[] {-0.2, 0, 3}, x.leakyRelu(0.1).toDoubleArray(), 1e-15);
        // comparisons give 1/0 masks, where selects: x > 0 ? x : -x = |x|
        Tensor mask = x.gt(Tensor.of(0.0));
        assertArrayEquals(new double[] {0, 0, 1}, mask.toDoubleArray());
        assertArrayEquals(x.abs().toDoubleArray(), mask.where(x, x.neg()).toDoubleArray(), 0.0); // -0.0 == 0.0 here
        // pow: 3^2 = 9, 2^-1 = 0.5
        assertEquals(9.0, Tensor.of(3.0).pow(2).item());
        assertEquals(0.5, Tensor.of(2.0).pow(Tensor.of(-1.0)).item());
    }

    @Property(tries = 200)
    void broadcastBinaryMatchesIndexwiseOracle(@ForAll @IntRange(min = 1, max = 4) int rank, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] out = new int[rank];
        int[] widths = {1, 2, 3, 7, 15, 16, 17, 33};
        for (int i = 0; i < rank; i++) out[i] = widths[r.nextInt(widths.length)];
        int[] sa = dropSome(out, r), sb = dropSome(out, r);
        Tensor a = new Rng(seed).normal(DType.F64, sa), b = new Rng(seed + 1).normal(DType.F64, sb);
        Tensor y = a.sub(b);
        int[] full = Shape.broadcast(sa, sb);
        assertArrayEquals(full, y.shape());
        int[] stA = Shape.broadcastStrides(sa, full), stB = Shape.broadcastStrides(sb, full), st = Shape.strides(full);
        for (int flat = 0; flat < y.size(); flat++) {
            int ia = 0, ib = 0, rem = flat;
            for (int d = 0; d < full.length; d++) {
                int idx = rem / st[d];
                rem %= st[d];
                ia += idx * stA[d];
                ib += idx * stB[d];
            }
            assertEquals(ScalarKernels.apply(BinaryOp.SUB, a.getFlat(ia), b.getFlat(ib)), y.getFlat(flat), 0.0);
        }
    }

    /** A shape that broadcasts to {@code full}: some leading axes dropped, some axes set to 1. */
    private static int[] dropSome(int[] full, SplittableRandom r) {
        int drop = r.nextInt(full.length + 1);
        int[] s = java.util.Arrays.copyOfRange(full, drop, full.length);
        for (int i = 0; i < s.length; i++) if (r.nextInt(3) == 0) s[i] = 1;
        return s;
    }

    @Test
    void misuseIsNamed() {
        Tensor a = Tensor.zeros(DType.F32, 2, 3), b = Tensor.zeros(DType.F32, 4, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.add(b));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[4, 3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> a.mul(Tensor.zeros(DType.F64, 2, 3)));
        assertTrue(e.getMessage().contains("F32") && e.getMessage().contains("F64"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> a.reshape(4, 2));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[4, 2]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> a.addInPlace(Tensor.zeros(DType.F32, 3, 3)));
        assertTrue(e.getMessage().contains("[3, 3]"), e.getMessage());
    }

    @Test
    void reshapeSharesDataAndInfers() {
        Tensor a = Tensor.arange(6, DType.F32);
        Tensor b = a.reshape(2, -1);
        assertArrayEquals(new int[] {2, 3}, b.shape());
        b.set(42, 1, 2);
        assertEquals(42.0, a.getFlat(5));
    }

    @Test
    void inPlaceOpsReuseTheBuffer() {
        Tensor y = Tensor.of(1f, 2f, 3f);
        float[] before = y.data32();
        y.axpyInPlace(2, Tensor.of(1f, 1f, 1f)).mulInPlace(0.5).addInPlace(Tensor.of(1f));
        // (x + 2) / 2 + 1 = [2.5, 3, 3.5]
        assertArrayEquals(new float[] {2.5f, 3f, 3.5f}, y.toFloatArray());
        assertTrue(before == y.data32());
    }
}
