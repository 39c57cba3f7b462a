package elbow.autograd;

import elbow.tensor.Shape;
import elbow.tensor.Tensor;

/**
 * y = x[start:end] along {@code axis}.  dx = g placed at [start:end] in zeros of x's shape. The padding
 * is written directly, one {@code arraycopy} per outer row, since the tensor API has no pad or
 * slice-assign.
 */
final class Slice extends UnaryPrimitive {
    private final int axis, start, end;
    private int[] inShape;

    Slice(int axis, int start, int end) {
        this.axis = axis;
        this.start = start;
        this.end = end;
    }

    @Override
    protected Tensor forward(Tensor x) {
        inShape = x.shape();
        return x.slice(axis, start, end);
    }

    @Override
    protected Tensor backward(Tensor g) {
        int a = Shape.axis(axis, inShape.length, inShape);
        Tensor dx = Tensor.zeros(g.dtype(), inShape);
        int outer = 1, inner = 1;
        for (int i = 0; i < a; i++) outer *= inShape[i];
        for (int i = a + 1; i < inShape.length; i++) inner *= inShape[i];
        int len = (end - start) * inner, rowIn = inShape[a] * inner, offset = start * inner;
        for (int o = 0; o < outer; o++) {
            if (g.isF32()) System.arraycopy(g.data32(), o * len, dx.data32(), o * rowIn + offset, len);
            else System.arraycopy(g.data64(), o * len, dx.data64(), o * rowIn + offset, len);
        }
        return dx;
    }
}
