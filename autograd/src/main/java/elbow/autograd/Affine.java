package elbow.autograd;

import elbow.tensor.Tensor;

/** y = a·x + b for constants a, b (scale, shift, negation).  dx = a·g. */
final class Affine extends UnaryPrimitive {
    private final double scale, shift;

    Affine(double scale, double shift) {
        this.scale = scale;
        this.shift = shift;
    }

    @Override
    protected Tensor forward(Tensor x) {
        if (shift == 0.0) return scale == -1.0 ? x.neg() : x.mul(scale);
        if (scale == 1.0) return x.add(shift);
        return x.mul(scale).addInPlace(Tensor.scalar(shift, x.dtype()));
    }

    @Override
    protected Tensor backward(Tensor g) {
        return scale == 1.0 ? g : g.mul(scale); // a pure shift passes the gradient through, uncopied
    }
}
