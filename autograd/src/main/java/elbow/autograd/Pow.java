package elbow.autograd;

import elbow.tensor.Tensor;

/**
 * y = a^b elementwise (broadcasting).  da = g·b·a^{b−1}, db = g·y·log a.
 *
 * <p>db needs a &gt; 0 (a^b of a negative base is real only for integer b, and not differentiable in
 * b). At a = 0 the formula is 0·(−∞); the limit for b &gt; 0 is 0, which is what is returned.
 */
final class Pow extends BinaryPrimitive {
    @Override
    protected Tensor forward(Tensor a, Tensor b) {
        Tensor y = a.pow(b);
        save(a, b, y);
        return y;
    }

    @Override
    protected Tensor[] backward(Tensor g, boolean[] needs) {
        Tensor a = saved(0), b = saved(1), y = saved(2);
        Tensor da = null, db = null;
        if (needs[0]) da = unbroadcast(a.pow(b.add(-1.0)).mul(b).mul(g), 0);
        if (needs[1]) {
            Tensor zero = Tensor.scalar(0.0, a.dtype());
            Tensor logA = a.log();
            Tensor isZero = a.eq(zero);
            if (isZero.sumAll() > 0) logA = isZero.where(zero, logA); // y = 0 there: take the limit 0, not 0·(−∞)
            db = unbroadcast(logA.mul(y).mul(g), 1);
        }
        return new Tensor[] {da, db};
    }
}
