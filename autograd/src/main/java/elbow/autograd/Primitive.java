package elbow.autograd;

import elbow.tensor.Shape;
import elbow.tensor.Tensor;

/**
 * One differentiable operation: a forward computation on tensors and its vector-Jacobian product,
 * written side by side in one small subclass (tinygrad's {@code Function}).
 *
 * <p>An instance is used once: {@link #record} either attaches it to the output {@link Var} as that
 * value's creator (when some input needs a gradient and {@link NoGrad} is not active) or drops it, so
 * anything the forward {@link #save saved} becomes garbage at once. The tape calls
 * {@link #backward(Tensor, boolean[])} at most once (unless the graph is retained) and then
 * {@link #release}s the saved tensors and the links to the inputs, so intermediate values die as soon
 * as the backward pass has gone past them.
 *
 * <p>Saved tensors go through {@link #save}/{@link #saved} rather than plain fields so that releasing is
 * done once, here, and a second backward through a released node fails with a message instead of a
 * {@code NullPointerException}. Constants of the op (axes, slopes, flags) stay in ordinary fields.
 *
 * <p>Subclasses outside this package (for example special functions in {@code vi}) extend
 * {@link UnaryPrimitive} or {@link BinaryPrimitive}, or this class directly for other arities.
 */
public abstract class Primitive {
    private static final Tensor[] NOTHING = new Tensor[0];

    private Tensor[] saved = NOTHING;
    private boolean used;
    private boolean released;
    /** The inputs, while this primitive is on a tape; null before recording and after release. */
    Var[] inputs;
    private int[][] inputShapes;

    /**
     * The gradient of each input, given the gradient of the output. Entry i must be null when
     * {@code needsGrad[i]} is false (the tape checks this) and otherwise have input i's shape and dtype.
     */
    protected abstract Tensor[] backward(Tensor grad, boolean[] needsGrad);

    /** Name used in error messages. */
    public String name() {
        return getClass().getSimpleName();
    }

    /** Keeps tensors for the backward pass; call from the forward. */
    protected final void save(Tensor... tensors) {
        saved = tensors;
    }

    /** A tensor kept by {@link #save}, in the order given. */
    protected final Tensor saved(int i) {
        if (released) {
            throw new IllegalStateException(name() + ": its saved tensors were released when an earlier backward pass ran through it;"
                    + " pass retainGraph = true to the first backward to run backward through the same graph again");
        }
        return saved[i];
    }

    /** The shape input {@code i} had in the forward pass (kept even when the input value is not). */
    protected final int[] inputShape(int i) {
        return inputShapes[i];
    }

    /**
     * Wraps a forward result: records this primitive as the creator of the result when any input needs a
     * gradient and gradients are being recorded; otherwise returns a constant and forgets what was saved.
     */
    protected final Var record(Tensor value, Var... in) {
        if (used) throw new IllegalStateException(name() + " instance used twice; create one primitive object per application");
        used = true;
        boolean needs = false;
        if (!NoGrad.isActive()) {
            for (Var v : in) needs |= v.requiresGrad();
        }
        if (!needs) {
            saved = NOTHING;
            return Var.constant(value);
        }
        inputs = in.clone();
        inputShapes = new int[in.length][];
        for (int i = 0; i < in.length; i++) inputShapes[i] = in[i].value().shape();
        return new Var(value, this);
    }

    /** Drops saved tensors and input links once the backward pass has run through this node. */
    final void release() {
        saved = NOTHING;
        inputs = null;
        released = true;
    }

    final boolean isReleased() {
        return released;
    }

    /** How many tensors are currently kept for backward (0 after release); for tests and diagnostics. */
    final int savedCount() {
        return saved.length;
    }

    /** One-line description for error messages: name and input shapes. */
    final String describe() {
        StringBuilder sb = new StringBuilder(name()).append('(');
        if (inputShapes != null) {
            for (int i = 0; i < inputShapes.length; i++) {
                if (i > 0) sb.append(", ");
                sb.append(Shape.str(inputShapes[i]));
            }
        }
        return sb.append(')').toString();
    }
}
