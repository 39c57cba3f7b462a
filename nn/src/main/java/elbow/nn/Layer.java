package elbow.nn;

import elbow.autograd.Var;
import elbow.tensor.Tensor;

import java.util.Map;

/**
 * A module computing one output from one input: what a {@link Sequential} chains.
 *
 * <p>Besides the computation a layer states its shape rule, {@link #outputShape}, so that a model
 * summary can list output shapes without running the model, and a wrong input fails with both shapes
 * named before any arithmetic is done.
 */
public abstract class Layer extends Module {
    /** The layer applied to {@code x}; recorded on the tape when {@code x} or a parameter needs a gradient. */
    public abstract Var forward(Var x);

    /** The layer applied to a constant input (data). */
    public final Var forward(Tensor x) {
        return forward(Var.constant(x));
    }

    /**
     * The shape {@link #forward} returns for an input of shape {@code inputShape}; throws
     * {@link IllegalArgumentException} naming the expected and the given shape when the input does not fit.
     */
    public abstract int[] outputShape(int... inputShape);

    /**
     * Puts this layer's output shape for {@code inputShape} into {@code outputShapes}, and those of the
     * layers inside it: containers override this to hand each inner layer its own input shape.
     */
    public void traceShapes(int[] inputShape, Map<Module, int[]> outputShapes) {
        outputShapes.put(this, outputShape(inputShape));
    }
}
