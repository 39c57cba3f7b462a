package elbow.vi.distributions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import elbow.autograd.Var;
import elbow.tensor.DType;
import elbow.tensor.Rng;
import elbow.tensor.Tensor;
import org.apache.commons.statistics.distribution.GammaDistribution;
import org.apache.commons.statistics.distribution.GumbelDistribution;
import org.apache.commons.statistics.distribution.LogisticDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.distribution.TDistribution;
import org.junit.jupiter.api.Test;

/** Every sampler against its distribution: moments within standard errors and a goodness-of-fit test. */
class SamplerTest {
    private static final int N = 20_000;

    private static Var c(double... v) {
        return Var.constant(Tensor.of(v));
    }

    @Test
    void normalBatched() {
        // Two copies with different parameters, drawn together: shape [N, 2], each column its own law.
        Normal n = new Normal(c(-1.5, 3), c(0.5, 2));
        Tensor x = n.sample(new Rng(11), N);
        assertArrayEquals(new int[] {N, 2}, x.shape());
        double[] mu = {-1.5, 3}, sd = {0.5, 2};
        for (int j = 0; j < 2; j++) {
            double[] col = SampleChecks.column(x.toDoubleArray(), 2, j);
            double v = sd[j] * sd[j];
            SampleChecks.moments(col, mu[j], v, 3 * v * v, "Normal column " + j);
            NormalDistribution ref = NormalDistribution.of(mu[j], sd[j]);
            SampleChecks.kolmogorovSmirnov(col, ref::cumulativeProbability, "Normal column " + j);
        }
    }

    @Test
    void normalRsampleDrawsTheSameNumbersAsSample() {
        Normal n = new Normal(Var.param(Tensor.of(0.3, 0.1)), Var.param(Tensor.of(2.0, 1.0)));
        assertArrayEquals(n.sample(new Rng(5), 3).toDoubleArray(), n.rsample(new Rng(5), 3).value().toDoubleArray(), 0.0);
    }

    @Test
    void gammaAcrossBothSamplerBranches() {
        // α < 1 uses Marsaglia–Tsang's boost U^(1/α); α ≥ 1 the squeeze directly.
        double[] alphas = {0.3, 1, 4.5};
        double beta = 2;
        Gamma g = new Gamma(c(alphas), c(beta));
        Tensor x = g.sample(new Rng(12), N);
        for (int j = 0; j < alphas.length; j++) {
            double a = alphas[j];
            double[] col = SampleChecks.column(x.toDoubleArray(), alphas.length, j);
            SampleChecks.moments(col, a / beta, a / (beta * beta), 3 * a * (a + 2) / Math.pow(beta, 4), "Gamma(" + a + ")");
            GammaDistribution ref = GammaDistribution.of(a, 1 / beta);
            SampleChecks.kolmogorovSmirnov(col, ref::cumulativeProbability, "Gamma(" + a + ")");
        }
    }

    @Test
    void gammaShapeScale() {
        Gamma g = Gamma.ofShapeScale(c(3), c(2)); // mean 6, variance 12
        double[] x = g.sample(new Rng(13), N).toDoubleArray();
        SampleChecks.moments(x, 6, 12, 3 * 3 * 5 * 16, "Gamma(3, scale 2)");
        SampleChecks.kolmogorovSmirnov(x, GammaDistribution.of(3, 2)::cumulativeProbability, "Gamma(3, scale 2)");
    }

    @Test
    void gumbel() {
        Gumbel g = Gumbel.of(1, 2);
        double[] x = g.sample(new Rng(14), N).toDoubleArray();
        double v = Math.PI * Math.PI * 4 / 6;
        SampleChecks.moments(x, 1 + 2 * Gumbel.EULER_GAMMA, v, 5.4 * v * v, "Gumbel(1, 2)"); // excess kurtosis 12/5
        SampleChecks.kolmogorovSmirnov(x, GumbelDistribution.of(1, 2)::cumulativeProbability, "Gumbel(1, 2)");
    }

    @Test
    void bernoulli() {
        double[] logits = {-2, 0.5};
        Bernoulli b = new Bernoulli(c(logits));
        double[] x = b.sample(new Rng(15), N).toDoubleArray();
        for (int j = 0; j < 2; j++) {
            double p = 1 / (1 + Math.exp(-logits[j])), q = 1 - p;
            double[] col = SampleChecks.column(x, 2, j);
            SampleChecks.moments(col, p, p * q, p * q * (1 - 3 * p * q), "Bernoulli(" + p + ")");
            long ones = 0;
            for (double v : col) ones += (long) v;
            SampleChecks.chiSquare(new long[] {col.length - ones, ones}, new double[] {q, p}, "Bernoulli(" + p + ")");
        }
    }

    @Test
    void categoricalBatched() {
        double[][] probs = {{0.1, 0.2, 0.5, 0.2}, {0.7, 0.1, 0.1, 0.1}};
        Categorical cat = Categorical.ofProbs(Var.constant(Tensor.of(0.1, 0.2, 0.5, 0.2, 0.7, 0.1, 0.1, 0.1).reshape(2, 4)));
        Tensor x = cat.sample(new Rng(16), N);
        assertArrayEquals(new int[] {N, 2}, x.shape());
        for (int j = 0; j < 2; j++) {
            double[] col = SampleChecks.column(x.toDoubleArray(), 2, j);
            long[] counts = new long[4];
            for (double v : col) counts[(int) v]++;
            SampleChecks.chiSquare(counts, probs[j], "Categorical row " + j);
            double m = 0, m2 = 0, m4 = 0;
            for (int k = 0; k < 4; k++) m += k * probs[j][k];
            for (int k = 0; k < 4; k++) {
                m2 += Math.pow(k - m, 2) * probs[j][k];
                m4 += Math.pow(k - m, 4) * probs[j][k];
            }
            SampleChecks.moments(col, m, m2, m4, "Categorical row " + j);
            assertEquals(m, cat.mean().value().getFlat(j), 1e-15);
            assertEquals(m2, cat.variance().value().getFlat(j), 1e-14);
        }
    }

    @Test
    void oneHotCategorical() {
        double[] probs = {0.1, 0.2, 0.5, 0.2};
        OneHotCategorical oh = OneHotCategorical.ofProbs(c(probs));
        Tensor x = oh.sample(new Rng(17), N);
        assertArrayEquals(new int[] {N, 4}, x.shape());
        long[] counts = new long[4];
        double[] data = x.toDoubleArray();
        for (int i = 0; i < N; i++) {
            double rowSum = 0;
            for (int k = 0; k < 4; k++) {
                rowSum += data[i * 4 + k];
                if (data[i * 4 + k] == 1) counts[k]++;
            }
            assertEquals(1.0, rowSum, 0.0);
        }
        SampleChecks.chiSquare(counts, probs, "OneHotCategorical");
        for (int k = 0; k < 4; k++) bernoulliMoments(SampleChecks.column(data, 4, k), probs[k], "OneHotCategorical coordinate " + k);
    }

    /** A one-hot coordinate is Bernoulli(p): mean p, variance pq, fourth central moment pq(1 − 3pq). */
    private static void bernoulliMoments(double[] x, double p, String what) {
        double q = 1 - p;
        SampleChecks.moments(x, p, p * q, p * q * (1 - 3 * p * q), what);
    }

    @Test
    void normalGammaMarginals() {
        // τ ~ Gamma(a, rate b); μ marginally Student-t: (μ − μ0)/s ~ t(2a) with s² = b/(aλ).
        double mu0 = 1, lambda = 0.5, a = 5, b = 2;
        NormalGamma ng = NormalGamma.of(mu0, lambda, a, b);
        Tensor x = ng.sample(new Rng(18), N);
        assertArrayEquals(new int[] {N, 2}, x.shape());
        double[] mu = SampleChecks.column(x.toDoubleArray(), 2, 0), tau = SampleChecks.column(x.toDoubleArray(), 2, 1);
        SampleChecks.moments(tau, a / b, a / (b * b), 3 * a * (a + 2) / Math.pow(b, 4), "NormalGamma τ");
        SampleChecks.kolmogorovSmirnov(tau, GammaDistribution.of(a, 1 / b)::cumulativeProbability, "NormalGamma τ");
        double nu = 2 * a, s2 = b / (a * lambda);
        double var = nu / (nu - 2) * s2, m4 = 3 * nu * nu / ((nu - 2) * (nu - 4)) * s2 * s2;
        assertEquals(var, ng.variance().value().getFlat(0), 1e-13); // b/(λ(a − 1)) is the t variance
        SampleChecks.moments(mu, mu0, var, m4, "NormalGamma μ");
        TDistribution t = TDistribution.of(nu);
        SampleChecks.kolmogorovSmirnov(mu, m -> t.cumulativeProbability((m - mu0) / Math.sqrt(s2)), "NormalGamma μ");
    }

    @Test
    void relaxedArgmaxIsCategoricalAndTwoClassLogOddsAreLogistic() {
        double[] probs = {0.1, 0.2, 0.5, 0.2};
        RelaxedOneHotCategorical r = RelaxedOneHotCategorical.ofProbs(0.1, c(probs));
        Tensor y = r.sample(new Rng(19), N);
        Tensor idx = y.argmax(-1);
        long[] counts = new long[4];
        for (int i = 0; i < N; i++) counts[(int) idx.getFlat(i)]++;
        SampleChecks.chiSquare(counts, probs, "argmax of Gumbel-Softmax draws (Gumbel-max)");
        double[] rows = y.sum(-1).toDoubleArray();
        for (double s : rows) assertEquals(1.0, s, 1e-12);
        // K = 2: log(y1/y2) ~ Logistic((l1 − l2)/τ, 1/τ)
        double tau = 0.7, l1 = 0.3, l2 = -0.5;
        RelaxedOneHotCategorical two = RelaxedOneHotCategorical.ofLogits(tau, c(l1, l2));
        double[] d = two.sample(new Rng(20), N).toDoubleArray();
        double[] logOdds = new double[N];
        for (int i = 0; i < N; i++) logOdds[i] = Math.log(d[2 * i] / d[2 * i + 1]);
        LogisticDistribution ref = LogisticDistribution.of((l1 - l2) / tau, 1 / tau);
        SampleChecks.kolmogorovSmirnov(logOdds, ref::cumulativeProbability, "two-class Concrete log-odds");
        double v = ref.getVariance();
        SampleChecks.moments(logOdds, ref.getMean(), v, 4.2 * v * v, "two-class Concrete log-odds"); // logistic excess kurtosis 6/5
    }

    @Test
    void straightThroughDrawsAreCategorical() {
        double[] probs = {0.3, 0.6, 0.1};
        RelaxedOneHotCategoricalStraightThrough st = RelaxedOneHotCategorical.ofProbs(1.0, c(probs)).straightThrough();
        Tensor x = st.sample(new Rng(21), N);
        long[] counts = new long[3];
        double[] data = x.toDoubleArray();
        for (int i = 0; i < N; i++) for (int k = 0; k < 3; k++) if (data[i * 3 + k] == 1) counts[k]++;
        assertEquals(N, counts[0] + counts[1] + counts[2]);
        SampleChecks.chiSquare(counts, probs, "straight-through Gumbel-Softmax");
        for (int k = 0; k < 3; k++) bernoulliMoments(SampleChecks.column(data, 3, k), probs[k], "straight-through coordinate " + k);
    }

    @Test
    void sampleShapesPrefixBatchAndEvent() {
        Normal n = new Normal(Var.constant(Tensor.zeros(DType.F64, 2, 3)), c(1, 1, 1));
        assertArrayEquals(new int[] {4, 5, 2, 3}, n.sample(new Rng(1), 4, 5).shape());
        assertArrayEquals(new int[] {2, 3}, n.sample(new Rng(1)).shape());
        OneHotCategorical oh = OneHotCategorical.ofLogits(Var.constant(Tensor.zeros(DType.F64, 2, 5)));
        assertArrayEquals(new int[] {7, 2, 5}, oh.sample(new Rng(1), 7).shape());
        assertArrayEquals(new int[] {3, 2}, NormalGamma.of(0, 1, 2, 2).sample(new Rng(1), 3).shape());
        Tensor f32 = new Normal(Var.constant(Tensor.of(0f)), Var.constant(Tensor.of(1f))).sample(new Rng(1), 3);
        assertEquals(DType.F32, f32.dtype());
    }
}
