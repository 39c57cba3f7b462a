package elbow.nn;

import elbow.autograd.Var;
import elbow.tensor.DType;
import elbow.tensor.Rng;
import elbow.tensor.Shape;
import elbow.tensor.Tensor;

/**
 * An affine layer y = x·Wᵀ + b on the last axis of x, with Glorot-uniform weights and zero biases.
 *
 * <p>The weight is stored as [out, in], PyTorch's layout, so "weight" in a checkpoint is exactly what
 * {@code torch.nn.Linear.weight} expects, with no transpose on either side. The matrix multiply reads Wᵀ
 * through its transpose flag while packing (no copy), and of a training step's three products one
 * (forward, x·Wᵀ) has a transposed operand in this layout and two (dx = G·W, dW = Gᵀ·x) have one in
 * either layout. Measured at the MNIST VAE's shapes, the three together take the same time in both
 * layouts, within the noise of a shared machine (at batch 20 the forward alone is slower, the
 * backward faster). Inputs of any rank
 * are accepted ([batch, in], or [k, batch, in] for importance samples) and their leading axes become
 * the rows of one matrix product (see {@link LinearFunction}).
 *
 * <p>Parameters: "weight" [out, in], and "bias" [out] unless built without one.
 */
public final class Linear extends Layer {
    private final int in, out;
    private final Var weight, bias;

    /** A layer with a bias; W ~ Glorot uniform from {@code rng}, b = 0. */
    public Linear(int in, int out, DType dtype, Rng rng) {
        this(in, out, true, dtype, rng);
    }

    public Linear(int in, int out, boolean withBias, DType dtype, Rng rng) {
        if (in <= 0 || out <= 0) throw new IllegalArgumentException("Linear needs positive sizes, got in=" + in + ", out=" + out);
        this.in = in;
        this.out = out;
        this.weight = addParameter("weight", Init.glorotUniform(rng, dtype, in, out, out, in));
        this.bias = withBias ? addParameter("bias", Tensor.zeros(dtype, out)) : null;
    }

    @Override
    public Var forward(Var x) {
        outputShape(x.shape());
        if (x.dtype() != weight.dtype()) {
            throw new IllegalArgumentException(describe() + " has " + weight.dtype() + " parameters but got a " + x.dtype() + " input of shape " + Shape.str(x.shape()));
        }
        return new LinearFunction().apply(x, weight, bias);
    }

    @Override
    public int[] outputShape(int... inputShape) {
        if (inputShape.length == 0 || inputShape[inputShape.length - 1] != in) {
            throw new IllegalArgumentException(describe() + " expects inputs of shape [..., " + in + "], got " + Shape.str(inputShape));
        }
        int[] s = inputShape.clone();
        s[s.length - 1] = out;
        return s;
    }

    public int inFeatures() { return in; }

    public int outFeatures() { return out; }

    /** W, [out, in]. */
    public Var weight() { return weight; }

    /** b, [out]; null for a layer built without a bias. */
    public Var bias() { return bias; }

    @Override
    public String settings() {
        return "in=" + in + ", out=" + out + (bias == null ? ", bias=false" : "");
    }
}
