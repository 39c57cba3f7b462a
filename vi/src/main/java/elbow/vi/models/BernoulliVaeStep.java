package elbow.vi.models;

import elbow.nn.Parameter;
import elbow.tensor.DType;
import elbow.tensor.Parallel;
import elbow.tensor.Rng;
import elbow.tensor.Tensor;
import elbow.tensor.simd.Gemm;
import elbow.tensor.simd.Kernels;
import elbow.tensor.simd.Simd;
import elbow.vi.amortized.AmortizedObjective;
import elbow.vi.inference.PathwiseGradient;
import java.util.Arrays;
import java.util.List;

/**
 * {@link AmortizedObjective#estimate} for a float32 {@link BernoulliVae}, computed by hand-written
 * forward and backward passes over buffers that live as long as this object: the training step of the
 * {@code vae} and {@code iwae} experiments.
 *
 * <p>Why it exists beside the tape: the tape allocates every intermediate, runs one kernel per
 * primitive and keeps a node per op, which at batch 20 costs more than the arithmetic and at K = 50
 * moves four times more memory than needed. Here a step is seven matrix products forward, thirteen
 * backward, and fused elementwise passes (bias + tanh, the Bernoulli log-likelihood with its gradient,
 * tanh's backward, the output layer's scaling with its bias gradient), the large ones split over the
 * cores; nothing but a few small task objects is allocated once the buffers have grown to the batch.
 * The estimate is the same as the tape's — same bound, same gradient estimator, the same particles
 * from the same {@link Rng} draws — up to float32 rounding, which {@code BernoulliVaeStepTest} checks
 * for every bound and estimator.
 *
 * <p>The gradients, with g_kb = ∂loss/∂log w_kb (−a_kb/B, a = 1/K for the ELBO, the normalised weights
 * w̃ for the IWELBO), s = x − σ(logits), D_z = g·∂log p(x, z)/∂z from the decoder's backward pass, and
 * z = μ + σε, σ = exp(½ log σ²):
 * <pre>
 *   standard   ∂/∂μ = Σ_k D_z                    ∂/∂log σ² = Σ_k (D_z·½σε + ½g)
 *   STL        ∂/∂μ = Σ_k (D_z + gε/σ)            ∂/∂log σ² = Σ_k (D_z + gε/σ)·½σε
 *   DReG       as STL with D_z, g scaled once more by w̃ (IWELBO only; for the ELBO it is STL)
 * </pre>
 * (the standard gradient's score term −g·∂log q/∂(μ, log σ²) cancels the ε/σ path term of log q).
 *
 * <p>The returned estimate's gradient tensors and log-weights are this object's buffers: they are
 * overwritten by the next call. Not thread-safe; one per training loop.
 */
public final class BernoulliVaeStep {
    private static final Kernels K = Simd.KERNELS;
    /** Elementwise passes over fewer values than this run on the calling thread: a hand-off costs more. */
    private static final int PARALLEL_MIN = 1 << 15;
    /**
     * Normalised importance weights below this are taken as 0. An image's weights sum to 1, so one
     * of 2^-64 changes no float32 gradient; but early in training most of K = 50 weights are e^-90 or
     * less, and their products with the decoder's outputs are subnormal floats, on which Intel cores
     * take a microcode assist per operation: the IWAE step at k = 50, batch 100 ran at half the rate of
     * the ELBO step on a Xeon (950 against 2,045 images/s) until they were flushed.
     */
    static final double NEGLIGIBLE_WEIGHT = 0x1p-64;

    private final AmortizedObjective objective;
    private final int pixels, hidden, latents, particles;
    private final List<Parameter> parameters;
    private final Tensor[] grads;
    private final List<Tensor> gradList;

    private int batchCapacity, rowCapacity;
    private float[] h1, h2, mu, logVar, sigma, eps, z, a1, a2, logits, d2, dz, dMu, dLogVar, ll;
    private double[] logW, g, gPhi, wPath;
    private Tensor logWeights;

    /** The step for {@code model}, trained on {@code objective}'s bound with its gradient estimator and K. */
    public BernoulliVaeStep(BernoulliVae model, AmortizedObjective objective) {
        if (model.dtype() != DType.F32) throw new IllegalArgumentException("BernoulliVaeStep runs float32 models; this one is " + model.dtype());
        this.objective = objective;
        this.pixels = model.pixels();
        this.hidden = model.hidden();
        this.latents = model.latents();
        this.particles = objective.particles();
        this.parameters = AmortizedObjective.parameters(model);
        String[] expected = {"encoder.0.weight", "encoder.0.bias", "encoder.2.weight", "encoder.2.bias", "mean.weight", "mean.bias",
                "log_variance.weight", "log_variance.bias", "decoder.0.weight", "decoder.0.bias", "decoder.2.weight", "decoder.2.bias",
                "decoder.4.weight", "decoder.4.bias"};
        if (parameters.size() != expected.length) throw new IllegalStateException("expected the 14 parameters of BernoulliVae, got " + parameters.size());
        grads = new Tensor[expected.length];
        for (int i = 0; i < expected.length; i++) {
            Parameter p = parameters.get(i);
            if (!p.name().equals(expected[i])) throw new IllegalStateException("parameter " + i + " is " + p.name() + ", expected " + expected[i]);
            grads[i] = Tensor.zeros(DType.F32, p.shape());
        }
        gradList = List.of(grads);
    }

    /** The parameters, in the order of the estimate's gradients (encoder's, then decoder's). */
    public List<Parameter> parameters() {
        return parameters;
    }

    /** Both bounds of the batch {@code x} [B, pixels] and the gradient of the loss, as {@link AmortizedObjective#estimate}. */
    public AmortizedObjective.Estimate estimate(Tensor x, Rng rng) {
        checkBatch(x);
        int b = x.dim(0), rows = particles * b;
        grow(b, particles);
        if (logWeights == null || logWeights.dim(1) != b) logWeights = Tensor.wrap(new float[rows], particles, b);
        float[] xs = x.data32();
        if (!forward(xs, b, particles, rng)) return new AmortizedObjective.Estimate(Double.NaN, Double.NaN, null, null);
        float[] w1 = data(0), w2 = data(2), wm = data(4), wv = data(6), v1 = data(8), v2 = data(10), v3 = data(12);
        int p = pixels, h = hidden, d = latents;
        float[] lw = logWeights.data32();
        for (int r = 0; r < rows; r++) lw[r] = (float) logW[r];

        double elbo = 0, iwelbo = 0;
        boolean iwae = objective.bound() == AmortizedObjective.Bound.IWELBO;
        boolean dreg = iwae && objective.gradient() == PathwiseGradient.DREG;
        for (int j = 0; j < b; j++) {
            double max = Double.NEGATIVE_INFINITY, sum = 0, mean = 0;
            for (int k = 0; k < particles; k++) max = Math.max(max, logW[k * b + j]);
            for (int k = 0; k < particles; k++) {
                double lwk = logW[k * b + j];
                sum += Math.exp(lwk - max);
                mean += lwk;
            }
            double lse = max + Math.log(sum);
            elbo += mean / particles;
            iwelbo += lse - Math.log(particles);
            for (int k = 0; k < particles; k++) {
                int r = k * b + j;
                double weight = normalisedWeight(logW[r], lse);
                double a = iwae ? weight : 1.0 / particles;
                g[r] = -a / b;
                wPath[r] = dreg ? weight : 1.0;
                gPhi[r] = g[r] * wPath[r];
            }
        }
        elbo /= b;
        iwelbo /= b;
        if (!Double.isFinite(elbo) || !Double.isFinite(iwelbo)) return new AmortizedObjective.Estimate(elbo, iwelbo, logWeights, null);

        // Decoder backward: dlogits = g·s (scaled in the pass that sums its columns), then the three layers.
        sumColumns(rows, p, logits, grad(13), (r, o, n) -> K.scale((float) g[r], logits, o, n));
        Gemm.sgemm(true, false, p, h, rows, logits, 0, p, a2, 0, h, grad(12), 0, h, false);
        Gemm.sgemm(false, false, rows, h, p, logits, 0, p, v3, 0, h, d2, 0, h, false);
        rowsOf(rows, h, (r0, r1) -> K.tanhBackward(d2, r0 * h, a2, r0 * h, (r1 - r0) * h));
        backwardWeights(rows, h, h, d2, a1, grad(10), grad(11));
        float[] d1 = a2; // a2 is dead from here on
        Gemm.sgemm(false, false, rows, h, h, d2, 0, h, v2, 0, h, d1, 0, h, false);
        rowsOf(rows, h, (r0, r1) -> K.tanhBackward(d1, r0 * h, a1, r0 * h, (r1 - r0) * h));
        backwardWeights(rows, h, d, d1, z, grad(8), grad(9));
        Gemm.sgemm(false, false, rows, d, h, d1, 0, h, v1, 0, d, dz, 0, d, false);

        // To μ and log σ²: add the prior's −z to D_z, then the estimator's combination, summed over k
        // in order; split by items, whose sums are independent.
        boolean standard = objective.gradient() == PathwiseGradient.STANDARD;
        rowsOf(b, particles * d, (j0, j1) -> {
            Arrays.fill(dMu, j0 * d, j1 * d, 0f);
            Arrays.fill(dLogVar, j0 * d, j1 * d, 0f);
            for (int k = 0; k < particles; k++) {
                for (int item = j0; item < j1; item++) {
                    int r = k * b + item, o = item * d;
                    double gr = g[r], gp = gPhi[r], wp = wPath[r];
                    for (int j = 0; j < d; j++) {
                        int i = r * d + j;
                        double dzi = dz[i] - gr * z[i], e = eps[i], s = sigma[o + j];
                        if (standard) {
                            dMu[o + j] += (float) dzi;
                            dLogVar[o + j] += (float) (dzi * 0.5 * s * e + 0.5 * gr);
                        } else {
                            double path = wp * dzi + gp * e / s;
                            dMu[o + j] += (float) path;
                            dLogVar[o + j] += (float) (path * 0.5 * s * e);
                        }
                    }
                }
            }
        });

        // Encoder backward; h2 then holds the gradient of the first hidden layer.
        backwardWeights(b, d, h, dMu, h2, grad(4), grad(5));
        backwardWeights(b, d, h, dLogVar, h2, grad(6), grad(7));
        Gemm.sgemm(false, false, b, h, d, dMu, 0, d, wm, 0, h, d2, 0, h, false);
        Gemm.sgemm(false, false, b, h, d, dLogVar, 0, d, wv, 0, h, d2, 0, h, true);
        K.tanhBackward(d2, 0, h2, 0, b * h);
        backwardWeights(b, h, h, d2, h1, grad(2), grad(3));
        Gemm.sgemm(false, false, b, h, h, d2, 0, h, w2, 0, h, h2, 0, h, false);
        K.tanhBackward(h2, 0, h1, 0, b * h);
        backwardWeights(b, h, p, h2, xs, grad(0), grad(1));
        return new AmortizedObjective.Estimate(elbo, iwelbo, logWeights, gradList);
    }

    /**
     * The forward pass for {@code k} particles per item: encoder, particles, decoder, log-likelihood
     * (leaving its gradient x − σ(logits) in {@code logits}) and log w in {@code logW} [k, B]. False,
     * with nothing after the encoder computed, when the encoder's outputs are not finite.
     */
    private boolean forward(float[] xs, int b, int k, Rng rng) {
        float[] w1 = data(0), b1 = data(1), w2 = data(2), b2 = data(3), wm = data(4), bm = data(5), wv = data(6), bv = data(7);
        float[] v1 = data(8), c1 = data(9), v2 = data(10), c2 = data(11), v3 = data(12), c3 = data(13);
        int p = pixels, h = hidden, d = latents, rows = k * b;
        // Encoder.
        linear(b, p, h, xs, w1, h1);
        rowsOf(b, h, (r0, r1) -> K.biasTanh(h1, r0 * h, r1 - r0, h, b1));
        linear(b, h, h, h1, w2, h2);
        rowsOf(b, h, (r0, r1) -> K.biasTanh(h2, r0 * h, r1 - r0, h, b2));
        linear(b, h, d, h2, wm, mu);
        K.bias(mu, 0, b, d, bm);
        linear(b, h, d, h2, wv, logVar);
        K.bias(logVar, 0, b, d, bv);
        if (!finite(mu, b * d) || !finite(logVar, b * d)) return false;

        // Particles, drawn in the order the tape's Normal.rsample draws them ([K, B, D], row-major).
        for (int i = 0; i < b * d; i++) sigma[i] = (float) Math.exp(0.5f * logVar[i]);
        for (int r = 0; r < rows; r++) {
            int o = (r % b) * d;
            for (int j = 0; j < d; j++) {
                float e = (float) rng.normal();
                eps[r * d + j] = e;
                z[r * d + j] = e * sigma[o + j] + mu[o + j];
            }
        }

        // Decoder and the log-likelihood; logits become s = x − σ(logits).
        linear(rows, d, h, z, v1, a1);
        rowsOf(rows, h, (r0, r1) -> K.biasTanh(a1, r0 * h, r1 - r0, h, c1));
        linear(rows, h, h, a1, v2, a2);
        rowsOf(rows, h, (r0, r1) -> K.biasTanh(a2, r0 * h, r1 - r0, h, c2));
        linear(rows, h, p, a2, v3, logits);
        // Row by row, so that the log-likelihood reads the row the bias just wrote from L1 (a thread's
        // half of the logits, 7.8 MB at K = 50, does not fit in L2).
        rowsOf(rows, p, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                K.bias(logits, r * p, 1, p, c3);
                ll[r] = K.bernoulliLogLikelihood(logits, r * p, xs, (r % b) * p, p);
            }
        });

        // log w = log p(x|z) + log p(z) − log q(z|x); the ½ log 2π terms cancel.
        rowsOf(rows, d, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                double zz = 0, ee = 0, lv = 0;
                int o = (r % b) * d;
                for (int j = 0; j < d; j++) {
                    double zj = z[r * d + j], ej = eps[r * d + j];
                    zz += zj * zj;
                    ee += ej * ej;
                    lv += logVar[o + j];
                }
                logW[r] = ll[r] - 0.5 * zz + 0.5 * ee + 0.5 * lv;
            }
        });
        return true;
    }

    /**
     * log w = log p(x, z) − log q(z | x) of {@code k} fresh particles per item of {@code x} [B, pixels],
     * [k, B] in float64, forward only: {@link BernoulliVae#logWeights} for evaluation. The particles are
     * drawn as the tape draws them, so the result is the tape's up to float32 rounding.
     */
    public Tensor logWeights(Tensor x, int k, Rng rng) {
        checkBatch(x);
        if (k < 1) throw new IllegalArgumentException("need k >= 1 particles, got " + k);
        int b = x.dim(0);
        grow(b, k);
        double[] out = new double[k * b];
        if (forward(x.data32(), b, k, rng)) System.arraycopy(logW, 0, out, 0, k * b);
        else Arrays.fill(out, Double.NaN);
        return Tensor.wrap(out, k, b);
    }

    private void checkBatch(Tensor x) {
        if (x.rank() != 2 || x.dim(1) != pixels || !x.isF32()) {
            throw new IllegalArgumentException("expected a float32 batch [B, " + pixels + "], got " + x.dtype() + " " + Arrays.toString(x.shape()));
        }
    }

    private float[] data(int i) {
        return parameters.get(i).value().data32();
    }

    private float[] grad(int i) {
        return grads[i].data32();
    }

    /** y [rows, out] = x [rows, in] · Wᵀ, W [out, in] as stored. */
    private static void linear(int rows, int in, int out, float[] x, float[] w, float[] y) {
        Gemm.sgemm(false, true, rows, out, in, x, 0, in, w, 0, in, y, 0, out, false);
    }

    /** dW [out, in] = Gᵀ·x and db = Σ_rows G, for G [rows, out] and the layer's input x [rows, in]. */
    private static void backwardWeights(int rows, int out, int in, float[] gOut, float[] x, float[] dw, float[] db) {
        Gemm.sgemm(true, false, out, in, rows, gOut, 0, out, x, 0, in, dw, 0, in, false);
        sumColumns(rows, out, gOut, db, null);
    }

    @FunctionalInterface
    private interface RowPart {
        /** Finishes {@code n} values of row {@code r} of a gradient, from {@code offset} in its array. */
        void run(int r, int offset, int n);
    }

    /**
     * db = Σ_rows G for G [rows, cols], after {@code finish} (when not null) has completed each part of a
     * row: one pass over G instead of two. Split by columns, so that every column is summed in row order
     * whatever the thread count, and a thread's part of a row is still in L1 when it is added. Worth it
     * for the 784-wide output layer (K = 50, batch 100: 1.47 -> 1.06 ms of a 41 ms step); for the
     * 200-wide hidden layers the calls on 100-float parts cost more than the pass saved (0.48 -> 0.69 ms).
     */
    private static void sumColumns(int rows, int cols, float[] gOut, float[] db, RowPart finish) {
        int units = (cols + 15) / 16;
        int tasks = (long) rows * cols < PARALLEL_MIN ? 1 : Math.min(Parallel.threads(), units);
        if (tasks <= 1) {
            sumColumns(rows, cols, gOut, db, finish, 0, cols);
            return;
        }
        Parallel.run(tasks, t -> sumColumns(rows, cols, gOut, db, finish,
                Math.min(cols, units * t / tasks * 16), Math.min(cols, units * (t + 1) / tasks * 16)));
    }

    private static void sumColumns(int rows, int cols, float[] gOut, float[] db, RowPart finish, int c0, int c1) {
        Arrays.fill(db, c0, c1, 0f);
        for (int r = 0, o = c0; r < rows; r++, o += cols) {
            if (finish != null) finish.run(r, o, c1 - c0);
            K.axpy(1f, gOut, o, db, c0, c1 - c0);
        }
    }

    @FunctionalInterface
    private interface RowRange {
        void run(int from, int to);
    }

    /** Runs {@code body} over [0, rows), split into one range per thread when the pass is large. */
    private static void rowsOf(int rows, int cols, RowRange body) {
        int tasks = (long) rows * cols < PARALLEL_MIN ? 1 : Math.min(Parallel.threads(), rows);
        if (tasks <= 1) {
            body.run(0, rows);
            return;
        }
        Parallel.run(tasks, t -> body.run((int) ((long) rows * t / tasks), (int) ((long) rows * (t + 1) / tasks)));
    }

    private static boolean finite(float[] a, int n) {
        for (int i = 0; i < n; i++) if (!Float.isFinite(a[i])) return false;
        return true;
    }

    /** Sizes the buffers for a batch of {@code b} items and k·b particles; they only grow. */
    private void grow(int b, int k) {
        if (b > batchCapacity) {
            h1 = new float[b * hidden];
            h2 = new float[b * hidden];
            mu = new float[b * latents];
            logVar = new float[b * latents];
            sigma = new float[b * latents];
            dMu = new float[b * latents];
            dLogVar = new float[b * latents];
            batchCapacity = b;
        }
        int rows = k * b;
        if (rows > rowCapacity) {
            eps = new float[rows * latents];
            z = new float[rows * latents];
            dz = new float[rows * latents];
            a1 = new float[rows * hidden];
            a2 = new float[rows * hidden];
            d2 = new float[rows * hidden];
            logits = new float[rows * pixels];
            ll = new float[rows];
            logW = new double[rows];
            g = new double[rows];
            gPhi = new double[rows];
            wPath = new double[rows];
            rowCapacity = rows;
        }
    }

    @Override
    public String toString() {
        return "BernoulliVaeStep(" + objective.name() + ")";
    }

    /** exp(log w − log Σ w), or exactly 0 below {@link #NEGLIGIBLE_WEIGHT}. */
    static double normalisedWeight(double logWeight, double logSum) {
        double w = Math.exp(logWeight - logSum);
        return w < NEGLIGIBLE_WEIGHT ? 0 : w;
    }
}
