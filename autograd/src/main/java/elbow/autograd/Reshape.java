package elbow.autograd;

import elbow.tensor.Tensor;

/** y = x viewed with a new shape (the data is shared).  dx = g viewed with x's shape: no copy either way. */
final class Reshape extends UnaryPrimitive {
    private final int[] shape;
    private int[] inShape;

    Reshape(int[] shape) {
        this.shape = shape.clone();
    }

    @Override
    protected Tensor forward(Tensor x) {
        inShape = x.shape();
        return x.reshape(shape);
    }

    @Override
    protected Tensor backward(Tensor g) {
        return g.reshape(inShape);
    }
}
