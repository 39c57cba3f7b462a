package elbow.vi.inference;

import static org.junit.jupiter.api.Assertions.assertTrue;

import elbow.tensor.Rng;
import elbow.vi.models.NormalGammaModel;
import elbow.vi.models.NormalGammaVariational;
import org.junit.jupiter.api.Test;

/**
 * The score-function estimators against the gradient of the closed-form ELBO of the Normal–Gamma model:
 * unbiased (the mean over many independent estimates is within a few standard errors of the exact
 * gradient), and with variances ordered as the theory says.
 */
class ScoreFunctionEstimatorTest {
    private static final NormalGammaModel MODEL = normalGamma();
    private static final LogJoint LOG_JOINT = NormalGammaVariational.logJoint(MODEL);
    // A point away from the optimum, where the gradient is far from zero.
    private static final double M = 0.6, S = 0.3, A = 8, B = 12;

    private static NormalGammaModel normalGamma() {
        Rng rng = new Rng(42);
        double[] x = new double[100];
        for (int i = 0; i < x.length; i++) x[i] = 1 + Math.sqrt(2) * rng.normal();
        return new NormalGammaModel(x, 1, 0.1, 1, 2);
    }

    /** Mean and standard error of each gradient coordinate over {@code reps} independent estimates. */
    private static double[][] replicate(ElboEstimator est, int reps, int samples) {
        double[] sum = new double[4], sumSq = new double[4];
        Rng rng = new Rng(2024);
        for (int r = 0; r < reps; r++) {
            MeanField q = NormalGammaVariational.family(M, S, A, B);
            ElboEstimate e = est.estimate(LOG_JOINT, q, samples, rng);
            double[] g = {e.gradient().get(0).getFlat(0), e.gradient().get(0).getFlat(1), e.gradient().get(1).getFlat(0), e.gradient().get(1).getFlat(1)};
            for (int i = 0; i < 4; i++) {
                sum[i] += g[i];
                sumSq[i] += g[i] * g[i];
            }
        }
        double[] mean = new double[4], se = new double[4];
        for (int i = 0; i < 4; i++) {
            mean[i] = sum[i] / reps;
            se[i] = Math.sqrt((sumSq[i] / reps - mean[i] * mean[i]) / (reps - 1));
        }
        return new double[][] {mean, se};
    }

    private static void assertUnbiased(ElboEstimator est) {
        double[] exact = NormalGammaVariational.elboGradient(MODEL, new double[] {M, Math.log(S)}, new double[] {Math.log(A), Math.log(B)});
        double[][] r = replicate(est, 400, 20);
        for (int i = 0; i < 4; i++) {
            // 4.5 standard errors: a false alarm has probability below 1e-5 per coordinate.
            assertTrue(Math.abs(r[0][i] - exact[i]) < 4.5 * r[1][i],
                    est.name() + " coordinate " + i + ": mean " + r[0][i] + " ± " + r[1][i] + " vs exact " + exact[i]);
        }
    }

    @Test
    void reinforceIsUnbiased() {
        assertUnbiased(ScoreFunctionEstimator.reinforce());
    }

    @Test
    void controlVariatesAreUnbiased() {
        assertUnbiased(ScoreFunctionEstimator.controlVariates());
    }

    @Test
    void raoBlackwellizedIsUnbiased() {
        assertUnbiased(ScoreFunctionEstimator.raoBlackwellized());
    }

    @Test
    void varianceIsReducedByControlVariatesAndRaoBlackwellization() {
        ElboEstimator[] ests = {ScoreFunctionEstimator.reinforce(), ScoreFunctionEstimator.controlVariates(),
            ScoreFunctionEstimator.raoBlackwellized(), new ScoreFunctionEstimator(false, true)};
        double[][] v = new double[ests.length][2];
        for (int k = 0; k < ests.length; k++) {
            Rng rng = new Rng(7);
            for (int r = 0; r < 50; r++) {
                ElboEstimate e = ests[k].estimate(LOG_JOINT, NormalGammaVariational.family(M, S, A, B), 200, rng);
                for (int i = 0; i < 2; i++) v[k][i] += e.variance(i) / 50;
            }
        }
        double naive = v[0][0] + v[0][1], cv = v[1][0] + v[1][1], rb = v[2][0] + v[2][1];
        // Margins: with control variates (alone or with Rao-Blackwellization) the variance at least halves.
        assertTrue(cv < 0.5 * naive, "control variates " + cv + " vs REINFORCE " + naive);
        assertTrue(rb < 0.5 * naive, "Rao-Blackwell + control variates " + rb + " vs REINFORCE " + naive);
        // Rao-Blackwellization alone: q(μ)'s weight loses log p(τ) and log q(τ), which carry noise but no
        // signal about μ. Here they are a small part of the noise (the likelihood, in both blankets,
        // dominates), so the gain is small; the runs share their random numbers, so it is not noise.
        // (q(τ)'s blanket is the whole log joint; it only loses log q(μ), which need not lower its variance.)
        assertTrue(v[3][0] < v[0][0], "Rao-Blackwellized q(mu) term " + v[3][0] + " vs REINFORCE " + v[0][0]);
    }

    @Test
    void scoreFunctionHasZeroMean() {
        // E_q[∇λ log q(z)] = 0: REINFORCE with w ≡ 1 is the mean of the scores. Use a log joint equal to
        // log q + 1, so that w = 1 exactly for every sample.
        MeanField q = NormalGammaVariational.family(M, S, A, B);
        LogJoint shifted = LogJoint.builder()
                .factor("q_plus_one", z -> q.current("mu").logProb(z.get("mu").reshape(-1, 1)).reshape(-1)
                        .add(q.current("tau").logProb(z.get("tau").reshape(-1, 1)).reshape(-1)).add(1.0), "mu", "tau")
                .build();
        ElboEstimate e = ScoreFunctionEstimator.reinforce().estimate(shifted, q, 100_000, new Rng(3));
        for (int i = 0; i < 2; i++) {
            for (int d = 0; d < 2; d++) {
                double mean = e.gradient().get(i).getFlat(d);
                double se = Math.sqrt(e.variance(i));
                assertTrue(Math.abs(mean) < 5 * se + 1e-12, "score mean " + mean + " (se bound " + se + ")");
            }
        }
    }
}
