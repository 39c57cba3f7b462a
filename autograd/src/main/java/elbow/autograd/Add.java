package elbow.autograd;

import elbow.tensor.Tensor;

/** y = a + b (broadcasting).  da = g, db = g, each summed over its broadcast axes; no copy otherwise. */
final class Add extends BinaryPrimitive {
    @Override
    protected Tensor forward(Tensor a, Tensor b) {
        return a.add(b);
    }

    @Override
    protected Tensor[] backward(Tensor g, boolean[] needs) {
        return new Tensor[] {
            needs[0] ? unbroadcast(g, 0) : null,
            needs[1] ? unbroadcast(g, 1) : null,
        };
    }
}
