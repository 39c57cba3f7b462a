package elbow.vi.inference;

import elbow.vi.distributions.Normal;
import java.util.Arrays;

/**
 * A conjugate model with everything in closed form, for the pathwise and importance-weighted
 * estimator tests: x_n ~ N(μ, 1), μ ~ N(0, 1), q(μ) = N(m, s²) with λ = (m, log s). Then
 * <pre>
 *   posterior     N(Σx / (N+1), 1/(N+1))
 *   log p(X)      −N/2 log 2π − ½ log(N+1) − ½ (Σx² − (Σx)²/(N+1))
 *   ∂ELBO/∂m      Σx − (N+1) m
 *   ∂ELBO/∂log s  1 − (N+1) s²
 * </pre>
 */
final class ConjugateNormal {
    private ConjugateNormal() {}

    static final double[] X = {0.3, 1.9, -0.4, 1.2, 0.8, 2.1, 0.0, 1.1};
    static final int N = X.length;
    static final double SUM = Arrays.stream(X).sum(), SUM_SQ = Arrays.stream(X).map(v -> v * v).sum();
    static final double LOG_EVIDENCE = -0.5 * N * Math.log(2 * Math.PI) - 0.5 * Math.log(N + 1) - 0.5 * (SUM_SQ - SUM * SUM / (N + 1));
    static final double POSTERIOR_MEAN = SUM / (N + 1), POSTERIOR_SD = Math.sqrt(1.0 / (N + 1));

    static LogJoint model() {
        double log2pi = Math.log(2 * Math.PI);
        return LogJoint.builder()
                // Σ_n log N(x_n | μ, 1) = −N/2 log 2π − ½ (Σx² − 2μΣx + Nμ²)
                .factor("likelihood", z -> z.get("mu").square().mul(N).sub(z.get("mu").mul(2 * SUM)).add(SUM_SQ).mul(-0.5).add(-0.5 * N * log2pi), "mu")
                .factor("prior", z -> z.get("mu").square().mul(-0.5).add(-0.5 * log2pi), "mu")
                .build();
    }

    static MeanField family(double m, double s) {
        return MeanField.builder()
                .factor("mu", new double[] {m, Math.log(s)}, p -> new Normal(p.slice(1, 0, 1).reshape(-1), p.slice(1, 1, 2).reshape(-1).exp()))
                .build();
    }

    /** The exact ELBO gradient (∂/∂m, ∂/∂log s). */
    static double[] elboGradient(double m, double s) {
        return new double[] {SUM - (N + 1) * m, 1 - (N + 1) * s * s};
    }
}
