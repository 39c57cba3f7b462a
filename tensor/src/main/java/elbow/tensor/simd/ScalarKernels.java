package elbow.tensor.simd;

import elbow.tensor.BinaryOp;
import elbow.tensor.UnaryOp;

/**
 * Plain loops: the kernels used without the Vector API, and the oracle every vector kernel is tested
 * against. Each function is written once, in float64, in {@link #apply(UnaryOp, double, double)} and
 * {@link #apply(BinaryOp, double, double)}; float32 rounds the float64 result once, which is as
 * accurate as float32 arithmetic can be.
 */
public final class ScalarKernels implements Kernels {

    @Override public String name() { return "scalar"; }
    @Override public int floatLanes() { return 1; }
    @Override public int doubleLanes() { return 1; }

    /** The reference definition of every unary op. */
    public static double apply(UnaryOp op, double p, double x) {
        switch (op) {
            case NEG: return -x;
            case EXP: return Math.exp(x);
            case LOG: return Math.log(x);
            case LOG1P: return Math.log1p(x);
            case EXPM1: return Math.expm1(x);
            case SQRT: return Math.sqrt(x);
            case SQUARE: return x * x;
            case ABS: return Math.abs(x);
            case TANH: return Math.tanh(x);
            // 1/(1+e^-x) overflows harmlessly to 0 for very negative x; no branch needed.
            case SIGMOID: return 1.0 / (1.0 + Math.exp(-x));
            // log(1+e^x) = max(x,0) + log1p(e^-|x|): never overflows, exact for large |x|.
            case SOFTPLUS: return Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x)));
            case RELU: return x > 0 ? x : 0.0;
            case SIGN: return Math.signum(x);
            case RECIPROCAL: return 1.0 / x;
            case LEAKY_RELU: return x > 0 ? x : p * x;
            case SCALE: return p * x;
            case SHIFT: return x + p;
            case POW_CONST: return p == 2.0 ? x * x : Math.pow(x, p);
            default: throw new AssertionError(op);
        }
    }

    /** The reference definition of every binary op. */
    public static double apply(BinaryOp op, double a, double b) {
        switch (op) {
            case ADD: return a + b;
            case SUB: return a - b;
            case MUL: return a * b;
            case DIV: return a / b;
            case POW: return Math.pow(a, b);
            case MAX: return Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.max(a, b);
            case MIN: return Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.min(a, b);
            case LT: return a < b ? 1 : 0;
            case LE: return a <= b ? 1 : 0;
            case GT: return a > b ? 1 : 0;
            case GE: return a >= b ? 1 : 0;
            case EQ: return a == b ? 1 : 0;
            case NE: return a != b ? 1 : 0;
            default: throw new AssertionError(op);
        }
    }

    /** float32 binary op; add/sub/mul/div round exactly as float32 arithmetic does. */
    public static float apply(BinaryOp op, float a, float b) {
        switch (op) {
            case ADD: return a + b;
            case SUB: return a - b;
            case MUL: return a * b;
            case DIV: return a / b;
            default: return (float) apply(op, (double) a, (double) b);
        }
    }

    @Override
    public void unary(UnaryOp op, double p, float[] x, int xo, float[] y, int yo, int n) {
        switch (op) {
            case NEG: for (int i = 0; i < n; i++) y[yo + i] = -x[xo + i]; return;
            case SQUARE: for (int i = 0; i < n; i++) { float v = x[xo + i]; y[yo + i] = v * v; } return;
            case ABS: for (int i = 0; i < n; i++) y[yo + i] = Math.abs(x[xo + i]); return;
            case RELU: for (int i = 0; i < n; i++) { float v = x[xo + i]; y[yo + i] = v > 0 ? v : 0f; } return;
            case SCALE: { float s = (float) p; for (int i = 0; i < n; i++) y[yo + i] = s * x[xo + i]; return; }
            case SHIFT: { float s = (float) p; for (int i = 0; i < n; i++) y[yo + i] = x[xo + i] + s; return; }
            default: for (int i = 0; i < n; i++) y[yo + i] = (float) apply(op, p, x[xo + i]);
        }
    }

    @Override
    public void unary(UnaryOp op, double p, double[] x, int xo, double[] y, int yo, int n) {
        for (int i = 0; i < n; i++) y[yo + i] = apply(op, p, x[xo + i]);
    }

    @Override
    public void binary(BinaryOp op, float[] a, int ao, int as, float[] b, int bo, int bs, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) y[yo + i] = apply(op, a[ao + i * as], b[bo + i * bs]);
    }

    @Override
    public void binary(BinaryOp op, double[] a, int ao, int as, double[] b, int bo, int bs, double[] y, int yo, int n) {
        for (int i = 0; i < n; i++) y[yo + i] = apply(op, a[ao + i * as], b[bo + i * bs]);
    }

    @Override
    public void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) y[yo + i] += alpha * x[xo + i];
    }

    @Override
    public void axpy(double alpha, double[] x, int xo, double[] y, int yo, int n) {
        for (int i = 0; i < n; i++) y[yo + i] += alpha * x[xo + i];
    }

    @Override
    public float sum(float[] x, int xo, int n) {
        // The oracle accumulates in float64 so that vector sums (another order) are compared with the truth.
        double s = 0;
        for (int i = 0; i < n; i++) s += x[xo + i];
        return (float) s;
    }

    @Override
    public double sum(double[] x, int xo, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) s += x[xo + i];
        return s;
    }

    @Override
    public float max(float[] x, int xo, int n) {
        float m = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            float v = x[xo + i];
            if (v > m || Float.isNaN(v)) m = v;
            if (Float.isNaN(m)) return m;
        }
        return m;
    }

    @Override
    public double max(double[] x, int xo, int n) {
        double m = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double v = x[xo + i];
            if (v > m || Double.isNaN(v)) m = v;
            if (Double.isNaN(m)) return m;
        }
        return m;
    }

    // ------------------------------------------------------------------ fused, float32

    @Override
    public void biasTanh(float[] y, int yo, int rows, int cols, float[] bias) {
        for (int r = 0; r < rows; r++) {
            int o = yo + r * cols;
            for (int c = 0; c < cols; c++) y[o + c] = (float) Math.tanh(y[o + c] + bias[c]);
        }
    }

    @Override
    public void bias(float[] y, int yo, int rows, int cols, float[] bias) {
        for (int r = 0; r < rows; r++) {
            int o = yo + r * cols;
            for (int c = 0; c < cols; c++) y[o + c] += bias[c];
        }
    }

    @Override
    public void scale(float alpha, float[] x, int xo, int n) {
        for (int i = 0; i < n; i++) x[xo + i] *= alpha;
    }

    @Override
    public void tanhBackward(float[] g, int go, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            float v = y[yo + i];
            g[go + i] *= 1f - v * v;
        }
    }

    @Override
    public float bernoulliLogLikelihood(float[] l, int lo, float[] x, int xo, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            double v = l[lo + i], t = x[xo + i];
            // softplus(v) = max(v, 0) + log1p(e^−|v|) and σ(v) from the same e^−|v|: stable for any v.
            double e = Math.exp(-Math.abs(v));
            s += t * v - (Math.max(v, 0.0) + Math.log1p(e));
            l[lo + i] = (float) (t - (v >= 0 ? 1.0 : e) / (1.0 + e));
        }
        return (float) s;
    }
}
