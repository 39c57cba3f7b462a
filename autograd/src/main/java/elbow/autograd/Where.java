package elbow.autograd;

import elbow.tensor.Tensor;

/**
 * y = mask ? a : b with a constant mask (all three broadcast).  da = g·m, db = g·(1 − m), m the mask
 * as 0/1. Multiplying by the 0/1 mask, rather than selecting, keeps the backward on the vector kernels;
 * g is finite wherever the mask is, so no 0·∞ arises even when the unselected branch is infinite.
 */
final class Where extends BinaryPrimitive {
    private final Tensor mask;

    Where(Tensor mask) {
        this.mask = mask;
    }

    @Override
    protected Tensor forward(Tensor a, Tensor b) {
        return mask.where(a, b);
    }

    @Override
    protected Tensor[] backward(Tensor g, boolean[] needs) {
        Tensor m = mask.ne(Tensor.scalar(0.0, mask.dtype())).to(g.dtype());
        Tensor toA = g.mul(m);
        return new Tensor[] {
            needs[0] ? unbroadcast(toA, 0) : null,
            needs[1] ? unbroadcast(g.sub(toA), 1) : null,
        };
    }
}
