package elbow.autograd;

import elbow.tensor.Tensor;

/**
 * y = log(1 + x), accurate for small x.  dx = g / (1 + x). The sum 1 + x is exact for x in
 * [−1/2, 1] and relatively accurate elsewhere, so the gradient stays accurate near x = −1 where it blows up.
 */
final class Log1p extends UnaryPrimitive {
    @Override
    protected Tensor forward(Tensor x) {
        save(x);
        return x.log1p();
    }

    @Override
    protected Tensor backward(Tensor g) {
        return g.div(saved(0).add(1.0));
    }
}
