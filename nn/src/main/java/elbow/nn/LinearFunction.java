package elbow.nn;

import elbow.autograd.Primitive;
import elbow.autograd.Var;
import elbow.tensor.Tensor;

/**
 * y = x·Wᵀ + b, fused: the primitive behind {@link Linear}. W is [out, in] (PyTorch's layout), x is
 * [..., in] and its leading axes are folded into the rows of one matrix product. With G the output
 * gradient, as rows [N, out]:
 * <pre>
 *   dx = G·W        [N, in]     (no transpose: W is read in its stored layout)
 *   dW = Gᵀ·x       [out, in]   (one product over all N rows; no per-batch partial sums)
 *   db = Σ_rows G   [out]
 * </pre>
 * Fused rather than composed from matmul and a broadcasting add because the bias is then added in place
 * into the product's fresh buffer: one allocation and one pass over [N, out] fewer per layer and step.
 * Only the gradients the tape asks for are computed (the first layer's input is data: no dx).
 */
final class LinearFunction extends Primitive {
    private int rows, in, out;

    /** Applies the layer; {@code b} may be null (no bias). The caller has checked that x's last axis is W's in. */
    Var apply(Var x, Var w, Var b) {
        Tensor xv = x.value(), wv = w.value();
        out = wv.dim(0);
        in = wv.dim(1);
        rows = xv.size() / in;
        Tensor rowsX = xv.reshape(rows, in);
        Tensor y = rowsX.matmul(wv, false, true);
        if (b != null) y.addInPlace(b.value());
        save(rowsX, wv);
        int[] shape = xv.shape().clone();
        shape[shape.length - 1] = out;
        Tensor result = y.reshape(shape);
        return b == null ? record(result, x, w) : record(result, x, w, b);
    }

    @Override
    protected Tensor[] backward(Tensor grad, boolean[] needsGrad) {
        Tensor rowsX = saved(0), w = saved(1);
        Tensor g = grad.reshape(rows, out);
        Tensor[] grads = new Tensor[needsGrad.length];
        if (needsGrad[0]) grads[0] = g.matmul(w).reshape(inputShape(0));
        if (needsGrad[1]) grads[1] = g.matmul(rowsX, true, false);
        if (needsGrad.length > 2 && needsGrad[2]) grads[2] = g.sum(0);
        return grads;
    }

    @Override
    public String name() {
        return "Linear";
    }
}
