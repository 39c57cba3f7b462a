package elbow.autograd;

import elbow.tensor.Shape;
import elbow.tensor.Tensor;

/**
 * The one helper that undoes broadcasting, used by every binary primitive and by {@link Expand}: the
 * gradient of an input that was repeated along some axes is the output gradient summed over them.
 * Broadcasting and this sum are each other's adjoint, so {@link Sum} and {@link Expand} are each other's
 * backward.
 */
final class Unbroadcast {
    private Unbroadcast() {}

    /**
     * {@code grad} summed over the axes along which {@code shape} was broadcast (leading axes it lacks and
     * axes where it has size 1), reshaped to {@code shape}. Returns {@code grad} itself, not a copy, when
     * nothing was broadcast.
     */
    static Tensor sumTo(Tensor grad, int[] shape) {
        int[] gs = grad.shape();
        if (Shape.equal(gs, shape)) return grad;
        int lead = gs.length - shape.length;
        if (lead < 0) throw mismatch(gs, shape);
        int[] axes = new int[gs.length];
        int n = 0;
        for (int i = 0; i < gs.length; i++) {
            if (i < lead) {
                axes[n++] = i;
            } else {
                int d = shape[i - lead];
                if (d == 1 && gs[i] != 1) axes[n++] = i;
                else if (d != gs[i]) throw mismatch(gs, shape);
            }
        }
        // An empty axis list means "all axes" to Tensor.sum, so it must not reach it.
        Tensor summed = n == 0 ? grad : grad.sumKeep(java.util.Arrays.copyOf(axes, n));
        return summed.reshape(shape);
    }

    private static IllegalStateException mismatch(int[] grad, int[] shape) {
        return new IllegalStateException("gradient of shape " + Shape.str(grad) + " cannot be summed down to shape " + Shape.str(shape)
                + " (that shape does not broadcast to it)");
    }
}
