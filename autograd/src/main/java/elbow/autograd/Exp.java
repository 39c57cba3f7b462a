package elbow.autograd;

import elbow.tensor.Tensor;

/** y = eˣ.  dx = g·y: the result is the derivative, so the output is saved, not the input. */
final class Exp extends UnaryPrimitive {
    @Override
    protected Tensor forward(Tensor x) {
        Tensor y = x.exp();
        save(y);
        return y;
    }

    @Override
    protected Tensor backward(Tensor g) {
        return g.mul(saved(0));
    }
}
