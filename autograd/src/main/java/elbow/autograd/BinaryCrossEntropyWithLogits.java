package elbow.autograd;

import elbow.tensor.Tensor;

/**
 * y = softplus(l) − x·l = −log Bernoulli(x | σ(l)), elementwise, logits l and targets x (broadcasting).
 * dl = g·(σ(l) − x), dx = −g·l.
 *
 * <p>Fused because the MNIST VAE's likelihood is this op on every pixel: one node with one saved pair
 * instead of three, and a backward that is one formula instead of the chain through softplus and mul.
 * Stable for any logit: softplus never overflows, σ never divides by zero. For large |l| the difference
 * softplus(l) − x·l loses relative (not absolute) accuracy, which is what a summed log-likelihood needs.
 */
final class BinaryCrossEntropyWithLogits extends BinaryPrimitive {
    @Override
    protected Tensor forward(Tensor logits, Tensor targets) {
        save(logits, targets);
        return logits.softplus().sub(targets.mul(logits));
    }

    @Override
    protected Tensor[] backward(Tensor g, boolean[] needs) {
        Tensor l = saved(0), x = saved(1);
        return new Tensor[] {
            needs[0] ? unbroadcast(l.sigmoid().sub(x).mul(g), 0) : null,
            needs[1] ? unbroadcast(g.mul(l).mulInPlace(-1.0), 1) : null,
        };
    }
}
