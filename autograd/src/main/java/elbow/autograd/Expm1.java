package elbow.autograd;

import elbow.tensor.Tensor;

/**
 * y = eˣ − 1, accurate for small x.  dx = g·eˣ. Computed as exp(x), not y + 1: for x ≪ 0, y + 1 rounds
 * to 0 and loses every digit of the (tiny) derivative, while exp(x) keeps them, for the same cost.
 */
final class Expm1 extends UnaryPrimitive {
    @Override
    protected Tensor forward(Tensor x) {
        save(x);
        return x.expm1();
    }

    @Override
    protected Tensor backward(Tensor g) {
        return saved(0).exp().mul(g);
    }
}
