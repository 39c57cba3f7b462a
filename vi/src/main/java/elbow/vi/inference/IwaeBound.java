package elbow.vi.inference;

import elbow.autograd.Var;
import elbow.tensor.Shape;
import elbow.tensor.Tensor;

/**
 * The K-particle bounds of Burda, Grosse and Salakhutdinov (2015) and their gradients, from the log
 * importance weights log w_k = log p(x, z_k) − log q(z_k) laid out as [K, ...] (particles first):
 *
 * <pre>
 *   L_K  = log (1/K) Σ_k w_k           (the importance-weighted bound, IWELBO)
 *   ELBO = (1/K) Σ_k log w_k           (the K-sample estimate of the ELBO; L_1 averaged over K particles)
 *   ∂L_K/∂log w_k = w̃_k = softmax(log w)_k
 * </pre>
 *
 * By Jensen's inequality L_K ≥ the ELBO of the same particles, for every draw; and L_1 ≤ L_K ≤ L_{K+1}
 * ≤ log p(x) in expectation. One place for the formulas: the mean-field {@link ImportanceWeightedEstimator}
 * and the amortized objectives both use these.
 *
 * <p>Numerics: log w of an MNIST image is about −100, so w itself underflows; L_K is computed as a
 * fused, max-shifted log-sum-exp, and w̃ as a softmax.
 */
public final class IwaeBound {
    private IwaeBound() {}

    /** L_K per item: log-sum-exp over axis 0 of {@code logW} [K, ...] minus log K; shape [...]. */
    public static Var bound(Var logW) {
        checkParticles(logW.shape());
        return logW.logSumExp(0).sub(Math.log(logW.shape()[0]));
    }

    /** {@link #bound(Var)} of values, without a graph. */
    public static Tensor bound(Tensor logW) {
        checkParticles(logW.shape());
        return logW.logSumExp(0).add(-Math.log(logW.shape()[0]));
    }

    /** The K-sample ELBO per item: the mean of {@code logW} [K, ...] over axis 0; shape [...]. */
    public static Var averageElbo(Var logW) {
        checkParticles(logW.shape());
        return logW.mean(0);
    }

    /** {@link #averageElbo(Var)} of values, without a graph. */
    public static Tensor averageElbo(Tensor logW) {
        checkParticles(logW.shape());
        return logW.mean(0);
    }

    /** The normalised weights w̃ = softmax(log w) over the particles (axis 0), as constants: ∂L_K/∂log w. */
    public static Tensor weights(Tensor logW) {
        checkParticles(logW.shape());
        return logW.softmax(0);
    }

    /**
     * The factor each particle's path gradient ∂log w_k/∂z_k · ∂z_k/∂λ gets on top of its weight in
     * ∇L_K: w̃_k for DReG (whose encoder gradient is Σ_k w̃_k² ∂log w_k/∂z_k · ∂z_k/∂λ, Tucker et al.
     * 2018, eq. 5), none (null) for the standard and STL gradients. Shape of {@code logW}.
     */
    public static Tensor pathScale(Tensor logW, PathwiseGradient gradient) {
        return gradient == PathwiseGradient.DREG ? weights(logW) : null;
    }

    /**
     * A surrogate, per item (shape [...]), whose gradient is the chosen gradient of L_K for parameters
     * that reach log w only through the particles (the variational parameters of a mean-field family,
     * with log q built by {@link PathwiseGradient#density}): L_K itself for the standard and STL
     * gradients, Σ_k stop(w̃_k · pathScale_k) · log w_k = Σ_k stop(w̃_k²) · log w_k for DReG. Its value is
     * not the bound for DReG; use {@link #bound} for that. (A model with parameters of its own, such as
     * a decoder, needs the unscaled weights for those: see {@code elbow.vi.amortized.AmortizedObjective}.)
     */
    public static Var surrogate(Var logW, PathwiseGradient gradient) {
        Tensor scale = pathScale(logW.value(), gradient);
        if (scale == null) return bound(logW);
        return logW.mul(Var.constant(weights(logW.value()).mul(scale))).sum(0);
    }

    private static void checkParticles(int[] shape) {
        if (shape.length == 0 || shape[0] < 1) {
            throw new IllegalArgumentException("log importance weights need a leading particle axis [K, ...] with K >= 1, got shape " + Shape.str(shape));
        }
    }
}
