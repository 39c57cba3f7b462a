package elbow.vi.models;

import elbow.autograd.NoGrad;
import elbow.autograd.Tape;
import elbow.autograd.Var;
import elbow.nn.Activation;
import elbow.nn.Mlp;
import elbow.nn.Module;
import elbow.nn.Parameter;
import elbow.tensor.DType;
import elbow.tensor.Rng;
import elbow.tensor.Tensor;
import elbow.vi.distributions.RelaxedOneHotCategorical;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The categorical VAE of Jang, Gu and Poole (2017, §4.2, and their published code) for binarized images:
 * N independent categorical latents of K classes each, trained through the Gumbel-Softmax relaxation
 * or its straight-through variant.
 *
 * <pre>
 *   encoder   x (784) → 512 → 256 (ReLU) → N·K logits, as [N, K]          q(z_n | x) = Categorical(softmax(l_n))
 *   prior     p(z_n) = Categorical(1/K, ..., 1/K), independent
 *   decoder   z (N·K, one-hot or relaxed) → 256 → 512 (ReLU) → 784 logits    p(x | z) = Π Bernoulli(x_i | σ(l_i))
 * </pre>
 *
 * The objective per image, as Jang et al. train it:
 * <pre>
 *   L(x) = log p(x | y) − Σ_n KL(q(z_n | x) ‖ Uniform(K)),      KL = Σ_k q_nk log(K q_nk)
 * </pre>
 * with y one draw of the codes: {@link Estimator#GUMBEL_SOFTMAX} a relaxed draw y = softmax((log q + g)/τ)
 * (g Gumbel noise), {@link Estimator#STRAIGHT_THROUGH} its one-hot argmax with the relaxed draw's
 * gradient. The KL is the analytic one of the discrete q, not of the relaxed densities (Maddison et
 * al.'s Concrete VAE uses those instead). So with one-hot codes L(x) is an unbiased one-sample estimate
 * of the discrete model's ELBO; with relaxed codes it is the relaxed surrogate, which is a bound of
 * nothing in particular and is reported as what it is. {@link #evaluate} reports both, from the same
 * noise: the hard codes there are one-hot(argmax y), which by the Gumbel-max trick are exact draws
 * from q.
 *
 * <p>Glorot-uniform weights and zero biases; parameters named as a PyTorch module with children
 * "encoder" and "decoder" ({@code nn.Sequential}s) would name them.
 */
public final class CategoricalVae extends Module {
    /** How the codes fed to the decoder are drawn in training. */
    public enum Estimator {
        /** The relaxed draw itself (Gumbel-Softmax, Jang et al. §2; the Concrete of Maddison et al.). */
        GUMBEL_SOFTMAX("gumbel-softmax", "Gumbel-Softmax"),
        /** One-hot(argmax) of the relaxed draw forward, the relaxed draw's gradient backward (Jang et al. §2.2). */
        STRAIGHT_THROUGH("straight-through", "straight-through Gumbel-Softmax");

        private final String label, display;

        Estimator(String label, String display) {
            this.label = label;
            this.display = display;
        }

        /** Lower case, for folders and flags: "gumbel-softmax", "straight-through". */
        public String label() { return label; }

        /** For plots and tables. */
        public String display() { return display; }

        /** The estimator of a label (case-insensitive; "gs" and "st" too). */
        public static Estimator of(String label) {
            String l = label.trim().toLowerCase(Locale.ROOT);
            for (Estimator e : values()) if (e.label.equals(l)) return e;
            if (l.equals("gs") || l.equals("relaxed")) return GUMBEL_SOFTMAX;
            if (l.equals("st")) return STRAIGHT_THROUGH;
            throw new IllegalArgumentException("unknown estimator '" + label + "'; expected gumbel-softmax or straight-through");
        }
    }

    /**
     * One training batch: means over the batch of the objective and its two terms, and the gradient of
     * the loss −(1/B) Σ_b L(x_b), one tensor per parameter in the order of {@link #parameters()}; the
     * gradients are null when the objective is not finite (then nothing was differentiated).
     */
    public record Step(double elbo, double logLikelihood, double kl, List<Tensor> gradients) {
        public boolean isFinite() {
            return gradients != null;
        }
    }

    /**
     * Means over a set of images, each with one draw of the codes: the objective with the relaxed codes
     * at the temperature given, and with their one-hot argmax (the ELBO of the discrete model); the KL
     * term is the same for both.
     */
    public record Evaluation(double elbo, double elboHard, double logLikelihood, double logLikelihoodHard, double kl, int images) {}

    /** Images per chunk in {@link #evaluate}, so that a whole test set does not make [10000, 512] activations at once. */
    private static final int EVALUATION_CHUNK = 500;

    private final int pixels, variables, classes;
    private final Mlp encoder, decoder;

    /** Jang et al.'s MNIST model: 784 pixels, 30 categorical variables of 10 classes, 784-512-256 and 256-512-784 ReLU networks, float32. */
    public static CategoricalVae jang2017(Rng rng) {
        return new CategoricalVae(784, 30, 10, new int[] {512, 256}, new int[] {256, 512}, DType.F32, rng);
    }

    /**
     * @param encoderHidden hidden layer sizes of the encoder, from the image side
     * @param decoderHidden hidden layer sizes of the decoder, from the code side
     * @param rng           the weights are drawn from it, encoder first
     */
    public CategoricalVae(int pixels, int variables, int classes, int[] encoderHidden, int[] decoderHidden, DType dtype, Rng rng) {
        if (pixels < 1 || variables < 1 || classes < 2) {
            throw new IllegalArgumentException("need pixels >= 1, variables >= 1 and classes >= 2, got pixels=" + pixels + ", variables=" + variables + ", classes=" + classes);
        }
        this.pixels = pixels;
        this.variables = variables;
        this.classes = classes;
        int codes = variables * classes;
        this.encoder = addModule("encoder", new Mlp(sizes(pixels, encoderHidden, codes), Activation.Kind.RELU, false, dtype, rng));
        this.decoder = addModule("decoder", new Mlp(sizes(codes, decoderHidden, pixels), Activation.Kind.RELU, false, dtype, rng));
    }

    private static int[] sizes(int in, int[] hidden, int out) {
        int[] s = new int[hidden.length + 2];
        s[0] = in;
        System.arraycopy(hidden, 0, s, 1, hidden.length);
        s[s.length - 1] = out;
        return s;
    }

    public int pixels() { return pixels; }

    public int variables() { return variables; }

    public int classes() { return classes; }

    /** The encoder's logits of q(z | x) for a batch x [B, pixels]: [B, N, K]. */
    public Var logits(Var x) {
        return encoder.forward(x).reshape(x.shape()[0], variables, classes);
    }

    /** The decoder's Bernoulli logits for codes [B, N, K]: [B, pixels]. */
    public Var decode(Var codes) {
        int b = codes.shape()[0];
        return decoder.forward(codes.reshape(b, variables * classes));
    }

    /**
     * One draw of the codes [B, N, K] from the encoder's logits [B, N, K] at temperature τ, with the
     * estimator's gradient: relaxed, or exactly one-hot with the relaxed gradient.
     */
    public Var codes(Var logits, double temperature, Estimator estimator, Rng rng) {
        RelaxedOneHotCategorical relaxed = RelaxedOneHotCategorical.ofLogits(temperature, logits);
        return estimator == Estimator.STRAIGHT_THROUGH ? relaxed.straightThrough().rsample(rng) : relaxed.rsample(rng);
    }

    /** Σ_n KL(q(z_n | x) ‖ Uniform(K)) = Σ_n Σ_k q_nk (log q_nk + log K) for logits [B, N, K]: [B]. */
    public Var klToUniform(Var logits) {
        Var logQ = logits.logSoftmax(-1);
        return logQ.exp().mul(logQ.add(Math.log(classes))).sum(-1, -2);
    }

    /** log p(x | codes) for images x [B, pixels] and codes [B, N, K]: [B]. */
    public Var logLikelihood(Var x, Var codes) {
        return new BernoulliLogLikelihood().apply(decode(codes), x);
    }

    /** The objective L(x) of each image of x [B, pixels], with one draw of its codes: [B]. */
    public Var elbo(Var x, double temperature, Estimator estimator, Rng rng) {
        Var logits = logits(x);
        return logLikelihood(x, codes(logits, temperature, estimator, rng)).sub(klToUniform(logits));
    }

    /** The objective on a batch x [B, pixels] and the gradient of its negative mean, with one draw of codes per image. */
    public Step step(Tensor x, double temperature, Estimator estimator, Rng rng) {
        int b = x.dim(0);
        Var data = Var.constant(x);
        Var logits = logits(data);
        // A diverged encoder is reported as a non-finite step, with no gradient, rather than as the exception Categorical throws on NaN logits.
        if (!allFinite(logits.value())) return new Step(Double.NaN, Double.NaN, Double.NaN, null);
        Var logLikelihood = logLikelihood(data, codes(logits, temperature, estimator, rng));
        Var kl = klToUniform(logits);
        double ll = logLikelihood.value().sumAll() / b, k = kl.value().sumAll() / b;
        if (!Double.isFinite(ll) || !Double.isFinite(k)) return new Step(ll - k, ll, k, null);
        Var loss = logLikelihood.sub(kl).sum().mul(-1.0 / b);
        List<Parameter> params = parameters();
        Var[] wrt = new Var[params.size()];
        for (int i = 0; i < wrt.length; i++) wrt[i] = params.get(i).var();
        return new Step(ll - k, ll, k, List.of(Tape.grad(loss, wrt)));
    }

    /**
     * The objective on images x [n, pixels] with relaxed codes at temperature τ and with their one-hot
     * argmax, one draw per image (the same draw for both), without recording gradients.
     */
    public Evaluation evaluate(Tensor x, double temperature, Rng rng) {
        int n = x.dim(0);
        double ll = 0, llHard = 0, kl = 0;
        try (NoGrad off = NoGrad.enter()) {
            for (int from = 0; from < n; from += EVALUATION_CHUNK) {
                int to = Math.min(n, from + EVALUATION_CHUNK);
                Var chunk = Var.constant(x.slice(0, from, to));
                Var logits = logits(chunk);
                Tensor soft = RelaxedOneHotCategorical.ofLogits(temperature, logits).sample(rng);
                ll += logLikelihood(chunk, Var.constant(soft)).value().sumAll();
                llHard += logLikelihood(chunk, Var.constant(oneHotArgmax(soft))).value().sumAll();
                kl += klToUniform(logits).value().sumAll();
            }
        }
        return new Evaluation((ll - kl) / n, (llHard - kl) / n, ll / n, llHard / n, kl / n, n);
    }

    private static boolean allFinite(Tensor t) {
        for (int i = 0, n = t.size(); i < n; i++) if (!Double.isFinite(t.getFlat(i))) return false;
        return true;
    }

    /** one-hot(argmax) along the last axis, in the same shape and dtype. */
    public static Tensor oneHotArgmax(Tensor soft) {
        Tensor idx = soft.argmax(-1);
        int[] ix = new int[idx.size()];
        for (int i = 0; i < ix.length; i++) ix[i] = (int) idx.getFlat(i);
        return Tensor.oneHot(ix, soft.dim(-1), soft.dtype()).reshape(soft.shape());
    }

    /** Input shapes for {@link elbow.nn.ModelSummary#of(Module, Map)}, for a batch of {@code batch} images. */
    public Map<String, int[]> summaryShapes(int batch) {
        return Map.of("encoder", new int[] {batch, pixels}, "decoder", new int[] {batch, variables * classes});
    }

    @Override
    public String settings() {
        return pixels + " -> " + variables + "x" + classes + " categorical -> " + pixels + ", ReLU, Bernoulli";
    }

    /** The architecture in one line, e.g. "encoder 784-512-256-300, decoder 300-256-512-784, ReLU; 30 x 10 categorical latents". */
    public String architecture() {
        return "encoder " + join(encoder.sizes()) + ", decoder " + join(decoder.sizes()) + ", ReLU; " + variables + " x " + classes
                + " categorical latents, uniform prior, Bernoulli pixels";
    }

    private static String join(int[] sizes) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < sizes.length; i++) sb.append(i == 0 ? "" : "-").append(sizes[i]);
        return sb.toString();
    }
}
