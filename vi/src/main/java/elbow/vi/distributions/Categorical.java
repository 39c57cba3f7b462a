package elbow.vi.distributions;

import elbow.autograd.Var;
import elbow.tensor.DType;
import elbow.tensor.Rng;
import elbow.tensor.Shape;
import elbow.tensor.Tensor;

import java.util.Arrays;

/**
 * Categorical over {0, …, K−1}, parameterised by logits or by probabilities along the last axis of
 * the parameter (batch shape = the parameter's shape less that axis, event shape []). Values are
 * category indices stored as numbers of the distribution's dtype.
 *
 * <pre>
 *   log p(k) = log softmax(l)_k,   H = −Σ_k p_k log p_k,   E[k] = Σ_k k p_k,   Var[k] = Σ_k k² p_k − E[k]²
 * </pre>
 *
 * <p>Zero probabilities are allowed (from probabilities, or logits of −∞): their log-probability is
 * held at the most negative finite number of the dtype, so that 0·log 0 terms give 0 rather than NaN,
 * and the log-mass of an impossible category is that number (effectively −∞), not NaN.
 * The log-mass is differentiable in the parameters; a value is a set of indices, so it has no
 * gradient (use {@link OneHotCategorical} for a value that carries one). No reparameterized sampler:
 * see {@link RelaxedOneHotCategorical} for the Gumbel-Softmax relaxation.
 */
public final class Categorical implements Distribution {
    private final Var logits;
    private final Var probs;
    private final int[] batchShape;
    private final int categories;
    private final DType dtype;

    private Categorical(Var logits, Var probs, boolean validate) {
        Var p = logits != null ? logits : probs;
        String param = logits != null ? "logits" : "probs";
        int[] s = p.shape();
        if (s.length == 0 || s[s.length - 1] == 0) {
            throw new IllegalArgumentException("Categorical: " + param + " needs a last axis of at least one category, shape is " + Shape.str(s));
        }
        if (validate && ArgumentValidation.isEnabled()) {
            if (logits != null) {
                Tensor t = logits.value();
                int i = Checks.firstViolation(t, v -> !Double.isNaN(v) && v != Double.POSITIVE_INFINITY);
                if (i >= 0) {
                    throw new IllegalArgumentException("Categorical: logits must be finite or −∞, got " + t.getFlat(i) + " at flat index " + i + " (shape " + Shape.str(s) + ")");
                }
                int k = s[s.length - 1];
                for (int r = 0; r < t.size() / k; r++) {
                    boolean any = false;
                    for (int j = 0; j < k && !any; j++) any = t.getFlat(r * k + j) > Double.NEGATIVE_INFINITY;
                    if (!any) throw new IllegalArgumentException("Categorical: logits of row " + r + " are all −∞ (shape " + Shape.str(s) + ")");
                }
            } else {
                Checks.simplex("Categorical", "probs", probs);
            }
        }
        this.logits = logits;
        this.probs = probs;
        this.batchShape = Arrays.copyOf(s, s.length - 1);
        this.categories = s[s.length - 1];
        this.dtype = p.dtype();
    }

    /** Categorical(softmax(logits)) along the last axis. */
    public static Categorical ofLogits(Var logits) {
        return new Categorical(logits, null, true);
    }

    /** Categorical(probs): entries in [0, 1], rows (last axis) summing to 1 within rounding. */
    public static Categorical ofProbs(Var probs) {
        return new Categorical(null, probs, true);
    }

    /** A float64 Categorical with constant probabilities. */
    public static Categorical ofProbs(double... probs) {
        return ofProbs(Var.constant(Tensor.of(probs)));
    }

    /** K, the number of categories. */
    public int categories() { return categories; }

    /** The normalised log-probabilities, batch ++ [K], with −∞ held at the dtype's lowest finite number. */
    public Var logProbs() {
        if (logits != null) return finite(logits.logSoftmax(-1));
        // log of the renormalised probabilities. Zeros go through the double-where trick: the log is
        // taken of 1 there and the result replaced, so the gradient at a zero is 0, not 0·(1/0) = NaN.
        Var q = probs.div(probs.sumKeep(-1));
        Tensor positive = probs.value().gt(Tensor.scalar(0.0, dtype));
        if (positive.sumAll() == positive.size()) return q.log();
        Var safe = Var.where(positive, q, Checks.constant(1.0, dtype));
        return Var.where(positive, safe.log(), Checks.constant(lowest(dtype), dtype));
    }

    /** The probabilities, batch ++ [K]. */
    public Var probs() {
        return logits != null ? logits.softmax(-1) : probs.div(probs.sumKeep(-1));
    }

    /** The logits as given, or log-probabilities when built from probabilities. */
    public Var logits() {
        return logits != null ? logits : logProbs();
    }

    @Override public int[] batchShape() { return batchShape.clone(); }
    @Override public int[] eventShape() { return Shape.SCALAR.clone(); }
    @Override public DType dtype() { return dtype; }

    @Override
    public Tensor sample(Rng rng, int... sampleShape) {
        int[] idx = sampleIndices(rng, sampleShape);
        Tensor out = Tensor.zeros(dtype, shape(sampleShape));
        for (int i = 0; i < idx.length; i++) out.setFlat(i, idx[i]);
        return out;
    }

    /** Draws as int indices, row-major over sampleShape ++ batch. */
    int[] sampleIndices(Rng rng, int... sampleShape) {
        Checks.sampleShape(name(), sampleShape);
        int[] rows = shape(sampleShape);
        Tensor p = Checks.withoutGradient(this::probs).expand(Checks.concat(rows, new int[] {categories}));
        return rng.categorical(p);
    }

    @Override
    public Var logProb(Var value) {
        Checks.value(this, value, "logProb");
        Tensor mask = oneHot(value.value());
        return Var.where(mask, logProbs(), Checks.constant(0.0, dtype)).sum(-1);
    }

    @Override
    public Var entropy() {
        Var lp = logProbs();
        return lp.exp().mul(lp).sum(-1).neg();
    }

    @Override
    public Var mean() {
        return probs().mul(Var.constant(Tensor.arange(categories, dtype))).sum(-1);
    }

    @Override
    public Var variance() {
        Var k = Var.constant(Tensor.arange(categories, dtype));
        Var p = probs();
        Var m = p.mul(k).sum(-1);
        return p.mul(k.square()).sum(-1).sub(m.square());
    }

    @Override
    public Categorical detach() {
        return new Categorical(logits != null ? logits.detach() : null, probs != null ? probs.detach() : null, false);
    }

    /** One-hot rows (value.shape ++ [K]) of integer indices in [0, K); throws on anything else. */
    Tensor oneHot(Tensor value) {
        int[] idx = new int[value.size()];
        for (int i = 0; i < idx.length; i++) {
            double v = value.getFlat(i);
            if (!(v >= 0 && v < categories && v == Math.rint(v))) {
                throw new IllegalArgumentException(name() + ".logProb: values must be category indices in 0.." + (categories - 1)
                        + ", got " + v + " at flat index " + i + " of a value of shape " + Shape.str(value.shape()));
            }
            idx[i] = (int) v;
        }
        return Tensor.oneHot(idx, categories, dtype).reshape(Checks.concat(value.shape(), new int[] {categories}));
    }

    /** lp with −∞ replaced by the dtype's most negative finite number. */
    static Var finite(Var lp) {
        Tensor isFinite = lp.value().gt(Tensor.scalar(Double.NEGATIVE_INFINITY, lp.dtype()));
        if (isFinite.sumAll() == isFinite.size()) return lp;
        return Var.where(isFinite, lp, Checks.constant(lowest(lp.dtype()), lp.dtype()));
    }

    /** The most negative finite number of the dtype: log 0 as far as products with 0 are concerned. */
    static double lowest(DType dtype) {
        return dtype == DType.F32 ? -Float.MAX_VALUE : -Double.MAX_VALUE;
    }

    @Override
    public String toString() {
        return "Categorical(batch " + Shape.str(batchShape) + ", K = " + categories + ", " + dtype + ")";
    }
}
