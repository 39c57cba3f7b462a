package elbow.autograd;

import elbow.tensor.DType;
import elbow.tensor.Shape;
import elbow.tensor.Tensor;

/**
 * A differentiable value: a {@link Tensor} plus, when it was computed from values that need gradients,
 * the {@link Primitive} that computed it.
 *
 * <pre>{@code
 * Var w = Var.param(Tensor.of(0.5, -1.0));
 * Var x = Var.constant(Tensor.of(2.0, 3.0));
 * Var loss = x.mul(w).tanh().sum();
 * loss.backward();
 * Tensor dw = w.grad();        // (1 - tanh(x w)^2) x
 * }</pre>
 *
 * <p>Three kinds of value: <em>parameters</em> ({@link #param}: leaves whose gradient accumulates in
 * {@link #grad()}), <em>constants</em> ({@link #constant}, {@link #detach()}, and every result computed
 * only from constants or inside {@link NoGrad}: nothing is recorded for them) and <em>intermediate</em>
 * values (recorded on the tape; their gradients exist only during a backward pass, see {@link Tape}).
 *
 * <p>Every method below is either one primitive (the class of the same name holds its forward and its
 * gradient) or a composite of primitives, marked "composite". Binary operations broadcast NumPy style.
 * Values share their tensors: {@link #value()} is not a copy, and writing into it (as optimisers do to
 * parameters) changes what later operations read.
 */
public final class Var {
    private final Tensor value;
    private final boolean requiresGrad;
    /** The primitive that computed this value, while it is on a tape; null for leaves and constants. */
    final Primitive creator;
    private Tensor grad;

    private Var(Tensor value, boolean requiresGrad) {
        this.value = value;
        this.requiresGrad = requiresGrad;
        this.creator = null;
    }

    /** An intermediate value computed by {@code creator}. */
    Var(Tensor value, Primitive creator) {
        this.value = value;
        this.requiresGrad = true;
        this.creator = creator;
    }

    /** A leaf that needs a gradient: a parameter, or a variational parameter of q. */
    public static Var param(Tensor value) {
        return new Var(value, true);
    }

    /** A value no gradient flows to: data, samples of noise, hyperparameters. */
    public static Var constant(Tensor value) {
        return new Var(value, false);
    }

    // ---------------------------------------------------------------- state

    public Tensor value() { return value; }

    public int[] shape() { return value.shape(); }

    public DType dtype() { return value.dtype(); }

    public int rank() { return value.rank(); }

    public int size() { return value.size(); }

    /** The single value of a one-element result, such as a loss. */
    public double item() { return value.item(); }

    /** True for parameters and for values computed from them while recording. */
    public boolean requiresGrad() { return requiresGrad; }

    /** True for parameters and constants: values no primitive on a tape computed. */
    public boolean isLeaf() { return creator == null; }

    /**
     * The gradient accumulated in this parameter by {@link #backward()} calls, or null before the first.
     * The buffer belongs to this value: optimisers may update or zero it in place.
     */
    public Tensor grad() { return grad; }

    /** Sets the accumulated gradient to zero, keeping its buffer (no allocation on the next step). */
    public void zeroGrad() {
        if (grad != null) grad.fill(0.0);
    }

    /** Forgets the accumulated gradient (frees its buffer); the next backward allocates a new one. */
    public void clearGrad() {
        grad = null;
    }

    /** Called by the tape; synchronized so that threads back-propagating into shared parameters add safely. */
    synchronized void accumulateGrad(Tensor g, boolean owned) {
        if (grad == null) grad = owned ? g : g.copy();
        else grad.addInPlace(g);
    }

    /**
     * Back-propagates from this scalar (a loss) into every parameter it depends on, adding to their
     * {@link #grad()}. Releases the graph's saved buffers; fails if this value has more than one element.
     */
    public void backward() {
        Tape.backward(this, null, false);
    }

    /** Back-propagates output gradient {@code seed} (this value's shape) and releases the graph. */
    public void backward(Tensor seed) {
        Tape.backward(this, seed, false);
    }

    /**
     * Back-propagates {@code seed} (null: 1 for a scalar); with {@code retainGraph} the saved buffers are
     * kept so that another backward can run through the same graph.
     */
    public void backward(Tensor seed, boolean retainGraph) {
        Tape.backward(this, seed, retainGraph);
    }

    /** The same tensor as a constant: gradients stop here (for STL, baselines, targets). No copy. */
    public Var detach() {
        return constant(value);
    }

    // ---------------------------------------------------------------- elementwise, one input

    public Var neg() { return new Affine(-1.0, 0.0).apply(this); }
    public Var exp() { return new Exp().apply(this); }
    public Var log() { return new Log().apply(this); }
    public Var log1p() { return new Log1p().apply(this); }
    public Var expm1() { return new Expm1().apply(this); }
    public Var sqrt() { return new Sqrt().apply(this); }
    public Var square() { return new Square().apply(this); }
    public Var abs() { return new Abs().apply(this); }
    public Var tanh() { return new Tanh().apply(this); }
    public Var sigmoid() { return new Sigmoid().apply(this); }
    /** log(1 + e^x), stable for every x. */
    public Var softplus() { return new Softplus().apply(this); }
    public Var relu() { return new Relu().apply(this); }
    /** x for x &gt; 0, else slope·x. */
    public Var leakyRelu(double slope) { return new LeakyRelu(slope).apply(this); }
    /** x^p for a constant p. */
    public Var pow(double p) { return new PowConst(p).apply(this); }

    /** scale · x + shift, constants. */
    public Var affine(double scale, double shift) { return new Affine(scale, shift).apply(this); }
    public Var mul(double c) { return affine(c, 0.0); }
    public Var add(double c) { return affine(1.0, c); }
    /** Composite: x − c. */
    public Var sub(double c) { return affine(1.0, -c); }
    /** Composite: x / c. */
    public Var div(double c) { return affine(1.0 / c, 0.0); }
    /** Composite: c − x. */
    public Var rsub(double c) { return affine(-1.0, c); }
    /** Composite: 1 / x. */
    public Var reciprocal() { return pow(-1.0); }
    /** Composite: log σ(x) = −softplus(−x), stable for every x. */
    public Var logSigmoid() { return neg().softplus().neg(); }

    // ---------------------------------------------------------------- elementwise, two inputs (broadcasting)

    public Var add(Var o) { return new Add().apply(this, o); }
    public Var sub(Var o) { return new Sub().apply(this, o); }
    public Var mul(Var o) { return new Mul().apply(this, o); }
    public Var div(Var o) { return new Div().apply(this, o); }
    /** this^o elementwise; the gradient with respect to o needs this &gt; 0. */
    public Var pow(Var o) { return new Pow().apply(this, o); }
    public Var maximum(Var o) { return new Maximum().apply(this, o); }
    public Var minimum(Var o) { return new Minimum().apply(this, o); }

    /** Where {@code mask} is non-zero take {@code a}, else {@code b}; the mask is a constant, all three broadcast. */
    public static Var where(Tensor mask, Var a, Var b) { return new Where(mask).apply(a, b); }

    /**
     * Elementwise binary cross-entropy of {@code targets} (in [0, 1]) under Bernoulli logits {@code this}:
     * softplus(l) − x·l = −log Bernoulli(x | σ(l)), fused and stable for any logit. Broadcasts.
     */
    public Var binaryCrossEntropyWithLogits(Var targets) { return new BinaryCrossEntropyWithLogits().apply(this, targets); }

    // ---------------------------------------------------------------- reductions (no axes = all axes)

    public Var sum(int... axes) { return new Sum(axes, false).apply(this); }
    public Var sumKeep(int... axes) { return new Sum(axes, true).apply(this); }
    /** Composite: sum / count. */
    public Var mean(int... axes) { return sum(axes).mul(1.0 / count(axes)); }
    /** Composite: sumKeep / count. */
    public Var meanKeep(int... axes) { return sumKeep(axes).mul(1.0 / count(axes)); }
    public Var max(int... axes) { return new Max(axes, false).apply(this); }
    public Var maxKeep(int... axes) { return new Max(axes, true).apply(this); }
    /** log Σ exp over {@code axes}, fused and stable (the maximum is subtracted first). */
    public Var logSumExp(int... axes) { return new LogSumExp(axes, false).apply(this); }
    public Var logSumExpKeep(int... axes) { return new LogSumExp(axes, true).apply(this); }

    private int count(int[] axes) {
        int n = 1;
        for (int a : Shape.axes(axes, shape())) n *= shape()[a];
        return n;
    }

    // ---------------------------------------------------------------- along one axis

    public Var logSoftmax(int axis) { return new LogSoftmax(axis).apply(this); }
    /** Composite: exp(logSoftmax(x)); every value is in [0, 1], so the exponential cannot overflow. */
    public Var softmax(int axis) { return logSoftmax(axis).exp(); }

    // ---------------------------------------------------------------- linear algebra

    public Var matmul(Var o) { return new MatMul(false, false).apply(this, o); }

    /** op(this) @ op(o), op transposing the last two axes when its flag is set; no transpose is copied. */
    public Var matmul(Var o, boolean transThis, boolean transOther) { return new MatMul(transThis, transOther).apply(this, o); }

    // ---------------------------------------------------------------- layout

    /** Same elements, new shape (one dimension may be −1). No copy, forward or backward. */
    public Var reshape(int... shape) { return new Reshape(shape).apply(this); }
    public Var flatten() { return reshape(size()); }
    public Var permute(int... axes) { return new Permute(axes).apply(this); }

    /** Composite: permute swapping the last two axes (a copy; prefer matmul's transpose flags). */
    public Var transpose() {
        int r = rank();
        if (r < 2) throw new IllegalArgumentException("transpose needs at least 2 axes, shape is " + Shape.str(shape()));
        int[] perm = new int[r];
        for (int i = 0; i < r; i++) perm[i] = i;
        perm[r - 2] = r - 1;
        perm[r - 1] = r - 2;
        return permute(perm);
    }

    /** Elements {@code start} (inclusive) to {@code end} (exclusive) along {@code axis}. */
    public Var slice(int axis, int start, int end) { return new Slice(axis, start, end).apply(this); }

    /** Composite: consecutive slices of the given sizes along {@code axis}. */
    public Var[] split(int axis, int... sizes) {
        int a = Shape.axis(axis, rank(), shape());
        int total = 0;
        for (int s : sizes) total += s;
        if (total != shape()[a]) {
            throw new IllegalArgumentException("split sizes " + java.util.Arrays.toString(sizes) + " sum to " + total + ", not to axis " + axis + " of shape " + Shape.str(shape()));
        }
        Var[] parts = new Var[sizes.length];
        int start = 0;
        for (int i = 0; i < sizes.length; i++) {
            parts[i] = slice(a, start, start + sizes[i]);
            start += sizes[i];
        }
        return parts;
    }

    public static Var concat(int axis, Var... parts) { return new Concat(axis).apply(parts); }

    /** Index select: entries {@code indices} (repeats allowed) along {@code axis}. */
    public Var gather(int axis, int... indices) { return new Gather(axis, indices).apply(this); }

    /** Broadcast to {@code shape} (materialised). Its gradient sums back over the repeated axes. */
    public Var expand(int... shape) { return new Expand(shape).apply(this); }

    @Override
    public String toString() {
        String kind = creator != null ? creator.name() : requiresGrad ? "param" : "constant";
        return "Var(" + kind + ", " + value + ")";
    }
}
