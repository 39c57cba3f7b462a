package elbow.vi.models;

import elbow.autograd.Primitive;
import elbow.autograd.Var;
import elbow.tensor.BinaryOp;
import elbow.tensor.Parallel;
import elbow.tensor.Shape;
import elbow.tensor.Tensor;
import elbow.tensor.UnaryOp;
import elbow.tensor.simd.Kernels;
import elbow.tensor.simd.Simd;
import java.util.Arrays;

/**
 * log p(x | l) = Σ_i (x_i l_i − softplus(l_i)) for Bernoulli logits l, summed over the last axis, with
 * the targets x shared by every particle: logits [..., B, P] (e.g. [K, B, 784]) and targets [B, P] give
 * [..., B]. The gradients, per row r and pixel i:
 * <pre>
 *   ∂/∂l_ri = g_r · (x_i − σ(l_ri))        ∂/∂x_bi = Σ_{r of item b} g_r · l_ri
 * </pre>
 * Stable for every logit (softplus and σ never overflow). This is the MNIST decoder's likelihood, on
 * K·B·784 elements per step. Composed from {@code binaryCrossEntropyWithLogits} and a sum it takes three
 * [K·B, 784] passes and buffers forward (softplus, the broadcast product, the difference) and four
 * backward (the sum's expanded gradient, σ, the broadcast difference, the product); fused, it makes one
 * pass each way over the logits, row by row through a P-element scratch that stays in L1, allocates only
 * its output and the logits' gradient, and splits the rows across {@link Parallel}'s threads (each row is
 * computed alone, so results do not depend on the thread count). Measured in a k = 50, batch 20 IWAE
 * step it was about a fifth of the step before fusing.
 */
final class BernoulliLogLikelihood extends Primitive {
    /** Rows per parallel task: enough work (about 50 k elements of MNIST) to be worth a worker's wake-up. */
    private static final int ROWS_PER_TASK = 64;

    private int rows, pixels, items;

    Var apply(Var logits, Var targets) {
        Tensor l = logits.value(), x = targets.value();
        int[] ls = l.shape(), xs = x.shape();
        boolean fits = ls.length >= 1 && xs.length >= 1 && xs.length <= ls.length && l.dtype() == x.dtype()
                && Arrays.equals(xs, Arrays.copyOfRange(ls, ls.length - xs.length, ls.length));
        if (!fits) {
            throw new IllegalArgumentException("Bernoulli log-likelihood: targets " + x.dtype() + Shape.str(xs) + " must be the trailing axes of the logits "
                    + l.dtype() + Shape.str(ls) + " (e.g. logits [K, B, P], targets [B, P])");
        }
        pixels = ls[ls.length - 1];
        rows = pixels == 0 ? 0 : l.size() / pixels;
        items = pixels == 0 ? 0 : x.size() / pixels;
        Tensor out = Tensor.zeros(l.dtype(), Arrays.copyOf(ls, ls.length - 1));
        Kernels k = Simd.KERNELS;
        Parallel.run(tasks(), task -> {
            int from = task * ROWS_PER_TASK, to = Math.min(rows, from + ROWS_PER_TASK);
            if (l.isF32()) {
                float[] lv = l.data32(), xv = x.data32(), y = out.data32(), scratch = new float[pixels];
                for (int r = from; r < to; r++) {
                    int lo = r * pixels, xo = (r % items) * pixels;
                    k.unary(UnaryOp.SOFTPLUS, 0, lv, lo, scratch, 0, pixels);
                    float softplus = k.sum(scratch, 0, pixels);
                    k.binary(BinaryOp.MUL, xv, xo, 1, lv, lo, 1, scratch, 0, pixels);
                    y[r] = k.sum(scratch, 0, pixels) - softplus;
                }
            } else {
                double[] lv = l.data64(), xv = x.data64(), y = out.data64(), scratch = new double[pixels];
                for (int r = from; r < to; r++) {
                    int lo = r * pixels, xo = (r % items) * pixels;
                    k.unary(UnaryOp.SOFTPLUS, 0, lv, lo, scratch, 0, pixels);
                    double softplus = k.sum(scratch, 0, pixels);
                    k.binary(BinaryOp.MUL, xv, xo, 1, lv, lo, 1, scratch, 0, pixels);
                    y[r] = k.sum(scratch, 0, pixels) - softplus;
                }
            }
        });
        save(l, x);
        return record(out, logits, targets);
    }

    private int tasks() {
        return (rows + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
    }

    @Override
    protected Tensor[] backward(Tensor grad, boolean[] needsGrad) {
        Tensor l = saved(0), x = saved(1), g = grad;
        Tensor[] grads = new Tensor[2];
        Kernels k = Simd.KERNELS;
        if (needsGrad[0]) {
            Tensor dl = Tensor.zerosLike(l);
            Parallel.run(tasks(), task -> {
                int from = task * ROWS_PER_TASK, to = Math.min(rows, from + ROWS_PER_TASK);
                for (int r = from; r < to; r++) {
                    int lo = r * pixels, xo = (r % items) * pixels;
                    if (l.isF32()) {
                        float[] d = dl.data32();
                        k.unary(UnaryOp.SIGMOID, 0, l.data32(), lo, d, lo, pixels);
                        k.binary(BinaryOp.SUB, x.data32(), xo, 1, d, lo, 1, d, lo, pixels);
                        k.unary(UnaryOp.SCALE, g.data32()[r], d, lo, d, lo, pixels);
                    } else {
                        double[] d = dl.data64();
                        k.unary(UnaryOp.SIGMOID, 0, l.data64(), lo, d, lo, pixels);
                        k.binary(BinaryOp.SUB, x.data64(), xo, 1, d, lo, 1, d, lo, pixels);
                        k.unary(UnaryOp.SCALE, g.data64()[r], d, lo, d, lo, pixels);
                    }
                }
            });
            grads[0] = dl;
        }
        if (needsGrad[1]) {
            // Rare (the targets are data); rows of one item add into the same gradient row, so one thread.
            Tensor dx = Tensor.zerosLike(x);
            for (int r = 0; r < rows; r++) {
                int lo = r * pixels, xo = (r % items) * pixels;
                if (l.isF32()) k.axpy(g.data32()[r], l.data32(), lo, dx.data32(), xo, pixels);
                else k.axpy(g.data64()[r], l.data64(), lo, dx.data64(), xo, pixels);
            }
            grads[1] = dx;
        }
        return grads;
    }

    @Override
    public String name() {
        return "BernoulliLogLikelihood";
    }
}
