package elbow.autograd;

import elbow.tensor.Tensor;

/**
 * y = x − logΣexp(x) along {@code axis}, fused and stable.  dx = g − exp(y)·Σ g (the sum along the
 * axis): from the result, whose exponential is the softmax, in [0, 1].
 */
final class LogSoftmax extends UnaryPrimitive {
    private final int axis;

    LogSoftmax(int axis) {
        this.axis = axis;
    }

    @Override
    protected Tensor forward(Tensor x) {
        Tensor y = x.logSoftmax(axis);
        save(y);
        return y;
    }

    @Override
    protected Tensor backward(Tensor g) {
        Tensor y = saved(0);
        return g.sub(y.exp().mul(g.sumKeep(axis)));
    }
}
