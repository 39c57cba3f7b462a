package elbow.nn;

import elbow.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AdaGrad as black-box VI uses it (Ranganath, Gerrish and Blei 2014, §2.2, after Duchi et al. 2011):
 * per coordinate, G_t = Σ_{s≤t} g_s² (the diagonal of the sum of outer products) and the step size is
 * ρ_t = η · G_t^(−1/2):
 * <pre>
 *   G ← G + g²
 *   p ← p − η · g / (√G + ε)
 * </pre>
 * G_t includes the current gradient, so the first step moves every coordinate by η·sign(g) and later
 * steps shrink as squared gradients accumulate. ε (default 1e-10, PyTorch's) only matters where a
 * coordinate's gradients have all been exactly zero so far: it turns 0/0 into a step of 0. It is added to
 * √G, as in PyTorch. The paper ascends the ELBO; this descends a loss, so minimise −ELBO. State: "sum".
 */
public final class AdaGrad extends Optimizer {
    /** PyTorch's default ε. */
    public static final double DEFAULT_EPS = 1e-10;

    private final double eps;
    private final Tensor[] sum;

    public AdaGrad(List<Parameter> parameters, double learningRate) {
        this(parameters, learningRate, DEFAULT_EPS);
    }

    public AdaGrad(List<Parameter> parameters, double learningRate, double eps) {
        super(parameters, learningRate);
        if (!(eps >= 0) || Double.isInfinite(eps)) throw new IllegalArgumentException("eps must be non-negative and finite, got " + eps);
        this.eps = eps;
        this.sum = addState("sum");
    }

    @Override
    public String kind() {
        return "adagrad";
    }

    @Override
    protected void update(int index, Tensor param, Tensor grad, int from, int to, double lr, long t) {
        if (param.isF32()) {
            float[] p = param.data32(), g = grad.data32(), s = sum[index].data32();
            float r = (float) lr, e = (float) eps;
            for (int i = from; i < to; i++) {
                float gi = g[i];
                float si = s[i] + gi * gi;
                s[i] = si;
                p[i] -= r * (gi / ((float) Math.sqrt(si) + e));
            }
        } else {
            double[] p = param.data64(), g = grad.data64(), s = sum[index].data64();
            for (int i = from; i < to; i++) {
                double gi = g[i];
                double si = s[i] + gi * gi;
                s[i] = si;
                p[i] -= lr * (gi / (Math.sqrt(si) + eps));
            }
        }
    }

    @Override
    protected Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("eps", Double.toString(eps));
        return s;
    }
}
