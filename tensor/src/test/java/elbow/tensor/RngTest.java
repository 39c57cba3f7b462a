package elbow.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.numbers.gamma.Erfc;
import org.apache.commons.numbers.gamma.RegularizedGamma;
import org.junit.jupiter.api.Test;

/**
 * Samplers against their distributions. Tolerances come from the sampling distribution: means within
 * 5 standard errors, Kolmogorov–Smirnov statistics below the 0.1 % critical value 1.95/√n, chi-square
 * below its 0.1 % quantile. Seeds are fixed, so a pass is reproducible, but the bounds are not tuned
 * to the seeds.
 */
class RngTest {
    private static final int N = 20_000;
    private static final double KS_CRITICAL = 1.95 / Math.sqrt(N);

    @Test
    void sameSeedSameNumbersAndSplitsAreIndependent() {
        assertArrayEquals(new Rng(7).normal(DType.F64, 100).toDoubleArray(), new Rng(7).normal(DType.F64, 100).toDoubleArray());
        Rng a = new Rng(7);
        Rng s1 = a.split(), s2 = a.split();
        assertTrue(!Arrays.equals(s1.normal(DType.F64, 10).toDoubleArray(), s2.normal(DType.F64, 10).toDoubleArray()));
    }

    private static double ks(double[] x, DoubleUnaryOperator cdf) {
        double[] s = x.clone();
        Arrays.sort(s);
        double d = 0;
        for (int i = 0; i < s.length; i++) {
            double f = cdf.applyAsDouble(s[i]);
            d = Math.max(d, Math.max(f - (double) i / s.length, (double) (i + 1) / s.length - f));
        }
        return d;
    }

    private static void moments(double[] x, double mean, double var, double kurtosis) {
        double m = Arrays.stream(x).average().orElseThrow();
        double v = Arrays.stream(x).map(t -> (t - m) * (t - m)).sum() / (x.length - 1);
        assertEquals(mean, m, 5 * Math.sqrt(var / x.length), "mean");
        // The sample variance has standard error σ²·√((κ − 1)/n), κ = μ4/σ⁴ the kurtosis of the law.
        assertEquals(var, v, 5 * Math.sqrt((kurtosis - 1) / x.length) * var, "variance");
    }

    @Test
    void uniform() {
        double[] x = new Rng(1).uniform(DType.F64, N).toDoubleArray();
        moments(x, 0.5, 1.0 / 12, 1.8);
        assertTrue(ks(x, t -> t) < KS_CRITICAL);
    }

    @Test
    void normal() {
        double[] x = new Rng(2).normal(DType.F64, N).toDoubleArray();
        moments(x, 0, 1, 3);
        assertTrue(ks(x, t -> 0.5 * Erfc.value(-t / Math.sqrt(2))) < KS_CRITICAL);
    }

    @Test
    void gumbel() {
        double[] x = new Rng(3).gumbel(DType.F64, N).toDoubleArray();
        moments(x, 0.5772156649015329, Math.PI * Math.PI / 6, 5.4);
        assertTrue(ks(x, t -> Math.exp(-Math.exp(-t))) < KS_CRITICAL);
    }

    @Test
    void gammaForShapesBelowAndAboveOne() {
        for (double alpha : new double[] {0.3, 1.0, 2.5, 30}) {
            double[] x = new Rng(4).gamma(alpha, DType.F64, N).toDoubleArray();
            moments(x, alpha, alpha, 3 + 6 / alpha);
            double d = ks(x, t -> RegularizedGamma.P.value(alpha, t));
            assertTrue(d < KS_CRITICAL, "alpha " + alpha + ": KS " + d);
        }
    }

    @Test
    void bernoulliAndCategoricalFrequencies() {
        double[] p = {0.1, 0.2, 0.5, 0.2};
        Tensor probs = Tensor.of(p).reshape(1, 4).expand(N, 4);
        int[] draws = new Rng(5).categorical(probs);
        long[] counts = new long[4];
        for (int k : draws) counts[k]++;
        double chi2 = 0;
        for (int k = 0; k < 4; k++) chi2 += Math.pow(counts[k] - N * p[k], 2) / (N * p[k]);
        assertTrue(chi2 < 16.27, "chi-square with 3 dof: " + chi2); // 0.1 % critical value
        double[] b = new Rng(6).bernoulli(Tensor.full(0.3, DType.F64, N)).toDoubleArray();
        moments(b, 0.3, 0.21, (1 - 6 * 0.21) / 0.21 + 3);
    }
}
