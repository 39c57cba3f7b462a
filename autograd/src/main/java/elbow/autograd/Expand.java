package elbow.autograd;

import elbow.tensor.Tensor;

/** y = x broadcast to {@code shape} (materialised).  dx = g summed over the broadcast axes: {@link Sum}'s adjoint. */
final class Expand extends UnaryPrimitive {
    private final int[] shape;
    private int[] inShape;

    Expand(int[] shape) {
        this.shape = shape.clone();
    }

    @Override
    protected Tensor forward(Tensor x) {
        inShape = x.shape();
        return x.expand(shape);
    }

    @Override
    protected Tensor backward(Tensor g) {
        return Unbroadcast.sumTo(g, inShape);
    }
}
