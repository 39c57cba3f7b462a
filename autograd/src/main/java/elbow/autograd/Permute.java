package elbow.autograd;

import elbow.tensor.Shape;
import elbow.tensor.Tensor;

/** y = x with axes reordered: y's axis i is x's axis perm[i].  dx = g permuted by the inverse permutation. */
final class Permute extends UnaryPrimitive {
    private final int[] perm;

    Permute(int[] perm) {
        this.perm = perm.clone();
    }

    @Override
    protected Tensor forward(Tensor x) {
        return x.permute(perm);
    }

    @Override
    protected Tensor backward(Tensor g) {
        int[] inverse = new int[perm.length];
        for (int i = 0; i < perm.length; i++) inverse[Shape.axis(perm[i], perm.length, g.shape())] = i;
        return g.permute(inverse);
    }
}
