package elbow.autograd;

import elbow.tensor.Tensor;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.util.Random;

import static elbow.autograd.GradCheck.assertGradients;

/**
 * Float64 gradient checks of matmul for all four transpose flag combinations, 2-D and batched, with
 * the batch on the left only (the folded linear-layer case), on the right only, on both, and
 * broadcast ([2, 1] against [3]).
 */
class MatMulGradientProperties {
    static final int TRIES = 80;
    static final int[] SIDES = {1, 2, 3, 7, 8, 9, 15, 16, 17};

    @Property(tries = TRIES)
    void matmul(@ForAll long seed, @ForAll boolean transA, @ForAll boolean transB, @ForAll @IntRange(min = 0, max = 4) int batching) {
        Random r = new Random(seed);
        int m = SIDES[r.nextInt(SIDES.length)], k = SIDES[r.nextInt(SIDES.length)], n = SIDES[r.nextInt(SIDES.length)];
        int[][] batches = {{}, {}, {}, {}, {}};
        switch (batching) {
            case 1: batches[0] = new int[] {3}; break;                              // [3, m, k] @ [k, n]
            case 2: batches[1] = new int[] {3}; break;                              // [m, k] @ [3, k, n]
            case 3: batches[0] = new int[] {2}; batches[1] = new int[] {2}; break;  // [2, m, k] @ [2, k, n]
            case 4: batches[0] = new int[] {2, 1}; batches[1] = new int[] {3}; break; // broadcast batch
            default: break;
        }
        Tensor a = Gen.uniform(r, matrix(batches[0], transA ? k : m, transA ? m : k), -2, 2);
        Tensor b = Gen.uniform(r, matrix(batches[1], transB ? n : k, transB ? k : n), -2, 2);
        assertGradients(x -> x[0].matmul(x[1], transA, transB), a, b);
    }

    @Property(tries = 30)
    void matmulOfPlainProductEqualsFlagFree(@ForAll long seed) {
        Random r = new Random(seed);
        Tensor a = Gen.uniform(r, new int[] {7, 9}, -2, 2), b = Gen.uniform(r, new int[] {9, 17}, -2, 2);
        assertGradients(x -> x[0].matmul(x[1]).tanh(), a, b);
    }

    private static int[] matrix(int[] batch, int rows, int cols) {
        int[] s = java.util.Arrays.copyOf(batch, batch.length + 2);
        s[batch.length] = rows;
        s[batch.length + 1] = cols;
        return s;
    }
}
