package elbow.vi.amortized;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import elbow.autograd.Tape;
import elbow.autograd.Var;
import elbow.nn.Parameter;
import elbow.tensor.DType;
import elbow.tensor.Rng;
import elbow.tensor.Tensor;
import elbow.vi.amortized.AmortizedObjective.Bound;
import elbow.vi.amortized.AmortizedObjective.Estimate;
import elbow.vi.inference.IwaeBound;
import elbow.vi.inference.PathwiseGradient;
import elbow.vi.models.BernoulliVae;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The VAE and IWAE objectives and their three gradients, on a small Bernoulli VAE (float64) and on
 * {@link LinearGaussianVae}, whose posterior is exact and representable by its encoder.
 */
class AmortizedObjectiveTest {
    /** A Bernoulli VAE of 6 pixels, hidden layers of 5, 3 latents, in float64, and 4 binary images. */
    private static BernoulliVae smallVae() {
        return new BernoulliVae(6, 5, 3, DType.F64, new Rng(42));
    }

    private static final Tensor IMAGES = Tensor.wrap(new double[] {
        1, 0, 0, 1, 1, 0,
        0, 0, 1, 1, 0, 1,
        1, 1, 1, 0, 0, 0,
        0, 1, 0, 1, 0, 1}, 4, 6);

    private static Estimate run(VariationalAutoencoder m, Tensor x, Bound bound, PathwiseGradient g, int k, long seed) {
        return new AmortizedObjective(bound, g, k).estimate(m, x, new Rng(seed));
    }

    @Test
    void iwelboWithOneParticleIsTheElbo() {
        BernoulliVae vae = smallVae();
        for (PathwiseGradient g : PathwiseGradient.values()) {
            Estimate elbo = run(vae, IMAGES, Bound.ELBO, g, 1, 5), iwelbo = run(vae, IMAGES, Bound.IWELBO, g, 1, 5);
            assertEquals(elbo.elbo(), iwelbo.iwelbo(), 1e-12, g.label());
            assertEquals(elbo.elbo(), elbo.iwelbo(), 1e-12, g.label() + ": with one particle both bounds are log w");
            assertSameGradients(elbo.gradients(), iwelbo.gradients(), 1e-12, g.label());
        }
    }

    @Test
    void iwelboIsAtLeastTheElboOfTheSameParticles() {
        // Jensen, draw by draw: log (1/K) Σ w_k ≥ (1/K) Σ log w_k for every item.
        BernoulliVae vae = smallVae();
        for (int seed = 0; seed < 20; seed++) {
            Estimate e = run(vae, IMAGES, Bound.IWELBO, PathwiseGradient.STANDARD, 7, seed);
            Tensor bound = IwaeBound.bound(e.logWeights()), average = IwaeBound.averageElbo(e.logWeights());
            for (int b = 0; b < 4; b++) assertTrue(bound.getFlat(b) >= average.getFlat(b), "item " + b + ", seed " + seed);
            assertTrue(e.iwelbo() > e.elbo(), "the weights differ, so the inequality is strict: " + e.iwelbo() + " vs " + e.elbo());
        }
    }

    @Test
    void boundsIncreaseWithKTowardsTheExactEvidence() {
        // In expectation ELBO ≤ L_5 ≤ L_50 ≤ log p(x); an encoder off the posterior separates them by far more than the Monte Carlo error.
        LinearGaussianVae m = LinearGaussianVae.offPosterior(0.3);
        double evidence = 0;
        for (int b = 0; b < 4; b++) evidence += LinearGaussianVae.logEvidence(LinearGaussianVae.X, b) / 4;
        double[] mean = new double[3];
        int[] ks = {1, 5, 50};
        int reps = 400;
        for (int i = 0; i < ks.length; i++) {
            for (int r = 0; r < reps; r++) mean[i] += run(m, LinearGaussianVae.X, Bound.IWELBO, PathwiseGradient.STANDARD, ks[i], 1000L * i + r).iwelbo() / reps;
        }
        assertTrue(mean[0] < mean[1] && mean[1] < mean[2] && mean[2] < evidence, "L_1 " + mean[0] + ", L_5 " + mean[1] + ", L_50 " + mean[2] + ", log p(x) " + evidence);
    }

    @Test
    void stlIsTheStandardGradientMinusTheScoreTerm() {
        // standard − STL = the score term (1/B) Σ_b Σ_k c_k ∇_φ log q_φ(z_k | x_b) at fixed z (for the loss −bound),
        // with c = 1/K for the ELBO and the normalised weights for the IWELBO; the decoder's gradient is the same.
        BernoulliVae vae = smallVae();
        int k = 3;
        for (Bound bound : Bound.values()) {
            Estimate standard = run(vae, IMAGES, bound, PathwiseGradient.STANDARD, k, 9), stl = run(vae, IMAGES, bound, PathwiseGradient.STL, k, 9);
            Tensor c = bound == Bound.ELBO ? Tensor.full(1.0 / k, DType.F64, k, 4) : IwaeBound.weights(standard.logWeights());
            Tensor z = vae.posterior(vae.encode(Var.constant(IMAGES))).rsample(new Rng(9), k).value();   // the same particles
            Var logQ = vae.posterior(vae.encode(Var.constant(IMAGES))).logProb(Var.constant(z));          // [K, B], z held fixed
            List<Parameter> phi = vae.encoderParameters();
            Var[] phiVars = phi.stream().map(Parameter::var).toArray(Var[]::new);
            Tensor[] score = Tape.grad(logQ.mul(Var.constant(c)).sum().mul(1.0 / 4), phiVars);
            for (int i = 0; i < phi.size(); i++) {
                Tensor expected = stl.gradients().get(i).add(score[i]);
                assertTrue(expected.allClose(standard.gradients().get(i), 1e-9, 1e-12), bound + " " + phi.get(i).name());
            }
            assertSameGradients(standard.gradients().subList(phi.size(), phi.size() + vae.decoderParameters().size()),
                    stl.gradients().subList(phi.size(), phi.size() + vae.decoderParameters().size()), 1e-12, bound + " decoder");
        }
    }

    @Test
    void standardGradientIsTheDerivativeOfTheBoundAtFixedNoise() {
        // The cut graph must give exactly what one backward pass through the uncut graph gives: check against
        // central differences of the estimate as a function of every parameter, with the noise held fixed.
        for (Bound bound : Bound.values()) {
            BernoulliVae vae = smallVae();
            AmortizedObjective objective = new AmortizedObjective(bound, PathwiseGradient.STANDARD, 3);
            List<Parameter> params = AmortizedObjective.parameters(vae);
            List<Tensor> g = objective.estimate(vae, IMAGES, new Rng(13)).gradients();
            Rng directions = new Rng(77);
            double analytic = 0;
            Tensor[] d = new Tensor[params.size()];
            for (int i = 0; i < d.length; i++) {
                d[i] = directions.normal(DType.F64, params.get(i).shape());
                for (int j = 0; j < d[i].size(); j++) analytic += g.get(i).getFlat(j) * d[i].getFlat(j);
            }
            double h = 1e-6;
            for (int i = 0; i < d.length; i++) params.get(i).value().axpyInPlace(h, d[i]);
            double plus = -value(objective, vae, bound);
            for (int i = 0; i < d.length; i++) params.get(i).value().axpyInPlace(-2 * h, d[i]);
            double minus = -value(objective, vae, bound);
            double numeric = (plus - minus) / (2 * h);
            assertEquals(numeric, analytic, 1e-6 * Math.max(1, Math.abs(numeric)), bound.label());
        }
    }

    private static double value(AmortizedObjective objective, BernoulliVae vae, Bound bound) {
        Estimate e = objective.estimate(vae, IMAGES, new Rng(13));
        return bound == Bound.ELBO ? e.elbo() : e.iwelbo();
    }

    @Test
    void atTheExactPosteriorStlHasZeroVarianceAndTheStandardGradientDoesNot() {
        LinearGaussianVae m = LinearGaussianVae.atPosterior();
        int encoderSize = m.encoderParameters().size();
        double evidence = 0;
        for (int b = 0; b < 4; b++) evidence += LinearGaussianVae.logEvidence(LinearGaussianVae.X, b) / 4;
        int reps = 50;
        double sum = 0, sumSq = 0;
        for (int r = 0; r < reps; r++) {
            Estimate stl = run(m, LinearGaussianVae.X, Bound.ELBO, PathwiseGradient.STL, 1, r);
            Estimate standard = run(m, LinearGaussianVae.X, Bound.ELBO, PathwiseGradient.STANDARD, 1, r);
            // log w = log p(x) for every z, so the path term vanishes sample by sample.
            assertEquals(evidence, stl.elbo(), 1e-12);
            for (int i = 0; i < encoderSize; i++) {
                Tensor gi = stl.gradients().get(i);
                for (int j = 0; j < gi.size(); j++) assertEquals(0.0, gi.getFlat(j), 1e-12, m.encoderParameters().get(i).name());
            }
            double g = standard.gradients().get(0).getFlat(0);
            sum += g;
            sumSq += g * g;
        }
        double variance = (sumSq - sum * sum / reps) / (reps - 1);
        assertTrue(variance > 1e-3, "the score term makes the standard encoder gradient noisy: variance " + variance);
        // The same at K = 5 for the IWELBO with DReG: every weight is p(x), w̃ = 1/K, and the path term is zero.
        Estimate dreg = run(m, LinearGaussianVae.X, Bound.IWELBO, PathwiseGradient.DREG, 5, 3);
        assertEquals(evidence, dreg.iwelbo(), 1e-12);
        assertEquals(evidence, dreg.elbo(), 1e-12);
        for (int i = 0; i < encoderSize; i++) {
            for (int j = 0; j < dreg.gradients().get(i).size(); j++) assertEquals(0.0, dreg.gradients().get(i).getFlat(j), 1e-12);
        }
    }

    @Test
    void dregAndTheIwaeGradientAgreeInExpectationAndDregIsQuieter() {
        LinearGaussianVae m = LinearGaussianVae.offPosterior(0.25);
        List<Parameter> phi = m.encoderParameters();
        int k = 8, reps = 400;
        int size = 0;
        for (Parameter p : phi) size += p.size();
        double[][] sum = new double[2][size], sumSq = new double[2][size];
        for (int r = 0; r < reps; r++) {
            Estimate standard = run(m, LinearGaussianVae.X, Bound.IWELBO, PathwiseGradient.STANDARD, k, r);
            Estimate dreg = run(m, LinearGaussianVae.X, Bound.IWELBO, PathwiseGradient.DREG, k, r);
            // The decoder gets the IWAE gradient under both.
            int n = standard.gradients().size();
            assertSameGradients(standard.gradients().subList(phi.size(), n), dreg.gradients().subList(phi.size(), n), 1e-12, "decoder");
            Estimate[] both = {standard, dreg};
            for (int e = 0; e < 2; e++) {
                int c = 0;
                for (int i = 0; i < phi.size(); i++) {
                    Tensor g = both[e].gradients().get(i);
                    for (int j = 0; j < g.size(); j++, c++) {
                        sum[e][c] += g.getFlat(j);
                        sumSq[e][c] += g.getFlat(j) * g.getFlat(j);
                    }
                }
            }
        }
        double[] totalVariance = new double[2];
        for (int c = 0; c < size; c++) {
            double[] mean = new double[2], var = new double[2];
            for (int e = 0; e < 2; e++) {
                mean[e] = sum[e][c] / reps;
                var[e] = (sumSq[e][c] - reps * mean[e] * mean[e]) / (reps - 1);
                totalVariance[e] += var[e];
            }
            double se = Math.sqrt((var[0] + var[1]) / reps);
            assertEquals(mean[0], mean[1], 4.5 * se + 1e-12, "encoder coordinate " + c);
        }
        assertTrue(totalVariance[1] < 0.5 * totalVariance[0], "DReG variance " + totalVariance[1] + " vs IWAE " + totalVariance[0]);
    }

    @Test
    void aNonFiniteEncoderOutputIsReportedNotDifferentiated() {
        BernoulliVae vae = smallVae();
        Tensor bad = IMAGES.copy();
        bad.setFlat(3, Double.NaN);
        Estimate e = run(vae, bad, Bound.IWELBO, PathwiseGradient.DREG, 2, 1);
        assertTrue(!e.isFinite() && Double.isNaN(e.elbo()), "NaN input gives a NaN estimate");
        assertNull(e.gradients());
    }

    private static void assertSameGradients(List<Tensor> a, List<Tensor> b, double tol, String what) {
        assertEquals(a.size(), b.size(), what);
        for (int i = 0; i < a.size(); i++) assertTrue(a.get(i).allClose(b.get(i), 0, tol), what + ": gradient " + i);
    }
}
