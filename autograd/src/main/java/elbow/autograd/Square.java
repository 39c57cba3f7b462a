package elbow.autograd;

import elbow.tensor.Tensor;

/** y = x².  dx = 2x·g. */
final class Square extends UnaryPrimitive {
    @Override
    protected Tensor forward(Tensor x) {
        save(x);
        return x.square();
    }

    @Override
    protected Tensor backward(Tensor g) {
        return g.mul(saved(0)).mulInPlace(2.0);
    }
}
