package elbow.vi.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import elbow.tensor.Rng;
import elbow.vi.models.NormalGammaModel.MeanField;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

class NormalGammaModelTest {
    /** N = 100 draws from μ = 1, τ = 0.5 and the SPEC's priors μ0 = 1, λ0 = 0.1, a0 = 1, b0 = 2. */
    static NormalGammaModel specModel(int n, long seed) {
        Rng rng = new Rng(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = 1 + Math.sqrt(2) * rng.normal();
        return new NormalGammaModel(x, 1, 0.1, 1, 2);
    }

    private final NormalGammaModel model = specModel(100, 42);

    /** Monte Carlo E_q[f(μ, τ)] with its standard error. */
    private static double[] expect(MeanField q, long seed, int samples, java.util.function.DoubleBinaryOperator f) {
        Rng rng = new Rng(seed);
        double s = 0, s2 = 0;
        for (int i = 0; i < samples; i++) {
            double mu = q.m() + rng.normal() / Math.sqrt(q.ell());
            double tau = rng.gamma(q.a()) / q.b();
            double v = f.applyAsDouble(mu, tau);
            s += v;
            s2 += v * v;
        }
        double mean = s / samples;
        return new double[] {mean, Math.sqrt((s2 / samples - mean * mean) / samples)};
    }

    @Property(tries = 20)
    void evidenceIsElboPlusKlForArbitraryQ(@ForAll @DoubleRange(min = -1, max = 3) double m, @ForAll @DoubleRange(min = 0.5, max = 100) double ell,
                                           @ForAll @DoubleRange(min = 1, max = 80) double a, @ForAll @DoubleRange(min = 2, max = 200) double b) {
        MeanField q = new MeanField(m, ell, a, b);
        // KL(q ‖ p(·|X)) = E_q[log q − log p(μ,τ|X)], estimated by Monte Carlo; log p(X) − ELBO must equal it.
        double[] kl = expect(q, 1, 20_000, (mu, tau) -> q.logDensity(mu, tau) - model.logPosterior(mu, tau));
        double gap = model.logEvidence() - model.elbo(q);
        assertTrue(gap >= 0, "ELBO above log p(X): " + gap);
        assertEquals(kl[0], gap, 5 * kl[1] + 1e-9);
        // and the closed-form ELBO is E_q[log p(X, μ, τ) − log q]
        double[] elbo = expect(q, 2, 20_000, (mu, tau) -> model.logJoint(mu, tau) - q.logDensity(mu, tau));
        assertEquals(elbo[0], model.elbo(q), 5 * elbo[1] + 1e-9);
    }

    @Test
    void evidenceMatchesNumericalIntegration() {
        NormalGammaModel small = specModel(10, 3);
        // ∫∫ p(X, μ, τ) dμ dτ on a fine grid around the posterior mass (trapezoid in μ and log τ).
        double[] post = small.posterior();
        double sdMu = Math.sqrt(post[3] / (post[1] * (post[2] - 1)));
        double total = 0, hMu = sdMu / 100, hLog = 0.01;
        for (double mu = post[0] - 12 * sdMu; mu <= post[0] + 12 * sdMu; mu += hMu) {
            for (double lt = -8; lt <= 4; lt += hLog) {
                double tau = Math.exp(lt);
                total += Math.exp(small.logJoint(mu, tau) - small.logEvidence()) * tau * hMu * hLog;
            }
        }
        assertEquals(1.0, total, 1e-3);
    }

    @Test
    void caviNeverDecreasesAndReachesTheClosedFormFixedPoint() {
        for (int n : new int[] {10, 100, 1000}) {
            NormalGammaModel mdl = specModel(n, n);
            MeanField q = new MeanField(-3, 0.01, 1, 50);
            double prev = mdl.elbo(q);
            for (int i = 0; i < 50; i++) {
                q = mdl.caviStep(q);
                double e = mdl.elbo(q);
                assertTrue(e >= prev - 1e-12 * Math.abs(prev), "ELBO decreased at iteration " + i + ": " + prev + " -> " + e);
                prev = e;
            }
            // Fixed point: m = μN, a = a0 + (N+1)/2, and b = bN · 2a/(2a − 1) (solve ℓ = (λ0+N)a/b with the b update).
            double[] post = mdl.posterior();
            double a = mdl.a0 + 0.5 * (n + 1);
            assertEquals(post[0], q.m(), 1e-12);
            assertEquals(a, q.a(), 1e-12);
            assertEquals(post[3] * 2 * a / (2 * a - 1), q.b(), 1e-9 * q.b());
            assertEquals((mdl.lambda0 + n) * q.a() / q.b(), q.ell(), 1e-9 * q.ell());
            assertTrue(mdl.logEvidence() > mdl.elbo(q));
        }
    }

    @Test
    void eachCaviUpdateIsACoordinateMaximum() {
        MeanField q = new MeanField(0.3, 2, 3, 7);
        MeanField best = model.updateMu(q);
        double top = model.elbo(best);
        for (double dm : new double[] {-0.1, -1e-3, 1e-3, 0.1}) {
            assertTrue(model.elbo(new MeanField(best.m() + dm, best.ell(), best.a(), best.b())) < top);
            assertTrue(model.elbo(new MeanField(best.m(), best.ell() * (1 + dm), best.a(), best.b())) < top);
        }
        best = model.updateTau(q);
        top = model.elbo(best);
        for (double d : new double[] {-0.1, -1e-3, 1e-3, 0.1}) {
            assertTrue(model.elbo(new MeanField(best.m(), best.ell(), best.a() * (1 + d), best.b())) < top);
            assertTrue(model.elbo(new MeanField(best.m(), best.ell(), best.a(), best.b() * (1 + d))) < top);
        }
    }
}
