package elbow.autograd;

import elbow.tensor.Shape;
import elbow.tensor.Tensor;

/**
 * y = max x over {@code axes}.  dx = g at the maxima, 0 elsewhere; tied maxima share g equally (the
 * choice of PyTorch's amax, and the one that keeps Σ dx = g whatever the ties).
 */
final class Max extends UnaryPrimitive {
    private final int[] axes;
    private final boolean keepDims;
    private int[] ax, keptShape;

    Max(int[] axes, boolean keepDims) {
        this.axes = axes.clone();
        this.keepDims = keepDims;
    }

    @Override
    protected Tensor forward(Tensor x) {
        ax = Shape.axes(axes, x.shape());
        keptShape = Reductions.keptShape(x.shape(), ax);
        Tensor y = x.maxKeep(ax);
        save(x, y);
        return keepDims ? y : y.reshape(Reductions.droppedShape(x.shape(), ax));
    }

    @Override
    protected Tensor backward(Tensor g) {
        Tensor x = saved(0), y = saved(1);
        Tensor atMax = x.eq(y);
        Tensor share = g.reshape(keptShape).div(atMax.sumKeep(ax));
        return atMax.mul(share);
    }
}
