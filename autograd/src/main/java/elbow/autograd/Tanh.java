package elbow.autograd;

import elbow.tensor.Tensor;

/**
 * y = tanh x.  dx = g·(1 − y²), from the result. In saturation (|x| ≳ 10 in float32, 19 in float64)
 * y rounds to ±1 and 1 − y² to 0, while the true derivative is 4e^{−2|x|}: an absolute error below one
 * ulp of 1, which is what the gradient of a saturated unit can carry anyway.
 */
final class Tanh extends UnaryPrimitive {
    @Override
    protected Tensor forward(Tensor x) {
        Tensor y = x.tanh();
        save(y);
        return y;
    }

    @Override
    protected Tensor backward(Tensor g) {
        Tensor y = saved(0);
        return y.square().mul(g).mulInPlace(-1.0).addInPlace(g); // g − g·y²
    }
}
