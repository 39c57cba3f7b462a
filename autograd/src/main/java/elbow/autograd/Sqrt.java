package elbow.autograd;

import elbow.tensor.Tensor;

/** y = √x.  dx = g / (2y), from the result (infinite at x = 0, as the derivative is). */
final class Sqrt extends UnaryPrimitive {
    @Override
    protected Tensor forward(Tensor x) {
        Tensor y = x.sqrt();
        save(y);
        return y;
    }

    @Override
    protected Tensor backward(Tensor g) {
        return g.div(saved(0)).mulInPlace(0.5);
    }
}
