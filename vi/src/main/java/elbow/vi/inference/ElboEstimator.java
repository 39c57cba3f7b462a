package elbow.vi.inference;

import elbow.tensor.Rng;

/**
 * A Monte Carlo estimator of the ELBO gradient for a model and a variational family. Implementations
 * differ only in how they turn samples into gradient terms (score function with or without control
 * variates and Rao-Blackwellization, reparameterization, STL, importance weighting); none of them asks
 * which distributions the family holds.
 */
public interface ElboEstimator {
    /** A short name for outputs: "reinforce", "control-variates", "rao-blackwell", "reparam", "stl", ... */
    String name();

    /** Estimates the ELBO and its gradient at the family's current parameters from {@code samples} draws. */
    ElboEstimate estimate(LogJoint model, MeanField q, int samples, Rng rng);
}
