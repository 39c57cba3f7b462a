package elbow.vi.amortized;

import elbow.autograd.NoGrad;
import elbow.autograd.Var;
import elbow.tensor.Tensor;
import elbow.tensor.Rng;
import elbow.nn.Parameter;
import elbow.vi.distributions.Distribution;
import java.util.List;

/**
 * An amortized latent-variable model: an encoder (recognition network) mapping each x to the
 * parameters of q(z | x), and a generative model p(x, z) = p(z) p(x | z) with a decoder. What
 * {@link AmortizedObjective} trains and {@link AmortizedEvaluation} measures.
 *
 * <p>The encoder's outputs and the distribution built from them are separate calls because the
 * objectives build q twice: once on the encoder's graph, to draw reparameterized particles, and once
 * on copies of the outputs, to evaluate log q (see {@link AmortizedObjective} for why).
 *
 * <p>Shapes: x is [B, ...]; each encoder output is [B, ...]; q has batch shape [B] and event shape
 * [D] (an {@link elbow.vi.distributions.Independent} over the latents), so K particles are [K, B, D];
 * {@link #logJoint} of [K, B, D] particles is [K, B].
 */
public interface VariationalAutoencoder {
    /** The encoder: the parameters of q(z | x) for a batch x, unconstrained (for a Gaussian: mean and log-variance). */
    Var[] encode(Var x);

    /** The approximate posterior q(z | x) with the parameters {@code encoding}: batch [B], event [D], reparameterizable. */
    Distribution posterior(Var[] encoding);

    /** log p(x, z) = log p(z) + log p(x | z) for particles z of shape [K, B, D]: shape [K, B]. */
    Var logJoint(Var x, Var z);

    /** The encoder's parameters (φ): everything {@link #encode} uses. */
    List<Parameter> encoderParameters();

    /** The generative model's parameters (θ): everything {@link #logJoint} uses. */
    List<Parameter> decoderParameters();

    /**
     * log w = log p(x, z) − log q(z | x) of {@code particles} fresh particles per item of {@code x}
     * [B, ...], without gradients: [particles, B]. What {@link AmortizedEvaluation} scores; a model may
     * override it with a faster forward pass that draws the same particles.
     */
    @SuppressWarnings("try") // the scope is the point
    default Tensor logWeights(Tensor x, int particles, Rng rng) {
        try (NoGrad off = NoGrad.enter()) {
            Var items = Var.constant(x);
            Distribution q = posterior(encode(items));
            Var z = q.rsample(rng, particles);
            return logJoint(items, z).sub(q.logProb(z)).value();
        }
    }
}
