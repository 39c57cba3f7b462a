package elbow.tensor.simd;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import elbow.tensor.UnaryOp;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The float32 vector transcendentals ({@link VectorMath} through {@link VectorKernels}) against float64
 * {@code Math} rounded to float, in ulps of that rounded result, over every 2039th float bit pattern
 * (both signs, zeros, subnormals, the whole normal range, infinities and NaNs) plus a fine sweep of the
 * interval where each function changes fastest. Special values must match exactly (error 0).
 */
class VectorMathAccuracyTest {
    /** Measured maximum plus a margin of one ulp; see VectorMath for where each error comes from. */
    private static final Map<UnaryOp, Double> MAX_ULPS = Map.of(
            UnaryOp.EXP, 2.0, UnaryOp.LOG, 2.0, UnaryOp.LOG1P, 3.0, UnaryOp.EXPM1, 2.0,
            UnaryOp.TANH, 3.0, UnaryOp.SIGMOID, 3.0, UnaryOp.SOFTPLUS, 4.0);

    static float[] sweep() {
        int coarse = (int) ((1L << 32) / 2039) + 1, fine = 400_001;
        float[] x = new float[coarse + 2 * fine + 16];
        int n = 0;
        for (long bits = 0; bits < (1L << 32); bits += 2039) x[n++] = Float.intBitsToFloat((int) bits);
        for (int i = 0; i < fine; i++) x[n++] = -30f + 60f * i / (fine - 1);
        for (int i = 0; i < fine; i++) x[n++] = (float) Math.scalb(1.0 + i / (double) fine, -30 + 60 * i / fine) * (i % 2 == 0 ? 1 : -1);
        float[] specials = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 88.72283f, 88.72284f, -103.97208f, -87.33655f, 9f, -1f};
        System.arraycopy(specials, 0, x, n, specials.length);
        return x;
    }

    /** |actual − expected| in ulps of the float expected value; 0 when both are the same special value. */
    static double ulps(float expected, float actual) {
        if (Float.isNaN(expected) || Float.isNaN(actual)) return Float.isNaN(expected) && Float.isNaN(actual) ? 0 : Double.POSITIVE_INFINITY;
        if (expected == actual) return 0;
        if (Float.isInfinite(expected) || Float.isInfinite(actual)) return Double.POSITIVE_INFINITY;
        return Math.abs((double) expected - actual) / Math.ulp(expected);
    }

    @Test
    void float32TranscendentalsAreWithinAFewUlpsEverywhere() {
        assumeTrue(Simd.MODULE_PRESENT);
        Kernels vector = new VectorKernels(), scalar = new ScalarKernels();
        float[] x = sweep(), ys = new float[x.length], yv = new float[x.length];
        StringBuilder report = new StringBuilder();
        boolean ok = true;
        for (Map.Entry<UnaryOp, Double> e : new java.util.TreeMap<>(MAX_ULPS).entrySet()) {
            UnaryOp op = e.getKey();
            scalar.unary(op, 0, x, 0, ys, 0, x.length);
            vector.unary(op, 0, x, 0, yv, 0, x.length);
            double worst = 0;
            int at = 0;
            for (int i = 0; i < x.length; i++) {
                double u = ulps(ys[i], yv[i]);
                if (u > worst) { worst = u; at = i; }
            }
            report.append(String.format("%s max %.2f ulp at x=%s (expected %s, got %s)%n", op, worst, x[at], ys[at], yv[at]));
            ok &= worst <= e.getValue();
        }
        System.out.print(report);
        assertTrue(ok, "bounds " + MAX_ULPS + "\n" + report);
    }
}
