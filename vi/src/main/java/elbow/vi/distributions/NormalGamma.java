package elbow.vi.distributions;

import elbow.autograd.Var;
import elbow.tensor.DType;
import elbow.tensor.Rng;
import elbow.tensor.Shape;
import elbow.tensor.Tensor;
import elbow.vi.special.Special;

/**
 * NormalGamma(μ0, λ, a, b): the conjugate prior of a Normal with unknown mean and precision, a joint
 * law over (μ, τ) with event shape [2] (the last axis holds μ then τ):
 *
 * <pre>
 *   τ ~ Gamma(a, rate b),   μ | τ ~ N(μ0, 1/(λτ))
 *   log p(μ, τ) = ½ log λ + ½ log τ − ½ log 2π − ½ λτ (μ − μ0)² + a log b − log Γ(a) + (a − 1) log τ − bτ
 *   E = (μ0, a/b),   Var = (b/(λ(a − 1)) for a &gt; 1 else +∞,  a/b²)
 *   H = H[Gamma(a, b)] + ½ (1 + log 2π − log λ − ψ(a) + log b)
 * </pre>
 *
 * (Bishop 2006 eq. 2.154; the marginal of μ is Student-t with 2a degrees of freedom, location μ0 and
 * squared scale b/(aλ), which is how the tests check μ draws.) Reparameterized draws exist because
 * the Gamma's do: τ = rsample of {@link #marginalTau()}, μ = μ0 + ε/√(λτ).
 */
public final class NormalGamma implements Distribution {
    private final Var mu, lambda, a, b;
    private final int[] batchShape;
    private final DType dtype;

    /** Validates: μ0 finite; λ, a, b positive and finite; one dtype; broadcastable shapes. */
    public NormalGamma(Var mu, Var lambda, Var a, Var b) {
        this(mu, lambda, a, b, true);
    }

    private NormalGamma(Var mu, Var lambda, Var a, Var b, boolean validate) {
        String[] names = {"mu", "lambda", "a", "b"};
        this.dtype = Checks.sameDType("NormalGamma", names, mu, lambda, a, b);
        this.batchShape = Checks.broadcast("NormalGamma", names, mu, lambda, a, b);
        if (validate) {
            Checks.finite("NormalGamma", "mu", mu);
            Checks.positive("NormalGamma", "lambda", lambda);
            Checks.positive("NormalGamma", "a (shape of τ)", a);
            Checks.positive("NormalGamma", "b (rate of τ)", b);
        }
        this.mu = mu;
        this.lambda = lambda;
        this.a = a;
        this.b = b;
    }

    /** A float64 NormalGamma with constant scalar parameters. */
    public static NormalGamma of(double mu, double lambda, double a, double b) {
        return new NormalGamma(Checks.constant(mu, DType.F64), Checks.constant(lambda, DType.F64),
                Checks.constant(a, DType.F64), Checks.constant(b, DType.F64));
    }

    public Var mu() { return mu; }
    public Var lambda() { return lambda; }
    public Var a() { return a; }
    public Var b() { return b; }

    /** The marginal of τ: Gamma(a, rate b), sharing this distribution's parameters. */
    public Gamma marginalTau() {
        return new Gamma(a, b);
    }

    @Override public int[] batchShape() { return batchShape.clone(); }
    @Override public int[] eventShape() { return new int[] {2}; }
    @Override public DType dtype() { return dtype; }

    @Override
    public Tensor sample(Rng rng, int... sampleShape) {
        return Checks.withoutGradient(() -> rsample(rng, sampleShape));
    }

    @Override public boolean hasRsample() { return true; }

    @Override
    public Var rsample(Rng rng, int... sampleShape) {
        Checks.sampleShape(name(), sampleShape);
        int[] s = Checks.concat(sampleShape, batchShape);
        Var tau = marginalTau().rsample(rng, sampleShape);
        tau = Checks.expand(tau, s);
        Var eps = Var.constant(rng.normal(dtype, s));
        Var m = eps.div(lambda.mul(tau).sqrt()).add(mu);
        return stack(m, tau);
    }

    /** The pair (μ, τ) along a new last axis. */
    static Var stack(Var first, Var second) {
        int[] s = Shape.broadcast(first.shape(), second.shape());
        int[] col = Checks.concat(s, new int[] {1});
        return Var.concat(-1, Checks.expand(first, s).reshape(col), Checks.expand(second, s).reshape(col));
    }

    /** The μ column and the τ column of a value of shape [..., 2]. */
    private static Var[] unstack(Var value) {
        int[] s = value.shape();
        int[] lead = java.util.Arrays.copyOf(s, s.length - 1);
        Var[] parts = value.split(-1, 1, 1);
        return new Var[] {parts[0].reshape(lead), parts[1].reshape(lead)};
    }

    @Override
    public Var logProb(Var value) {
        Checks.value(this, value, "logProb");
        Var[] v = unstack(value);
        return logProb(v[0], v[1]);
    }

    /** log p(μ, τ) with μ and τ as separate, broadcasting values. */
    public Var logProb(Var muValue, Var tauValue) {
        Var logTau = tauValue.log();
        Var normal = lambda.log().add(logTau).mul(0.5).sub(Normal.HALF_LOG_2PI)
                .sub(lambda.mul(tauValue).mul(muValue.sub(mu).square()).mul(0.5));
        Var gamma = a.mul(b.log()).sub(Special.lgamma(a)).add(a.sub(1.0).mul(logTau)).sub(b.mul(tauValue));
        return normal.add(gamma);
    }

    @Override
    public Var entropy() {
        Var conditional = lambda.log().add(Special.digamma(a)).sub(b.log()).rsub(1.0 + 2 * Normal.HALF_LOG_2PI).mul(0.5);
        return Checks.expand(marginalTau().entropy().add(conditional), batchShape);
    }

    @Override
    public Var mean() {
        return stack(Checks.expand(mu, batchShape), Checks.expand(a.div(b), batchShape));
    }

    @Override
    public Var variance() {
        Var varMu = b.div(lambda.mul(a.sub(1.0)));
        Tensor finite = a.value().gt(Tensor.scalar(1.0, dtype));
        if (finite.sumAll() < finite.size()) varMu = Var.where(finite, varMu, Checks.constant(Double.POSITIVE_INFINITY, dtype));
        return stack(Checks.expand(varMu, batchShape), Checks.expand(a.div(b.square()), batchShape));
    }

    @Override
    public NormalGamma detach() {
        return new NormalGamma(mu.detach(), lambda.detach(), a.detach(), b.detach(), false);
    }

    @Override
    public String toString() {
        return "NormalGamma(batch " + Shape.str(batchShape) + ", " + dtype + ")";
    }
}
