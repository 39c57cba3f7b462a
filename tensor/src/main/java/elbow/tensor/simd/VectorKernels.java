package elbow.tensor.simd;

import elbow.tensor.BinaryOp;
import elbow.tensor.UnaryOp;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Elementwise kernels on the Java Vector API. Loaded only when {@code jdk.incubator.vector} is present
 * (see {@link Simd}). The species are {@code static final} so that C2 treats the width as a constant;
 * each loop handles full vectors, then the tail with the scalar definition from {@link ScalarKernels}.
 *
 * <p>Results must not depend on JIT timing (SPEC: a seed and a thread count fix every bit), so no
 * {@code lanewise(EXP/LOG/TANH/POW...)} is used: the JDK computes those per lane in Java before C2
 * compiles the loop and with SVML after, and the two round differently. float32 transcendentals use
 * {@link VectorMath}, built from correctly rounded lane operations only. float64 transcendentals and
 * {@code pow} (both precisions) run the scalar loop: {@code Math.exp/log/pow/...} use the same
 * stubs in the interpreter, C1 and C2, so they are reproducible, and a double-precision polynomial
 * version to a few ulps (degree ~11, two-word reduction) is not worth its code for the float64 path,
 * which is the reference precision rather than the fast one; pow in float32 would need log in extra
 * precision, since exp(p·ln x) multiplies the error of ln x by |p·ln x|.
 */
final class VectorKernels implements Kernels {
    static final VectorSpecies<Float> FS = VectorGemm.floatSpecies(Simd.REQUESTED_BITS);
    static final VectorSpecies<Double> DS = VectorGemm.doubleSpecies(Simd.REQUESTED_BITS);

    /** Tails shorter than a vector go to the scalar kernels, so they round exactly as those do. */
    private static final ScalarKernels TAIL = new ScalarKernels();

    @Override public String name() { return "vector-" + FS.vectorBitSize(); }
    @Override public int floatLanes() { return FS.length(); }
    @Override public int doubleLanes() { return DS.length(); }

    // ------------------------------------------------------------------ unary, float32

    @Override
    public void unary(UnaryOp op, double p, float[] x, int xo, float[] y, int yo, int n) {
        int i = 0, bound = FS.loopBound(n);
        float pf = (float) p;
        switch (op) {
            case NEG: for (; i < bound; i += FS.length()) FloatVector.fromArray(FS, x, xo + i).neg().intoArray(y, yo + i); break;
            case EXP: i = exp(x, xo, y, yo, bound); break;
            case LOG: i = log(x, xo, y, yo, bound); break;
            case LOG1P: i = log1p(x, xo, y, yo, bound); break;
            case EXPM1: i = expm1(x, xo, y, yo, bound); break;
            case SQRT: for (; i < bound; i += FS.length()) FloatVector.fromArray(FS, x, xo + i).sqrt().intoArray(y, yo + i); break;
            case SQUARE: for (; i < bound; i += FS.length()) { FloatVector v = FloatVector.fromArray(FS, x, xo + i); v.mul(v).intoArray(y, yo + i); } break;
            case ABS: for (; i < bound; i += FS.length()) FloatVector.fromArray(FS, x, xo + i).abs().intoArray(y, yo + i); break;
            case TANH: i = tanh(x, xo, y, yo, bound); break;
            case SIGMOID: i = sigmoid(x, xo, y, yo, bound); break;
            case SOFTPLUS: i = softplus(x, xo, y, yo, bound); break;
            case RELU: for (; i < bound; i += FS.length()) FloatVector.fromArray(FS, x, xo + i).max(0f).intoArray(y, yo + i); break;
            case SIGN:
                for (; i < bound; i += FS.length()) {
                    FloatVector v = FloatVector.fromArray(FS, x, xo + i);
                    FloatVector s = FloatVector.zero(FS).blend(1f, v.compare(VectorOperators.GT, 0f)).blend(-1f, v.compare(VectorOperators.LT, 0f));
                    s.blend(v, v.test(VectorOperators.IS_NAN)).intoArray(y, yo + i);
                }
                break;
            case RECIPROCAL: for (; i < bound; i += FS.length()) FloatVector.broadcast(FS, 1f).div(FloatVector.fromArray(FS, x, xo + i)).intoArray(y, yo + i); break;
            case LEAKY_RELU:
                for (; i < bound; i += FS.length()) {
                    FloatVector v = FloatVector.fromArray(FS, x, xo + i);
                    v.blend(v.mul(pf), v.compare(VectorOperators.LE, 0f)).intoArray(y, yo + i);
                }
                break;
            case SCALE: i = scale(pf, x, xo, y, yo, bound); break;
            case SHIFT: i = shift(pf, x, xo, y, yo, bound); break;
            case POW_CONST:
                // Other exponents: the scalar loop (Math.pow), see the class comment.
                if (p == 2.0) {
                    for (; i < bound; i += FS.length()) { FloatVector v = FloatVector.fromArray(FS, x, xo + i); v.mul(v).intoArray(y, yo + i); }
                }
                break;
            default: throw new AssertionError(op);
        }
        if (i < n) TAIL.unary(op, p, x, xo + i, y, yo + i, n - i);
    }

    /*
     * Each transcendental loop is its own small method: inlined into the one large unary method, the
     * loops together exceed C2's inlining budget once all ops have been seen, and a vector op left
     * un-inlined boxes every vector (measured: 4x slower exp when other ops share the profile).
     */
    private static int scale(float a, float[] x, int xo, float[] y, int yo, int bound) {
        int i = 0;
        for (; i < bound; i += FS.length()) FloatVector.fromArray(FS, x, xo + i).mul(a).intoArray(y, yo + i);
        return i;
    }

    private static int shift(float a, float[] x, int xo, float[] y, int yo, int bound) {
        int i = 0;
        for (; i < bound; i += FS.length()) FloatVector.fromArray(FS, x, xo + i).add(a).intoArray(y, yo + i);
        return i;
    }

    private static int exp(float[] x, int xo, float[] y, int yo, int bound) {
        int i = 0;
        for (; i < bound; i += FS.length()) VectorMath.exp(FloatVector.fromArray(FS, x, xo + i)).intoArray(y, yo + i);
        return i;
    }

    private static int log(float[] x, int xo, float[] y, int yo, int bound) {
        int i = 0;
        for (; i < bound; i += FS.length()) VectorMath.log(FloatVector.fromArray(FS, x, xo + i)).intoArray(y, yo + i);
        return i;
    }

    private static int log1p(float[] x, int xo, float[] y, int yo, int bound) {
        int i = 0;
        for (; i < bound; i += FS.length()) VectorMath.log1p(FloatVector.fromArray(FS, x, xo + i)).intoArray(y, yo + i);
        return i;
    }

    private static int expm1(float[] x, int xo, float[] y, int yo, int bound) {
        int i = 0;
        for (; i < bound; i += FS.length()) VectorMath.expm1(FloatVector.fromArray(FS, x, xo + i)).intoArray(y, yo + i);
        return i;
    }

    private static int tanh(float[] x, int xo, float[] y, int yo, int bound) {
        int i = 0;
        for (; i < bound; i += FS.length()) VectorMath.tanh(FloatVector.fromArray(FS, x, xo + i)).intoArray(y, yo + i);
        return i;
    }

    private static int sigmoid(float[] x, int xo, float[] y, int yo, int bound) {
        int i = 0;
        for (; i < bound; i += FS.length()) VectorMath.sigmoid(FloatVector.fromArray(FS, x, xo + i)).intoArray(y, yo + i);
        return i;
    }

    private static int softplus(float[] x, int xo, float[] y, int yo, int bound) {
        int i = 0;
        for (; i < bound; i += FS.length()) VectorMath.softplus(FloatVector.fromArray(FS, x, xo + i)).intoArray(y, yo + i);
        return i;
    }

    // ------------------------------------------------------------------ unary, float64

    @Override
    public void unary(UnaryOp op, double p, double[] x, int xo, double[] y, int yo, int n) {
        int i = 0, bound = DS.loopBound(n);
        switch (op) {
            case NEG: for (; i < bound; i += DS.length()) DoubleVector.fromArray(DS, x, xo + i).neg().intoArray(y, yo + i); break;
            case SQRT: for (; i < bound; i += DS.length()) DoubleVector.fromArray(DS, x, xo + i).sqrt().intoArray(y, yo + i); break;
            case SQUARE: for (; i < bound; i += DS.length()) { DoubleVector v = DoubleVector.fromArray(DS, x, xo + i); v.mul(v).intoArray(y, yo + i); } break;
            case ABS: for (; i < bound; i += DS.length()) DoubleVector.fromArray(DS, x, xo + i).abs().intoArray(y, yo + i); break;
            // float64 transcendentals: the scalar loop from i = 0 (Math.*), see the class comment.
            case EXP: case LOG: case LOG1P: case EXPM1: case TANH: case SIGMOID: case SOFTPLUS: break;
            case RELU: for (; i < bound; i += DS.length()) DoubleVector.fromArray(DS, x, xo + i).max(0.0).intoArray(y, yo + i); break;
            case SIGN:
                for (; i < bound; i += DS.length()) {
                    DoubleVector v = DoubleVector.fromArray(DS, x, xo + i);
                    DoubleVector s = DoubleVector.zero(DS).blend(1.0, v.compare(VectorOperators.GT, 0.0)).blend(-1.0, v.compare(VectorOperators.LT, 0.0));
                    s.blend(v, v.test(VectorOperators.IS_NAN)).intoArray(y, yo + i);
                }
                break;
            case RECIPROCAL: for (; i < bound; i += DS.length()) DoubleVector.broadcast(DS, 1.0).div(DoubleVector.fromArray(DS, x, xo + i)).intoArray(y, yo + i); break;
            case LEAKY_RELU:
                for (; i < bound; i += DS.length()) {
                    DoubleVector v = DoubleVector.fromArray(DS, x, xo + i);
                    v.blend(v.mul(p), v.compare(VectorOperators.LE, 0.0)).intoArray(y, yo + i);
                }
                break;
            case SCALE: for (; i < bound; i += DS.length()) DoubleVector.fromArray(DS, x, xo + i).mul(p).intoArray(y, yo + i); break;
            case SHIFT: for (; i < bound; i += DS.length()) DoubleVector.fromArray(DS, x, xo + i).add(p).intoArray(y, yo + i); break;
            case POW_CONST:
                if (p == 2.0) {
                    for (; i < bound; i += DS.length()) { DoubleVector v = DoubleVector.fromArray(DS, x, xo + i); v.mul(v).intoArray(y, yo + i); }
                }
                break;
            default: throw new AssertionError(op);
        }
        if (i < n) TAIL.unary(op, p, x, xo + i, y, yo + i, n - i);
    }

    // ------------------------------------------------------------------ binary

    /*
     * One loop per op, each in its own small method (below), the switch outside. With the switch inside
     * one loop, once a program has used several ops C2 no longer intrinsified the loop and ran the
     * Vector API's Java fallback (ldOp/tOpTemplate in profiles): ADD of 100 000 floats took 300 us on
     * JDK 17 against 10 us now. A stride-0 operand is one broadcast value; the test on the stride is
     * loop-invariant and hoisted. POW runs the scalar loop (see class comment).
     */
    @Override
    public void binary(BinaryOp op, float[] a, int ao, int as, float[] b, int bo, int bs, float[] y, int yo, int n) {
        if (n <= 0) return;
        int i = 0, bound = FS.loopBound(n);
        switch (op) {
            case ADD: i = add(a, ao, as, b, bo, bs, y, yo, bound); break;
            case SUB: i = sub(a, ao, as, b, bo, bs, y, yo, bound); break;
            case MUL: i = mul(a, ao, as, b, bo, bs, y, yo, bound); break;
            case DIV: i = div(a, ao, as, b, bo, bs, y, yo, bound); break;
            case MAX: i = max(a, ao, as, b, bo, bs, y, yo, bound); break;
            case MIN: i = min(a, ao, as, b, bo, bs, y, yo, bound); break;
            case LT: i = lt(a, ao, as, b, bo, bs, y, yo, bound); break;
            case LE: i = le(a, ao, as, b, bo, bs, y, yo, bound); break;
            case GT: i = gt(a, ao, as, b, bo, bs, y, yo, bound); break;
            case GE: i = ge(a, ao, as, b, bo, bs, y, yo, bound); break;
            case EQ: i = eq(a, ao, as, b, bo, bs, y, yo, bound); break;
            case NE: i = ne(a, ao, as, b, bo, bs, y, yo, bound); break;
            case POW: break;
            default: throw new AssertionError(op);
        }
        for (; i < n; i++) y[yo + i] = ScalarKernels.apply(op, a[ao + i * as], b[bo + i * bs]);
    }

    private static FloatVector load(float[] a, int ao, int as, int i) {
        return as == 0 ? FloatVector.broadcast(FS, a[ao]) : FloatVector.fromArray(FS, a, ao + i);
    }

    private static FloatVector ones(VectorMask<Float> m) {
        return FloatVector.zero(FS).blend(1f, m);
    }

    @Override
    public void binary(BinaryOp op, double[] a, int ao, int as, double[] b, int bo, int bs, double[] y, int yo, int n) {
        if (n <= 0) return;
        int i = 0, bound = DS.loopBound(n);
        switch (op) {
            case ADD: i = add(a, ao, as, b, bo, bs, y, yo, bound); break;
            case SUB: i = sub(a, ao, as, b, bo, bs, y, yo, bound); break;
            case MUL: i = mul(a, ao, as, b, bo, bs, y, yo, bound); break;
            case DIV: i = div(a, ao, as, b, bo, bs, y, yo, bound); break;
            case MAX: i = max(a, ao, as, b, bo, bs, y, yo, bound); break;
            case MIN: i = min(a, ao, as, b, bo, bs, y, yo, bound); break;
            case LT: i = lt(a, ao, as, b, bo, bs, y, yo, bound); break;
            case LE: i = le(a, ao, as, b, bo, bs, y, yo, bound); break;
            case GT: i = gt(a, ao, as, b, bo, bs, y, yo, bound); break;
            case GE: i = ge(a, ao, as, b, bo, bs, y, yo, bound); break;
            case EQ: i = eq(a, ao, as, b, bo, bs, y, yo, bound); break;
            case NE: i = ne(a, ao, as, b, bo, bs, y, yo, bound); break;
            case POW: break;
            default: throw new AssertionError(op);
        }
        for (; i < n; i++) y[yo + i] = ScalarKernels.apply(op, a[ao + i * as], b[bo + i * bs]);
    }

    private static DoubleVector load(double[] a, int ao, int as, int i) {
        return as == 0 ? DoubleVector.broadcast(DS, a[ao]) : DoubleVector.fromArray(DS, a, ao + i);
    }

    private static DoubleVector onesD(VectorMask<Double> m) {
        return DoubleVector.zero(DS).blend(1.0, m);
    }

    // One small method per op, for the same reason as the unary transcendentals: compiled alone, each
    // fits C2's inlining budget whatever mix of ops the program uses.
    private static int add(float[] a, int ao, int as, float[] b, int bo, int bs, float[] y, int yo, int bound) {
        int i = 0; for (; i < bound; i += FS.length()) load(a, ao, as, i).add(load(b, bo, bs, i)).intoArray(y, yo + i); return i;
    }
    private static int sub(float[] a, int ao, int as, float[] b, int bo, int bs, float[] y, int yo, int bound) {
        int i = 0; for (; i < bound; i += FS.length()) load(a, ao, as, i).sub(load(b, bo, bs, i)).intoArray(y, yo + i); return i;
    }
    private static int mul(float[] a, int ao, int as, float[] b, int bo, int bs, float[] y, int yo, int bound) {
        int i = 0; for (; i < bound; i += FS.length()) load(a, ao, as, i).mul(load(b, bo, bs, i)).intoArray(y, yo + i); return i;
    }
    private static int div(float[] a, int ao, int as, float[] b, int bo, int bs, float[] y, int yo, int bound) {
        int i = 0; for (; i < bound; i += FS.length()) load(a, ao, as, i).div(load(b, bo, bs, i)).intoArray(y, yo + i); return i;
    }
    private static int max(float[] a, int ao, int as, float[] b, int bo, int bs, float[] y, int yo, int bound) {
        int i = 0; for (; i < bound; i += FS.length()) load(a, ao, as, i).max(load(b, bo, bs, i)).intoArray(y, yo + i); return i;
    }
    private static int min(float[] a, int ao, int as, float[] b, int bo, int bs, float[] y, int yo, int bound) {
        int i = 0; for (; i < bound; i += FS.length()) load(a, ao, as, i).min(load(b, bo, bs, i)).intoArray(y, yo + i); return i;
    }
    private static int lt(float[] a, int ao, int as, float[] b, int bo, int bs, float[] y, int yo, int bound) {
        int i = 0; for (; i < bound; i += FS.length()) ones(load(a, ao, as, i).compare(VectorOperators.LT, load(b, bo, bs, i))).intoArray(y, yo + i); return i;
    }
    private static int le(float[] a, int ao, int as, float[] b, int bo, int bs, float[] y, int yo, int bound) {
        int i = 0; for (; i < bound; i += FS.length()) ones(load(a, ao, as, i).compare(VectorOperators.LE, load(b, bo, bs, i))).intoArray(y, yo + i); return i;
    }
    private static int gt(float[] a, int ao, int as, float[] b, int bo, int bs, float[] y, int yo, int bound) {
        int i = 0; for (; i < bound; i += FS.length()) ones(load(a, ao, as, i).compare(VectorOperators.GT, load(b, bo, bs, i))).intoArray(y, yo + i); return i;
    }
    private static int ge(float[] a, int ao, int as, float[] b, int bo, int bs, float[] y, int yo, int bound) {
        int i = 0; for (; i < bound; i += FS.length()) ones(load(a, ao, as, i).compare(VectorOperators.GE, load(b, bo, bs, i))).intoArray(y, yo + i); return i;
    }
    private static int eq(float[] a, int ao, int as, float[] b, int bo, int bs, float[] y, int yo, int bound) {
        int i = 0; for (; i < bound; i += FS.length()) ones(load(a, ao, as, i).compare(VectorOperators.EQ, load(b, bo, bs, i))).intoArray(y, yo + i); return i;
    }
    private static int ne(float[] a, int ao, int as, float[] b, int bo, int bs, float[] y, int yo, int bound) {
        int i = 0; for (; i < bound; i += FS.length()) ones(load(a, ao, as, i).compare(VectorOperators.NE, load(b, bo, bs, i))).intoArray(y, yo + i); return i;
    }
    private static int add(double[] a, int ao, int as, double[] b, int bo, int bs, double[] y, int yo, int bound) {
        int i = 0; for (; i < bound; i += DS.length()) load(a, ao, as, i).add(load(b, bo, bs, i)).intoArray(y, yo + i); return i;
    }
    private static int sub(double[] a, int ao, int as, double[] b, int bo, int bs, double[] y, int yo, int bound) {
        int i = 0; for (; i < bound; i += DS.length()) load(a, ao, as, i).sub(load(b, bo, bs, i)).intoArray(y, yo + i); return i;
    }
    private static int mul(double[] a, int ao, int as, double[] b, int bo, int bs, double[] y, int yo, int bound) {
        int i = 0; for (; i < bound; i += DS.length()) load(a, ao, as, i).mul(load(b, bo, bs, i)).intoArray(y, yo + i); return i;
    }
    private static int div(double[] a, int ao, int as, double[] b, int bo, int bs, double[] y, int yo, int bound) {
        int i = 0; for (; i < bound; i += DS.length()) load(a, ao, as, i).div(load(b, bo, bs, i)).intoArray(y, yo + i); return i;
    }
    private static int max(double[] a, int ao, int as, double[] b, int bo, int bs, double[] y, int yo, int bound) {
        int i = 0; for (; i < bound; i += DS.length()) load(a, ao, as, i).max(load(b, bo, bs, i)).intoArray(y, yo + i); return i;
    }
    private static int min(double[] a, int ao, int as, double[] b, int bo, int bs, double[] y, int yo, int bound) {
        int i = 0; for (; i < bound; i += DS.length()) load(a, ao, as, i).min(load(b, bo, bs, i)).intoArray(y, yo + i); return i;
    }
    private static int lt(double[] a, int ao, int as, double[] b, int bo, int bs, double[] y, int yo, int bound) {
        int i = 0; for (; i < bound; i += DS.length()) onesD(load(a, ao, as, i).compare(VectorOperators.LT, load(b, bo, bs, i))).intoArray(y, yo + i); return i;
    }
    private static int le(double[] a, int ao, int as, double[] b, int bo, int bs, double[] y, int yo, int bound) {
        int i = 0; for (; i < bound; i += DS.length()) onesD(load(a, ao, as, i).compare(VectorOperators.LE, load(b, bo, bs, i))).intoArray(y, yo + i); return i;
    }
    private static int gt(double[] a, int ao, int as, double[] b, int bo, int bs, double[] y, int yo, int bound) {
        int i = 0; for (; i < bound; i += DS.length()) onesD(load(a, ao, as, i).compare(VectorOperators.GT, load(b, bo, bs, i))).intoArray(y, yo + i); return i;
    }
    private static int ge(double[] a, int ao, int as, double[] b, int bo, int bs, double[] y, int yo, int bound) {
        int i = 0; for (; i < bound; i += DS.length()) onesD(load(a, ao, as, i).compare(VectorOperators.GE, load(b, bo, bs, i))).intoArray(y, yo + i); return i;
    }
    private static int eq(double[] a, int ao, int as, double[] b, int bo, int bs, double[] y, int yo, int bound) {
        int i = 0; for (; i < bound; i += DS.length()) onesD(load(a, ao, as, i).compare(VectorOperators.EQ, load(b, bo, bs, i))).intoArray(y, yo + i); return i;
    }
    private static int ne(double[] a, int ao, int as, double[] b, int bo, int bs, double[] y, int yo, int bound) {
        int i = 0; for (; i < bound; i += DS.length()) onesD(load(a, ao, as, i).compare(VectorOperators.NE, load(b, bo, bs, i))).intoArray(y, yo + i); return i;
    }

    // ------------------------------------------------------------------ axpy and reductions

    @Override
    public void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
        int i = 0, bound = FS.loopBound(n);
        FloatVector va = FloatVector.broadcast(FS, alpha);
        for (; i < bound; i += FS.length()) {
            FloatVector.fromArray(FS, x, xo + i).fma(va, FloatVector.fromArray(FS, y, yo + i)).intoArray(y, yo + i);
        }
        for (; i < n; i++) y[yo + i] += alpha * x[xo + i];
    }

    @Override
    public void axpy(double alpha, double[] x, int xo, double[] y, int yo, int n) {
        int i = 0, bound = DS.loopBound(n);
        DoubleVector va = DoubleVector.broadcast(DS, alpha);
        for (; i < bound; i += DS.length()) {
            DoubleVector.fromArray(DS, x, xo + i).fma(va, DoubleVector.fromArray(DS, y, yo + i)).intoArray(y, yo + i);
        }
        for (; i < n; i++) y[yo + i] += alpha * x[xo + i];
    }

    @Override
    public float sum(float[] x, int xo, int n) {
        int i = 0, bound = FS.loopBound(n);
        FloatVector acc = FloatVector.zero(FS);
        for (; i < bound; i += FS.length()) acc = acc.add(FloatVector.fromArray(FS, x, xo + i));
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) s += x[xo + i];
        return s;
    }

    @Override
    public double sum(double[] x, int xo, int n) {
        int i = 0, bound = DS.loopBound(n);
        DoubleVector acc = DoubleVector.zero(DS);
        for (; i < bound; i += DS.length()) acc = acc.add(DoubleVector.fromArray(DS, x, xo + i));
        double s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) s += x[xo + i];
        return s;
    }

    @Override
    public float max(float[] x, int xo, int n) {
        int i = 0, bound = FS.loopBound(n);
        FloatVector acc = FloatVector.broadcast(FS, Float.NEGATIVE_INFINITY);
        for (; i < bound; i += FS.length()) acc = acc.max(FloatVector.fromArray(FS, x, xo + i));
        float m = acc.reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) {
            float v = x[xo + i];
            if (v > m || Float.isNaN(v)) m = v;
            if (Float.isNaN(m)) return m;
        }
        return m;
    }

    @Override
    public double max(double[] x, int xo, int n) {
        int i = 0, bound = DS.loopBound(n);
        DoubleVector acc = DoubleVector.broadcast(DS, Double.NEGATIVE_INFINITY);
        for (; i < bound; i += DS.length()) acc = acc.max(DoubleVector.fromArray(DS, x, xo + i));
        double m = acc.reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) {
            double v = x[xo + i];
            if (v > m || Double.isNaN(v)) m = v;
            if (Double.isNaN(m)) return m;
        }
        return m;
    }

    // ------------------------------------------------------------------ fused, float32

    /*
     * The bias first (rows of any width, the overlapping-last-vector scheme below), then tanh over the
     * rows as one flat run through the tanh loop: one call site of VectorMath.tanh in a small method,
     * which C2 inlines whole. With two call sites in one row loop (the overlapping last vector and the
     * rest) part of tanh stayed out of line and ran the Vector API's boxed fallback.
     */
    @Override
    public void biasTanh(float[] y, int yo, int rows, int cols, float[] bias) {
        bias(y, yo, rows, cols, bias);
        int n = rows * cols, i = tanh(y, yo, y, yo, FS.loopBound(n));
        if (i < n) TAIL.unary(UnaryOp.TANH, 0, y, yo + i, y, yo + i, n - i);
    }

    /*
     * Rows narrower than a vector go to the scalar kernel. A row whose width is not a multiple of the
     * vector ends with a vector that overlaps the one before it; it is read and computed before the row
     * is written, so that in place no lane is transformed twice. No masks: a masked store on JDK 17 is
     * a blend and a full store, which would race with the thread writing the next row.
     */
    @Override
    public void bias(float[] y, int yo, int rows, int cols, float[] bias) {
        if (cols < FS.length()) {
            TAIL.bias(y, yo, rows, cols, bias);
            return;
        }
        int lastAt = cols - FS.length();
        for (int r = 0; r < rows; r++) {
            int o = yo + r * cols;
            FloatVector last = FloatVector.fromArray(FS, y, o + lastAt).add(FloatVector.fromArray(FS, bias, lastAt));
            for (int c = 0; c < lastAt; c += FS.length()) {
                FloatVector.fromArray(FS, y, o + c).add(FloatVector.fromArray(FS, bias, c)).intoArray(y, o + c);
            }
            last.intoArray(y, o + lastAt);
        }
    }

    /* Its own entry, not unary(SCALE): unary is one large method whose compilation can run out of C2's
       node budget, and then its vector loads ran un-intrinsified (boxed) inside the training step. */
    @Override
    public void scale(float alpha, float[] x, int xo, int n) {
        int i = scale(alpha, x, xo, x, xo, FS.loopBound(n));
        for (; i < n; i++) x[xo + i] *= alpha;
    }

    @Override
    public void tanhBackward(float[] g, int go, float[] y, int yo, int n) {
        int i = 0, bound = FS.loopBound(n);
        for (; i < bound; i += FS.length()) {
            FloatVector v = FloatVector.fromArray(FS, y, yo + i);
            // 1 − v·v rounded twice, as the scalar kernel does (no FMA), so both give the same bits.
            FloatVector d = FloatVector.broadcast(FS, 1f).sub(v.mul(v));
            FloatVector.fromArray(FS, g, go + i).mul(d).intoArray(g, go + i);
        }
        if (i < n) TAIL.tanhBackward(g, go + i, y, yo + i, n - i);
    }

    /*
     * Σ softplus(l) = Σ max(l, 0) + log Π (1 + e^−|l|): each factor is in (1, 2], so a lane's product of
     * 48 of them is at most 2^48 and the double product of 16 such lanes at most 2^768, and one scalar
     * log per segment of 48 vectors replaces a vector log1p per element. No vector log at all: with
     * one in the method, C2 ran out of its node budget (NodeCountInliningCutoff), called log out of
     * line with boxed vectors, and the step allocated 137 MB per call at K = 50, batch 100 (JMH
     * -prof gc). lane(i) with a variable i is not intrinsified on JDK 17, hence the copy to an array.
     * The product's rounding and that of 1 + e add at most 2^−24 per element.
     */
    private static final int PRODUCT_SEGMENT = 48 * FS.length();
    private static final ThreadLocal<float[]> LANES = ThreadLocal.withInitial(() -> new float[FS.length()]);

    @Override
    public float bernoulliLogLikelihood(float[] l, int lo, float[] x, int xo, int n) {
        int bound = FS.loopBound(n);
        double s = 0;
        for (int i = 0; i < bound; i += PRODUCT_SEGMENT) s += bernoulliSegment(l, lo + i, x, xo + i, Math.min(PRODUCT_SEGMENT, bound - i));
        if (bound < n) s += TAIL.bernoulliLogLikelihood(l, lo + bound, x, xo + bound, n - bound);
        return (float) s;
    }

    /** {@link #bernoulliLogLikelihood} over a whole number of vectors, at most {@link #PRODUCT_SEGMENT} values. */
    private static float bernoulliSegment(float[] l, int lo, float[] x, int xo, int n) {
        FloatVector acc = FloatVector.zero(FS), product = FloatVector.broadcast(FS, 1f);
        for (int i = 0; i < n; i += FS.length()) {
            FloatVector v = FloatVector.fromArray(FS, l, lo + i), t = FloatVector.fromArray(FS, x, xo + i);
            FloatVector e = VectorMath.exp(v.abs().neg());
            FloatVector onePlusE = e.add(1f);
            product = product.mul(onePlusE);
            acc = acc.add(t.mul(v).sub(v.max(0f)));
            FloatVector numerator = FloatVector.broadcast(FS, 1f).blend(e, v.compare(VectorOperators.LT, 0f));
            t.sub(numerator.div(onePlusE)).intoArray(l, lo + i);
        }
        float[] lanes = LANES.get();
        product.intoArray(lanes, 0);
        double p = 1;
        for (float f : lanes) p *= f;
        return (float) (acc.reduceLanes(VectorOperators.ADD) - Math.log(p));
    }
}
