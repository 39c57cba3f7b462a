package elbow.vi.models;

import elbow.autograd.Var;
import elbow.nn.Activation;
import elbow.nn.Linear;
import elbow.nn.Mlp;
import elbow.nn.Module;
import elbow.nn.Parameter;
import elbow.tensor.DType;
import elbow.tensor.Rng;
import elbow.tensor.Tensor;
import elbow.vi.amortized.AmortizedObjective;
import elbow.vi.amortized.VariationalAutoencoder;
import elbow.vi.distributions.Distribution;
import elbow.vi.distributions.Independent;
import elbow.vi.distributions.Normal;
import elbow.vi.inference.PathwiseGradient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one-stochastic-layer model of Burda, Grosse and Salakhutdinov (2015, §5.1) for binarized images:
 *
 * <pre>
 *   encoder   x (784) → 200 → 200 (tanh) → mean (50), log-variance (50)      q(z|x) = N(μ, diag σ²)
 *   prior     p(z) = N(0, I)
 *   decoder   z (50) → 200 → 200 (tanh) → 784 logits l                        p(x|z) = Π Bernoulli(x_i | σ(l_i))
 * </pre>
 *
 * Glorot-uniform weights and zero biases (as {@link Linear} initialises), in the dtype given (float32
 * for training). Parameters are named as a PyTorch module with the same children would name them:
 * "encoder.0.weight", ..., "mean.weight", "log_variance.weight", "decoder.4.bias".
 *
 * <p>The Bernoulli log-likelihood log p(x|z) = Σ_i (x_i l_i − softplus(l_i)), what
 * {@link elbow.vi.distributions.Bernoulli#logProb} summed over the pixels gives, is one fused, stable
 * primitive ({@link BernoulliLogLikelihood}) with the image shared by its K particles. K particles of B
 * images go through the decoder as one [K·B, 50] matrix ({@link Linear} folds the leading axes into rows).
 */
public final class BernoulliVae extends Module implements VariationalAutoencoder {
    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

    private final int pixels, hidden, latents;
    private final Mlp encoder, decoder;
    private final Linear mean, logVariance;
    private final List<Parameter> encoderParameters, decoderParameters;
    /** The buffers of the fused evaluation pass, made on first use (a model is used by one thread at a time). */
    private BernoulliVaeStep evaluator;

    /** Burda et al.'s MNIST model: 784 pixels, hidden layers of 200, 50 latents, float32. */
    public static BernoulliVae burda2015(Rng rng) {
        return new BernoulliVae(784, 200, 50, DType.F32, rng);
    }

    /** Two hidden layers of {@code hidden} tanh units on each side; weights drawn from {@code rng} in registration order. */
    public BernoulliVae(int pixels, int hidden, int latents, DType dtype, Rng rng) {
        if (pixels < 1 || hidden < 1 || latents < 1) {
            throw new IllegalArgumentException("sizes must be positive, got pixels=" + pixels + ", hidden=" + hidden + ", latents=" + latents);
        }
        this.pixels = pixels;
        this.hidden = hidden;
        this.latents = latents;
        this.encoder = addModule("encoder", new Mlp(new int[] {pixels, hidden, hidden}, Activation.Kind.TANH, true, dtype, rng));
        this.mean = addModule("mean", new Linear(hidden, latents, dtype, rng));
        this.logVariance = addModule("log_variance", new Linear(hidden, latents, dtype, rng));
        this.decoder = addModule("decoder", new Mlp(new int[] {latents, hidden, hidden, pixels}, Activation.Kind.TANH, false, dtype, rng));
        List<Parameter> enc = new ArrayList<>(), dec = new ArrayList<>();
        for (Parameter p : parameters()) (p.name().startsWith("decoder.") ? dec : enc).add(p);
        this.encoderParameters = List.copyOf(enc);
        this.decoderParameters = List.copyOf(dec);
    }

    public int pixels() { return pixels; }

    public int latents() { return latents; }

    /** Units in each hidden layer. */
    public int hidden() { return hidden; }

    public DType dtype() { return encoderParameters.get(0).dtype(); }

    /** {mean, log-variance}, each [B, latents]. */
    @Override
    public Var[] encode(Var x) {
        Var h = encoder.forward(x);
        return new Var[] {mean.forward(h), logVariance.forward(h)};
    }

    /** N(mean, exp(log-variance)) per latent, the latents as one event: batch [B], event [latents]. */
    @Override
    public Distribution posterior(Var[] encoding) {
        if (encoding.length != 2) throw new IllegalArgumentException("BernoulliVae's q(z|x) takes {mean, log-variance}, got " + encoding.length + " tensors");
        return new Independent(new Normal(encoding[0], encoding[1].mul(0.5).exp()), 1);
    }

    /** The decoder's Bernoulli logits for latents z [..., latents]: [..., pixels]. */
    public Var logits(Var z) {
        return decoder.forward(z);
    }

    /** log N(z; 0, I) + log p(x | z), z [K, B, latents] (or [B, latents]), x [B, pixels]: [K, B] (or [B]). */
    @Override
    public Var logJoint(Var x, Var z) {
        Var logLikelihood = new BernoulliLogLikelihood().apply(logits(z), x);
        Var logPrior = z.square().sum(z.rank() - 1).mul(-0.5).sub(latents * HALF_LOG_2PI);
        return logPrior.add(logLikelihood);
    }

    /** The fused forward pass of {@link BernoulliVaeStep} for float32 models (the same particles as the tape's). */
    @Override
    public Tensor logWeights(Tensor x, int particles, Rng rng) {
        if (dtype() != DType.F32) return VariationalAutoencoder.super.logWeights(x, particles, rng);
        if (evaluator == null) {
            evaluator = new BernoulliVaeStep(this, new AmortizedObjective(AmortizedObjective.Bound.ELBO, PathwiseGradient.STANDARD, 1));
        }
        return evaluator.logWeights(x, particles, rng);
    }

    @Override
    public List<Parameter> encoderParameters() {
        return encoderParameters;
    }

    @Override
    public List<Parameter> decoderParameters() {
        return decoderParameters;
    }

    /** Input shapes for {@link elbow.nn.ModelSummary#of(Module, Map)}: a batch of {@code batch} images and K·batch particles. */
    public Map<String, int[]> summaryShapes(int batch, int particles) {
        return Map.of("encoder", new int[] {batch, pixels}, "mean", new int[] {batch, hidden}, "log_variance", new int[] {batch, hidden},
                "decoder", new int[] {particles, batch, latents});
    }

    @Override
    public String settings() {
        return pixels + "-" + hidden + "-" + hidden + "-" + latents + ", tanh, Bernoulli";
    }
}
