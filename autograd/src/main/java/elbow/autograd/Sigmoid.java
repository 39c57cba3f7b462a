package elbow.autograd;

import elbow.tensor.Tensor;

/**
 * y = σ(x) = 1 / (1 + e^{−x}).  dx = g·y(1 − y), from the result. For x ≫ 0, 1 − y rounds to 0 (true
 * value e^{−x}); for x ≪ 0, y itself is accurate, so only the positive tail loses relative accuracy,
 * by less than one ulp of 1 in absolute terms.
 */
final class Sigmoid extends UnaryPrimitive {
    @Override
    protected Tensor forward(Tensor x) {
        Tensor y = x.sigmoid();
        save(y);
        return y;
    }

    @Override
    protected Tensor backward(Tensor g) {
        Tensor y = saved(0);
        Tensor gy = g.mul(y);
        return gy.axpyInPlace(-1.0, gy.mul(y)); // g·y − g·y²
    }
}
