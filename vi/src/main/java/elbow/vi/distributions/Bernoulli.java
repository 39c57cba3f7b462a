package elbow.vi.distributions;

import elbow.autograd.Var;
import elbow.tensor.DType;
import elbow.tensor.Rng;
import elbow.tensor.Shape;
import elbow.tensor.Tensor;

/**
 * Bernoulli with logits l (p = σ(l)), elementwise (event shape []). Everything is computed from the
 * logits in log space, so no probability is ever rounded to 0 or 1 before its logarithm is taken:
 *
 * <pre>
 *   log p(x) = x·l − softplus(l)            (one fused, stable primitive)
 *   H = softplus(l) − l·σ(l),   E[x] = σ(l),   Var[x] = σ(l)·σ(−l)
 * </pre>
 *
 * {@link #logProb} is linear in x, hence differentiable in it; for x outside {0, 1} (grey levels in
 * [0, 1]) it is the binary cross-entropy, not a normalised density. No reparameterized sampler.
 */
public final class Bernoulli implements Distribution {
    private final Var logits;
    /** Non-null when built from probabilities: the logits are then log p − log(1 − p), computed per call. */
    private final Var probs;
    private final DType dtype;

    /** Bernoulli(σ(logits)). Validates: logits finite. */
    public Bernoulli(Var logits) {
        this(logits, null, true);
    }

    /** Bernoulli(p), with every p in the open interval (0, 1); the logits log p − log(1 − p) are derived. */
    public static Bernoulli ofProbs(Var probs) {
        return new Bernoulli(null, probs, true);
    }

    /** A float64 scalar Bernoulli(p). */
    public static Bernoulli ofProb(double p) {
        return ofProbs(Checks.constant(p, DType.F64));
    }

    private Bernoulli(Var logits, Var probs, boolean validate) {
        Var p = logits != null ? logits : probs;
        if (validate && ArgumentValidation.isEnabled()) {
            Tensor t = p.value();
            int i = logits != null ? Checks.firstViolation(t, Double::isFinite) : Checks.firstViolation(t, v -> v > 0 && v < 1);
            if (i >= 0) {
                throw new IllegalArgumentException("Bernoulli: " + (logits != null ? "logits must be finite" : "probs must be in the open interval (0, 1)")
                        + ", got " + t.getFlat(i) + " at flat index " + i + " (shape " + Shape.str(t.shape()) + ")");
            }
        }
        this.logits = logits;
        this.probs = probs;
        this.dtype = p.dtype();
    }

    /** The logits l = log p − log(1 − p). */
    public Var logits() {
        return logits != null ? logits : probs.log().sub(probs.neg().log1p());
    }

    /** The probabilities p = σ(l). */
    public Var probs() {
        return probs != null ? probs : logits.sigmoid();
    }

    @Override public int[] batchShape() { return (logits != null ? logits : probs).shape().clone(); }
    @Override public int[] eventShape() { return Shape.SCALAR.clone(); }
    @Override public DType dtype() { return dtype; }

    @Override
    public Tensor sample(Rng rng, int... sampleShape) {
        Checks.sampleShape(name(), sampleShape);
        return rng.bernoulli(Checks.withoutGradient(this::probs).expand(shape(sampleShape)));
    }

    @Override
    public Var logProb(Var value) {
        Checks.value(this, value, "logProb");
        return logits().binaryCrossEntropyWithLogits(value).neg();
    }

    @Override
    public Var entropy() {
        Var l = logits();
        return l.softplus().sub(l.mul(l.sigmoid()));
    }

    @Override
    public Var mean() {
        return probs();
    }

    @Override
    public Var variance() {
        Var l = logits();
        return l.sigmoid().mul(l.neg().sigmoid());
    }

    @Override
    public Bernoulli detach() {
        return new Bernoulli(logits != null ? logits.detach() : null, probs != null ? probs.detach() : null, false);
    }

    @Override
    public String toString() {
        return "Bernoulli(batch " + Shape.str(batchShape()) + ", " + dtype + ")";
    }
}
