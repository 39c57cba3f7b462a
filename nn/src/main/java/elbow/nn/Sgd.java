package elbow.nn;

import elbow.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent with momentum, in PyTorch's form (no dampening):
 * <pre>
 *   v ← μ·v + g                   (v starts at 0, so the first step has v = g)
 *   p ← p − lr·v                  or, with Nesterov momentum, p ← p − lr·(g + μ·v)
 * </pre>
 * This is Sutskever et al.'s momentum with the learning rate moved outside the velocity; it equals
 * plain SGD when μ = 0, and then no velocity is stored. State: "momentum" (only when μ &gt; 0).
 */
public final class Sgd extends Optimizer {
    private final double momentum;
    private final boolean nesterov;
    private final Tensor[] velocity;

    /** Plain SGD. */
    public Sgd(List<Parameter> parameters, double learningRate) {
        this(parameters, learningRate, 0.0, false);
    }

    public Sgd(List<Parameter> parameters, double learningRate, double momentum, boolean nesterov) {
        super(parameters, learningRate);
        if (!(momentum >= 0 && momentum < 1)) throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        if (nesterov && momentum == 0) throw new IllegalArgumentException("Nesterov momentum needs a momentum above 0");
        this.momentum = momentum;
        this.nesterov = nesterov;
        this.velocity = momentum > 0 ? addState("momentum") : null;
    }

    @Override
    public String kind() {
        return "sgd";
    }

    @Override
    protected void update(int index, Tensor param, Tensor grad, int from, int to, double lr, long t) {
        if (param.isF32()) {
            float[] p = param.data32(), g = grad.data32();
            float r = (float) lr;
            if (velocity == null) {
                for (int i = from; i < to; i++) p[i] -= r * g[i];
                return;
            }
            float[] v = velocity[index].data32();
            float mu = (float) momentum;
            if (nesterov) {
                for (int i = from; i < to; i++) {
                    float vi = mu * v[i] + g[i];
                    v[i] = vi;
                    p[i] -= r * (g[i] + mu * vi);
                }
            } else {
                for (int i = from; i < to; i++) {
                    float vi = mu * v[i] + g[i];
                    v[i] = vi;
                    p[i] -= r * vi;
                }
            }
        } else {
            double[] p = param.data64(), g = grad.data64();
            if (velocity == null) {
                for (int i = from; i < to; i++) p[i] -= lr * g[i];
                return;
            }
            double[] v = velocity[index].data64();
            double mu = momentum;
            if (nesterov) {
                for (int i = from; i < to; i++) {
                    double vi = mu * v[i] + g[i];
                    v[i] = vi;
                    p[i] -= lr * (g[i] + mu * vi);
                }
            } else {
                for (int i = from; i < to; i++) {
                    double vi = mu * v[i] + g[i];
                    v[i] = vi;
                    p[i] -= lr * vi;
                }
            }
        }
    }

    @Override
    protected Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("momentum", Double.toString(momentum));
        s.put("nesterov", Boolean.toString(nesterov));
        return s;
    }
}
