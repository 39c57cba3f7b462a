package elbow.vi.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import elbow.autograd.GradCheck;
import elbow.tensor.Rng;
import elbow.tensor.Tensor;
import elbow.vi.distributions.RelaxedOneHotCategorical;
import elbow.vi.models.GumbelSoftmaxStatistics.Draws;
import org.apache.commons.statistics.inference.ChiSquareTest;
import org.junit.jupiter.api.Test;

/** The Gumbel-Softmax relaxation of Categorical([0.1, 0.2, 0.5, 0.2]) (assignment 1AD, question 3.1.20). */
class GumbelSoftmaxStatisticsTest {
    static final double[] P = {0.1, 0.2, 0.5, 0.2};

    @Test
    void argmaxOfRelaxedDrawsPassesAChiSquareTestAgainstTheProbabilities() {
        // The experiment's setting: N = 1000 at temperature 0.1, a fixed seed.
        Draws d = GumbelSoftmaxStatistics.relaxed(P, 0.1, 1000, new Rng(1));
        int[] counts = d.argmaxCounts();
        double chi2 = GumbelSoftmaxStatistics.chiSquare(counts, P);
        double p = GumbelSoftmaxStatistics.chiSquarePValue(chi2, P.length);
        // Our statistic and p-value against Commons Statistics' Pearson test.
        long[] observed = new long[counts.length];
        for (int k = 0; k < counts.length; k++) observed[k] = counts[k];
        assertEquals(ChiSquareTest.withDefaults().statistic(P, observed), chi2, 1e-12 * chi2);
        assertEquals(ChiSquareTest.withDefaults().test(P, observed).getPValue(), p, 1e-12);
        // At the 1 % level (critical value 11.34 for 3 degrees of freedom).
        assertTrue(p > 0.01, "chi2 = " + chi2 + ", p = " + p);
        // The same for direct categorical draws.
        int[] direct = GumbelSoftmaxStatistics.counts(GumbelSoftmaxStatistics.categorical(P, 1000, new Rng(2)), 4);
        assertTrue(GumbelSoftmaxStatistics.chiSquarePValue(GumbelSoftmaxStatistics.chiSquare(direct, P), 4) > 0.01);
    }

    @Test
    void argmaxFrequenciesDoNotDependOnTheTemperature() {
        // Gumbel-max: argmax_k (log p_k + g_k) is Categorical(p) whatever the temperature dividing it.
        int n = 100_000;
        for (double tau : new double[] {0.01, 1, 100}) {
            int[] c = GumbelSoftmaxStatistics.relaxed(P, tau, n, new Rng(5)).argmaxCounts();
            for (int k = 0; k < 4; k++) assertEquals(P[k], c[k] / (double) n, 4 * Math.sqrt(P[k] * (1 - P[k]) / n), "τ = " + tau + ", class " + k);
        }
    }

    @Test
    void relaxedDrawsLieOnTheSimplex() {
        for (double tau : new double[] {0.01, 0.1, 1, 10}) {
            Draws d = GumbelSoftmaxStatistics.relaxed(P, tau, 2000, new Rng(3));
            for (double[] y : d.y()) {
                double s = 0;
                for (double v : y) {
                    assertTrue(v >= 0 && v <= 1, "coordinate " + v + " at τ = " + tau);
                    s += v;
                }
                assertEquals(1, s, 1e-12, "τ = " + tau);
            }
        }
    }

    @Test
    void relaxedDrawsApproachTheCornersAsTheTemperatureFalls() {
        double previous = Double.POSITIVE_INFINITY;
        for (double tau : new double[] {10, 1, 0.1, 0.01}) {
            // Common random numbers: the same Gumbel noise at every temperature.
            double mean = mean(GumbelSoftmaxStatistics.relaxed(P, tau, 5000, new Rng(8)).cornerDistances());
            assertTrue(mean < previous, "τ = " + tau + ": mean distance to a corner " + mean + " is not below " + previous);
            previous = mean;
        }
        assertTrue(previous < 0.02, "at τ = 0.01 the draws are near one-hot: " + previous);
    }

    @Test
    void relaxedMeanIsUnbiasedAtLowTemperatureAndUniformAtHighTemperature() {
        int n = 100_000;
        double[] cold = GumbelSoftmaxStatistics.relaxed(P, 0.01, n, new Rng(4)).meanBias(P);
        for (int k = 0; k < 4; k++) assertEquals(0, cold[k], 4 * Math.sqrt(P[k] * (1 - P[k]) / n) + 1e-3, "class " + k);
        double[] hot = GumbelSoftmaxStatistics.relaxed(P, 1e4, 1000, new Rng(4)).mean();
        for (int k = 0; k < 4; k++) assertEquals(0.25, hot[k], 1e-3, "class " + k);
    }

    @Test
    void gradientThroughARelaxedDrawPassesTheFloat64GradientCheck() {
        // y = softmax((logits + g)/τ) with g fixed by the seed: differentiable in the logits and in τ.
        for (double tau : new double[] {0.1, 0.5, 2}) {
            GradCheck.assertGradients(in -> RelaxedOneHotCategorical.ofLogits(in[1], in[0]).rsample(new Rng(6), 3),
                    Tensor.of(Math.log(0.1), Math.log(0.2), Math.log(0.5), Math.log(0.2)), Tensor.of(tau));
        }
    }

    @Test
    void chiSquareOfExactCountsIsZero() {
        assertEquals(0, GumbelSoftmaxStatistics.chiSquare(new int[] {10, 20, 50, 20}, P), 1e-12);
        assertEquals(1, GumbelSoftmaxStatistics.chiSquarePValue(0, 4), 1e-15);
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }
}
