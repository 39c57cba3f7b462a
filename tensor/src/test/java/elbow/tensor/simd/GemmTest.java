package elbow.tensor.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import elbow.tensor.Parallel;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GemmTest {
    private int savedThreads;

    @BeforeEach
    void save() {
        savedThreads = Parallel.threads();
    }

    @AfterEach
    void restore() {
        Parallel.setThreads(savedThreads);
    }

    //     A = | 1 2 3 |    B = |  7  8 |    A·B = | 1*7+2*9+3*11  1*8+2*10+3*12 | = |  58  64 |
    //         | 4 5 6 |        |  9 10 |          | 4*7+5*9+6*11  4*8+5*10+6*12 |   | 139 154 |
    //                          | 11 12 |
    // Stored with an offset of 1 and padded strides; Aᵀ and Bᵀ are the same matrices stored transposed.
    private static final float[] A = {-1, 1, 2, 3, -1, 4, 5, 6, -1};              // 2 x 3, lda 4
    private static final float[] AT = {-1, 1, 4, -1, 2, 5, -1, 3, 6, -1};         // 3 x 2, lda 3
    private static final float[] B = {-1, 7, 8, -1, 9, 10, -1, 11, 12};           // 3 x 2, ldb 3
    private static final float[] BT = {-1, 7, 9, 11, -1, 8, 10, 12};             // 2 x 3, ldb 4
    private static final float[] PRODUCT = {58, 64, 139, 154};

    private static void handComputed(boolean vector) {
        for (boolean transA : new boolean[] {false, true}) {
            for (boolean transB : new boolean[] {false, true}) {
                float[] a = transA ? AT : A, b = transB ? BT : B;
                int lda = transA ? 3 : 4, ldb = transB ? 4 : 3;
                float[] c = {-9, -9, -9, -9, -9};
                Gemm.sgemm(vector, transA, transB, 2, 2, 3, a, 1, lda, b, 1, ldb, c, 1, 2, false);
                assertArrayEquals(new float[] {-9, 58, 64, 139, 154}, c, "transA=" + transA + " transB=" + transB);
                Gemm.sgemm(vector, transA, transB, 2, 2, 3, a, 1, lda, b, 1, ldb, c, 1, 2, true);
                assertArrayEquals(new float[] {-9, 116, 128, 278, 308}, c, "accumulate, transA=" + transA + " transB=" + transB);

                double[] da = widen(a), db = widen(b), dc = new double[5];
                Gemm.dgemm(transA, transB, 2, 2, 3, da, 1, lda, db, 1, ldb, dc, 1, 2, false);
                assertArrayEquals(new double[] {0, 58, 64, 139, 154}, dc, "double, transA=" + transA + " transB=" + transB);
            }
        }
    }

    @Test
    void handComputedProduct() {
        handComputed(Simd.VECTOR);
        handComputed(false);
        if (Simd.MODULE_PRESENT) handComputed(true);
        float[] c = new float[4];
        Gemm.sgemm(false, false, 2, 2, 3, A, 1, 4, B, 1, 3, c, 0, 2, false);
        assertArrayEquals(PRODUCT, c);
    }

    @Test
    void zeroDepthClearsOrKeepsC() {
        float[] c = {1, 2, 3, 4};
        Gemm.sgemm(false, false, 2, 2, 0, new float[0], 0, 1, new float[0], 0, 2, c, 0, 2, true);
        assertArrayEquals(new float[] {1, 2, 3, 4}, c);
        Gemm.sgemm(false, false, 2, 2, 0, new float[0], 0, 1, new float[0], 0, 2, c, 0, 2, false);
        assertArrayEquals(new float[4], c);
        Gemm.sgemm(false, false, 0, 5, 3, new float[0], 0, 3, new float[15], 0, 5, new float[0], 0, 5, false);
    }

    @Test
    void badArgumentsNameTheOperand() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(false, false, 2, 2, 3, new float[5], 0, 3, new float[6], 0, 2, new float[4], 0, 2, false));
        assertTrue(e.getMessage().contains("A is stored as 2 x 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.dgemm(false, true, 2, 2, 3, new double[6], 0, 3, new double[6], 0, 2, new double[4], 0, 2, false));
        assertTrue(e.getMessage().contains("B is stored as 2 x 3"), e.getMessage());
    }

    /**
     * Large enough that the facade splits it: rows for the tall forms, columns for the short and the
     * wide ones (200 x 784: whole-sliver column blocks), and row blocks outside the K blocks (302 x 70,
     * k = 150: C larger than B, and a partial row tile in the last row block).
     */
    @Test
    void resultsIdenticalForOneAndTwoThreads() {
        SplittableRandom r = new SplittableRandom(7);
        int[][] shapes = {{100, 200, 784}, {20, 784, 200}, {784, 200, 100}, {50, 200, 100}, {200, 784, 20}, {302, 70, 150}};
        for (int[] s : shapes) {
            int m = s[0], n = s[1], k = s[2];
            for (int form = 0; form < 4; form++) {
                boolean transA = (form & 1) != 0, transB = (form & 2) != 0;
                float[] a = new float[m * k], b = new float[k * n];
                for (int i = 0; i < a.length; i++) a[i] = (float) r.nextDouble(-1, 1);
                for (int i = 0; i < b.length; i++) b[i] = (float) r.nextDouble(-1, 1);
                int lda = transA ? m : k, ldb = transB ? k : n;
                float[] one = new float[m * n], two = new float[m * n];
                Parallel.setThreads(1);
                Gemm.sgemm(transA, transB, m, n, k, a, 0, lda, b, 0, ldb, one, 0, n, false);
                Parallel.setThreads(2);
                Gemm.sgemm(transA, transB, m, n, k, a, 0, lda, b, 0, ldb, two, 0, n, false);
                assertArrayEquals(one, two, "m=" + m + " n=" + n + " k=" + k + " transA=" + transA + " transB=" + transB);
                assertTrue(Gemm.tasks(m, n, k) >= 2, "the product was not split: m=" + m + " n=" + n + " k=" + k);
            }
        }
    }

    /**
     * Xᵀ·dY with Aᵀ too large for L2 and several column slivers: the vector kernel packs Aᵀ in groups
     * of one vector of rows (530 rows: a partial group and a partial row tile at the end), and the last
     * sliver (150 = 64 + 64 + 22 columns) reads those groups in eight-row tiles. Checked
     * against the scalar loops and across thread counts.
     */
    @Test
    void packedTransposedAMatchesTheScalarProduct() {
        assumeTrue(Simd.MODULE_PRESENT, "needs jdk.incubator.vector");
        int m = 530, n = 150, k = 1100;
        assertTrue((long) k * m / 2 > Gemm.L2_FLOATS, "Aᵀ must not fit in L2 even split in two");
        SplittableRandom r = new SplittableRandom(11);
        float[] a = new float[k * m + 3], b = new float[k * n + 5];
        for (int i = 0; i < a.length; i++) a[i] = (float) r.nextDouble(-1, 1);
        for (int i = 0; i < b.length; i++) b[i] = (float) r.nextDouble(-1, 1);
        float[] scalar = new float[m * n], one = new float[m * n], two = new float[m * n];
        Parallel.setThreads(1);
        Gemm.sgemm(false, true, false, m, n, k, a, 3, m, b, 5, n, scalar, 0, n, false);
        Gemm.sgemm(true, true, false, m, n, k, a, 3, m, b, 5, n, one, 0, n, false);
        Parallel.setThreads(2);
        Gemm.sgemm(true, true, false, m, n, k, a, 3, m, b, 5, n, two, 0, n, false);
        assertArrayEquals(one, two);
        for (int i = 0; i < m * n; i++) assertEquals(scalar[i], one[i], 1e-3, "element " + i);
    }

    /**
     * B stored k x n is copied into aligned slivers for blocks of {@link Gemm#PACK_B_MIN_ROWS} rows or more:
     * a K block at a time (K blocks outermost), all of B at once (row blocks outermost, m > k), or not at all
     * when all of B (1000 x 300), or a K block of it (100 x 3000), would not fit in L2. Slivers of every width, a sliver narrower than a
     * vector (n = 200 + 9), accumulate on and off, A transposed or not: the same bits as B read in place.
     */
    @Test
    void packedBGivesTheBitsOfBReadInPlace() {
        assumeTrue(Simd.MODULE_PRESENT, "needs jdk.incubator.vector");
        assumeTrue(AlignedFloats.enabled(), "B is packed only where its buffer can be aligned (G1)");
        SplittableRandom r = new SplittableRandom(13);
        int[][] shapes = {{100, 200, 784}, {784, 200, 1000}, {1000, 209, 200}, {302, 70, 150}, {1200, 300, 1000}, {64, 50, 20}, {100, 3000, 200}};
        try {
            for (int[] s : shapes) {
                int m = s[0], n = s[1], k = s[2];
                for (int form = 0; form < 4; form++) {
                    boolean transA = (form & 1) != 0, accumulate = (form & 2) != 0;
                    float[] a = new float[m * k + 1], b = new float[k * n + 2], c0 = new float[m * n];
                    for (int i = 0; i < a.length; i++) a[i] = (float) r.nextDouble(-1, 1);
                    for (int i = 0; i < b.length; i++) b[i] = (float) r.nextDouble(-1, 1);
                    for (int i = 0; i < c0.length; i++) c0[i] = (float) r.nextDouble(-1, 1);
                    int lda = transA ? m : k;
                    for (int threads = 1; threads <= 2; threads++) {
                        Parallel.setThreads(threads);
                        float[] inPlace = c0.clone(), packed = c0.clone();
                        Gemm.packBMinRows = Integer.MAX_VALUE;
                        Gemm.sgemm(true, transA, false, m, n, k, a, 1, lda, b, 2, n, inPlace, 0, n, accumulate);
                        Gemm.packBMinRows = Gemm.PACK_B_MIN_ROWS;
                        Gemm.sgemm(true, transA, false, m, n, k, a, 1, lda, b, 2, n, packed, 0, n, accumulate);
                        assertArrayEquals(inPlace, packed, "m=" + m + " n=" + n + " k=" + k + " transA=" + transA
                                + " accumulate=" + accumulate + " threads=" + threads);
                    }
                }
            }
        } finally {
            Gemm.packBMinRows = Gemm.PACK_B_MIN_ROWS;
        }
    }

    @Test
    void parallelRunsEveryTaskOnceAndRethrows() {
        Parallel.setThreads(3);
        for (int round = 0; round < 200; round++) {
            AtomicIntegerArray hits = new AtomicIntegerArray(7);
            Parallel.run(7, hits::incrementAndGet);
            for (int i = 0; i < 7; i++) assertEquals(1, hits.get(i), "task " + i + " in round " + round);
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Parallel.run(4, i -> {
            if (i == 2) throw new IllegalStateException("task 2");
        }));
        assertEquals("task 2", e.getMessage());
        AtomicIntegerArray hits = new AtomicIntegerArray(3);
        Parallel.run(3, hits::incrementAndGet); // the pool still works after a failure
        for (int i = 0; i < 3; i++) assertEquals(1, hits.get(i));
    }

    private static double[] widen(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) d[i] = x[i];
        return d;
    }
}
