package elbow.vi.distributions;

import elbow.autograd.Var;
import elbow.tensor.DType;
import elbow.tensor.Rng;
import elbow.tensor.Shape;
import elbow.tensor.Tensor;

import java.util.Arrays;

/**
 * Reinterprets the rightmost {@code n} batch axes of a distribution as event axes (Pyro's
 * {@code to_event}, PyTorch's {@code Independent}): a diagonal Gaussian q(z|x) of batch [B, D] becomes
 * a distribution of batch [B] and event [D] whose log-density and entropy sum over the D latents.
 * Sampling, the mean, the variance and reparameterization are the base distribution's.
 */
public final class Independent implements Distribution {
    private final Distribution base;
    private final int n;

    public Independent(Distribution base, int reinterpretedBatchAxes) {
        int rank = base.batchShape().length;
        if (reinterpretedBatchAxes < 0 || reinterpretedBatchAxes > rank) {
            throw new IllegalArgumentException("Independent: cannot reinterpret " + reinterpretedBatchAxes + " batch axes of " + base.name()
                    + ", whose batch shape " + Shape.str(base.batchShape()) + " has " + rank);
        }
        this.base = base;
        this.n = reinterpretedBatchAxes;
    }

    public Distribution base() { return base; }

    /** How many batch axes of the base became event axes. */
    public int reinterpretedBatchAxes() { return n; }

    @Override
    public String name() {
        return "Independent(" + base.name() + ", " + n + ")";
    }

    @Override
    public int[] batchShape() {
        int[] b = base.batchShape();
        return Arrays.copyOf(b, b.length - n);
    }

    @Override
    public int[] eventShape() {
        int[] b = base.batchShape();
        return Checks.concat(Arrays.copyOfRange(b, b.length - n, b.length), base.eventShape());
    }

    @Override public DType dtype() { return base.dtype(); }

    @Override public Tensor sample(Rng rng, int... sampleShape) { return base.sample(rng, sampleShape); }
    @Override public boolean hasRsample() { return base.hasRsample(); }
    @Override public Var rsample(Rng rng, int... sampleShape) { return base.rsample(rng, sampleShape); }

    @Override
    public Var logProb(Var value) {
        return sumRightmost(base.logProb(value), n);
    }

    @Override
    public Var entropy() {
        return sumRightmost(base.entropy(), n);
    }

    @Override public Var mean() { return base.mean(); }
    @Override public Var variance() { return base.variance(); }

    @Override
    public Independent detach() {
        return new Independent(base.detach(), n);
    }

    /** Sum over the last {@code k} axes (none: the value itself). */
    static Var sumRightmost(Var v, int k) {
        if (k == 0) return v;
        int r = v.rank();
        int[] axes = new int[k];
        for (int i = 0; i < k; i++) axes[i] = r - k + i;
        return v.sum(axes);
    }

    @Override
    public String toString() {
        return "Independent(" + base + ", " + n + ")";
    }
}
