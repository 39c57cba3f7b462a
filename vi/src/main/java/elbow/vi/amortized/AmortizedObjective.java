package elbow.vi.amortized;

import elbow.autograd.Tape;
import elbow.autograd.Var;
import elbow.nn.Parameter;
import elbow.tensor.Rng;
import elbow.tensor.Tensor;
import elbow.vi.inference.IwaeBound;
import elbow.vi.inference.PathwiseGradient;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The training objective of a VAE or an IWAE on one batch: the K-sample ELBO (Kingma and Welling 2014)
 * or the importance-weighted bound L_K (Burda et al. 2015), each with the standard, STL or DReG gradient
 * ({@link PathwiseGradient}), with respect to the encoder's parameters φ and the decoder's θ.
 *
 * <pre>
 *   z_k = μ_φ(x) + σ_φ(x) ε_k,   log w_k = log p_θ(x, z_k) − log q_φ(z_k | x)      (k = 1..K)
 *   loss = −(1/B) Σ_b bound_b,   bound = (1/K) Σ_k log w_k  (ELBO)  or  log (1/K) Σ_k w_k  (IWELBO)
 * </pre>
 *
 * Both bounds of the same particles are reported whichever is trained, so a run logs its ELBO and its
 * IWELBO at no extra cost.
 *
 * <h2>Why the graph is cut at the particles</h2>
 * DReG gives θ and φ different weights: θ gets the IWAE gradient Σ_k w̃_k ∇_θ log p_θ(x, z_k), φ gets
 * Σ_k w̃_k² ∂log w_k/∂z_k · ∂z_k/∂φ (Tucker et al. 2018, eq. 5, 7). One surrogate cannot give both, and
 * the weights are known only after the forward pass (PyTorch implementations register a hook on z
 * after it). So the forward is built as two graphs that share values but no nodes: the <em>encoder
 * side</em> (x → encoder outputs → particles z) and the <em>model side</em>, which starts from leaves
 * holding the same z and encoder outputs and computes log w. The backward runs once through each:
 * <ol>
 *   <li>through the model side, from the loss to θ, to the particle leaves (∂loss/∂z) and, for the
 *       standard gradient only, to the encoder-output leaves (the score term of log q);</li>
 *   <li>DReG multiplies ∂loss/∂z_k by w̃_k ({@link IwaeBound#pathScale});</li>
 *   <li>through the encoder side, from z and the encoder outputs with those cotangents, to φ.</li>
 * </ol>
 * No node is differentiated twice, so the cost is one backward pass, whatever the estimator. For the
 * standard and STL gradients the result is exactly what one backward pass through an uncut graph
 * gives (the tests check it against finite differences).
 */
public final class AmortizedObjective {
    /** Which bound is maximised. */
    public enum Bound {
        /** The K-sample ELBO: the VAE objective (K = 1 is the usual VAE). */
        ELBO,
        /** The importance-weighted bound L_K: the IWAE objective. */
        IWELBO;

        /** "vae" or "iwae", the name of the model trained on it. */
        public String modelName() {
            return this == ELBO ? "vae" : "iwae";
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One batch's result.
     *
     * @param elbo the K-sample ELBO, mean over the batch
     * @param iwelbo L_K of the same particles, mean over the batch (≥ elbo)
     * @param logWeights log w, [K, B]
     * @param gradients the gradient of the loss −(1/B) Σ_b bound_b (a descent direction: hand it to an
     *     optimiser as it is), one tensor per parameter in the order of {@link #parameters}; null when
     *     the bounds are not finite (then nothing was differentiated)
     */
    public record Estimate(double elbo, double iwelbo, Tensor logWeights, List<Tensor> gradients) {
        /** False when the encoder or the bounds produced NaN or an infinity: a diverged step. */
        public boolean isFinite() {
            return gradients != null;
        }
    }

    private final Bound bound;
    private final PathwiseGradient gradient;
    private final int particles;

    public AmortizedObjective(Bound bound, PathwiseGradient gradient, int particles) {
        if (particles < 1) throw new IllegalArgumentException("an objective needs K >= 1 particles per item, got " + particles);
        this.bound = java.util.Objects.requireNonNull(bound, "bound");
        this.gradient = java.util.Objects.requireNonNull(gradient, "gradient");
        this.particles = particles;
    }

    public Bound bound() { return bound; }

    public PathwiseGradient gradient() { return gradient; }

    public int particles() { return particles; }

    /** e.g. "iwae-dreg-k5". */
    public String name() {
        return bound.modelName() + "-" + gradient.label() + "-k" + particles;
    }

    /** The encoder's parameters, then the decoder's: the order of {@link Estimate#gradients()}. */
    public static List<Parameter> parameters(VariationalAutoencoder model) {
        List<Parameter> all = new ArrayList<>(model.encoderParameters());
        all.addAll(model.decoderParameters());
        return all;
    }

    /** Both bounds of a batch {@code x} [B, ...] and the gradient of the loss, from K fresh particles per item. */
    public Estimate estimate(VariationalAutoencoder model, Tensor x, Rng rng) {
        int b = x.dim(0);
        Var data = Var.constant(x);
        // Encoder side: q(z | x) and its reparameterized particles.
        Var[] encoding = model.encode(data);
        for (Var e : encoding) {
            if (!allFinite(e.value())) return new Estimate(Double.NaN, Double.NaN, null, null);
        }
        Var z = model.posterior(encoding).rsample(rng, particles);              // [K, B, D]
        // Model side, from leaves holding the same values.
        boolean score = gradient == PathwiseGradient.STANDARD;
        Var zLeaf = Var.param(z.value());
        Var[] encodingLeaves = new Var[encoding.length];
        for (int i = 0; i < encoding.length; i++) encodingLeaves[i] = Var.param(encoding[i].value());
        Var logQ = gradient.density(model.posterior(encodingLeaves)).logProb(zLeaf);
        Var logW = model.logJoint(data, zLeaf).sub(logQ);                    // [K, B]
        Tensor lw = logW.value();
        double elbo = IwaeBound.averageElbo(lw).sumAll() / b;
        double iwelbo = IwaeBound.bound(lw).sumAll() / b;
        if (!Double.isFinite(elbo) || !Double.isFinite(iwelbo)) return new Estimate(elbo, iwelbo, lw, null);

        Var perItem = bound == Bound.IWELBO ? IwaeBound.bound(logW) : IwaeBound.averageElbo(logW);
        Var loss = perItem.sum().mul(-1.0 / b);
        List<Parameter> phi = model.encoderParameters(), theta = model.decoderParameters();
        // 1. Model side: θ, the particles, and (standard gradient) the encoder outputs through log q.
        int first = score ? 1 + encoding.length : 1;
        Var[] wrt = new Var[first + theta.size()];
        wrt[0] = zLeaf;
        if (score) System.arraycopy(encodingLeaves, 0, wrt, 1, encoding.length);
        for (int i = 0; i < theta.size(); i++) wrt[first + i] = theta.get(i).var();
        Tensor[] modelSide = Tape.grad(loss, wrt);
        // 2. DReG: each particle's path gradient once more times its normalised weight.
        Tensor gz = modelSide[0];
        Tensor scale = bound == Bound.IWELBO ? IwaeBound.pathScale(lw, gradient) : null;
        if (scale != null) gz = gz.mul(scale.reshape(broadcastable(scale.shape(), gz.rank())));
        // 3. Encoder side, with those cotangents.
        Var[] phiVars = new Var[phi.size()];
        for (int i = 0; i < phiVars.length; i++) phiVars[i] = phi.get(i).var();
        Tensor[] encoderSide;
        if (score) {
            Var t = z.mul(Var.constant(gz)).sum();
            for (int i = 0; i < encoding.length; i++) t = t.add(encoding[i].mul(Var.constant(modelSide[1 + i])).sum());
            encoderSide = Tape.grad(t, phiVars);
        } else {
            encoderSide = Tape.vjp(z, gz, false, phiVars);
        }
        List<Tensor> gradients = new ArrayList<>(phi.size() + theta.size());
        for (Tensor g : encoderSide) gradients.add(g);
        for (int i = 0; i < theta.size(); i++) gradients.add(modelSide[first + i]);
        return new Estimate(elbo, iwelbo, lw, gradients);
    }

    /** [K, B] padded with trailing 1s to {@code rank} axes, to scale particles [K, B, D...]. */
    private static int[] broadcastable(int[] shape, int rank) {
        int[] out = new int[rank];
        java.util.Arrays.fill(out, 1);
        System.arraycopy(shape, 0, out, 0, shape.length);
        return out;
    }

    static boolean allFinite(Tensor t) {
        int n = t.size();
        if (t.isF32()) {
            float[] a = t.data32();
            for (int i = 0; i < n; i++) if (!Float.isFinite(a[i])) return false;
        } else {
            double[] a = t.data64();
            for (int i = 0; i < n; i++) if (!Double.isFinite(a[i])) return false;
        }
        return true;
    }

    @Override
    public String toString() {
        return name();
    }
}
