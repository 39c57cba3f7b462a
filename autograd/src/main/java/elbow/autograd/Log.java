package elbow.autograd;

import elbow.tensor.Tensor;

/** y = log x.  dx = g / x (infinite at x = 0, as the derivative is). */
final class Log extends UnaryPrimitive {
    @Override
    protected Tensor forward(Tensor x) {
        save(x);
        return x.log();
    }

    @Override
    protected Tensor backward(Tensor g) {
        return g.div(saved(0));
    }
}
