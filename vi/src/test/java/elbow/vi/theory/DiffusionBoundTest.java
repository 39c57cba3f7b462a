package elbow.vi.theory;

import static elbow.vi.theory.Mvn.add;
import static elbow.vi.theory.Mvn.identity;
import static elbow.vi.theory.Mvn.mul;
import static elbow.vi.theory.Mvn.scale;
import static elbow.vi.theory.Mvn.sub;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import elbow.tensor.Rng;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Ho et al. (2020), "Denoising Diffusion Probabilistic Models": the bound in its trajectory form
 * (eq. 3) equals its KL form (eq. 5), on a linear-Gaussian chain where every term is computable.
 *
 * <p>Forward process q(x_t | x_{t−1}) = N(√α_t x_{t−1}, β_t I) with α_t = 1 − β_t, hence
 * q(x_t | x_0) = N(√ᾱ_t x_0, (1 − ᾱ_t) I), ᾱ_t = ∏_{s≤t} α_s (eq. 4). Reverse model p(x_T) = N(0, I),
 * p_θ(x_{t−1} | x_t) = N(A_t x_t + b_t, Σ_t) with dense, arbitrary (not optimal) A_t, b_t, Σ_t.
 *
 * <p>Derivation (the paper's appendix A). For t ≥ 2 the Markov property and Bayes' rule give
 * q(x_t | x_{t−1}) = q(x_{t−1} | x_t, x_0) q(x_t | x_0) / q(x_{t−1} | x_0). The ratios telescope to
 * q(x_T | x_0) / q(x_1 | x_0), so on every trajectory
 * <pre>
 *   −log p(x_T) − Σ_{t≥1} log p_θ(x_{t−1}|x_t) / q(x_t|x_{t−1})
 *     = log q(x_T|x_0)/p(x_T) + Σ_{t≥2} log q(x_{t−1}|x_t,x_0)/p_θ(x_{t−1}|x_t) − log p_θ(x_0|x_1),
 * </pre>
 * and averaging each log-ratio over x_{t−1} given (x_t, x_0) turns it into a KL (eq. 5). The posterior is
 * q(x_{t−1} | x_t, x_0) = N(μ̃_t, β̃_t I), μ̃_t = √ᾱ_{t−1} β_t/(1 − ᾱ_t) x_0 + √α_t (1 − ᾱ_{t−1})/(1 − ᾱ_t) x_t,
 * β̃_t = (1 − ᾱ_{t−1})/(1 − ᾱ_t) β_t (eq. 6–7). Here each KL is quadratic in x_t, so its average over
 * q(x_t | x_0) is closed form as well; p_θ(x_{0:T}) is one Gaussian, so −log p_θ(x_0) and the gap
 * L − (−log p_θ(x_0)) = KL(q(x_{1:T} | x_0) ‖ p_θ(x_{1:T} | x_0)) are exact too. Everything is per data
 * point x_0; the paper's bound is its average over the data.
 */
class DiffusionBoundTest {

    /** A β schedule, a reverse model and a data point: arrays indexed by t = 1..T (index 0 unused, ᾱ_0 = 1). */
    static final class Chain {
        final int d, steps;
        final double[] beta, alpha, alphaBar, x0;
        final double[][][] a, sigma;
        final double[][] b;

        Chain(int d, double[] beta, double[][][] a, double[][] b, double[][][] sigma, double[] x0) {
            this.d = d;
            this.steps = beta.length - 1;
            this.beta = beta;
            this.a = a;
            this.b = b;
            this.sigma = sigma;
            this.x0 = x0;
            alpha = new double[steps + 1];
            alphaBar = new double[steps + 1];
            alphaBar[0] = 1;
            for (int t = 1; t <= steps; t++) {
                alpha[t] = 1 - beta[t];
                alphaBar[t] = alphaBar[t - 1] * alpha[t];
            }
        }

        /** Random β_t in (10⁻³, 0.9) log-uniformly; A_t diagonal-dominant but dense; Σ_t a random SPD matrix. */
        static Chain random(int d, int steps, long seed) {
            Rng rng = new Rng(seed);
            double[] beta = new double[steps + 1];
            double[][][] a = new double[steps + 1][][], sigma = new double[steps + 1][][];
            double[][] b = new double[steps + 1][];
            for (int t = 1; t <= steps; t++) {
                beta[t] = Math.exp(Math.log(1e-3) + rng.uniform() * (Math.log(0.9) - Math.log(1e-3)));
                a[t] = new double[d][d];
                b[t] = new double[d];
                double[][] l = new double[d][d];
                for (int i = 0; i < d; i++) {
                    b[t][i] = 0.3 * rng.normal();
                    for (int j = 0; j < d; j++) {
                        a[t][i][j] = i == j ? 0.3 + rng.uniform() : 0.2 * rng.normal();
                        l[i][j] = 0.5 * rng.normal();
                    }
                }
                sigma[t] = add(mul(l, Mvn.transpose(l)), scale(identity(d), 0.05));
            }
            double[] x0 = new double[d];
            for (int i = 0; i < d; i++) x0[i] = 1.5 * rng.normal();
            return new Chain(d, beta, a, b, sigma, x0);
        }

        /**
         * The reverse model equal to the forward chain's own reverse when q(x_0) = N(0, I): that chain is
         * stationary at N(0, I) and reversible, so q(x_{t−1} | x_t) = N(√α_t x_t, β_t I) and q(x_T) = p(x_T).
         */
        static Chain exactReverse(int d, int steps, long seed) {
            Chain c = random(d, steps, seed);
            double[][][] a = new double[steps + 1][][], sigma = new double[steps + 1][][];
            double[][] b = new double[steps + 1][];
            for (int t = 1; t <= steps; t++) {
                a[t] = scale(identity(d), Math.sqrt(c.alpha[t]));
                b[t] = new double[d];
                sigma[t] = scale(identity(d), c.beta[t]);
            }
            return new Chain(d, c.beta, a, b, sigma, c.x0);
        }

        Chain withBias(int t, double[] bias) {
            double[][] b2 = b.clone();
            b2[t] = bias;
            return new Chain(d, beta, a, b2, sigma, x0);
        }

        Mvn prior() {
            return Mvn.isotropic(new double[d], 1);
        }

        /** p_θ(x_{t−1} | x_t). */
        Mvn reverse(int t, double[] xt) {
            return new Mvn(add(mul(a[t], xt), b[t]), sigma[t]);
        }

        /** q(x_t | x_{t−1}). */
        Mvn forwardStep(int t, double[] prev) {
            return Mvn.isotropic(scale(prev, Math.sqrt(alpha[t])), beta[t]);
        }

        /** q(x_t | x_0), eq. 4. */
        Mvn marginal(int t) {
            return Mvn.isotropic(scale(x0, Math.sqrt(alphaBar[t])), 1 - alphaBar[t]);
        }

        /** The coefficient of x_0 in μ̃_t (eq. 7). */
        double posteriorX0Coefficient(int t) {
            return Math.sqrt(alphaBar[t - 1]) * beta[t] / (1 - alphaBar[t]);
        }

        /** The coefficient of x_t in μ̃_t (eq. 7). */
        double posteriorXtCoefficient(int t) {
            return Math.sqrt(alpha[t]) * (1 - alphaBar[t - 1]) / (1 - alphaBar[t]);
        }

        /** q(x_{t−1} | x_t, x_0) = N(μ̃_t, β̃_t I), eq. 6–7; t ≥ 2. */
        Mvn posterior(int t, double[] xt) {
            double[] mean = add(scale(x0, posteriorX0Coefficient(t)), scale(xt, posteriorXtCoefficient(t)));
            return Mvn.isotropic(mean, (1 - alphaBar[t - 1]) / (1 - alphaBar[t]) * beta[t]);
        }

        double[][] trajectory(Rng rng) {
            double[][] x = new double[steps + 1][d];
            x[0] = x0.clone();
            for (int t = 1; t <= steps; t++) {
                for (int i = 0; i < d; i++) x[t][i] = Math.sqrt(alpha[t]) * x[t - 1][i] + Math.sqrt(beta[t]) * rng.normal();
            }
            return x;
        }

        /** The integrand of eq. 3 on one trajectory. */
        double eq3Integrand(double[][] x) {
            double v = -prior().logDensity(x[steps]);
            for (int t = 1; t <= steps; t++) v -= reverse(t, x[t]).logDensity(x[t - 1]) - forwardStep(t, x[t - 1]).logDensity(x[t]);
            return v;
        }

        /** The integrand of eq. 5 before the inner expectations: log-ratios where eq. 5 has KLs. */
        double eq5LogRatioIntegrand(double[][] x) {
            double v = marginal(steps).logDensity(x[steps]) - prior().logDensity(x[steps]);
            for (int t = 2; t <= steps; t++) v += posterior(t, x[t]).logDensity(x[t - 1]) - reverse(t, x[t]).logDensity(x[t - 1]);
            return v - reverse(1, x[1]).logDensity(x0);
        }

        /** The integrand of eq. 5 as written: KLs in closed form at this trajectory's x_t. */
        double eq5Integrand(double[][] x) {
            double v = marginal(steps).kl(prior());
            for (int t = 2; t <= steps; t++) v += posterior(t, x[t]).kl(reverse(t, x[t]));
            return v - reverse(1, x[1]).logDensity(x0);
        }

        /**
         * Eq. 5 with every expectation in closed form. With δ(x_t) = A_t x_t + b_t − μ̃_t = M x_t + c, the KL
         * is quadratic in x_t; its average over N(m, v I) is its value at m plus ½ v tr(Mᵀ Σ_t⁻¹ M). Same for
         * −log p_θ(x_0 | x_1), with M = A_1.
         */
        double eq5ClosedForm() {
            double v = marginal(steps).kl(prior());
            for (int t = 2; t <= steps; t++) {
                Mvn qt = marginal(t);
                double[][] m = sub(a[t], scale(identity(d), posteriorXtCoefficient(t)));
                v += posterior(t, qt.mean()).kl(reverse(t, qt.mean())) + 0.5 * (1 - alphaBar[t]) * Mvn.traceQuadratic(sigma[t], m);
            }
            Mvn q1 = marginal(1);
            return v - reverse(1, q1.mean()).logDensity(x0) + 0.5 * (1 - alphaBar[1]) * Mvn.traceQuadratic(sigma[1], a[1]);
        }

        /**
         * Eq. 3 in closed form from the forward chain's joint moments alone (no posterior, no ᾱ): each
         * log density's argument is affine in the forward noise, so its expectation is exact.
         */
        double eq3FromForwardMoments() {
            Affine f = forwardAffine();
            double v = Mvn.expectedNegLogDensity(f.offset[steps], f.coef[steps], identity(d));
            for (int t = 1; t <= steps; t++) {
                double sa = Math.sqrt(alpha[t]);
                v += Mvn.expectedNegLogDensity(sub(sub(f.offset[t - 1], mul(a[t], f.offset[t])), b[t]), sub(f.coef[t - 1], mul(a[t], f.coef[t])), sigma[t]);
                v -= Mvn.expectedNegLogDensity(sub(f.offset[t], scale(f.offset[t - 1], sa)), sub(f.coef[t], scale(f.coef[t - 1], sa)), scale(identity(d), beta[t]));
            }
            return v;
        }

        /** x_t = x_0-part + coef·ε with ε ~ N(0, I_{dT}), built step by step from q(x_t | x_{t−1}). */
        Affine forwardAffine() {
            int noise = d * steps;
            double[][] offset = new double[steps + 1][];
            double[][][] coef = new double[steps + 1][][];
            offset[0] = x0.clone();
            coef[0] = new double[d][noise];
            for (int t = 1; t <= steps; t++) {
                double sa = Math.sqrt(alpha[t]);
                offset[t] = scale(offset[t - 1], sa);
                coef[t] = scale(coef[t - 1], sa);
                for (int i = 0; i < d; i++) coef[t][i][(t - 1) * d + i] += Math.sqrt(beta[t]);
            }
            return new Affine(offset, coef);
        }

        /** p_θ(x_{0:T}) as offset + coef·ε, ε ~ N(0, I_{d(T+1)}), sampled ancestrally from x_T down. */
        Affine reverseAffine() {
            int noise = d * (steps + 1);
            double[][] offset = new double[steps + 1][];
            double[][][] coef = new double[steps + 1][][];
            offset[steps] = new double[d];
            coef[steps] = new double[d][noise];
            for (int i = 0; i < d; i++) coef[steps][i][steps * d + i] = 1;
            for (int t = steps; t >= 1; t--) {
                offset[t - 1] = add(mul(a[t], offset[t]), b[t]);
                coef[t - 1] = mul(a[t], coef[t]);
                double[][] l = Mvn.cholesky(sigma[t]);
                for (int i = 0; i < d; i++) for (int j = 0; j <= i; j++) coef[t - 1][i][(t - 1) * d + j] += l[i][j];
            }
            return new Affine(offset, coef);
        }
    }

    /** Random vectors x_t = offset[t] + coef[t]·ε, ε standard normal. */
    record Affine(double[][] offset, double[][][] coef) {
        /** The joint Gaussian of x_first, …, x_last, stacked. */
        Mvn joint(int first, int last) {
            int d = offset[first].length, n = d * (last - first + 1);
            double[] mean = new double[n];
            double[][] rows = new double[n][];
            for (int t = first; t <= last; t++) {
                for (int i = 0; i < d; i++) {
                    mean[(t - first) * d + i] = offset[t][i];
                    rows[(t - first) * d + i] = coef[t][i];
                }
            }
            return new Mvn(mean, mul(rows, Mvn.transpose(rows)));
        }
    }

    private static void assertClose(double expected, double actual, double relTol, String what) {
        assertEquals(expected, actual, relTol * (1 + Math.abs(expected)), what);
    }

    @Property(tries = 60)
    void eq3AndEq5HaveTheSameIntegrandOnEveryTrajectory(@ForAll @IntRange(min = 1, max = 3) int d, @ForAll @IntRange(min = 1, max = 6) int steps, @ForAll long seed) {
        Chain c = Chain.random(d, steps, seed);
        Rng rng = new Rng(seed ^ 0x5DEECE66DL);
        for (int s = 0; s < 200; s++) {
            double[][] x = c.trajectory(rng);
            assertClose(c.eq3Integrand(x), c.eq5LogRatioIntegrand(x), 1e-11, "trajectory " + s);
        }
    }

    @Property(tries = 25)
    void eq5InClosedFormIsTheExpectationOfEq3OverForwardTrajectories(@ForAll @IntRange(min = 1, max = 3) int d, @ForAll @IntRange(min = 1, max = 6) int steps, @ForAll long seed) {
        Chain c = Chain.random(d, steps, seed);
        double bound = c.eq5ClosedForm();
        // Exact on both sides, by different routes: KLs and the posterior versus forward moments.
        assertClose(c.eq3FromForwardMoments(), bound, 1e-10, "eq. 3 from forward moments");
        Rng rng = new Rng(seed ^ 0x2545F4914F6CDD1DL);
        int n = 20_000;
        double s3 = 0, q3 = 0, s5 = 0, q5 = 0;
        for (int i = 0; i < n; i++) {
            double[][] x = c.trajectory(rng);
            double v3 = c.eq3Integrand(x), v5 = c.eq5Integrand(x);
            s3 += v3;
            q3 += v3 * v3;
            s5 += v5;
            q5 += v5 * v5;
        }
        double mean3 = s3 / n, se3 = Math.sqrt((q3 / n - mean3 * mean3) / n);
        double mean5 = s5 / n, se5 = Math.sqrt((q5 / n - mean5 * mean5) / n);
        assertEquals(bound, mean3, 5 * se3, "Monte Carlo eq. 3, standard error " + se3);
        assertEquals(bound, mean5, 5 * se5, "Monte Carlo eq. 5 over x_t, standard error " + se5);
    }

    @Property(tries = 40)
    void posteriorInClosedFormIsBayesRuleOnTheForwardChain(@ForAll @IntRange(min = 1, max = 3) int d, @ForAll @IntRange(min = 2, max = 6) int steps, @ForAll long seed) {
        Chain c = Chain.random(d, steps, seed);
        Affine forward = c.forwardAffine();
        for (int t = 1; t <= steps; t++) {
            // eq. 4 against the covariance propagated step by step
            Mvn propagated = forward.joint(t, t), closed = c.marginal(t);
            for (int i = 0; i < d; i++) {
                assertClose(propagated.mean()[i], closed.mean()[i], 1e-12, "mean of q(x_" + t + " | x_0)");
                for (int j = 0; j < d; j++) assertClose(propagated.cov()[i][j], closed.cov()[i][j], 1e-12, "covariance of q(x_" + t + " | x_0)");
            }
        }
        Rng rng = new Rng(seed ^ 0x9E3779B97F4A7C15L);
        for (int s = 0; s < 20; s++) {
            double[][] x = c.trajectory(rng);
            for (int t = 2; t <= steps; t++) {
                Mvn closed = c.posterior(t, x[t]);
                // Gaussian conditioning of the joint of (x_{t−1}, x_t) given x_0
                Mvn conditioned = forward.joint(t - 1, t).condition(d, 2 * d, x[t]);
                for (int i = 0; i < d; i++) {
                    assertClose(conditioned.mean()[i], closed.mean()[i], 1e-10, "μ̃_" + t);
                    for (int j = 0; j < d; j++) assertClose(conditioned.cov()[i][j], closed.cov()[i][j], 1e-10, "β̃_" + t);
                }
                // Bayes' rule pointwise, at the trajectory's x_{t−1} and at an arbitrary point
                for (double[] prev : new double[][] {x[t - 1], add(x[t - 1], scale(x[t], -0.7))}) {
                    double bayes = c.forwardStep(t, prev).logDensity(x[t]) + c.marginal(t - 1).logDensity(prev) - c.marginal(t).logDensity(x[t]);
                    assertClose(bayes, closed.logDensity(prev), 1e-10, "log q(x_" + (t - 1) + " | x_" + t + ", x_0)");
                }
            }
        }
    }

    @Property(tries = 40)
    void boundExceedsTheNegativeLogLikelihoodByTheKlBetweenThePosteriors(@ForAll @IntRange(min = 1, max = 3) int d, @ForAll @IntRange(min = 1, max = 6) int steps, @ForAll long seed) {
        assertBoundIsLikelihoodPlusPositiveGap(Chain.random(d, steps, seed));
    }

    /** −log p_θ(x_0) and KL(q(x_{1:T} | x_0) ‖ p_θ(x_{1:T} | x_0)), both from the joint Gaussian p_θ(x_{0:T}). */
    private static double[] negLogLikelihoodAndGap(Chain c) {
        Mvn model = c.reverseAffine().joint(0, c.steps);
        double negLogLikelihood = -model.marginal(0, c.d).logDensity(c.x0);
        double gap = c.forwardAffine().joint(1, c.steps).kl(model.condition(0, c.d, c.x0));
        return new double[] {negLogLikelihood, gap};
    }

    private static void assertBoundIsLikelihoodPlusPositiveGap(Chain c) {
        double[] nllGap = negLogLikelihoodAndGap(c);
        double bound = c.eq5ClosedForm();
        assertTrue(nllGap[1] > 0, "KL(q(x_1:T | x_0) ‖ p_θ(x_1:T | x_0)) = " + nllGap[1]);
        assertTrue(bound > nllGap[0], "bound " + bound + " not above −log p_θ(x_0) = " + nllGap[0]);
        assertClose(bound, nllGap[0] + nllGap[1], 1e-9, "L = −log p_θ(x_0) + KL");
    }

    @Property(tries = 40)
    void boundIsTightWhenTheReverseModelIsTheExactReverseOfTheForwardChain(@ForAll @IntRange(min = 1, max = 3) int d, @ForAll @IntRange(min = 1, max = 6) int steps, @ForAll long seed) {
        Chain c = Chain.exactReverse(d, steps, seed);
        double negLogLikelihood = -c.prior().logDensity(c.x0);
        double[] nllGap = negLogLikelihoodAndGap(c);
        assertClose(negLogLikelihood, nllGap[0], 1e-12, "p_θ(x_0) = N(0, I)");
        assertEquals(0, nllGap[1], 1e-10, "KL(q(x_1:T | x_0) ‖ p_θ(x_1:T | x_0))");
        assertClose(negLogLikelihood, c.eq5ClosedForm(), 1e-10, "closed-form bound");
        // zero variance: every trajectory's integrand is −log p_θ(x_0) itself
        Rng rng = new Rng(seed ^ 0xBF58476D1CE4E5B9L);
        for (int s = 0; s < 100; s++) assertClose(negLogLikelihood, c.eq3Integrand(c.trajectory(rng)), 1e-10, "trajectory " + s);
        // and a small departure from the exact reverse opens a gap again
        double[] bias = new double[d];
        bias[0] = 0.05;
        assertBoundIsLikelihoodPlusPositiveGap(c.withBias(steps, bias));
    }
}
