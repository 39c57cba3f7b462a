package elbow.autograd;

import elbow.tensor.Tensor;

/**
 * A primitive of two inputs, which may broadcast against each other. The output gradient has the
 * broadcast shape; {@link #unbroadcast} sums it back to an input's shape.
 */
public abstract class BinaryPrimitive extends Primitive {
    protected abstract Tensor forward(Tensor a, Tensor b);

    public final Var apply(Var a, Var b) {
        return record(forward(a.value(), b.value()), a, b);
    }

    /** {@code grad} (of the broadcast output shape) summed down to the shape of input {@code input}. */
    protected final Tensor unbroadcast(Tensor grad, int input) {
        return Unbroadcast.sumTo(grad, inputShape(input));
    }
}
