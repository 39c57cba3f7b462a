package elbow.autograd;

import elbow.tensor.Shape;
import elbow.tensor.Tensor;

/**
 * y = Σ x over {@code axes} (all axes when none are given), keeping them as size 1 or dropping them.
 * dx = g broadcast back over the summed axes: the adjoint of a sum is an expand, just as the adjoint
 * of {@link Expand} is this sum.
 */
final class Sum extends UnaryPrimitive {
    private final int[] axes;
    private final boolean keepDims;
    private int[] inShape, keptShape;

    Sum(int[] axes, boolean keepDims) {
        this.axes = axes.clone();
        this.keepDims = keepDims;
    }

    @Override
    protected Tensor forward(Tensor x) {
        inShape = x.shape();
        int[] ax = Shape.axes(axes, inShape);
        keptShape = Reductions.keptShape(inShape, ax);
        return keepDims ? x.sumKeep(ax) : x.sum(ax);
    }

    @Override
    protected Tensor backward(Tensor g) {
        Tensor kept = g.reshape(keptShape);
        return Shape.equal(keptShape, inShape) ? kept : kept.expand(inShape);
    }
}
