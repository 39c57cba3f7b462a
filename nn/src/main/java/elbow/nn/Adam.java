package elbow.nn;

import elbow.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam (Kingma and Ba 2015, Algorithm 1), with ε added to √v̂ as PyTorch adds it:
 * <pre>
 *   m ← β1·m + (1 − β1)·g          v ← β2·v + (1 − β2)·g²
 *   m̂ = m / (1 − β1^t)             v̂ = v / (1 − β2^t)
 *   p ← p − lr · m̂ / (√v̂ + ε)
 * </pre>
 * computed as PyTorch computes it, p ← p − (lr / (1 − β1^t)) · m / (√v / √(1 − β2^t) + ε). The paper's
 * Algorithm 1 also puts ε outside the root; its "efficient" variant before §2.1 folds the corrections into
 * the step size and so scales ε by √(1 − β2^t) — a difference that matters at the MNIST experiments'
 * ε = 1e-4, which is why the form is fixed here. State: "m" and "v", in the parameter's dtype.
 */
public final class Adam extends Optimizer {
    private final double beta1, beta2, eps;
    private final Tensor[] m, v;

    /** β = (0.9, 0.999), ε = 1e-8: the paper's and PyTorch's defaults. */
    public Adam(List<Parameter> parameters, double learningRate) {
        this(parameters, learningRate, 0.9, 0.999, 1e-8);
    }

    public Adam(List<Parameter> parameters, double learningRate, double beta1, double beta2, double eps) {
        super(parameters, learningRate);
        if (!(beta1 >= 0 && beta1 < 1)) throw new IllegalArgumentException("beta1 must be in [0, 1), got " + beta1);
        if (!(beta2 >= 0 && beta2 < 1)) throw new IllegalArgumentException("beta2 must be in [0, 1), got " + beta2);
        if (!(eps >= 0) || Double.isInfinite(eps)) throw new IllegalArgumentException("eps must be non-negative and finite, got " + eps);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.m = addState("m");
        this.v = addState("v");
    }

    @Override
    public String kind() {
        return "adam";
    }

    @Override
    protected void update(int index, Tensor param, Tensor grad, int from, int to, double lr, long t) {
        double stepSize = lr / (1 - Math.pow(beta1, t));
        double rootCorrection = Math.sqrt(1 - Math.pow(beta2, t));
        if (param.isF32()) {
            float[] p = param.data32(), g = grad.data32(), mm = m[index].data32(), vv = v[index].data32();
            float b1 = (float) beta1, b2 = (float) beta2, c1 = (float) (1 - beta1), c2 = (float) (1 - beta2);
            float step = (float) stepSize, root = (float) rootCorrection, e = (float) eps;
            for (int i = from; i < to; i++) {
                float gi = g[i];
                float mi = b1 * mm[i] + c1 * gi;
                float vi = b2 * vv[i] + c2 * gi * gi;
                mm[i] = mi;
                vv[i] = vi;
                p[i] -= step * (mi / ((float) Math.sqrt(vi) / root + e));
            }
        } else {
            double[] p = param.data64(), g = grad.data64(), mm = m[index].data64(), vv = v[index].data64();
            double c1 = 1 - beta1, c2 = 1 - beta2;
            for (int i = from; i < to; i++) {
                double gi = g[i];
                double mi = beta1 * mm[i] + c1 * gi;
                double vi = beta2 * vv[i] + c2 * gi * gi;
                mm[i] = mi;
                vv[i] = vi;
                p[i] -= stepSize * (mi / (Math.sqrt(vi) / rootCorrection + eps));
            }
        }
    }

    @Override
    protected Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("beta1", Double.toString(beta1));
        s.put("beta2", Double.toString(beta2));
        s.put("eps", Double.toString(eps));
        return s;
    }
}
