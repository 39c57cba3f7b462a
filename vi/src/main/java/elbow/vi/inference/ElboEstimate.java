package elbow.vi.inference;

import elbow.tensor.Tensor;
import java.util.List;

/**
 * One stochastic estimate of the ELBO and of its gradient with respect to a family's unconstrained
 * parameters, with the per-sample gradient terms behind it.
 *
 * <p>{@code perSample.get(i)} has shape {@code [S, P_i]}: row s is the term sample s contributes, and
 * {@code gradient.get(i)} is their mean. Keeping the terms lets any estimator's variance be measured
 * the same way (see {@link #variance()}).
 *
 * @param elbo the Monte Carlo ELBO estimate, mean over samples of log p(X, z_s) − log q(z_s)
 * @param gradient the estimated ∇_λ ELBO, one tensor per parameter of the family (in family order)
 * @param perSample the per-sample terms whose mean is {@code gradient}
 */
public record ElboEstimate(double elbo, List<Tensor> gradient, List<Tensor> perSample) {

    /**
     * The estimate whose per-sample terms are the gradients {@code perSampleGradients[i]} (shape
     * [S, P_i], one row per sample, as a backward pass through the per-sample parameter replicas
     * gives them), in the order of {@code q}'s parameters.
     */
    static ElboEstimate of(double elbo, Tensor[] perSampleGradients, MeanField q, int samples) {
        List<Tensor> gradient = new java.util.ArrayList<>(), perSample = new java.util.ArrayList<>();
        List<elbow.autograd.Var> params = q.parameters();
        for (int i = 0; i < perSampleGradients.length; i++) {
            Tensor g = perSampleGradients[i].reshape(samples, perSampleGradients[i].size() / samples);
            perSample.add(g);
            gradient.add(g.mean(0).reshape(params.get(i).shape()));
        }
        return new ElboEstimate(elbo, gradient, perSample);
    }

    /** Number of Monte Carlo samples. */
    public int samples() {
        return perSample.get(0).shape()[0];
    }

    /**
     * Variance of the gradient estimate of parameter i: the trace of the covariance of its mean,
     * (1/S) Σ_d Var_s(g_s^d), using the unbiased sample variance over the S terms.
     */
    public double variance(int i) {
        Tensor g = perSample.get(i);
        int s = g.shape()[0], p = g.size() / s;
        if (s < 2) return Double.NaN;
        double total = 0;
        for (int d = 0; d < p; d++) {
            double mean = 0;
            for (int k = 0; k < s; k++) mean += g.getFlat(k * p + d);
            mean /= s;
            double ss = 0;
            for (int k = 0; k < s; k++) {
                double e = g.getFlat(k * p + d) - mean;
                ss += e * e;
            }
            total += ss / (s - 1);
        }
        return total / s;
    }

    /** Total variance over all parameters: Σ_i {@link #variance(int)}. */
    public double variance() {
        double v = 0;
        for (int i = 0; i < perSample.size(); i++) v += variance(i);
        return v;
    }
}
