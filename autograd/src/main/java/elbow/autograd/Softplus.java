package elbow.autograd;

import elbow.tensor.Tensor;

/**
 * y = log(1 + eˣ).  dx = g·σ(x). The input is saved rather than the result: σ(x) = 1 − e^{−y} would
 * need expm1 and two negations to stay accurate for x ≪ 0, while σ(x) is one stable kernel pass.
 */
final class Softplus extends UnaryPrimitive {
    @Override
    protected Tensor forward(Tensor x) {
        save(x);
        return x.softplus();
    }

    @Override
    protected Tensor backward(Tensor g) {
        return saved(0).sigmoid().mul(g);
    }
}
