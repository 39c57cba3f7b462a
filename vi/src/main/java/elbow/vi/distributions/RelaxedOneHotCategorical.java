package elbow.vi.distributions;

import elbow.autograd.Var;
import elbow.tensor.DType;
import elbow.tensor.Rng;
import elbow.tensor.Shape;
import elbow.tensor.Tensor;
import elbow.vi.special.Special;

/**
 * The Concrete or Gumbel-Softmax distribution (Maddison, Mnih and Teh 2017; Jang, Gu and Poole 2017):
 * a continuous relaxation of {@link OneHotCategorical} on the probability simplex (event shape [K]),
 * with class probabilities p and temperature τ &gt; 0. As τ → 0 its draws approach one-hot vectors whose
 * argmax is Categorical(p); for every τ the argmax of a draw is exactly Categorical(p) (Gumbel-max).
 *
 * <pre>
 *   rsample:  y = softmax((log p + g)/τ),  g_k ~ Gumbel(0, 1) iid
 *   log p(y) = log Γ(K) + (K−1) log τ + Σ_k (log p_k − (τ+1) log y_k) − K · logΣexp_k(log p_k − τ log y_k)
 * </pre>
 *
 * (the density of Maddison et al., Definition 1 / eq. 2, with respect to Lebesgue measure on the first
 * K−1 coordinates). It is differentiable in y, in the class parameters and in τ. It is evaluated at
 * log y: where a coordinate of y has underflowed to 0 (float32 at low temperature) it is not finite.
 * The entropy, mean and variance have no closed form and throw; estimate them from samples.
 * Every class probability must be positive (logits finite): with a zero class the density lives on a
 * face of the simplex and the formula above does not apply. A probability that merely underflows
 * (float32 logits more than about 100 apart) is positive in this sense: log p stays finite.
 * {@link #straightThrough()} gives the straight-through variant.
 */
public final class RelaxedOneHotCategorical implements Distribution {
    private final Var temperature;
    private final Categorical classes;
    private final int[] batchShape;

    /**
     * @param temperature τ &gt; 0, of a shape broadcasting with the class batch shape (usually a scalar)
     * @param classes     the categorical whose relaxation this is; all its probabilities must be positive
     */
    public RelaxedOneHotCategorical(Var temperature, Categorical classes) {
        this(temperature, classes, true);
    }

    private RelaxedOneHotCategorical(Var temperature, Categorical classes, boolean validate) {
        if (temperature.dtype() != classes.dtype()) {
            throw new IllegalArgumentException("RelaxedOneHotCategorical: temperature is " + temperature.dtype() + " but the class parameters are " + classes.dtype());
        }
        try {
            this.batchShape = Shape.broadcast(temperature.shape(), classes.batchShape());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("RelaxedOneHotCategorical: temperature of shape " + Shape.str(temperature.shape())
                    + " does not broadcast with the class batch shape " + Shape.str(classes.batchShape()), e);
        }
        if (validate && ArgumentValidation.isEnabled()) {
            Checks.positive("RelaxedOneHotCategorical", "temperature", temperature);
            // Judged on the log scale: finite logits 104 apart make a float32 probability underflow to 0,
            // yet the class is possible and its log-probability finite, which is all the sampler and the
            // density use. A zero class shows as Categorical's stand-in for log 0.
            Tensor lp = Checks.withoutGradient(classes::logProbs);
            double logZero = Categorical.lowest(lp.dtype());
            for (int i = 0; i < lp.size(); i++) {
                if (!(lp.getFlat(i) > logZero)) {
                    throw new IllegalArgumentException("RelaxedOneHotCategorical: every class probability must be positive, got 0 (a logit of -infinity"
                            + " or a zero probability) at flat index " + i + " (shape " + Shape.str(lp.shape()) + ")");
                }
            }
        }
        this.temperature = temperature;
        this.classes = classes;
    }

    public static RelaxedOneHotCategorical ofLogits(Var temperature, Var logits) {
        return new RelaxedOneHotCategorical(temperature, Categorical.ofLogits(logits));
    }

    public static RelaxedOneHotCategorical ofProbs(Var temperature, Var probs) {
        return new RelaxedOneHotCategorical(temperature, Categorical.ofProbs(probs));
    }

    /** A constant temperature τ of the class parameters' dtype. */
    public static RelaxedOneHotCategorical ofLogits(double temperature, Var logits) {
        return ofLogits(Checks.constant(temperature, logits.dtype()), logits);
    }

    public static RelaxedOneHotCategorical ofProbs(double temperature, Var probs) {
        return ofProbs(Checks.constant(temperature, probs.dtype()), probs);
    }

    /** The straight-through variant: one-hot draws whose gradient is that of these relaxed draws. */
    public RelaxedOneHotCategoricalStraightThrough straightThrough() {
        return new RelaxedOneHotCategoricalStraightThrough(this);
    }

    public Var temperature() { return temperature; }

    /** The categorical being relaxed: the law of the argmax of a draw. */
    public Categorical classes() { return classes; }

    public int categories() { return classes.categories(); }

    @Override public int[] batchShape() { return batchShape.clone(); }
    @Override public int[] eventShape() { return new int[] {classes.categories()}; }
    @Override public DType dtype() { return classes.dtype(); }

    /** τ with a trailing axis of 1, to broadcast along the categories. */
    private Var temperatureAlongEvent() {
        return temperature.reshape(Checks.concat(temperature.shape(), new int[] {1}));
    }

    @Override
    public Tensor sample(Rng rng, int... sampleShape) {
        return Checks.withoutGradient(() -> rsample(rng, sampleShape));
    }

    @Override public boolean hasRsample() { return true; }

    @Override
    public Var rsample(Rng rng, int... sampleShape) {
        Checks.sampleShape(name(), sampleShape);
        Var g = Var.constant(rng.gumbel(dtype(), shape(sampleShape)));
        return classes.logProbs().add(g).div(temperatureAlongEvent()).softmax(-1);
    }

    @Override
    public Var logProb(Var value) {
        Checks.value(this, value, "logProb");
        int k = classes.categories();
        Var lp = classes.logProbs(), tau = temperatureAlongEvent(), logY = value.log();
        Var perClass = lp.sub(tau.add(1.0).mul(logY)).sum(-1);
        Var normaliser = lp.sub(tau.mul(logY)).logSumExp(-1).mul(k);
        Var constant = temperature.log().mul(k - 1).add(Special.lgamma(k));
        return perClass.sub(normaliser).add(constant);
    }

    @Override
    public Var entropy() {
        throw noClosedForm("entropy");
    }

    @Override
    public Var mean() {
        throw noClosedForm("mean");
    }

    @Override
    public Var variance() {
        throw noClosedForm("variance");
    }

    UnsupportedOperationException noClosedForm(String what) {
        return new UnsupportedOperationException(name() + ": the " + what + " has no closed form; estimate it from rsample() draws"
                + (what.equals("entropy") ? " as −mean(logProb(draw))" : ""));
    }

    @Override
    public RelaxedOneHotCategorical detach() {
        return new RelaxedOneHotCategorical(temperature.detach(), classes.detach(), false);
    }

    @Override
    public String toString() {
        return "RelaxedOneHotCategorical(batch " + Shape.str(batchShape) + ", K = " + categories() + ", " + dtype() + ")";
    }
}
