package elbow.vi.special;

import elbow.autograd.UnaryPrimitive;
import elbow.tensor.Tensor;

/**
 * y = log Γ(x) for x &gt; 0 (NaN for x ≤ 0, as in Commons Numbers).  dx = g·ψ(x).
 * The input is saved: the derivative is a new special function of x, not of y.
 */
final class LogGamma extends UnaryPrimitive {
    @Override
    protected Tensor forward(Tensor x) {
        save(x);
        return Special.lgamma(x);
    }

    @Override
    protected Tensor backward(Tensor g) {
        return Special.digamma(saved(0)).mul(g);
    }
}
