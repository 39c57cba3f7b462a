package elbow.autograd;

import elbow.tensor.Shape;
import elbow.tensor.Tensor;

/**
 * y = x at {@code indices} along {@code axis} (index select; repeats allowed).  dx = g scatter-added
 * into zeros of x's shape: a repeated index receives the sum of its rows. Written as a direct loop over
 * the buffers (whole inner rows at a time) because the tensor API has no index-add, and expressing it
 * as a one-hot product would cost O(rows × indices) instead of O(indices).
 */
final class Gather extends UnaryPrimitive {
    private final int axis;
    private final int[] indices;
    private int[] inShape;

    Gather(int axis, int[] indices) {
        this.axis = axis;
        this.indices = indices.clone();
    }

    @Override
    protected Tensor forward(Tensor x) {
        inShape = x.shape();
        return x.gather(axis, indices);
    }

    @Override
    protected Tensor backward(Tensor g) {
        int a = Shape.axis(axis, inShape.length, inShape);
        Tensor dx = Tensor.zeros(g.dtype(), inShape);
        int outer = 1, inner = 1;
        for (int i = 0; i < a; i++) outer *= inShape[i];
        for (int i = a + 1; i < inShape.length; i++) inner *= inShape[i];
        int n = indices.length, rows = inShape[a];
        boolean f32 = g.isF32();
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < n; j++) {
                int src = (o * n + j) * inner, dst = (o * rows + indices[j]) * inner;
                if (f32) {
                    float[] gs = g.data32(), ds = dx.data32();
                    for (int i = 0; i < inner; i++) ds[dst + i] += gs[src + i];
                } else {
                    double[] gs = g.data64(), ds = dx.data64();
                    for (int i = 0; i < inner; i++) ds[dst + i] += gs[src + i];
                }
            }
        }
        return dx;
    }
}
