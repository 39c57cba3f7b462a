package elbow.vi.special;

import elbow.autograd.UnaryPrimitive;
import elbow.tensor.Tensor;

/** y = ψ(x) = d/dx log Γ(x).  dx = g·ψ'(x) (trigamma). */
final class Digamma extends UnaryPrimitive {
    @Override
    protected Tensor forward(Tensor x) {
        save(x);
        return Special.digamma(x);
    }

    @Override
    protected Tensor backward(Tensor g) {
        return Special.trigamma(saved(0)).mul(g);
    }
}
