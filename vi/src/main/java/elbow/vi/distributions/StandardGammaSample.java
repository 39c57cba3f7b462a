package elbow.vi.distributions;

import elbow.autograd.UnaryPrimitive;
import elbow.tensor.Rng;
import elbow.tensor.Tensor;
import org.apache.commons.numbers.gamma.Digamma;
import org.apache.commons.numbers.gamma.LogGamma;
import org.apache.commons.numbers.gamma.RegularizedGamma;

/**
 * z ~ Gamma(α, rate 1), one draw per element of α, with the implicit reparameterization gradient of
 * Figurnov, Mohamed and Mnih (2018), eq. 5:
 *
 * <pre>
 *   dz/dα = −(∂F/∂α)(z; α) / p(z; α),     F the CDF, p the density.
 * </pre>
 *
 * It is the exact derivative of z = F⁻¹(u; α) at fixed uniform noise u, found without inverting F.
 * Commons Numbers has no ∂F/∂α, so it is a Richardson-extrapolated central difference of the
 * regularized incomplete gamma function in α, with step h = 10⁻³·min(α, √α, 1/|log z − ψ(α)|), the
 * scale on which F varies in α (√α or α in the body; in the tails log F changes at the rate
 * log z − ψ(α), e.g. F ∝ z^α for z → 0):
 * truncation O(h⁴) and rounding O(ε/h) both stay near 1e-10 relative. Below the mode-ish point
 * (z &lt; α) P is differenced, above it Q = 1 − P, so that neither tail loses its digits to
 * cancellation against 1. Where the density underflows (far tails) the gradient is 0.
 */
final class StandardGammaSample extends UnaryPrimitive {
    private final Rng rng;

    StandardGammaSample(Rng rng) {
        this.rng = rng;
    }

    @Override
    protected Tensor forward(Tensor alpha) {
        Tensor z = rng.gamma(alpha);
        save(alpha, z);
        return z;
    }

    @Override
    protected Tensor backward(Tensor g) {
        Tensor alpha = saved(0), z = saved(1);
        Tensor dz = Tensor.zerosLike(z);
        for (int i = 0; i < dz.size(); i++) dz.setFlat(i, dSampleDShape(alpha.getFlat(i), z.getFlat(i)));
        return dz.mul(g);
    }

    /** dz/dα for z ~ Gamma(α, 1) at fixed CDF level. */
    static double dSampleDShape(double a, double z) {
        double density = Math.exp((a - 1) * Math.log(z) - z - LogGamma.value(a));
        if (!(density > 0) || !Double.isFinite(density)) return 0.0;
        double h = 1e-3 * Math.min(Math.min(a, Math.sqrt(a)), 1 / Math.abs(Math.log(z) - Digamma.value(a)));
        boolean lower = z < a;
        double d1 = centralDifference(a, z, h, lower), d2 = centralDifference(a, z, h / 2, lower);
        double dF = (4 * d2 - d1) / 3;
        return -dF / density;
    }

    /** (F(a+h) − F(a−h)) / 2h, through P in the lower region and −Q in the upper one. */
    private static double centralDifference(double a, double z, double h, boolean lower) {
        if (lower) return (RegularizedGamma.P.value(a + h, z) - RegularizedGamma.P.value(a - h, z)) / (2 * h);
        return -(RegularizedGamma.Q.value(a + h, z) - RegularizedGamma.Q.value(a - h, z)) / (2 * h);
    }
}
