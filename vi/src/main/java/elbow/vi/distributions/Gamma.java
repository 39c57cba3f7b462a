package elbow.vi.distributions;

import elbow.autograd.Var;
import elbow.tensor.DType;
import elbow.tensor.Rng;
import elbow.tensor.Shape;
import elbow.tensor.Tensor;
import elbow.vi.special.Special;

/**
 * Gamma(shape α, rate β), elementwise over the broadcast shape of α and β (event shape []); also
 * constructible from shape and scale θ = 1/β ({@link #ofShapeScale}), in which case θ itself is the
 * parameter that gradients reach.
 *
 * <pre>
 *   log p(x) = α log β − log Γ(α) + (α − 1) log x − β x
 *   E[x] = α/β,  Var[x] = α/β²,  H = α − log β + log Γ(α) + (1 − α) ψ(α)
 * </pre>
 *
 * <p>Reparameterized sampling is implemented: x = z/β with z ~ Gamma(α, 1) carrying the implicit
 * reparameterization gradient dz/dα of Figurnov et al. (2018), computed from a numerical α-derivative
 * of the regularized incomplete gamma function (see {@code StandardGammaSample}; about 1e-10
 * relative accuracy). The gradient in β (or θ) is exact. The black-box VI experiments use the score
 * function for this distribution regardless: ask for it with {@code scoreParts(value, false)}.
 */
public final class Gamma implements Distribution {
    private final Var concentration;
    /** The rate β, or the scale θ when {@link #scaleForm}. */
    private final Var rateOrScale;
    private final boolean scaleForm;
    private final int[] batchShape;
    private final DType dtype;

    /** Gamma(shape α, rate β). Validates α, β &gt; 0 and finite. */
    public Gamma(Var concentration, Var rate) {
        this(concentration, rate, false, true);
    }

    /** Gamma(shape α, scale θ), rate 1/θ. Validates α, θ &gt; 0 and finite. */
    public static Gamma ofShapeScale(Var shape, Var scale) {
        return new Gamma(shape, scale, true, true);
    }

    /** A float64 scalar Gamma(α, rate β) with constant parameters. */
    public static Gamma of(double concentration, double rate) {
        return new Gamma(Checks.constant(concentration, DType.F64), Checks.constant(rate, DType.F64));
    }

    private Gamma(Var concentration, Var rateOrScale, boolean scaleForm, boolean validate) {
        String second = scaleForm ? "scale" : "rate";
        String[] names = {"concentration", second};
        this.dtype = Checks.sameDType("Gamma", names, concentration, rateOrScale);
        this.batchShape = Checks.broadcast("Gamma", names, concentration, rateOrScale);
        if (validate) {
            Checks.positive("Gamma", "concentration (shape α)", concentration);
            Checks.positive("Gamma", scaleForm ? "scale θ" : "rate β", rateOrScale);
        }
        this.concentration = concentration;
        this.rateOrScale = rateOrScale;
        this.scaleForm = scaleForm;
    }

    /** The shape parameter α. */
    public Var concentration() { return concentration; }

    /** The rate β (computed as 1/θ for the shape–scale form). */
    public Var rate() { return scaleForm ? rateOrScale.reciprocal() : rateOrScale; }

    /** The scale θ = 1/β (computed for the shape–rate form). */
    public Var scale() { return scaleForm ? rateOrScale : rateOrScale.reciprocal(); }

    /** log β. */
    Var logRate() { return scaleForm ? rateOrScale.log().neg() : rateOrScale.log(); }

    /** x · β. */
    Var timesRate(Var x) { return scaleForm ? x.div(rateOrScale) : x.mul(rateOrScale); }

    @Override public int[] batchShape() { return batchShape.clone(); }
    @Override public int[] eventShape() { return Shape.SCALAR.clone(); }
    @Override public DType dtype() { return dtype; }

    @Override
    public Tensor sample(Rng rng, int... sampleShape) {
        return Checks.withoutGradient(() -> rsample(rng, sampleShape));
    }

    @Override public boolean hasRsample() { return true; }

    @Override
    public Var rsample(Rng rng, int... sampleShape) {
        Checks.sampleShape(name(), sampleShape);
        Var alpha = Checks.expand(concentration, shape(sampleShape));
        Var z = new StandardGammaSample(rng).apply(alpha);
        return scaleForm ? z.mul(rateOrScale) : z.div(rateOrScale);
    }

    @Override
    public Var logProb(Var value) {
        Checks.value(this, value, "logProb");
        Var a = concentration;
        return a.mul(logRate()).sub(Special.lgamma(a)).add(a.sub(1.0).mul(value.log())).sub(timesRate(value));
    }

    @Override
    public Var entropy() {
        Var a = concentration;
        Var h = a.sub(logRate()).add(Special.lgamma(a)).add(a.rsub(1.0).mul(Special.digamma(a)));
        return Checks.expand(h, batchShape);
    }

    @Override
    public Var mean() {
        return Checks.expand(scaleForm ? concentration.mul(rateOrScale) : concentration.div(rateOrScale), batchShape);
    }

    @Override
    public Var variance() {
        Var v = scaleForm ? concentration.mul(rateOrScale.square()) : concentration.div(rateOrScale.square());
        return Checks.expand(v, batchShape);
    }

    /** E[log x] = ψ(α) − log β, of the batch shape (used by conjugate updates and NormalGamma). */
    public Var meanLog() {
        return Checks.expand(Special.digamma(concentration).sub(logRate()), batchShape);
    }

    @Override
    public Gamma detach() {
        return new Gamma(concentration.detach(), rateOrScale.detach(), scaleForm, false);
    }

    @Override
    public String toString() {
        return "Gamma(batch " + Shape.str(batchShape) + ", " + dtype + (scaleForm ? ", shape–scale" : ", shape–rate") + ")";
    }
}
