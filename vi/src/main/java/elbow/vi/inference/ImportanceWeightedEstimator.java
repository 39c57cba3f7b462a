package elbow.vi.inference;

import elbow.autograd.Tape;
import elbow.autograd.Var;
import elbow.tensor.Rng;
import elbow.tensor.Tensor;
import elbow.vi.distributions.Distribution;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The importance-weighted bound of Burda, Grosse and Salakhutdinov (2015),
 *
 * <pre>
 *   L_K = E_{z_1..z_K ~ q} [ log (1/K) Σ_k w_k ],   w_k = p(X, z_k) / q(z_k),
 * </pre>
 *
 * with L_1 the ELBO, L_K ≤ L_{K+1} ≤ log p(X). Each of the S Monte Carlo samples is one set of K
 * particles; the gradient goes through reparameterized particles, as {@link PathwiseGradient} says:
 * <ul>
 *   <li><b>standard</b>: the gradient of the K-sample bound itself, Σ_k w̃_k ∇ log w_k with the
 *       normalised weights w̃ = softmax(log w), score term included;</li>
 *   <li><b>STL</b>: the same with log q at detached parameters (biased for K &gt; 1, Tucker et al. 2018);</li>
 *   <li><b>DReG</b> (doubly reparameterized, Tucker, Lawson, Gu and Maddison 2018, eq. 5):
 *       Σ_k w̃_k² ∂ log w_k/∂z_k · ∂z_k/∂λ, i.e. the score term replaced by its reparameterization.
 *       Same expectation, and its signal-to-noise ratio does not decay as K grows.</li>
 * </ul>
 * The bound and the surrogates whose gradients these are live in {@link IwaeBound}.
 */
public final class ImportanceWeightedEstimator implements ElboEstimator {
    private final int particles;
    private final PathwiseGradient gradient;

    public ImportanceWeightedEstimator(int particles, PathwiseGradient gradient) {
        if (particles < 1) throw new IllegalArgumentException("the importance-weighted bound needs K >= 1 particles, got " + particles);
        this.particles = particles;
        this.gradient = gradient;
    }

    @Override
    public String name() {
        return (gradient == PathwiseGradient.STANDARD ? "iwae" : gradient.label()) + "-k" + particles;
    }

    /** Here {@link ElboEstimate#elbo()} is the K-sample bound L_K, averaged over the S particle sets. */
    @Override
    public ElboEstimate estimate(LogJoint model, MeanField q, int samples, Rng rng) {
        List<String> names = q.latents();
        int n = names.size(), k = particles;
        Var[] replicas = new Var[n];
        Map<String, Var> z = new LinkedHashMap<>();
        Var logQ = null;
        for (int i = 0; i < n; i++) {
            MeanField.Factor f = q.factor(names.get(i));
            replicas[i] = MeanField.replicate(f.params(), samples);
            Distribution qi = f.builder().apply(replicas[i]);
            Var zi = qi.rsample(rng, k);                                     // [K, S, ...]
            Distribution density = gradient.density(qi);
            Var lq = perParticle(density.logProb(zi), k, samples);
            logQ = logQ == null ? lq : logQ.add(lq);
            int[] shape = zi.shape();
            int[] flat = new int[shape.length - 1];
            flat[0] = k * samples;
            System.arraycopy(shape, 2, flat, 1, shape.length - 2);
            z.put(names.get(i), zi.reshape(flat));                          // [K·S, ...] for the model
        }
        Var logW = MeanField.perSample(model.logProb(z), k * samples).reshape(k, samples).sub(logQ);
        double value = IwaeBound.bound(logW.value()).sumAll() / samples;      // L_K, averaged over the S sets
        Tensor[] g = Tape.grad(IwaeBound.surrogate(logW, gradient).sum(), replicas);
        return ElboEstimate.of(value, g, q, samples);
    }

    /** Log-densities of shape [K, S, event...] summed over the event axes: [K, S]. */
    private static Var perParticle(Var logDensity, int k, int samples) {
        int[] s = logDensity.shape();
        if (s.length < 2 || s[0] != k || s[1] != samples) {
            throw new IllegalArgumentException("expected particle log-densities of shape [" + k + ", " + samples + ", ...], got " + elbow.tensor.Shape.str(s));
        }
        return s.length == 2 ? logDensity : logDensity.reshape(k, samples, -1).sum(2);
    }
}
