package elbow.tensor.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import elbow.tensor.BinaryOp;
import elbow.tensor.UnaryOp;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Every vector kernel against the scalar oracle, over lengths around the vector widths (tails), with
 * offsets, in place, and with stride-0 (broadcast) operands. Runs the vector kernels even when the
 * process forces scalar kernels ({@code -Delbow.simd=0}), as long as the module is present.
 */
class KernelProperties {
    private static final Kernels SCALAR = new ScalarKernels();
    private static final Kernels VECTOR = Simd.MODULE_PRESENT ? new VectorKernels() : SCALAR;

    @Provide
    Arbitrary<Integer> lengths() {
        int l = VECTOR.floatLanes(), d = VECTOR.doubleLanes();
        return Arbitraries.oneOf(Arbitraries.of(0, 1, l - 1, l, l + 1, 2 * l + 1, d - 1, d + 1, 2 * d + 1, 3 * l + 7), Arbitraries.integers().between(0, 300));
    }

    /** Inputs inside the op's domain; wide enough to saturate tanh/sigmoid and to overflow exp. */
    private static double sample(UnaryOp op, SplittableRandom r) {
        switch (op) {
            case LOG: case SQRT: case RECIPROCAL: return Math.exp(r.nextDouble(-20, 20));
            case LOG1P: return r.nextDouble(-0.999, 50);
            case POW_CONST: return r.nextDouble(0.01, 10);
            case EXP: case EXPM1: return r.nextDouble(-100, 100);
            default: return r.nextDouble(-50, 50);
        }
    }

    /**
     * float32 transcendentals ({@link VectorMath}) are within 3 ulps of the rounded exact result
     * (VectorMathAccuracyTest measures at most 3, for softplus; 3·ulp·|expected| is at least 3 ulps).
     * Everything else is exact IEEE arithmetic or the scalar loop itself, so it must match bit for bit.
     */
    private static void close(double expected, double actual, double ulp, String what) {
        if (Double.isNaN(expected)) {
            assertTrue(Double.isNaN(actual), what + ": expected NaN, got " + actual);
            return;
        }
        if (expected == actual) return;
        double tol = 3 * ulp * Math.max(Math.abs(expected), Double.MIN_NORMAL) + 1e-30;
        assertTrue(Math.abs(expected - actual) <= tol, what + ": expected " + expected + ", got " + actual);
    }

    @Property(tries = 300)
    void unaryFloatMatchesScalar(@ForAll UnaryOp op, @ForAll("lengths") int n, @ForAll @IntRange(max = 5) int offset, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double p = op == UnaryOp.POW_CONST ? r.nextDouble(-3, 3) : r.nextDouble(-2, 2);
        float[] x = new float[n + offset];
        for (int i = 0; i < x.length; i++) x[i] = (float) sample(op, r);
        float[] ys = new float[n + offset], yv = new float[n + offset];
        SCALAR.unary(op, p, x, offset, ys, offset, n);
        VECTOR.unary(op, p, x, offset, yv, offset, n);
        for (int i = 0; i < n + offset; i++) close(ys[i], yv[i], 0x1p-23, op + " at " + i + " of x=" + x[i]);
        float[] inPlace = x.clone();
        VECTOR.unary(op, p, inPlace, offset, inPlace, offset, n);
        for (int i = offset; i < n + offset; i++) assertEquals(yv[i], inPlace[i], 0f, "in place " + op);
    }

    @Property(tries = 300)
    void unaryDoubleMatchesScalar(@ForAll UnaryOp op, @ForAll("lengths") int n, @ForAll @IntRange(max = 5) int offset, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double p = op == UnaryOp.POW_CONST ? r.nextDouble(-3, 3) : r.nextDouble(-2, 2);
        double[] x = new double[n + offset];
        for (int i = 0; i < x.length; i++) x[i] = sample(op, r);
        double[] ys = new double[n + offset], yv = new double[n + offset];
        SCALAR.unary(op, p, x, offset, ys, offset, n);
        VECTOR.unary(op, p, x, offset, yv, offset, n);
        for (int i = 0; i < n + offset; i++) assertEquals(ys[i], yv[i], 0.0, op + " at " + i + " of x=" + x[i]);
    }

    @Property(tries = 300)
    void binaryFloatMatchesScalar(@ForAll BinaryOp op, @ForAll("lengths") int n, @ForAll @IntRange(max = 1) int as,
                                  @ForAll @IntRange(max = 1) int bs, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n + 3], b = new float[n + 2];
        for (int i = 0; i < a.length; i++) a[i] = (float) (op == BinaryOp.POW ? r.nextDouble(0.01, 10) : r.nextDouble(-10, 10));
        for (int i = 0; i < b.length; i++) b[i] = (float) (op == BinaryOp.POW ? r.nextDouble(-3, 3) : r.nextDouble(-10, 10));
        // Ties matter for comparisons and max/min: copy some values across.
        for (int i = 0; i < Math.min(a.length, b.length); i += 3) b[i] = a[i];
        float[] ys = new float[n + 1], yv = new float[n + 1];
        SCALAR.binary(op, a, 3, as, b, 2, bs, ys, 1, n);
        VECTOR.binary(op, a, 3, as, b, 2, bs, yv, 1, n);
        for (int i = 0; i <= n; i++) assertEquals(ys[i], yv[i], 0f, op + " at " + i);
    }

    @Property(tries = 300)
    void binaryDoubleMatchesScalar(@ForAll BinaryOp op, @ForAll("lengths") int n, @ForAll @IntRange(max = 1) int as,
                                   @ForAll @IntRange(max = 1) int bs, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] a = new double[n + 3], b = new double[n + 2];
        for (int i = 0; i < a.length; i++) a[i] = op == BinaryOp.POW ? r.nextDouble(0.01, 10) : r.nextDouble(-10, 10);
        for (int i = 0; i < b.length; i++) b[i] = op == BinaryOp.POW ? r.nextDouble(-3, 3) : r.nextDouble(-10, 10);
        for (int i = 0; i < Math.min(a.length, b.length); i += 3) b[i] = a[i];
        double[] ys = new double[n + 1], yv = new double[n + 1];
        SCALAR.binary(op, a, 3, as, b, 2, bs, ys, 1, n);
        VECTOR.binary(op, a, 3, as, b, 2, bs, yv, 1, n);
        for (int i = 0; i <= n; i++) assertEquals(ys[i], yv[i], 0.0, op + " at " + i);
    }

    @Property(tries = 200)
    void reductionsAndAxpyMatchScalar(@ForAll("lengths") int n, @ForAll @IntRange(max = 4) int offset, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n + offset], y0 = new float[n + offset];
        double[] xd = new double[n + offset], yd0 = new double[n + offset];
        double absSum = 0;
        for (int i = 0; i < x.length; i++) {
            xd[i] = r.nextDouble(-100, 100);
            x[i] = (float) xd[i];
            yd0[i] = r.nextDouble(-1, 1);
            y0[i] = (float) yd0[i];
            if (i >= offset) absSum += Math.abs(x[i]);
        }
        // Summation in another order: error at most n·ε·Σ|x| for float32 accumulators.
        assertEquals(SCALAR.sum(x, offset, n), VECTOR.sum(x, offset, n), (n + 1) * 0x1p-24 * absSum + 1e-6);
        assertEquals(SCALAR.sum(xd, offset, n), VECTOR.sum(xd, offset, n), (n + 1) * 0x1p-53 * absSum + 1e-12);
        if (n > 0) {
            assertEquals(SCALAR.max(x, offset, n), VECTOR.max(x, offset, n), 0f);
            assertEquals(SCALAR.max(xd, offset, n), VECTOR.max(xd, offset, n), 0.0);
        }
        float[] ys = y0.clone(), yv = y0.clone();
        SCALAR.axpy(0.37f, x, offset, ys, offset, n);
        VECTOR.axpy(0.37f, x, offset, yv, offset, n);
        // fma rounds once where the scalar loop rounds twice.
        for (int i = 0; i < ys.length; i++) assertEquals(ys[i], yv[i], 1e-5 * (1 + Math.abs(ys[i])));
        double[] yds = yd0.clone(), ydv = yd0.clone();
        SCALAR.axpy(0.37, xd, offset, yds, offset, n);
        VECTOR.axpy(0.37, xd, offset, ydv, offset, n);
        for (int i = 0; i < yds.length; i++) assertEquals(yds[i], ydv[i], 1e-13 * (1 + Math.abs(yds[i])));
    }

    @Property(tries = 50)
    void maxPropagatesNaN(@ForAll("lengths") int n, @ForAll long seed) {
        if (n == 0) return;
        float[] x = new float[n];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) x[i] = (float) r.nextDouble();
        x[r.nextInt(n)] = Float.NaN;
        assertTrue(Float.isNaN(SCALAR.max(x, 0, n)));
        assertTrue(Float.isNaN(VECTOR.max(x, 0, n)));
    }
}
