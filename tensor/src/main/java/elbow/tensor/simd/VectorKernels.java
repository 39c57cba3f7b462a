package elbow.tensor.simd;

import elbow.tensor.BinaryOp;
import elbow.tensor.UnaryOp;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Elementwise kernels on the Java Vector API. Loaded only when {@code jdk.incubator.vector} is present
 * (see {@link Simd}). The species are {@code static final} so that C2 treats the width as a constant;
 * each loop handles full vectors, then the tail with the scalar definition from {@link ScalarKernels}.
 * Transcendentals ({@code EXP}, {@code TANH}, ...) use the JDK's vector math (SVML on x86), accurate to
 * about one ulp; the tests compare against the scalar kernels with that tolerance.
 */
final class VectorKernels implements Kernels {
    static final VectorSpecies<Float> FS = Simd.REQUESTED_BITS > 0
            ? VectorSpecies.of(float.class, VectorShape.forBitSize(Simd.REQUESTED_BITS)) : FloatVector.SPECIES_PREFERRED;
    static final VectorSpecies<Double> DS = Simd.REQUESTED_BITS > 0
            ? VectorSpecies.of(double.class, VectorShape.forBitSize(Simd.REQUESTED_BITS)) : DoubleVector.SPECIES_PREFERRED;

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
            case EXP: for (; i < bound; i += FS.length()) FloatVector.fromArray(FS, x, xo + i).lanewise(VectorOperators.EXP).intoArray(y, yo + i); break;
            case LOG: for (; i < bound; i += FS.length()) FloatVector.fromArray(FS, x, xo + i).lanewise(VectorOperators.LOG).intoArray(y, yo + i); break;
            case LOG1P: for (; i < bound; i += FS.length()) FloatVector.fromArray(FS, x, xo + i).lanewise(VectorOperators.LOG1P).intoArray(y, yo + i); break;
            case EXPM1: for (; i < bound; i += FS.length()) FloatVector.fromArray(FS, x, xo + i).lanewise(VectorOperators.EXPM1).intoArray(y, yo + i); break;
            case SQRT: for (; i < bound; i += FS.length()) FloatVector.fromArray(FS, x, xo + i).sqrt().intoArray(y, yo + i); break;
            case SQUARE: for (; i < bound; i += FS.length()) { FloatVector v = FloatVector.fromArray(FS, x, xo + i); v.mul(v).intoArray(y, yo + i); } break;
            case ABS: for (; i < bound; i += FS.length()) FloatVector.fromArray(FS, x, xo + i).abs().intoArray(y, yo + i); break;
            case TANH: for (; i < bound; i += FS.length()) FloatVector.fromArray(FS, x, xo + i).lanewise(VectorOperators.TANH).intoArray(y, yo + i); break;
            case SIGMOID:
                for (; i < bound; i += FS.length()) {
                    FloatVector e = FloatVector.fromArray(FS, x, xo + i).neg().lanewise(VectorOperators.EXP);
                    FloatVector.broadcast(FS, 1f).div(e.add(1f)).intoArray(y, yo + i);
                }
                break;
            case SOFTPLUS:
                for (; i < bound; i += FS.length()) {
                    FloatVector v = FloatVector.fromArray(FS, x, xo + i);
                    FloatVector tail = v.abs().neg().lanewise(VectorOperators.EXP).lanewise(VectorOperators.LOG1P);
                    v.max(0f).add(tail).intoArray(y, yo + i);
                }
                break;
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
            case SCALE: for (; i < bound; i += FS.length()) FloatVector.fromArray(FS, x, xo + i).mul(pf).intoArray(y, yo + i); break;
            case SHIFT: for (; i < bound; i += FS.length()) FloatVector.fromArray(FS, x, xo + i).add(pf).intoArray(y, yo + i); break;
            case POW_CONST:
                if (p == 2.0) {
                    for (; i < bound; i += FS.length()) { FloatVector v = FloatVector.fromArray(FS, x, xo + i); v.mul(v).intoArray(y, yo + i); }
                } else {
                    for (; i < bound; i += FS.length()) FloatVector.fromArray(FS, x, xo + i).lanewise(VectorOperators.POW, pf).intoArray(y, yo + i);
                }
                break;
            default: throw new AssertionError(op);
        }
        if (i < n) TAIL.unary(op, p, x, xo + i, y, yo + i, n - i);
    }

    // ------------------------------------------------------------------ unary, float64

    @Override
    public void unary(UnaryOp op, double p, double[] x, int xo, double[] y, int yo, int n) {
        int i = 0, bound = DS.loopBound(n);
        switch (op) {
            case NEG: for (; i < bound; i += DS.length()) DoubleVector.fromArray(DS, x, xo + i).neg().intoArray(y, yo + i); break;
            case EXP: for (; i < bound; i += DS.length()) DoubleVector.fromArray(DS, x, xo + i).lanewise(VectorOperators.EXP).intoArray(y, yo + i); break;
            case LOG: for (; i < bound; i += DS.length()) DoubleVector.fromArray(DS, x, xo + i).lanewise(VectorOperators.LOG).intoArray(y, yo + i); break;
            case LOG1P: for (; i < bound; i += DS.length()) DoubleVector.fromArray(DS, x, xo + i).lanewise(VectorOperators.LOG1P).intoArray(y, yo + i); break;
            case EXPM1: for (; i < bound; i += DS.length()) DoubleVector.fromArray(DS, x, xo + i).lanewise(VectorOperators.EXPM1).intoArray(y, yo + i); break;
            case SQRT: for (; i < bound; i += DS.length()) DoubleVector.fromArray(DS, x, xo + i).sqrt().intoArray(y, yo + i); break;
            case SQUARE: for (; i < bound; i += DS.length()) { DoubleVector v = DoubleVector.fromArray(DS, x, xo + i); v.mul(v).intoArray(y, yo + i); } break;
            case ABS: for (; i < bound; i += DS.length()) DoubleVector.fromArray(DS, x, xo + i).abs().intoArray(y, yo + i); break;
            case TANH: for (; i < bound; i += DS.length()) DoubleVector.fromArray(DS, x, xo + i).lanewise(VectorOperators.TANH).intoArray(y, yo + i); break;
            case SIGMOID:
                for (; i < bound; i += DS.length()) {
                    DoubleVector e = DoubleVector.fromArray(DS, x, xo + i).neg().lanewise(VectorOperators.EXP);
                    DoubleVector.broadcast(DS, 1.0).div(e.add(1.0)).intoArray(y, yo + i);
                }
                break;
            case SOFTPLUS:
                for (; i < bound; i += DS.length()) {
                    DoubleVector v = DoubleVector.fromArray(DS, x, xo + i);
                    DoubleVector tail = v.abs().neg().lanewise(VectorOperators.EXP).lanewise(VectorOperators.LOG1P);
                    v.max(0.0).add(tail).intoArray(y, yo + i);
                }
                break;
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
                } else {
                    for (; i < bound; i += DS.length()) DoubleVector.fromArray(DS, x, xo + i).lanewise(VectorOperators.POW, p).intoArray(y, yo + i);
                }
                break;
            default: throw new AssertionError(op);
        }
        if (i < n) TAIL.unary(op, p, x, xo + i, y, yo + i, n - i);
    }

    // ------------------------------------------------------------------ binary

    @Override
    public void binary(BinaryOp op, float[] a, int ao, int as, float[] b, int bo, int bs, float[] y, int yo, int n) {
        if (n <= 0) return;
        int i = 0, bound = FS.loopBound(n);
        // A stride-0 operand is one broadcast value; the branch on it is loop-invariant and hoisted by C2.
        FloatVector ca = FloatVector.broadcast(FS, a[ao]), cb = FloatVector.broadcast(FS, b[bo]);
        for (; i < bound; i += FS.length()) {
            FloatVector va = as == 0 ? ca : FloatVector.fromArray(FS, a, ao + i);
            FloatVector vb = bs == 0 ? cb : FloatVector.fromArray(FS, b, bo + i);
            FloatVector r;
            switch (op) {
                case ADD: r = va.add(vb); break;
                case SUB: r = va.sub(vb); break;
                case MUL: r = va.mul(vb); break;
                case DIV: r = va.div(vb); break;
                case POW: r = va.lanewise(VectorOperators.POW, vb); break;
                case MAX: r = va.max(vb); break;
                case MIN: r = va.min(vb); break;
                default: r = FloatVector.zero(FS).blend(1f, compare(op, va, vb));
            }
            r.intoArray(y, yo + i);
        }
        for (; i < n; i++) y[yo + i] = ScalarKernels.apply(op, a[ao + i * as], b[bo + i * bs]);
    }

    private static VectorMask<Float> compare(BinaryOp op, FloatVector a, FloatVector b) {
        switch (op) {
            case LT: return a.compare(VectorOperators.LT, b);
            case LE: return a.compare(VectorOperators.LE, b);
            case GT: return a.compare(VectorOperators.GT, b);
            case GE: return a.compare(VectorOperators.GE, b);
            case EQ: return a.compare(VectorOperators.EQ, b);
            case NE: return a.compare(VectorOperators.NE, b);
            default: throw new AssertionError(op);
        }
    }

    @Override
    public void binary(BinaryOp op, double[] a, int ao, int as, double[] b, int bo, int bs, double[] y, int yo, int n) {
        if (n <= 0) return;
        int i = 0, bound = DS.loopBound(n);
        DoubleVector ca = DoubleVector.broadcast(DS, a[ao]), cb = DoubleVector.broadcast(DS, b[bo]);
        for (; i < bound; i += DS.length()) {
            DoubleVector va = as == 0 ? ca : DoubleVector.fromArray(DS, a, ao + i);
            DoubleVector vb = bs == 0 ? cb : DoubleVector.fromArray(DS, b, bo + i);
            DoubleVector r;
            switch (op) {
                case ADD: r = va.add(vb); break;
                case SUB: r = va.sub(vb); break;
                case MUL: r = va.mul(vb); break;
                case DIV: r = va.div(vb); break;
                case POW: r = va.lanewise(VectorOperators.POW, vb); break;
                case MAX: r = va.max(vb); break;
                case MIN: r = va.min(vb); break;
                default: r = DoubleVector.zero(DS).blend(1.0, compare(op, va, vb));
            }
            r.intoArray(y, yo + i);
        }
        for (; i < n; i++) y[yo + i] = ScalarKernels.apply(op, a[ao + i * as], b[bo + i * bs]);
    }

    private static VectorMask<Double> compare(BinaryOp op, DoubleVector a, DoubleVector b) {
        switch (op) {
            case LT: return a.compare(VectorOperators.LT, b);
            case LE: return a.compare(VectorOperators.LE, b);
            case GT: return a.compare(VectorOperators.GT, b);
            case GE: return a.compare(VectorOperators.GE, b);
            case EQ: return a.compare(VectorOperators.EQ, b);
            case NE: return a.compare(VectorOperators.NE, b);
            default: throw new AssertionError(op);
        }
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
}
