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
 * The reparameterized (pathwise) ELBO gradient: z_s = g(ε_s, λ) with ε_s from a fixed distribution, and
 * ∇_λ L ≈ (1/S) Σ_s ∇_λ [log p(X, g(ε_s, λ)) − log q(g(ε_s, λ) | λ)]. Needs every factor of q to have a
 * reparameterized sampler ({@link Distribution#rsample}).
 *
 * <p>The total derivative of log q(z(λ) | λ) has a path term (through z) and a score term (through
 * λ directly), whose expectation is zero. <b>Sticking the landing</b> (Roeder, Wu and Duvenaud 2017,
 * Algorithm 2) drops the score term by evaluating log q with λ detached while z keeps its path: still
 * unbiased, and when q equals the posterior the gradient is exactly zero for every sample.
 */
public final class ReparameterizedEstimator implements ElboEstimator {
    private final boolean stickTheLanding;

    public ReparameterizedEstimator(boolean stickTheLanding) {
        this.stickTheLanding = stickTheLanding;
    }

    public static ReparameterizedEstimator standard() { return new ReparameterizedEstimator(false); }

    public static ReparameterizedEstimator stl() { return new ReparameterizedEstimator(true); }

    @Override
    public String name() {
        return stickTheLanding ? "stl" : "reparam";
    }

    @Override
    public ElboEstimate estimate(LogJoint model, MeanField q, int samples, Rng rng) {
        List<String> names = q.latents();
        int n = names.size();
        Var[] replicas = new Var[n];
        Map<String, Var> z = new LinkedHashMap<>();
        Var logQ = null;
        for (int i = 0; i < n; i++) {
            MeanField.Factor f = q.factor(names.get(i));
            replicas[i] = MeanField.replicate(f.params(), samples);
            Distribution qi = f.builder().apply(replicas[i]);
            Var zi = qi.rsample(rng);
            z.put(names.get(i), zi);
            Distribution density = (stickTheLanding ? PathwiseGradient.STL : PathwiseGradient.STANDARD).density(qi);
            Var lq = MeanField.perSample(density.logProb(zi), samples);
            logQ = logQ == null ? lq : logQ.add(lq);
        }
        Var perSampleElbo = MeanField.perSample(model.logProb(z), samples).sub(logQ);
        double elbo = perSampleElbo.value().sumAll() / samples;
        Tensor[] g = Tape.grad(perSampleElbo.sum(), replicas);
        return ElboEstimate.of(elbo, g, q, samples);
    }
}
