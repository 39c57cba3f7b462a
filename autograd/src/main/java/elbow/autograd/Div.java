package elbow.autograd;

import elbow.tensor.Tensor;

/**
 * y = a / b (broadcasting).  da = g/b, db = −g·a/b² = −(g/b)·y: both from the one quotient g/b and the
 * saved result, so a is not kept and b² is never formed (it would overflow long before a/b does).
 */
final class Div extends BinaryPrimitive {
    @Override
    protected Tensor forward(Tensor a, Tensor b) {
        Tensor y = a.div(b);
        save(b, y);
        return y;
    }

    @Override
    protected Tensor[] backward(Tensor g, boolean[] needs) {
        Tensor b = saved(0), y = saved(1);
        Tensor gOverB = g.div(b);
        return new Tensor[] {
            needs[0] ? unbroadcast(gOverB, 0) : null,
            needs[1] ? unbroadcast(gOverB.mul(y).mulInPlace(-1.0), 1) : null,
        };
    }
}
