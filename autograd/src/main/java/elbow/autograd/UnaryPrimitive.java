package elbow.autograd;

import elbow.tensor.Tensor;

/**
 * A primitive of one input. When the tape reaches it, its input needs a gradient by construction, so
 * the needs-gradient mask is always {@code [true]} and the subclass writes only {@code dx = f(grad)}.
 */
public abstract class UnaryPrimitive extends Primitive {
    protected abstract Tensor forward(Tensor x);

    /** The input's gradient from the output's gradient. */
    protected abstract Tensor backward(Tensor grad);

    @Override
    protected final Tensor[] backward(Tensor grad, boolean[] needsGrad) {
        return new Tensor[] {backward(grad)};
    }

    public final Var apply(Var x) {
        return record(forward(x.value()), x);
    }
}
