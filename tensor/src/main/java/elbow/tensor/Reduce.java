package elbow.tensor;

import elbow.tensor.simd.Kernels;
import elbow.tensor.simd.Simd;

/**
 * Reductions over any set of axes. Consecutive reduced axes are merged into one, and each merged run is
 * reduced as a {@code [outer, reduced, inner]} block: with {@code inner == 1} every output is one flat
 * kernel call over a contiguous row; otherwise whole rows of length {@code inner} are combined with the
 * binary kernel, so memory is always read in order.
 */
final class Reduce {
    private Reduce() {}

    enum Kind { SUM, MEAN, MAX }

    private static final Kernels K = Simd.KERNELS;

    static Tensor reduce(Kind kind, Tensor x, boolean keepDims, int... axes) {
        int[] shape = x.shape();
        int[] ax = Shape.axes(axes, shape);
        boolean[] reduced = new boolean[shape.length];
        long count = 1;
        for (int a : ax) {
            reduced[a] = true;
            count *= shape[a];
        }
        if (count == 0 && kind != Kind.SUM) {
            throw new IllegalArgumentException(kind.name().toLowerCase() + " over an empty set of elements (shape " + Shape.str(shape) + ", axes " + java.util.Arrays.toString(ax) + ")");
        }
        Tensor cur = x;
        int[] curShape = shape.clone();
        // Reduce runs of consecutive axes, last run first, so earlier axis numbers stay valid.
        for (int end = shape.length - 1; end >= 0; ) {
            if (!reduced[end]) { end--; continue; }
            int start = end;
            while (start > 0 && reduced[start - 1]) start--;
            int outer = 1, red = 1, inner = 1;
            for (int i = 0; i < start; i++) outer *= curShape[i];
            for (int i = start; i <= end; i++) red *= curShape[i];
            for (int i = end + 1; i < curShape.length; i++) inner *= curShape[i];
            for (int i = start; i <= end; i++) curShape[i] = 1;
            Tensor next = Tensor.zeros(x.dtype(), curShape);
            block(kind == Kind.MAX, cur, next, outer, red, inner);
            cur = next;
            end = start - 1;
        }
        if (cur == x) cur = x.copy();
        if (kind == Kind.MEAN) cur.mulInPlace(1.0 / count);
        return keepDims ? cur.reshape(curShape) : cur.reshape(dropAxes(shape, reduced));
    }

    private static void block(boolean max, Tensor src, Tensor dst, int outer, int red, int inner) {
        if (red == 0) return; // an empty sum is 0, and dst starts at 0
        if (src.isF32()) {
            float[] s = src.data32(), d = dst.data32();
            for (int o = 0; o < outer; o++) {
                int base = o * red * inner;
                if (inner == 1) {
                    d[o] = max ? K.max(s, base, red) : K.sum(s, base, red);
                } else {
                    System.arraycopy(s, base, d, o * inner, inner);
                    for (int r = 1; r < red; r++) {
                        K.binary(max ? BinaryOp.MAX : BinaryOp.ADD, d, o * inner, 1, s, base + r * inner, 1, d, o * inner, inner);
                    }
                }
            }
        } else {
            double[] s = src.data64(), d = dst.data64();
            for (int o = 0; o < outer; o++) {
                int base = o * red * inner;
                if (inner == 1) {
                    d[o] = max ? K.max(s, base, red) : K.sum(s, base, red);
                } else {
                    System.arraycopy(s, base, d, o * inner, inner);
                    for (int r = 1; r < red; r++) {
                        K.binary(max ? BinaryOp.MAX : BinaryOp.ADD, d, o * inner, 1, s, base + r * inner, 1, d, o * inner, inner);
                    }
                }
            }
        }
    }

    private static int[] dropAxes(int[] shape, boolean[] reduced) {
        int n = 0;
        for (boolean r : reduced) if (!r) n++;
        int[] out = new int[n];
        int j = 0;
        for (int i = 0; i < shape.length; i++) if (!reduced[i]) out[j++] = shape[i];
        return out;
    }

    /**
     * log Σ exp(x), stabilised by the maximum: m + log Σ exp(x − m). Where the maximum is infinite
     * (all −∞, or a +∞ present) the shift is 0 so that the answer is −∞ or +∞ rather than NaN.
     */
    static Tensor logSumExp(Tensor x, boolean keepDims, int... axes) {
        Tensor m = reduce(Kind.MAX, x, true, axes);
        int n = m.size();
        for (int i = 0; i < n; i++) if (Double.isInfinite(m.getFlat(i))) m.setFlat(i, 0.0);
        Tensor s = reduce(Kind.SUM, x.sub(m).exp(), true, axes).log().add(m);
        if (keepDims) return s;
        boolean[] reduced = new boolean[x.rank()];
        for (int a : Shape.axes(axes, x.shape())) reduced[a] = true;
        return s.reshape(dropAxes(x.shape(), reduced));
    }

    static Tensor softmax(Tensor x, int axis) {
        Tensor e = x.sub(reduce(Kind.MAX, x, true, axis)).exp();
        return e.div(reduce(Kind.SUM, e, true, axis));
    }

    static Tensor logSoftmax(Tensor x, int axis) {
        return x.sub(logSumExp(x, true, axis));
    }

    static Tensor argmax(Tensor x, int axis) {
        int[] shape = x.shape();
        int a = Shape.axis(axis, shape.length, shape);
        int red = shape[a];
        if (red == 0) throw new IllegalArgumentException("argmax over an empty axis " + axis + " of shape " + Shape.str(shape));
        int outer = 1, inner = 1;
        for (int i = 0; i < a; i++) outer *= shape[i];
        for (int i = a + 1; i < shape.length; i++) inner *= shape[i];
        boolean[] reduced = new boolean[shape.length];
        reduced[a] = true;
        Tensor out = Tensor.zeros(x.dtype(), dropAxes(shape, reduced));
        for (int o = 0; o < outer; o++) {
            for (int in = 0; in < inner; in++) {
                int best = 0;
                double bv = x.getFlat(o * red * inner + in);
                for (int r = 1; r < red; r++) {
                    double v = x.getFlat((o * red + r) * inner + in);
                    if (v > bv || (Double.isNaN(v) && !Double.isNaN(bv))) {
                        best = r;
                        bv = v;
                    }
                }
                out.setFlat(o * inner + in, best);
            }
        }
        return out;
    }
}
