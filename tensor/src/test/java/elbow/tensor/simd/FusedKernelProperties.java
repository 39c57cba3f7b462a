package elbow.tensor.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The fused training-step kernels (bias + tanh, tanh backward, the Bernoulli log-likelihood with its
 * gradient) against the scalar oracle: row widths below, at and around the vector width (the
 * overlapping last vector), the model's own widths (50, 200, 784), offsets, and logits wide enough to
 * saturate σ and softplus.
 */
class FusedKernelProperties {
    private static final Kernels SCALAR = new ScalarKernels();
    private static final Kernels VECTOR = Simd.MODULE_PRESENT ? new VectorKernels() : SCALAR;

    @Provide
    Arbitrary<Integer> widths() {
        int l = VECTOR.floatLanes();
        return Arbitraries.oneOf(Arbitraries.of(1, l - 1, l, l + 1, 2 * l - 1, 2 * l, 2 * l + 3, 50, 200, 784), Arbitraries.integers().between(1, 100));
    }

    private static float[] uniform(SplittableRandom r, int n, double lo, double hi) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) r.nextDouble(lo, hi);
        return a;
    }

    @Property(tries = 200)
    void biasTanhMatchesScalarWithin3Ulps(@ForAll("widths") int cols, @ForAll @IntRange(max = 5) int rows, @ForAll @IntRange(max = 3) int offset, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] y = uniform(r, offset + rows * cols + 2, -12, 12), bias = uniform(r, cols, -3, 3);
        float[] ys = y.clone(), yv = y.clone();
        SCALAR.biasTanh(ys, offset, rows, cols, bias);
        VECTOR.biasTanh(yv, offset, rows, cols, bias);
        for (int i = 0; i < y.length; i++) {
            boolean inside = i >= offset && i < offset + rows * cols;
            if (!inside) assertEquals(y[i], yv[i], 0f, "outside the rows at " + i);
            else assertTrue(Math.abs(ys[i] - yv[i]) <= 3 * Math.ulp(Math.max(Math.abs(ys[i]), Float.MIN_NORMAL)),
                    "tanh at " + i + ": scalar " + ys[i] + ", vector " + yv[i]);
        }
    }

    @Property(tries = 200)
    void biasIsExact(@ForAll("widths") int cols, @ForAll @IntRange(max = 5) int rows, @ForAll @IntRange(max = 3) int offset, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] y = uniform(r, offset + rows * cols + 2, -5, 5), bias = uniform(r, cols, -5, 5);
        float[] ys = y.clone(), yv = y.clone();
        SCALAR.bias(ys, offset, rows, cols, bias);
        VECTOR.bias(yv, offset, rows, cols, bias);
        assertArrayEquals(ys, yv);
        for (int c = 0; c < cols && rows > 0; c++) assertEquals(y[offset + c] + bias[c], ys[offset + c], 0f);
    }

    @Property(tries = 100)
    void scaleIsExact(@ForAll @IntRange(max = 300) int n, @ForAll @IntRange(max = 3) int offset, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = uniform(r, n + offset + 2, -3, 3);
        float a = (float) r.nextDouble(-2, 2);
        float[] xs = x.clone(), xv = x.clone();
        SCALAR.scale(a, xs, offset, n);
        VECTOR.scale(a, xv, offset, n);
        assertArrayEquals(xs, xv);
        for (int i = 0; i < x.length; i++) assertEquals(i >= offset && i < offset + n ? a * x[i] : x[i], xv[i], 0f);
    }

    @Property(tries = 200)
    void tanhBackwardIsExact(@ForAll @IntRange(max = 300) int n, @ForAll @IntRange(max = 3) int offset, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] g = uniform(r, n + offset, -2, 2), y = uniform(r, n + offset, -1, 1);
        float[] gs = g.clone(), gv = g.clone();
        SCALAR.tanhBackward(gs, offset, y, offset, n);
        VECTOR.tanhBackward(gv, offset, y, offset, n);
        assertArrayEquals(gs, gv);
        for (int i = offset; i < n + offset; i++) assertEquals(g[i] * (1 - y[i] * y[i]), gs[i], 1e-6f);
    }

    @Property(tries = 200)
    void bernoulliLogLikelihoodMatchesScalar(@ForAll("widths") int n, @ForAll @IntRange(max = 3) int offset, @ForAll boolean binary, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] l = uniform(r, n + offset, -60, 60), x = new float[n + offset];
        for (int i = 0; i < x.length; i++) x[i] = binary ? (r.nextBoolean() ? 1f : 0f) : (float) r.nextDouble();
        float[] ls = l.clone(), lv = l.clone();
        float ss = SCALAR.bernoulliLogLikelihood(ls, offset, x, offset, n);
        float sv = VECTOR.bernoulliLogLikelihood(lv, offset, x, offset, n);
        double absSum = 0, exact = 0;
        for (int i = offset; i < n + offset; i++) {
            double v = l[i], term = x[i] * v - (Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v))));
            absSum += Math.abs(term);
            exact += term;
            // x − σ(l): an absolute error of a few ulps of 1 (σ is in [0, 1]; the difference cancels).
            double grad = x[i] - 1 / (1 + Math.exp(-v));
            assertEquals(grad, ls[i], 2e-7, "scalar gradient at " + i);
            assertEquals(grad, lv[i], 1e-6, "vector gradient at " + i);
        }
        // Reordered float sums, plus (vector kernel) up to 2^-24 per element from rounding 1 + e^-|l| and its product.
        double tol = (n + 4) * 0x1p-24 * (absSum + 1) + 1e-6;
        assertEquals(exact, ss, tol, "scalar sum");
        assertEquals(exact, sv, tol, "vector sum");
    }
}
