package elbow.autograd;

import elbow.tensor.Tensor;

/** y = x for x &gt; 0, else s·x.  dx = g·(s + (1 − s)·[x &gt; 0]); at x = 0 the slope s is used. */
final class LeakyRelu extends UnaryPrimitive {
    private final double slope;

    LeakyRelu(double slope) {
        this.slope = slope;
    }

    @Override
    protected Tensor forward(Tensor x) {
        save(x);
        return x.leakyRelu(slope);
    }

    @Override
    protected Tensor backward(Tensor g) {
        Tensor x = saved(0);
        Tensor factor = x.gt(Tensor.scalar(0.0, x.dtype())).mulInPlace(1.0 - slope).addInPlace(Tensor.scalar(slope, x.dtype()));
        return factor.mul(g);
    }
}
