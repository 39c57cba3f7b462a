package elbow.autograd;

import elbow.tensor.Tensor;

/**
 * y = x^p for a constant p.  dx = g·p·x^{p−1}. Written with x^{p−1} rather than p·y/x so that x = 0
 * gives the right limit (0 for p &gt; 1) instead of 0/0.
 */
final class PowConst extends UnaryPrimitive {
    private final double p;

    PowConst(double p) {
        this.p = p;
    }

    @Override
    protected Tensor forward(Tensor x) {
        save(x);
        return x.pow(p);
    }

    @Override
    protected Tensor backward(Tensor g) {
        if (p == 0.0) return Tensor.zerosLike(g);
        if (p == 1.0) return g;
        Tensor x = saved(0);
        Tensor dydx = p == 2.0 ? x.mul(2.0) : x.pow(p - 1.0).mulInPlace(p);
        return dydx.mul(g);
    }
}
