package elbow.vi.distributions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import elbow.autograd.Var;
import elbow.tensor.DType;
import elbow.tensor.Tensor;
import elbow.vi.special.Special;
import org.apache.commons.statistics.distribution.BinomialDistribution;
import org.apache.commons.statistics.distribution.GammaDistribution;
import org.apache.commons.statistics.distribution.GumbelDistribution;
import org.apache.commons.statistics.distribution.LogisticDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

/**
 * Log-densities, entropies, means, variances and KLs at hand-computed points (the closed form in the
 * comment beside each) and against an independent implementation: Apache Commons Statistics for
 * densities and moments, numerical quadrature for entropies and KLs.
 */
class ClosedFormTest {
    private static final double LOG_2PI = Math.log(2 * Math.PI);
    private static final double EULER_GAMMA = 0.57721566490153286061;

    private static Var c(double... v) {
        return Var.constant(Tensor.of(v));
    }

    private static double at(Var v, int i) {
        return v.value().getFlat(i);
    }

    // ------------------------------------------------------------------ Normal

    @Test
    void normalAtHandComputedPoints() {
        Normal n = Normal.of(0, 2);
        // log N(1 | 0, 2) = −1/8 − log 2 − ½ log 2π
        assertEquals(-0.125 - Math.log(2) - 0.5 * LOG_2PI, n.logProb(Var.constant(Tensor.scalar(1.0, DType.F64))).item(), 1e-15);
        // H = ½ log(2πe σ²) = ½ (1 + log 2π) + log 2
        assertEquals(0.5 * (1 + LOG_2PI) + Math.log(2), n.entropy().item(), 1e-15);
        assertEquals(0.0, n.mean().item(), 0.0);
        assertEquals(4.0, n.variance().item(), 0.0);
    }

    @Test
    void normalMatchesCommonsStatistics() {
        double[] mus = {-1.5, 0, 3}, sigmas = {0.2, 1, 7};
        for (double mu : mus) {
            for (double s : sigmas) {
                NormalDistribution ref = NormalDistribution.of(mu, s);
                Normal n = new Normal(c(mu), c(s));
                Var x = c(mu - 3 * s, mu - 0.1 * s, mu, mu + 2.5 * s);
                Var lp = n.logProb(x);
                for (int i = 0; i < 4; i++) assertEquals(ref.logDensity(at(x, i)), at(lp, i), 1e-13);
                assertEquals(ref.getMean(), n.mean().item(), 1e-15);
                assertEquals(ref.getVariance(), n.variance().item(), 1e-13);
                assertEquals(Quadrature.entropy(ref::density, mu - 30 * s, mu + 30 * s), n.entropy().item(), 1e-9);
            }
        }
    }

    @Test
    void normalKl() {
        // KL(N(0,1) ‖ N(1,2)) = log(2/1) + (1 + 1²)/(2·4) − ½ = log 2 − ¼
        assertEquals(Math.log(2) - 0.25, KL.divergence(Normal.of(0, 1), Normal.of(1, 2)).item(), 1e-15);
        assertEquals(0.0, KL.divergence(Normal.of(0.3, 1.7), Normal.of(0.3, 1.7)).item(), 1e-15);
        double[][] pairs = {{0.5, 0.4, -1, 2}, {2, 3, 1, 0.7}, {0, 1, 0, 5}};
        for (double[] p : pairs) {
            NormalDistribution a = NormalDistribution.of(p[0], p[1]), b = NormalDistribution.of(p[2], p[3]);
            double ref = Quadrature.kl(a::logDensity, b::logDensity, p[0] - 40 * p[1], p[0] + 40 * p[1]);
            assertEquals(ref, KL.divergence(Normal.of(p[0], p[1]), Normal.of(p[2], p[3])).item(), 1e-9);
        }
    }

    // ------------------------------------------------------------------ Gamma

    @Test
    void gammaAtHandComputedPoints() {
        Gamma g = Gamma.of(3, 1.5);
        // log Gamma(2 | α = 3, β = 1.5) = 3 log 1.5 − log 2! + 2 log 2 − 3
        assertEquals(3 * Math.log(1.5) - Math.log(2) + 2 * Math.log(2) - 3, g.logProb(Var.constant(Tensor.scalar(2.0, DType.F64))).item(), 1e-14);
        assertEquals(2.0, g.mean().item(), 1e-15);             // α/β
        assertEquals(3 / 2.25, g.variance().item(), 1e-15);   // α/β²
        // α = 1 is the exponential: H = 1 − log β
        assertEquals(1 - Math.log(1.5), Gamma.of(1, 1.5).entropy().item(), 1e-15);
        // E[log x] = ψ(α) − log β
        assertEquals(Special.digamma(3) - Math.log(1.5), g.meanLog().item(), 1e-15);
        // shape–scale form: Gamma(3, scale 2) = Gamma(3, rate ½)
        Gamma s = Gamma.ofShapeScale(c(3), c(2));
        assertEquals(Gamma.of(3, 0.5).logProb(c(1.3)).item(), s.logProb(c(1.3)).item(), 1e-15);
        assertEquals(6.0, s.mean().item(), 1e-15);
        assertEquals(12.0, s.variance().item(), 1e-14);
        assertEquals(0.5, s.rate().item(), 1e-15);
    }

    @Test
    void gammaMatchesCommonsStatistics() {
        double[] alphas = {0.3, 1, 2.5, 20}, rates = {0.5, 1, 4};
        for (double a : alphas) {
            for (double b : rates) {
                GammaDistribution ref = GammaDistribution.of(a, 1 / b);
                Gamma g = Gamma.of(a, b);
                Var x = c(0.01, 0.5, 1, a / b, 3 * a / b + 1);
                Var lp = g.logProb(x);
                for (int i = 0; i < 5; i++) assertEquals(ref.logDensity(at(x, i)), at(lp, i), 1e-12 * Math.max(1, Math.abs(at(lp, i))));
                assertEquals(ref.getMean(), g.mean().item(), 1e-13);
                assertEquals(ref.getVariance(), g.variance().item(), 1e-12);
                double sHi = Math.log((a + 60 * Math.sqrt(a) + 60) / b);
                assertEquals(Quadrature.entropyOnPositive(ref::logDensity, -400, sHi), g.entropy().item(), 1e-9, "H of Gamma(" + a + ", " + b + ")");
            }
        }
    }

    @Test
    void gammaKl() {
        // α = 1: exponentials, KL(Exp(λp) ‖ Exp(λq)) = log(λp/λq) + λq/λp − 1; here λp = 1, λq = 2: 1 − log 2
        assertEquals(1 - Math.log(2), KL.divergence(Gamma.of(1, 1), Gamma.of(1, 2)).item(), 1e-15);
        assertEquals(0.0, KL.divergence(Gamma.of(2.5, 0.7), Gamma.of(2.5, 0.7)).item(), 1e-14);
        double[][] pairs = {{2, 1, 3, 2}, {1.5, 0.5, 1, 1}, {10, 5, 4, 1}, {0.3, 2, 0.8, 0.5}};
        for (double[] p : pairs) {
            GammaDistribution a = GammaDistribution.of(p[0], 1 / p[1]), b = GammaDistribution.of(p[2], 1 / p[3]);
            double ref = Quadrature.klOnPositive(a::logDensity, b::logDensity, -400, Math.log((p[0] + 60 * Math.sqrt(p[0]) + 60) / p[1]));
            assertEquals(ref, KL.divergence(Gamma.of(p[0], p[1]), Gamma.of(p[2], p[3])).item(), 1e-9);
            // the shape–scale form gives the same number
            Gamma scaleForm = Gamma.ofShapeScale(c(p[0]), c(1 / p[1]));
            assertEquals(ref, KL.divergence(scaleForm, Gamma.of(p[2], p[3])).item(), 1e-9);
        }
    }

    // ------------------------------------------------------------------ Bernoulli

    @Test
    void bernoulliAtHandComputedPointsAndCommons() {
        // l = 0: p = ½, H = log 2, log p(1) = log p(0) = −log 2
        Bernoulli half = new Bernoulli(c(0));
        assertEquals(Math.log(2), half.entropy().item(), 1e-15);
        assertEquals(-Math.log(2), half.logProb(c(1)).item(), 1e-15);
        // l = log 3: p = ¾, log p(1) = log ¾, log p(0) = log ¼
        Bernoulli b = new Bernoulli(c(Math.log(3)));
        assertEquals(Math.log(0.75), b.logProb(c(1)).item(), 1e-15);
        assertEquals(Math.log(0.25), b.logProb(c(0)).item(), 1e-15);
        for (double l : new double[] {-30, -4, -0.3, 0.8, 5, 30}) {
            double p = 1 / (1 + Math.exp(-l));
            BinomialDistribution ref = BinomialDistribution.of(1, p);
            Bernoulli d = new Bernoulli(c(l));
            Var lp = d.logProb(c(0, 1));
            // Compared in probability: Commons holds p, so its 1 − p is rounded for large |l|. The fused
            // x·l − softplus(l) has an absolute error of about ulp(|l|) in log p, hence in p ≤ 1.
            double tol = 1e-16 + 4 * Math.ulp(Math.abs(l));
            assertEquals(ref.probability(0), Math.exp(at(lp, 0)), tol);
            assertEquals(ref.probability(1), Math.exp(at(lp, 1)), tol);
            assertEquals(ref.getMean(), d.mean().item(), 1e-15);
            assertEquals(ref.getVariance(), d.variance().item(), 1e-15);
            double h = -(p > 0 ? p * Math.log(p) : 0) - (p < 1 ? (1 - p) * Math.log1p(-p) : 0);
            assertEquals(h, d.entropy().item(), 1e-13);
        }
        // log space keeps what probabilities lose: log p(0 | l = 40) = −40 − log(1 + e^−40) ≈ −40, not log 0
        assertEquals(-40.0, new Bernoulli(c(40)).logProb(c(0)).item(), 1e-15);
        // from probabilities
        Bernoulli fromP = Bernoulli.ofProb(0.25);
        assertEquals(Math.log(0.25), fromP.logProb(c(1)).item(), 1e-15);
        assertEquals(-Math.log(3), fromP.logits().item(), 1e-15);
        // KL(Bern(½) ‖ Bern(¼)) = ½ log(½/¼) + ½ log(½/¾) = ½ log(4/3)
        assertEquals(0.5 * Math.log(4.0 / 3), KL.divergence(half, fromP).item(), 1e-15);
    }

    // ------------------------------------------------------------------ Categorical and OneHotCategorical

    @Test
    void categoricalAtHandComputedPoints() {
        Categorical cat = Categorical.ofProbs(0.1, 0.2, 0.5, 0.2);
        assertEquals(Math.log(0.5), cat.logProb(c(2)).item(), 1e-15);
        Var lp = cat.logProb(c(0, 1, 3));
        assertEquals(Math.log(0.1), at(lp, 0), 1e-15);
        assertEquals(Math.log(0.2), at(lp, 1), 1e-15);
        assertEquals(Math.log(0.2), at(lp, 2), 1e-15);
        // H = −(0.1 log 0.1 + 2·0.2 log 0.2 + 0.5 log 0.5)
        assertEquals(-(0.1 * Math.log(0.1) + 0.4 * Math.log(0.2) + 0.5 * Math.log(0.5)), cat.entropy().item(), 1e-15);
        // E[k] = 0.2 + 1.0 + 0.6 = 1.8;  Var = (0.2 + 2.0 + 1.8) − 1.8² = 0.76
        assertEquals(1.8, cat.mean().item(), 1e-15);
        assertEquals(0.76, cat.variance().item(), 1e-14);
        // the same through logits (shifted: softmax ignores a constant)
        Categorical fromLogits = Categorical.ofLogits(c(Math.log(0.1) + 7, Math.log(0.2) + 7, Math.log(0.5) + 7, Math.log(0.2) + 7));
        assertEquals(Math.log(0.5), fromLogits.logProb(c(2)).item(), 1e-14);
        assertEquals(cat.entropy().item(), fromLogits.entropy().item(), 1e-14);
        // KL(p ‖ uniform) = log K − H(p)
        Categorical uniform = Categorical.ofLogits(c(0, 0, 0, 0));
        assertEquals(Math.log(4) - cat.entropy().item(), KL.divergence(cat, uniform).item(), 1e-15);
    }

    @Test
    void categoricalWithZeroProbabilities() {
        Var probs = Var.param(Tensor.of(0.0, 0.5, 0.5));
        Categorical cat = Categorical.ofProbs(probs);
        assertEquals(Math.log(2), cat.entropy().item(), 1e-15); // 0 log 0 = 0
        assertTrue(cat.logProb(c(0)).item() < -1e300);          // impossible: effectively −∞, not NaN
        Var lp = cat.logProb(c(1));
        assertEquals(-Math.log(2), lp.item(), 1e-15);
        lp.add(cat.entropy()).backward();
        for (int i = 0; i < 3; i++) assertTrue(Double.isFinite(probs.grad().getFlat(i)), "gradient " + probs.grad());
        Var logits = Var.param(Tensor.of(Double.NEGATIVE_INFINITY, 0.0, 0.0));
        Categorical viaLogits = Categorical.ofLogits(logits);
        assertEquals(Math.log(2), viaLogits.entropy().item(), 1e-15);
        viaLogits.entropy().add(viaLogits.logProb(c(2))).backward();
        for (int i = 0; i < 3; i++) assertTrue(Double.isFinite(logits.grad().getFlat(i)), "gradient " + logits.grad());
    }

    @Test
    void oneHotCategoricalAgreesWithCategorical() {
        Var logits = c(0.3, -1.2, 2.0, 0.0, 0.0, 0.0); // two rows of 3
        Var l = Var.constant(logits.value().reshape(2, 3));
        Categorical cat = Categorical.ofLogits(l);
        OneHotCategorical oh = OneHotCategorical.ofLogits(l);
        Var x = Var.constant(Tensor.of(0, 0, 1, 1, 0, 0.0).reshape(2, 3));
        Var lpOh = oh.logProb(x), lpCat = cat.logProb(c(2, 0));
        for (int i = 0; i < 2; i++) assertEquals(at(lpCat, i), at(lpOh, i), 1e-15);
        Var p = cat.probs();
        for (int i = 0; i < 6; i++) {
            assertEquals(at(p, i), at(oh.mean(), i), 1e-15);
            assertEquals(at(p, i) * (1 - at(p, i)), at(oh.variance(), i), 1e-15);
        }
        assertEquals(at(cat.entropy(), 1), Math.log(3), 1e-15);
        assertEquals(at(cat.entropy(), 0), at(oh.entropy(), 0), 0.0);
        assertEquals(KL.divergence(cat, Categorical.ofLogits(c(0, 0, 0))).value().getFlat(0),
                KL.divergence(oh, OneHotCategorical.ofLogits(c(0, 0, 0))).value().getFlat(0), 1e-15);
    }

    // ------------------------------------------------------------------ Gumbel

    @Test
    void gumbelAtHandComputedPointsAndCommons() {
        // x = μ: z = 0, log p = −log β − 0 − e⁰ = −log β − 1
        assertEquals(-Math.log(2) - 1, Gumbel.of(1, 2).logProb(c(1)).item(), 1e-15);
        assertEquals(Math.log(2) + EULER_GAMMA + 1, Gumbel.of(1, 2).entropy().item(), 1e-15);
        for (double mu : new double[] {-2, 0, 1.5}) {
            for (double beta : new double[] {0.3, 1, 4}) {
                GumbelDistribution ref = GumbelDistribution.of(mu, beta);
                Gumbel g = Gumbel.of(mu, beta);
                Var x = c(mu - 2 * beta, mu, mu + 0.7 * beta, mu + 6 * beta);
                Var lp = g.logProb(x);
                for (int i = 0; i < 4; i++) assertEquals(ref.logDensity(at(x, i)), at(lp, i), 1e-13);
                assertEquals(ref.getMean(), g.mean().item(), 1e-14);
                assertEquals(ref.getVariance(), g.variance().item(), 1e-13);
                assertEquals(Quadrature.entropy(ref::density, mu - 10 * beta, mu + 60 * beta), g.entropy().item(), 1e-8);
            }
        }
    }

    // ------------------------------------------------------------------ RelaxedOneHotCategorical

    @Test
    void relaxedWithTwoClassesIsALogisticInTheLogOdds() {
        // K = 2: log(y1/y2) = (l1 − l2 + L)/τ with L ~ Logistic(0, 1), so log(y1/y2) ~ Logistic((l1 − l2)/τ, 1/τ)
        // and p(y1) = p_logistic(log(y1/(1 − y1))) / (y1 (1 − y1)).
        double l1 = 0.7, l2 = -0.4;
        for (double tau : new double[] {0.1, 0.5, 1, 3}) {
            LogisticDistribution ref = LogisticDistribution.of((l1 - l2) / tau, 1 / tau);
            RelaxedOneHotCategorical r = RelaxedOneHotCategorical.ofLogits(tau, c(l1, l2));
            for (double y : new double[] {0.01, 0.3, 0.5, 0.77, 0.999}) {
                double expected = ref.logDensity(Math.log(y / (1 - y))) - Math.log(y) - Math.log1p(-y);
                assertEquals(expected, r.logProb(c(y, 1 - y)).item(), 1e-11 * Math.max(1, Math.abs(expected)), "τ = " + tau + ", y = " + y);
            }
        }
    }

    @Test
    void relaxedDensityIntegratesToOneOnTheSimplex() {
        // K = 3, τ = 2: ∫∫ p(y1, y2, 1 − y1 − y2) dy1 dy2 over the triangle = 1 (density bounded there).
        RelaxedOneHotCategorical r = RelaxedOneHotCategorical.ofLogits(2.0, c(0.5, -0.2, 0.1));
        int n = 400;
        double h = 1.0 / n;
        // Midpoint rule on the triangle's grid cells, evaluated in one batch
        int count = 0;
        double[] pts = new double[n * n * 3];
        for (int i = 0; i < n; i++) {
            for (int j = 0; i + j < n - 1; j++) {
                double y1 = (i + 0.5) * h, y2 = (j + 0.5) * h;
                pts[3 * count] = y1;
                pts[3 * count + 1] = y2;
                pts[3 * count + 2] = 1 - y1 - y2;
                count++;
            }
        }
        Var y = Var.constant(Tensor.wrap(java.util.Arrays.copyOf(pts, 3 * count), count, 3));
        double integral = r.logProb(y).value().exp().sumAll() * h * h;
        // the cells on the diagonal are left out (about n·h²/2 of the area): bounded density, so the error is O(h)
        assertEquals(1.0, integral, 0.01);
    }

    // ------------------------------------------------------------------ NormalGamma

    @Test
    void normalGammaMatchesItsFactors() {
        double mu0 = 1, lambda = 0.1, a = 3, b = 2;
        NormalGamma ng = NormalGamma.of(mu0, lambda, a, b);
        double[][] points = {{1, 0.5}, {-2, 1.7}, {4, 0.05}};
        for (double[] pt : points) {
            double mu = pt[0], tau = pt[1];
            // log N(μ | μ0, 1/(λτ)) + log Gamma(τ | a, rate b), by Commons
            double expected = NormalDistribution.of(mu0, 1 / Math.sqrt(lambda * tau)).logDensity(mu) + GammaDistribution.of(a, 1 / b).logDensity(tau);
            assertEquals(expected, ng.logProb(c(mu, tau)).item(), 1e-13);
            assertEquals(expected, ng.logProb(c(mu), c(tau)).item(), 1e-13);
        }
        // E = (μ0, a/b) = (1, 1.5);  Var = (b/(λ(a − 1)), a/b²) = (10, 0.75)
        assertEquals(1.0, at(ng.mean(), 0), 0.0);
        assertEquals(1.5, at(ng.mean(), 1), 1e-15);
        assertEquals(10.0, at(ng.variance(), 0), 1e-13);
        assertEquals(0.75, at(ng.variance(), 1), 1e-15);
        assertEquals(Double.POSITIVE_INFINITY, at(NormalGamma.of(0, 1, 0.8, 1).variance(), 0));
        // H = H[τ] + E_τ[½ log(2πe/(λτ))], the expectation by quadrature over the Gamma density
        GammaDistribution tauRef = GammaDistribution.of(a, 1 / b);
        double condH = Quadrature.simpson(t -> t <= 0 ? 0 : tauRef.density(t) * 0.5 * Math.log(2 * Math.PI * Math.E / (lambda * t)), 0, 80, 400_000);
        double tauH = Quadrature.entropy(tauRef::density, 0, 80);
        assertEquals(tauH + condH, ng.entropy().item(), 1e-7);
    }

    // ------------------------------------------------------------------ Independent

    @Test
    void independentSumsOverReinterpretedAxes() {
        Var loc = Var.constant(Tensor.of(0, 1, 2, 3, 4, 5.0).reshape(2, 3));
        Var scale = c(1, 2, 3);
        Normal base = new Normal(loc, scale);
        Independent ind = new Independent(base, 1);
        assertEquals(2, ind.batchShape()[0]);
        assertEquals(1, ind.batchShape().length);
        assertEquals(3, ind.eventShape()[0]);
        Var x = Var.constant(Tensor.of(0.5, 0.5, 0.5, 1, 1, 1.0).reshape(2, 3));
        Var lp = ind.logProb(x), lpBase = base.logProb(x);
        assertEquals(at(lpBase, 0) + at(lpBase, 1) + at(lpBase, 2), at(lp, 0), 1e-14);
        assertEquals(at(lpBase, 3) + at(lpBase, 4) + at(lpBase, 5), at(lp, 1), 1e-14);
        Var h = ind.entropy();
        assertEquals(3 * 0.5 * (1 + LOG_2PI) + Math.log(6), at(h, 0), 1e-14);
        Independent q = new Independent(new Normal(Var.constant(Tensor.zeros(DType.F64, 2, 3)), c(1, 1, 1)), 1);
        Var kl = KL.divergence(ind, q), klBase = KL.divergence(base, q.base());
        assertEquals(at(klBase, 3) + at(klBase, 4) + at(klBase, 5), at(kl, 1), 1e-14);
    }
}
