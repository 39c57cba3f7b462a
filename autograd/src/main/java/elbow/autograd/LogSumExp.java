package elbow.autograd;

import elbow.tensor.Shape;
import elbow.tensor.Tensor;

/**
 * y = log Σ exp x over {@code axes}, fused: the kernel subtracts the maximum first, so it neither
 * overflows nor underflows to log 0 (IWAE's bound is this over k importance weights of size ~e^{−100}).
 * dx = g·exp(x − y) = g·softmax(x): each weight is at most 1, so the backward is stable as well.
 */
final class LogSumExp extends UnaryPrimitive {
    private final int[] axes;
    private final boolean keepDims;
    private int[] keptShape;

    LogSumExp(int[] axes, boolean keepDims) {
        this.axes = axes.clone();
        this.keepDims = keepDims;
    }

    @Override
    protected Tensor forward(Tensor x) {
        int[] ax = Shape.axes(axes, x.shape());
        keptShape = Reductions.keptShape(x.shape(), ax);
        Tensor y = x.logSumExpKeep(ax);
        save(x, y);
        return keepDims ? y : y.reshape(Reductions.droppedShape(x.shape(), ax));
    }

    @Override
    protected Tensor backward(Tensor g) {
        Tensor x = saved(0), y = saved(1);
        return x.sub(y).exp().mul(g.reshape(keptShape));
    }
}
