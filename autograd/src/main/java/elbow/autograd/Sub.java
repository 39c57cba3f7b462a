package elbow.autograd;

import elbow.tensor.Tensor;

/** y = a − b (broadcasting).  da = g, db = −g; b's gradient is negated after summing (fewer elements). */
final class Sub extends BinaryPrimitive {
    @Override
    protected Tensor forward(Tensor a, Tensor b) {
        return a.sub(b);
    }

    @Override
    protected Tensor[] backward(Tensor g, boolean[] needs) {
        return new Tensor[] {
            needs[0] ? unbroadcast(g, 0) : null,
            needs[1] ? unbroadcast(g, 1).neg() : null,
        };
    }
}
