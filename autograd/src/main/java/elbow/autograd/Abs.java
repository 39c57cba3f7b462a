package elbow.autograd;

import elbow.tensor.Tensor;

/** y = |x|.  dx = sign(x)·g; at x = 0 the subgradient 0 is used (PyTorch does the same). */
final class Abs extends UnaryPrimitive {
    @Override
    protected Tensor forward(Tensor x) {
        save(x);
        return x.abs();
    }

    @Override
    protected Tensor backward(Tensor g) {
        return saved(0).sign().mul(g);
    }
}
