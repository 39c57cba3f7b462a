package elbow.autograd;

import elbow.tensor.Tensor;

/** y = min(a, b) elementwise (broadcasting).  da = g·[a ≤ b], db = g·[a &gt; b]; ties go to a, as in {@link Maximum}. */
final class Minimum extends BinaryPrimitive {
    @Override
    protected Tensor forward(Tensor a, Tensor b) {
        save(a, b);
        return a.minimum(b);
    }

    @Override
    protected Tensor[] backward(Tensor g, boolean[] needs) {
        Tensor toA = g.mul(saved(0).le(saved(1)));
        return new Tensor[] {
            needs[0] ? unbroadcast(toA, 0) : null,
            needs[1] ? unbroadcast(g.sub(toA), 1) : null,
        };
    }
}
