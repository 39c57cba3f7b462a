package elbow.vi.distributions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import elbow.autograd.Tape;
import elbow.autograd.Var;
import elbow.tensor.DType;
import elbow.tensor.Rng;
import elbow.tensor.Tensor;
import elbow.vi.special.Special;
import org.apache.commons.statistics.distribution.GammaDistribution;
import org.junit.jupiter.api.Test;

/**
 * The implicit reparameterization gradient of Gamma draws: the derivative of x = F⁻¹(u; α, β) at fixed
 * u, checked against finite differences of Commons' inverse CDF, and in expectation against the
 * derivatives of the closed-form moments.
 */
class GammaRsampleTest {
    private static final int S = 20_000;

    /** The α-quantile at lower-tail probability p, or upper-tail probability p (computed from Q, not 1 − p). */
    private static double quantile(double a, double p, boolean upper) {
        GammaDistribution g = GammaDistribution.of(a, 1);
        return upper ? g.inverseSurvivalProbability(p) : g.inverseCumulativeProbability(p);
    }

    /** Richardson-extrapolated central difference of the quantile in α: error O(h⁴). */
    private static double quantileDerivative(double a, double p, boolean upper, double h) {
        double d1 = (quantile(a + h, p, upper) - quantile(a - h, p, upper)) / (2 * h);
        double d2 = (quantile(a + h / 2, p, upper) - quantile(a - h / 2, p, upper)) / h;
        return (4 * d2 - d1) / 3;
    }

    @Test
    void derivativeMatchesTheInverseCdfAtFixedNoise() {
        // Reference: d/dα F⁻¹(p; α) by differences of Commons' quantile function at two step sizes; their
        // disagreement estimates the reference's own error, and the tolerance is ten times that plus 1e-10.
        double[] alphas = {0.05, 0.3, 1, 2.7, 30, 400};
        double[][] levels = {{1e-6, 0}, {0.01, 0}, {0.3, 0}, {0.5, 0}, {0.1, 1}, {1e-6, 1}}; // {p, upper tail?}
        for (double a : alphas) {
            for (double[] level : levels) {
                boolean upper = level[1] == 1;
                double z = quantile(a, level[0], upper);
                double h = 1e-3 * Math.min(a, Math.sqrt(a));
                double coarse = quantileDerivative(a, level[0], upper, h), fine = quantileDerivative(a, level[0], upper, h / 4);
                double tol = 10 * Math.abs(coarse - fine) + 1e-10 * Math.abs(fine);
                assertEquals(fine, StandardGammaSample.dSampleDShape(a, z), tol, "dz/dα at α = " + a + ", p = " + level[0] + (upper ? " (upper)" : "") + ", z = " + z);
            }
        }
    }

    @Test
    void derivativeMatchesTheSmallSampleClosedForm() {
        // For z ≪ 1, F(z; α) = z^α/Γ(α+1) · (1 + O(z)), so at fixed u: z = (u Γ(α+1))^(1/α) and
        // dz/dα = z (ψ(α+1)/α − (log u + log Γ(α+1))/α²), to relative O(z).
        for (double a : new double[] {0.05, 0.2}) {
            for (double u : new double[] {1e-6, 1e-12}) {
                double z = Math.exp((Math.log(u) + Special.lgamma(a + 1)) / a);
                double closed = z * (Special.digamma(a + 1) / a - (Math.log(u) + Special.lgamma(a + 1)) / (a * a));
                assertEquals(closed, StandardGammaSample.dSampleDShape(a, z), 1e-9 * Math.abs(closed), "α = " + a + ", u = " + u);
            }
        }
    }

    @Test
    void expectedPathwiseGradientsAreTheMomentDerivatives() {
        // E[x] = α/β:  E[∂x/∂α] = 1/β,  E[∂x/∂β] = −α/β².   E[x²] = α(α+1)/β²:  E[∂x²/∂α] = (2α+1)/β².
        for (double a : new double[] {0.4, 3}) {
            double b = 1.5;
            Var alpha = Var.param(Tensor.full(a, DType.F64, S)), beta = Var.param(Tensor.full(b, DType.F64, S));
            Gamma g = new Gamma(alpha, beta);
            Var x = g.rsample(new Rng(31));
            Tensor[] dx = Tape.vjp(x, Tensor.ones(DType.F64, S), true, alpha, beta);
            assertMean(dx[0], 1 / b, "E[∂x/∂α], α = " + a);
            assertMean(dx[1], -a / (b * b), "E[∂x/∂β], α = " + a);
            Tensor[] dx2 = Tape.vjp(x.square(), Tensor.ones(DType.F64, S), false, alpha);
            assertMean(dx2[0], (2 * a + 1) / (b * b), "E[∂x²/∂α], α = " + a);
        }
    }

    @Test
    void shapeScaleAndNormalGammaDrawsCarryTheGradient() {
        // Gamma(α, scale θ): E[∂x/∂θ] = α.  NormalGamma: the τ column is a Gamma(a, b) draw, E[∂τ/∂a] = 1/b.
        Var theta = Var.param(Tensor.full(2.0, DType.F64, S));
        Var x = Gamma.ofShapeScale(Var.constant(Tensor.full(1.7, DType.F64, S)), theta).rsample(new Rng(32));
        assertMean(Tape.grad(x.sum(), theta)[0], 1.7, "E[∂x/∂θ]");
        Var a = Var.param(Tensor.full(2.0, DType.F64, S));
        Var one = Var.constant(Tensor.ones(DType.F64, S));
        Var pair = new NormalGamma(one, one, a, Var.constant(Tensor.full(4.0, DType.F64, S))).rsample(new Rng(33));
        Var tau = pair.slice(-1, 1, 2);
        assertMean(Tape.grad(tau.sum(), a)[0], 0.25, "E[∂τ/∂a]");
    }

    private static void assertMean(Tensor perSample, double expected, String what) {
        double[] v = perSample.toDoubleArray();
        double m = 0;
        for (double d : v) m += d;
        m /= v.length;
        double ss = 0;
        for (double d : v) ss += (d - m) * (d - m);
        double se = Math.sqrt(ss / (v.length - 1) / v.length);
        assertTrue(Math.abs(m - expected) <= SampleChecks.Z * se, what + ": " + m + " vs " + expected + " (standard error " + se + ")");
    }
}
