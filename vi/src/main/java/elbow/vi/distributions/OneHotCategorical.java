package elbow.vi.distributions;

import elbow.autograd.Var;
import elbow.tensor.DType;
import elbow.tensor.Rng;
import elbow.tensor.Shape;
import elbow.tensor.Tensor;

/**
 * A {@link Categorical} whose values are one-hot vectors (event shape [K]), the form a decoder
 * consumes and the hard half of straight-through Gumbel-Softmax.
 *
 * <pre>
 *   log p(x) = Σ_k x_k log p_k,   E[x] = p,   Var[x_k] = p_k (1 − p_k),   H as the Categorical's
 * </pre>
 *
 * The log-mass is linear in x, hence differentiable in the value as well as in the parameters (the
 * gradient a straight-through sample passes back); it equals the Categorical log-mass at one-hot x.
 */
public final class OneHotCategorical implements Distribution {
    private final Categorical categorical;

    private OneHotCategorical(Categorical categorical) {
        this.categorical = categorical;
    }

    /** softmax(logits) along the last axis. */
    public static OneHotCategorical ofLogits(Var logits) {
        return new OneHotCategorical(Categorical.ofLogits(logits));
    }

    /** Probabilities along the last axis: entries in [0, 1], rows summing to 1 within rounding. */
    public static OneHotCategorical ofProbs(Var probs) {
        return new OneHotCategorical(Categorical.ofProbs(probs));
    }

    /** The same distribution over indices. */
    public Categorical categorical() { return categorical; }

    public int categories() { return categorical.categories(); }
    public Var logProbs() { return categorical.logProbs(); }
    public Var probs() { return categorical.probs(); }
    public Var logits() { return categorical.logits(); }

    @Override public int[] batchShape() { return categorical.batchShape(); }
    @Override public int[] eventShape() { return new int[] {categorical.categories()}; }
    @Override public DType dtype() { return categorical.dtype(); }

    @Override
    public Tensor sample(Rng rng, int... sampleShape) {
        int[] idx = categorical.sampleIndices(rng, sampleShape);
        return Tensor.oneHot(idx, categories(), dtype()).reshape(shape(sampleShape));
    }

    @Override
    public Var logProb(Var value) {
        Checks.value(this, value, "logProb");
        return value.mul(logProbs()).sum(-1);
    }

    @Override
    public Var entropy() {
        return categorical.entropy();
    }

    @Override
    public Var mean() {
        return probs();
    }

    @Override
    public Var variance() {
        Var p = probs();
        return p.mul(p.rsub(1.0));
    }

    @Override
    public OneHotCategorical detach() {
        return new OneHotCategorical(categorical.detach());
    }

    @Override
    public String toString() {
        return "OneHotCategorical(batch " + Shape.str(batchShape()) + ", K = " + categories() + ", " + dtype() + ")";
    }
}
