package elbow.vi.distributions;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.statistics.inference.ChiSquareTest;
import org.apache.commons.statistics.inference.KolmogorovSmirnovTest;

import java.util.function.DoubleUnaryOperator;

/**
 * Tests of samples against their law, with tolerances from the sampling distribution of each
 * statistic rather than tuned numbers:
 *
 * <ul>
 *   <li>the sample mean is within {@link #Z} standard errors σ/√n of the mean;</li>
 *   <li>the sample variance s² is within Z standard errors of the variance, with the exact
 *       Var[s²] = (μ4 − σ⁴ (n − 3)/(n − 1))/n for iid draws (μ4 the fourth central moment; its
 *       large-n form (μ4 − σ⁴)/n would be 0 for a fair coin, whose s² still varies);</li>
 *   <li>Kolmogorov–Smirnov (continuous) and chi-square (discrete) goodness of fit at significance
 *       level {@link #ALPHA}.</li>
 * </ul>
 *
 * Every test is seeded, so a pass is reproducible; Z = 5 makes a false alarm of one moment check a
 * 6e-7 event, and α = 1e-3 is the rate at which a correct sampler fails a GOF test for a new seed.
 */
final class SampleChecks {
    private SampleChecks() {}

    static final double Z = 5;
    static final double ALPHA = 1e-3;

    static void moments(double[] xs, double mean, double variance, double fourthCentral, String what) {
        int n = xs.length;
        double m = 0;
        for (double x : xs) m += x;
        m /= n;
        double ss = 0;
        for (double x : xs) ss += (x - m) * (x - m);
        double s2 = ss / (n - 1);
        double seMean = Math.sqrt(variance / n);
        assertTrue(Math.abs(m - mean) <= Z * seMean, what + ": sample mean " + m + " vs " + mean + " (|diff| > " + Z + " standard errors of " + seMean + ")");
        double seVar = Math.sqrt((fourthCentral - variance * variance * (n - 3.0) / (n - 1.0)) / n);
        assertTrue(Math.abs(s2 - variance) <= Z * seVar, what + ": sample variance " + s2 + " vs " + variance + " (|diff| > " + Z + " standard errors of " + seVar + ")");
    }

    static void kolmogorovSmirnov(double[] xs, DoubleUnaryOperator cdf, String what) {
        double p = KolmogorovSmirnovTest.withDefaults().test(xs, cdf).getPValue();
        assertTrue(p > ALPHA, what + ": Kolmogorov–Smirnov p-value " + p + " < " + ALPHA);
    }

    /** Chi-square goodness of fit of category counts against probabilities (which must sum to 1). */
    static void chiSquare(long[] counts, double[] probs, String what) {
        long n = 0;
        for (long c : counts) n += c;
        double[] expected = new double[probs.length];
        for (int k = 0; k < probs.length; k++) expected[k] = probs[k] * n;
        double p = ChiSquareTest.withDefaults().test(expected, counts).getPValue();
        assertTrue(p > ALPHA, what + ": chi-square p-value " + p + " < " + ALPHA + " (counts " + java.util.Arrays.toString(counts) + ")");
    }

    /** Column {@code j} of a row-major matrix with {@code cols} columns. */
    static double[] column(double[] data, int cols, int j) {
        double[] out = new double[data.length / cols];
        for (int i = 0; i < out.length; i++) out[i] = data[i * cols + j];
        return out;
    }
}
