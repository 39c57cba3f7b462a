package elbow.autograd;

import elbow.tensor.Tensor;

/**
 * y = max(a, b) elementwise (broadcasting).  da = g·[a ≥ b], db = g·[a &lt; b]. At ties the whole
 * gradient goes to a (a valid subgradient; PyTorch splits it in halves). The mask is recomputed in the
 * backward from the saved inputs instead of being stored by every forward.
 */
final class Maximum extends BinaryPrimitive {
    @Override
    protected Tensor forward(Tensor a, Tensor b) {
        save(a, b);
        return a.maximum(b);
    }

    @Override
    protected Tensor[] backward(Tensor g, boolean[] needs) {
        Tensor toA = g.mul(saved(0).ge(saved(1)));
        return new Tensor[] {
            needs[0] ? unbroadcast(toA, 0) : null,
            needs[1] ? unbroadcast(g.sub(toA), 1) : null,
        };
    }
}
