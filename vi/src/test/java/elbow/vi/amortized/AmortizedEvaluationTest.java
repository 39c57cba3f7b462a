package elbow.vi.amortized;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import elbow.tensor.Rng;
import elbow.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Evaluation on {@link LinearGaussianVae}, whose evidence log p(x) is exact. */
class AmortizedEvaluationTest {
    private static final Tensor X = LinearGaussianVae.X;

    @Test
    void atTheExactPosteriorEveryChunkingGivesTheEvidence() {
        LinearGaussianVae m = LinearGaussianVae.atPosterior();
        // Budgets that split the particles into uneven chunks, one item at a time, several items at once, everything at once.
        for (int budget : new int[] {10, 37, 80, AmortizedEvaluation.ROW_BUDGET}) {
            AmortizedEvaluation.Bounds b = AmortizedEvaluation.bounds(m, X, 37, new Rng(budget), budget);
            for (int i = 0; i < X.dim(0); i++) {
                assertEquals(LinearGaussianVae.logEvidence(X, i), b.iwelbo()[i], 1e-10, "budget " + budget + ", item " + i);
                assertEquals(LinearGaussianVae.logEvidence(X, i), b.elbo()[i], 1e-10, "budget " + budget + ", item " + i);
            }
        }
    }

    @Test
    void fiveThousandParticlesEstimateTheEvidenceOfAPoorEncoder() {
        // Off the posterior enough that the ELBO is visibly below log p(x), not so far that the weights'
        // variance (which grows like exp(KL)) makes 5000 particles too few.
        LinearGaussianVae m = LinearGaussianVae.offPosterior(0.1);
        AmortizedEvaluation.Bounds b = AmortizedEvaluation.bounds(m, X, AmortizedEvaluation.PAPER_PARTICLES, new Rng(1));
        double[] ll = AmortizedEvaluation.logLikelihood(m, X, AmortizedEvaluation.PAPER_PARTICLES, new Rng(1));
        for (int i = 0; i < X.dim(0); i++) {
            double exact = LinearGaussianVae.logEvidence(X, i);
            double error = Math.abs(ll[i] - exact), gap = exact - b.elbo()[i];
            assertTrue(error < 0.1 && error < 0.25 * gap, "item " + i + ": L_5000 = " + ll[i] + ", ELBO " + b.elbo()[i] + ", log p(x) " + exact);
            assertEquals(b.iwelbo()[i], ll[i], 0.0, "same generator, same estimate");
        }
    }

    @Test
    void activeUnitsAreTheLatentsWhoseMeanVariesWithX() {
        // μ_1(x) = A_1 x varies over the data; μ_2(x) = c_2 does not.
        double[][] a = {{0.8, -0.5, 0.3}, {0, 0, 0}};
        LinearGaussianVae m = LinearGaussianVae.withEncoder(a, new double[] {0.1, 2.0}, new double[] {0, 0});
        AmortizedEvaluation.ActiveUnits units = AmortizedEvaluation.activeUnits(m, X, 3, AmortizedEvaluation.ACTIVE_THRESHOLD);
        int n = X.dim(0);
        double[] mu = new double[n];
        double mean = 0;
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < 3; p++) mu[i] += a[0][p] * X.get(i, p);
            mean += mu[i] / n;
        }
        double variance = 0;
        for (double v : mu) variance += (v - mean) * (v - mean) / n;
        assertEquals(variance, units.variances()[0], 1e-12);
        assertEquals(0.0, units.variances()[1], 1e-12);
        assertEquals(1, units.count());
    }
}
