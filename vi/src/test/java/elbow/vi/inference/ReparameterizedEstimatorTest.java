package elbow.vi.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import elbow.autograd.Var;
import elbow.tensor.Rng;
import elbow.vi.distributions.Normal;
import org.junit.jupiter.api.Test;

/**
 * The pathwise estimators on a conjugate model whose ELBO gradient is known in closed form:
 * x_n ~ N(μ, 1), μ ~ N(0, 1), q(μ) = N(m, s²). Then
 * <pre>
 *   ELBO = −(N+1)/2 log 2π − ½ Σ (x_n − m)² − N s²/2 − (m² + s²)/2 + ½ log(2πe s²)
 *   ∂/∂m = Σ x_n − (N + 1) m,     ∂/∂log s = 1 − (N + 1) s²
 * </pre>
 * and the posterior is N(Σx / (N+1), 1/(N+1)).
 */
class ReparameterizedEstimatorTest {
    private static final double[] X = {0.3, 1.9, -0.4, 1.2, 0.8, 2.1, 0.0, 1.1};
    private static final double SUM = java.util.Arrays.stream(X).sum();
    private static final int N = X.length;

    private static LogJoint model() {
        double sumSq = java.util.Arrays.stream(X).map(v -> v * v).sum();
        double log2pi = Math.log(2 * Math.PI);
        return LogJoint.builder()
                // Σ_n log N(x_n | μ, 1) = −N/2 log 2π − ½ (Σx² − 2μΣx + Nμ²)
                .factor("likelihood", z -> z.get("mu").square().mul(N).sub(z.get("mu").mul(2 * SUM)).add(sumSq).mul(-0.5).add(-0.5 * N * log2pi), "mu")
                .factor("prior", z -> z.get("mu").square().mul(-0.5).add(-0.5 * log2pi), "mu")
                .build();
    }

    private static MeanField family(double m, double s) {
        return MeanField.builder()
                .factor("mu", new double[] {m, Math.log(s)}, p -> new Normal(p.slice(1, 0, 1).reshape(-1), p.slice(1, 1, 2).reshape(-1).exp()))
                .build();
    }

    @Test
    void bothAreUnbiased() {
        double m = -0.5, s = 0.8;
        double[] exact = {SUM - (N + 1) * m, 1 - (N + 1) * s * s};
        for (ElboEstimator est : new ElboEstimator[] {ReparameterizedEstimator.standard(), ReparameterizedEstimator.stl()}) {
            Rng rng = new Rng(11);
            int reps = 300;
            double[] sum = new double[2], sumSq = new double[2];
            for (int r = 0; r < reps; r++) {
                ElboEstimate e = est.estimate(model(), family(m, s), 10, rng);
                for (int d = 0; d < 2; d++) {
                    double g = e.gradient().get(0).getFlat(d);
                    sum[d] += g;
                    sumSq[d] += g * g;
                }
            }
            for (int d = 0; d < 2; d++) {
                double mean = sum[d] / reps, se = Math.sqrt((sumSq[d] / reps - mean * mean) / (reps - 1));
                assertTrue(Math.abs(mean - exact[d]) < 4.5 * se + 1e-9, est.name() + " coordinate " + d + ": " + mean + " ± " + se + " vs " + exact[d]);
            }
        }
    }

    @Test
    void stlHasZeroVarianceAtThePosteriorAndTheStandardGradientDoesNot() {
        double m = SUM / (N + 1), s = Math.sqrt(1.0 / (N + 1));
        ElboEstimate stl = ReparameterizedEstimator.stl().estimate(model(), family(m, s), 64, new Rng(5));
        ElboEstimate standard = ReparameterizedEstimator.standard().estimate(model(), family(m, s), 64, new Rng(5));
        // At q = posterior, log p(x, z) − log q(z) = log p(x) for every z: the path term vanishes per sample.
        for (int i = 0; i < stl.perSample().get(0).size(); i++) assertEquals(0.0, stl.perSample().get(0).getFlat(i), 1e-9);
        assertTrue(standard.variance() > 1e-3, "the score term makes the standard estimator noisy: " + standard.variance());
        // and every sample's ELBO term equals log p(X) exactly
        double logEvidence = -0.5 * N * Math.log(2 * Math.PI) - 0.5 * Math.log(N + 1)
                - 0.5 * (java.util.Arrays.stream(X).map(v -> v * v).sum() - SUM * SUM / (N + 1));
        assertEquals(logEvidence, stl.elbo(), 1e-9);
    }

    @Test
    void pathAndScoreTermsSplitTheStandardGradient() {
        // standard = STL + score term, where the score term is ∇λ log q(z; λ) with z held fixed: checked per sample.
        MeanField q = family(0.2, 0.5);
        ElboEstimate standard = ReparameterizedEstimator.standard().estimate(model(), q, 16, new Rng(9));
        ElboEstimate stl = ReparameterizedEstimator.stl().estimate(model(), q, 16, new Rng(9));
        Rng rng = new Rng(9);
        Var rep = MeanField.replicate(q.parameters().get(0), 16);
        Var z = Var.constant(q.factor("mu").builder().apply(rep).rsample(rng).value());
        Var logQ = q.factor("mu").builder().apply(rep).logProb(z).sum();
        double[] score = elbow.autograd.Tape.grad(logQ, rep)[0].toDoubleArray();
        for (int i = 0; i < score.length; i++) {
            // the ELBO's gradient contains −∇ log q, so standard = stl − score
            assertEquals(standard.perSample().get(0).getFlat(i), stl.perSample().get(0).getFlat(i) - score[i], 1e-9);
        }
    }
}
