package elbow.vi.distributions;

import elbow.autograd.UnaryPrimitive;
import elbow.tensor.Tensor;

/**
 * y = hard (a constant, exactly), dx = g: the straight-through estimator's identity backward.
 * Written as one primitive rather than {@code hard − soft.detach() + soft}, whose forward value is
 * hard only up to rounding (1 − 0.7 + 0.7 need not be 1), while a one-hot sample must be exact.
 */
final class StraightThrough extends UnaryPrimitive {
    private final Tensor hard;

    StraightThrough(Tensor hard) {
        this.hard = hard;
    }

    @Override
    protected Tensor forward(Tensor soft) {
        if (!soft.sameShape(hard)) throw new IllegalArgumentException("straight-through: hard value " + hard + " and soft value " + soft + " differ in shape");
        return hard;
    }

    @Override
    protected Tensor backward(Tensor g) {
        return g;
    }
}
