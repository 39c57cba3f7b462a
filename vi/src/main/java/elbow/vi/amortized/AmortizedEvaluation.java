package elbow.vi.amortized;

import elbow.autograd.NoGrad;
import elbow.autograd.Var;
import elbow.tensor.Rng;
import elbow.tensor.Tensor;

/**
 * Measuring a trained {@link VariationalAutoencoder} on held-out data, as Burda et al. (2015, §5) do:
 * <ul>
 *   <li>the K-particle ELBO and IWELBO L_K per item;</li>
 *   <li>the log-likelihood estimate log p(x) ≈ L_K with K = 5000 ({@link #PAPER_PARTICLES}), a lower
 *       bound in expectation that is tight to about 0.1 nat there;</li>
 *   <li>the active units: latent dimensions u with Cov_x(E_{q(u|x)}[u]) &gt; 10⁻² (their §6).</li>
 * </ul>
 * Nothing is recorded (every computation runs under {@link NoGrad}). Particles go through the decoder
 * in chunks of at most {@link #ROW_BUDGET} rows (particles × items), so K = 5000 needs no more memory
 * than a training step at batch 100, K = 40; the bound is accumulated across chunks as a running
 * log-sum-exp in double precision.
 */
public final class AmortizedEvaluation {
    private AmortizedEvaluation() {}

    /** K of Burda et al.'s log-likelihood estimates. */
    public static final int PAPER_PARTICLES = 5000;

    /** Threshold on Cov_x(E_q[u | x]) above which a latent unit counts as active (Burda et al. §6). */
    public static final double ACTIVE_THRESHOLD = 1e-2;

    /**
     * Decoder rows per chunk: a [4096, 784] float32 buffer is 12.8 MB, so a chunk's few live buffers stay
     * well inside any heap while the matrix products are still large enough to run at full speed.
     */
    public static final int ROW_BUDGET = 4096;

    /** Per-item bounds from K particles each. */
    public record Bounds(int particles, double[] elbo, double[] iwelbo) {
        public double meanElbo() { return mean(elbo); }

        public double meanIwelbo() { return mean(iwelbo); }
    }

    /** Active units: Cov_x(E_q[u | x]) per latent dimension u (divisor N), and how many exceed the threshold. */
    public record ActiveUnits(int count, double threshold, double[] variances) {}

    /** {@link #bounds(VariationalAutoencoder, Tensor, int, Rng, int)} with {@link #ROW_BUDGET}. */
    public static Bounds bounds(VariationalAutoencoder model, Tensor x, int particles, Rng rng) {
        return bounds(model, x, particles, rng, ROW_BUDGET);
    }

    /**
     * The K-particle ELBO and L_K of every item of {@code x} [N, ...], with fresh particles per item.
     * Items are taken in groups of max(1, rowBudget / K), particles in chunks of min(K, rowBudget).
     */
    public static Bounds bounds(VariationalAutoencoder model, Tensor x, int particles, Rng rng, int rowBudget) {
        if (particles < 1) throw new IllegalArgumentException("need K >= 1 particles, got " + particles);
        if (rowBudget < 1) throw new IllegalArgumentException("row budget must be positive, got " + rowBudget);
        int n = x.dim(0);
        int group = Math.max(1, Math.min(n, rowBudget / particles)), chunk = Math.min(particles, rowBudget);
        double[] elbo = new double[n], iwelbo = new double[n];
        for (int start = 0; start < n; start += group) {
            int g = Math.min(group, n - start);
            Tensor items = g == n ? x : x.slice(0, start, start + g);
            double[] lse = new double[g], sum = new double[g];
            java.util.Arrays.fill(lse, Double.NEGATIVE_INFINITY);
            for (int done = 0; done < particles; done += chunk) {
                int c = Math.min(chunk, particles - done);
                Tensor logW = model.logWeights(items, c, rng);                       // [c, g]
                Tensor chunkLse = logW.logSumExp(0), chunkSum = logW.sum(0);
                for (int i = 0; i < g; i++) {
                    lse[i] = logAddExp(lse[i], chunkLse.getFlat(i));
                    sum[i] += chunkSum.getFlat(i);
                }
            }
            double logK = Math.log(particles);
            for (int i = 0; i < g; i++) {
                iwelbo[start + i] = lse[i] - logK;
                elbo[start + i] = sum[i] / particles;
            }
        }
        return new Bounds(particles, elbo, iwelbo);
    }

    /**
     * The importance-sampled estimate log p(x) ≈ L_K per item (Burda et al. §5: K = 5000); its mean's
     * negative is the test NLL.
     */
    public static double[] logLikelihood(VariationalAutoencoder model, Tensor x, int particles, Rng rng) {
        return bounds(model, x, particles, rng, ROW_BUDGET).iwelbo();
    }

    /** Active units of q over the items of {@code x} [N, ...], encoded {@code batch} at a time. */
    @SuppressWarnings("try")
    public static ActiveUnits activeUnits(VariationalAutoencoder model, Tensor x, int batch, double threshold) {
        if (batch < 1) throw new IllegalArgumentException("batch must be positive, got " + batch);
        int n = x.dim(0);
        double[] mean = null, m2 = null;
        try (NoGrad off = NoGrad.enter()) {
            int seen = 0;
            for (int start = 0; start < n; start += batch) {
                int g = Math.min(batch, n - start);
                Tensor mu = model.posterior(model.encode(Var.constant(g == n ? x : x.slice(0, start, start + g)))).mean().value(); // [g, D]
                int d = mu.size() / g;
                if (mean == null) {
                    mean = new double[d];
                    m2 = new double[d];
                }
                // Welford's update: the spread of the means can be far smaller than the means themselves.
                for (int r = 0; r < g; r++) {
                    seen++;
                    for (int u = 0; u < d; u++) {
                        double v = mu.getFlat(r * d + u), delta = v - mean[u];
                        mean[u] += delta / seen;
                        m2[u] += delta * (v - mean[u]);
                    }
                }
            }
            double[] variances = new double[mean == null ? 0 : mean.length];
            int count = 0;
            for (int u = 0; u < variances.length; u++) {
                variances[u] = m2[u] / seen;
                if (variances[u] > threshold) count++;
            }
            return new ActiveUnits(count, threshold, variances);
        }
    }

    private static double logAddExp(double a, double b) {
        if (a == Double.NEGATIVE_INFINITY) return b;
        if (b == Double.NEGATIVE_INFINITY) return a;
        double m = Math.max(a, b);
        return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return v.length == 0 ? Double.NaN : s / v.length;
    }
}
