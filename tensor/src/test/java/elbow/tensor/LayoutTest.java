package elbow.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class LayoutTest {
    // x = [[0, 1, 2], [3, 4, 5]]
    private final Tensor x = Tensor.arange(6, DType.F32).reshape(2, 3);

    @Test
    void handComputed() {
        assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, x.transpose().toFloatArray());
        assertArrayEquals(new float[] {1, 2, 4, 5}, x.slice(1, 1, 3).toFloatArray());
        assertArrayEquals(new float[] {3, 4, 5, 0, 1, 2}, x.gather(0, 1, 0).toFloatArray());
        Tensor[] parts = x.split(1, 1, 2);
        assertArrayEquals(new float[] {0, 3}, parts[0].toFloatArray());
        assertArrayEquals(new float[] {1, 2, 4, 5}, parts[1].toFloatArray());
        assertArrayEquals(x.toFloatArray(), Tensor.concat(1, parts).toFloatArray());
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5}, Tensor.concat(0, x, x).toFloatArray());
        assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0}, Tensor.oneHot(new int[] {2, 0}, 3, DType.F32).toFloatArray());
    }

    @Property(tries = 100)
    void permuteThenInverseIsIdentity(@ForAll @IntRange(min = 1, max = 4) int rank, @ForAll long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        int[] shape = new int[rank], perm = new int[rank], inv = new int[rank];
        for (int i = 0; i < rank; i++) {
            shape[i] = 1 + r.nextInt(5);
            perm[i] = i;
        }
        for (int i = rank - 1; i > 0; i--) {
            int j = r.nextInt(i + 1), t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        for (int i = 0; i < rank; i++) inv[perm[i]] = i;
        Tensor t = new Rng(seed).normal(DType.F64, shape);
        Tensor p = t.permute(perm);
        for (int i = 0; i < rank; i++) assertTrue(p.shape()[i] == shape[perm[i]]);
        assertArrayEquals(t.toDoubleArray(), p.permute(inv).toDoubleArray());
    }

    @Test
    void misuseIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.slice(1, 2, 5));
        assertTrue(e.getMessage().contains("[2, 3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.concat(0, x, Tensor.zeros(DType.F32, 2, 4)));
        assertTrue(e.getMessage().contains("[2, 4]") && e.getMessage().contains("[2, 3]"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> x.gather(0, 2));
        e = assertThrows(IllegalArgumentException.class, () -> x.matmul(Tensor.zeros(DType.F32, 2, 3)));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("3 vs 2"), e.getMessage());
    }
}
