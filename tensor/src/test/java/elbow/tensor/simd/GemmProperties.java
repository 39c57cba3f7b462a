package elbow.tensor.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import elbow.tensor.Parallel;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * The vector matrix multiply against the scalar oracle over random small shapes: sizes around the
 * vector lengths (L-1, L, L+1, 2L+1 for L = 16 and 8, and the kernel's own lane count), around the
 * K block, all four transpose combinations, accumulate on and off, nonzero offsets, strides larger
 * than needed, 1 to 3 threads; float (vector against scalar) and double (the scalar kernel split over threads). The vector kernel runs whenever the Vector API
 * module is present, also when the process forces the scalar kernels ({@code -Delbow.simd=0}).
 *
 * <p>The two kernels add the products in different orders (the vector one in K blocks, with fused
 * multiply-adds), so they agree to within a rounding-error bound: for an element whose terms have
 * absolute sum S, each of the two results is within (k + 1)·u·S of the exact value, u the unit
 * roundoff. Different thread counts must give bit-identical results.
 */
class GemmProperties {
    private static final boolean HAVE_VECTOR = Simd.MODULE_PRESENT;
    private int savedThreads;

    @BeforeProperty
    void lowerSplitThreshold() {
        savedThreads = Parallel.threads();
        Gemm.minMacsPerThread = 1; // split even the smallest products, so every try exercises the split
    }

    @AfterProperty
    void restore() {
        Gemm.minMacsPerThread = Gemm.MIN_MACS_PER_THREAD;
        Parallel.setThreads(savedThreads);
    }

    @Provide
    Arbitrary<Integer> sizes() {
        int l = HAVE_VECTOR ? VectorGemm.floatLanes() : 16, d = 8;
        return Arbitraries.oneOf(
                Arbitraries.of(0, 1, 2, 3, 4, 5, 15, 16, 17, 33, 7, 8, 9, 17, l - 1, l, l + 1, 2 * l + 1, d - 1, d + 1, 2 * d + 1, 4 * l + 1,
                        3 * l + 2, 4 * l + l / 2, 12 * l + l / 2, Gemm.MC + 3, Gemm.NC + 5, Gemm.PACKED_SHORT_ROWS - 1, Gemm.PACKED_SHORT_ROWS),
                Arbitraries.integers().between(1, 80));
    }

    @Provide
    Arbitrary<Integer> depths() {
        int kc = Gemm.KC, kp = Gemm.KC_PACKED, ks = Gemm.KC_PACKED_SHORT;
        return Arbitraries.oneOf(sizes(), Arbitraries.of(kc - 1, kc, kc + 1, 2 * kc + 3, kp - 1, kp, kp + 1, 2 * kp + 3, ks + 1, 2 * ks + 3));
    }

    @Provide
    Arbitrary<Double> scales() {
        return Arbitraries.of(1e-3, 1.0, 1e3);
    }

    /** One random problem; arrays as floats or doubles, sized for the offsets and padded strides. */
    private static final class Problem {
        final boolean transA, transB, accumulate;
        final int m, n, k, aOff, bOff, cOff, lda, ldb, ldc;
        final double[] a, b, c;

        Problem(long seed, int m, int n, int k, boolean transA, boolean transB, boolean accumulate, double scale) {
            SplittableRandom r = new SplittableRandom(seed);
            this.m = m;
            this.n = n;
            this.k = k;
            this.transA = transA;
            this.transB = transB;
            this.accumulate = accumulate;
            aOff = r.nextInt(6);
            bOff = r.nextInt(6);
            cOff = r.nextInt(6);
            lda = Math.max(1, transA ? m : k) + r.nextInt(4);
            ldb = Math.max(1, transB ? k : n) + r.nextInt(4);
            ldc = Math.max(1, n) + r.nextInt(4);
            a = random(r, aOff + (transA ? k : m) * lda + r.nextInt(3), scale);
            b = random(r, bOff + (transB ? n : k) * ldb + r.nextInt(3), scale);
            c = random(r, cOff + m * ldc + r.nextInt(3), scale * scale * Math.max(1, k));
        }

        private static double[] random(SplittableRandom r, int length, double scale) {
            double[] x = new double[length];
            for (int i = 0; i < length; i++) x[i] = r.nextDouble(-scale, scale);
            return x;
        }

        boolean inC(int index) {
            int rel = index - cOff;
            return rel >= 0 && rel / ldc < m && rel % ldc < n;
        }

        /** Sum over p of |op(A)[i][p]·op(B)[p][j]|, plus |C| when accumulating: the scale of the rounding error. */
        double magnitude(int i, int j) {
            double s = accumulate ? Math.abs(c[cOff + i * ldc + j]) : 0;
            for (int p = 0; p < k; p++) {
                double x = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                double y = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                s += Math.abs(x * y);
            }
            return s;
        }

        float[] floats(double[] x) {
            float[] f = new float[x.length];
            for (int i = 0; i < x.length; i++) f[i] = (float) x[i];
            return f;
        }

        float[] sgemm(boolean vector, float[] fa, float[] fb) {
            float[] out = floats(c);
            Gemm.sgemm(vector, transA, transB, m, n, k, fa, aOff, lda, fb, bOff, ldb, out, cOff, ldc, accumulate);
            return out;
        }

        double[] dgemm() {
            double[] out = c.clone();
            Gemm.dgemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, out, cOff, ldc, accumulate);
            return out;
        }

        /** Scalar oracle on one thread, for the block [0, m) x [0, n). */
        float[] scalarFloat(float[] fa, float[] fb) {
            float[] out = floats(c);
            if (m > 0 && n > 0) {
                if (k == 0) {
                    if (!accumulate) for (int i = 0; i < m; i++) java.util.Arrays.fill(out, cOff + i * ldc, cOff + i * ldc + n, 0f);
                } else {
                    ScalarGemm.sgemm(transA, transB, k, fa, aOff, lda, fb, bOff, ldb, out, cOff, ldc, accumulate, 0, m, 0, n);
                }
            }
            return out;
        }

        double[] scalarDouble() {
            double[] out = c.clone();
            if (m > 0 && n > 0) {
                if (k == 0) {
                    if (!accumulate) for (int i = 0; i < m; i++) java.util.Arrays.fill(out, cOff + i * ldc, cOff + i * ldc + n, 0.0);
                } else {
                    ScalarGemm.dgemm(transA, transB, k, a, aOff, lda, b, bOff, ldb, out, cOff, ldc, accumulate, 0, m, 0, n);
                }
            }
            return out;
        }

        void assertClose(double[] expected, double[] actual, double unitRoundoff, String what) {
            for (int idx = 0; idx < expected.length; idx++) {
                if (!inC(idx)) {
                    assertTrue(expected[idx] == actual[idx], what + ": wrote outside C at index " + idx);
                    continue;
                }
                int i = (idx - cOff) / ldc, j = (idx - cOff) % ldc;
                double tol = 2 * (k + 1) * unitRoundoff * magnitude(i, j) + Double.MIN_NORMAL;
                if (Math.abs(expected[idx] - actual[idx]) > tol) {
                    throw new AssertionError(what + " " + this + ": C[" + i + "][" + j + "] expected " + expected[idx]
                            + ", got " + actual[idx] + " (tolerance " + tol + ")");
                }
            }
        }

        @Override
        public String toString() {
            return "m=" + m + " n=" + n + " k=" + k + " transA=" + transA + " transB=" + transB + " accumulate=" + accumulate
                    + " offsets=" + aOff + "," + bOff + "," + cOff + " strides=" + lda + "," + ldb + "," + ldc;
        }
    }

    private static double[] widen(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) d[i] = x[i];
        return d;
    }

    @Property(tries = 600)
    void floatVectorMatchesScalar(@ForAll("sizes") int m, @ForAll("sizes") int n, @ForAll("depths") int k,
                                  @ForAll boolean transA, @ForAll boolean transB, @ForAll boolean accumulate,
                                  @ForAll @IntRange(min = 1, max = 3) int threads, @ForAll("scales") double scale, @ForAll long seed) {
        Problem pr = new Problem(seed, m, n, k, transA, transB, accumulate, scale);
        float[] fa = pr.floats(pr.a), fb = pr.floats(pr.b);
        float[] expected = pr.scalarFloat(fa, fb);
        Parallel.setThreads(threads);
        float[] vector = HAVE_VECTOR ? pr.sgemm(true, fa, fb) : null;
        float[] scalar = pr.sgemm(false, fa, fb);
        // the oracle's own result through the facade, split over threads: bit-identical
        assertArrayEquals(expected, scalar, "scalar kernel split over " + threads + " threads, " + pr);
        if (vector != null) {
            // the float inputs' exact products are the reference magnitudes; u = 2^-24
            pr.assertClose(widen(expected), widen(vector), 0x1p-24, "float vector vs scalar");
            Parallel.setThreads(1);
            assertArrayEquals(pr.sgemm(true, fa, fb), vector, "vector kernel: " + threads + " threads vs 1, " + pr);
        }
    }

    /** float64 runs the scalar kernel; split over threads it must give the one-thread oracle's bits. */
    @Property(tries = 200)
    void doubleMatchesTheOracleOnAnyThreadCount(@ForAll("sizes") int m, @ForAll("sizes") int n, @ForAll("depths") int k,
                                   @ForAll boolean transA, @ForAll boolean transB, @ForAll boolean accumulate,
                                   @ForAll @IntRange(min = 1, max = 3) int threads, @ForAll("scales") double scale, @ForAll long seed) {
        Problem pr = new Problem(seed, m, n, k, transA, transB, accumulate, scale);
        double[] expected = pr.scalarDouble();
        Parallel.setThreads(threads);
        assertArrayEquals(expected, pr.dgemm(), "scalar kernel split over " + threads + " threads, " + pr);
    }

    /** The scalar oracle itself against the layout formulas of Gemm's documentation, evaluated in double. */
    @Property(tries = 200)
    void scalarMatchesDefinition(@ForAll("sizes") int m, @ForAll("sizes") int n, @ForAll("sizes") int k,
                                 @ForAll boolean transA, @ForAll boolean transB, @ForAll boolean accumulate, @ForAll long seed) {
        Problem pr = new Problem(seed, m, n, k, transA, transB, accumulate, 1.0);
        double[] expected = pr.c.clone();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += (transA ? pr.a[pr.aOff + p * pr.lda + i] : pr.a[pr.aOff + i * pr.lda + p])
                            * (transB ? pr.b[pr.bOff + j * pr.ldb + p] : pr.b[pr.bOff + p * pr.ldb + j]);
                }
                int idx = pr.cOff + i * pr.ldc + j;
                expected[idx] = accumulate ? expected[idx] + s : s;
            }
        }
        pr.assertClose(expected, pr.scalarDouble(), 0x1p-53, "scalar vs definition");
    }
}
