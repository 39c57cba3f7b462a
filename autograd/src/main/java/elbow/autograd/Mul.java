package elbow.autograd;

import elbow.tensor.Tensor;

/** y = a·b (broadcasting).  da = g·b, db = g·a. */
final class Mul extends BinaryPrimitive {
    @Override
    protected Tensor forward(Tensor a, Tensor b) {
        save(a, b);
        return a.mul(b);
    }

    @Override
    protected Tensor[] backward(Tensor g, boolean[] needs) {
        Tensor a = saved(0), b = saved(1);
        return new Tensor[] {
            needs[0] ? unbroadcast(g.mul(b), 0) : null,
            needs[1] ? unbroadcast(g.mul(a), 1) : null,
        };
    }
}
