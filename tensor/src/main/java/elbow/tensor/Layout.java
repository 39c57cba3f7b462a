package elbow.tensor;

import java.util.Arrays;

/**
 * Operations that move elements without computing: permute, slice, concat, split, gather, one-hot.
 * Each works on the {@code [outer, axis, inner]} view of a row-major array, so whole inner rows move
 * with {@code System.arraycopy}.
 */
final class Layout {
    private Layout() {}

    static Tensor transpose(Tensor x) {
        int r = x.rank();
        if (r < 2) throw new IllegalArgumentException("transpose needs at least 2 axes, shape is " + Shape.str(x.shape()));
        int[] perm = new int[r];
        for (int i = 0; i < r; i++) perm[i] = i;
        perm[r - 2] = r - 1;
        perm[r - 1] = r - 2;
        return permute(x, perm);
    }

    static Tensor permute(Tensor x, int... perm) {
        int[] shape = x.shape();
        int r = shape.length;
        if (perm.length != r) throw new IllegalArgumentException("permute " + Arrays.toString(perm) + " does not match shape " + Shape.str(shape));
        boolean[] seen = new boolean[r];
        int[] p = new int[r];
        for (int i = 0; i < r; i++) {
            p[i] = Shape.axis(perm[i], r, shape);
            if (seen[p[i]]) throw new IllegalArgumentException("permute " + Arrays.toString(perm) + " repeats an axis (shape " + Shape.str(shape) + ")");
            seen[p[i]] = true;
        }
        int[] outShape = new int[r], src = new int[r], strides = Shape.strides(shape);
        for (int i = 0; i < r; i++) {
            outShape[i] = shape[p[i]];
            src[i] = strides[p[i]];
        }
        Tensor out = Tensor.zeros(x.dtype(), outShape);
        int n = out.size();
        if (n == 0) return out;
        int[] idx = new int[r];
        int off = 0;
        boolean f32 = x.isF32();
        float[] xf = f32 ? x.data32() : null, of = f32 ? out.data32() : null;
        double[] xd = f32 ? null : x.data64(), od = f32 ? null : out.data64();
        for (int o = 0; o < n; o++) {
            if (f32) of[o] = xf[off];
            else od[o] = xd[off];
            for (int d = r - 1; d >= 0; d--) {
                idx[d]++;
                off += src[d];
                if (idx[d] < outShape[d]) break;
                off -= src[d] * outShape[d];
                idx[d] = 0;
            }
        }
        return out;
    }

    static Tensor slice(Tensor x, int axis, int start, int end) {
        int[] shape = x.shape();
        int a = Shape.axis(axis, shape.length, shape);
        if (start < 0 || end > shape[a] || start > end) {
            throw new IllegalArgumentException("slice [" + start + ", " + end + ") is out of range for axis " + axis + " of shape " + Shape.str(shape));
        }
        int[] outShape = shape.clone();
        outShape[a] = end - start;
        Tensor out = Tensor.zeros(x.dtype(), outShape);
        int outer = prod(shape, 0, a), inner = prod(shape, a + 1, shape.length), len = (end - start) * inner;
        for (int o = 0; o < outer; o++) copy(x, (o * shape[a] + start) * inner, out, o * len, len);
        return out;
    }

    static Tensor[] split(Tensor x, int axis, int... sizes) {
        int a = Shape.axis(axis, x.rank(), x.shape());
        int total = 0;
        for (int s : sizes) {
            if (s < 0) throw new IllegalArgumentException("split sizes must be non-negative: " + Arrays.toString(sizes));
            total += s;
        }
        if (total != x.shape()[a]) {
            throw new IllegalArgumentException("split sizes " + Arrays.toString(sizes) + " sum to " + total + ", not to axis " + axis + " of shape " + Shape.str(x.shape()));
        }
        Tensor[] out = new Tensor[sizes.length];
        int start = 0;
        for (int i = 0; i < sizes.length; i++) {
            out[i] = slice(x, a, start, start + sizes[i]);
            start += sizes[i];
        }
        return out;
    }

    static Tensor concat(int axis, Tensor... parts) {
        if (parts.length == 0) throw new IllegalArgumentException("concat of no tensors");
        int[] first = parts[0].shape();
        int a = Shape.axis(axis, first.length, first);
        int total = 0;
        for (Tensor t : parts) {
            parts[0].requireSameDType(t, "concat");
            int[] s = t.shape();
            boolean ok = s.length == first.length;
            for (int i = 0; ok && i < s.length; i++) ok = i == a || s[i] == first[i];
            if (!ok) throw new IllegalArgumentException("concat along axis " + axis + ": shape " + Shape.str(s) + " does not match " + Shape.str(first));
            total += s[a];
        }
        int[] outShape = first.clone();
        outShape[a] = total;
        Tensor out = Tensor.zeros(parts[0].dtype(), outShape);
        int outer = prod(first, 0, a), inner = prod(first, a + 1, first.length);
        int offset = 0;
        for (Tensor t : parts) {
            int len = t.shape()[a] * inner;
            for (int o = 0; o < outer; o++) copy(t, o * len, out, o * total * inner + offset, len);
            offset += len;
        }
        return out;
    }

    static Tensor gather(Tensor x, int axis, int... indices) {
        int[] shape = x.shape();
        int a = Shape.axis(axis, shape.length, shape);
        for (int i : indices) {
            if (i < 0 || i >= shape[a]) throw new IndexOutOfBoundsException("gather index " + i + " out of range for axis " + axis + " of shape " + Shape.str(shape));
        }
        int[] outShape = shape.clone();
        outShape[a] = indices.length;
        Tensor out = Tensor.zeros(x.dtype(), outShape);
        int outer = prod(shape, 0, a), inner = prod(shape, a + 1, shape.length);
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < indices.length; j++) copy(x, (o * shape[a] + indices[j]) * inner, out, (o * indices.length + j) * inner, inner);
        }
        return out;
    }

    static Tensor oneHot(int[] indices, int classes, DType dtype) {
        if (classes <= 0) throw new IllegalArgumentException("oneHot needs at least one class, got " + classes);
        Tensor out = Tensor.zeros(dtype, indices.length, classes);
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= classes) throw new IndexOutOfBoundsException("oneHot index " + indices[i] + " out of range for " + classes + " classes");
            out.setFlat(i * classes + indices[i], 1.0);
        }
        return out;
    }

    private static int prod(int[] shape, int from, int to) {
        int p = 1;
        for (int i = from; i < to; i++) p *= shape[i];
        return p;
    }

    private static void copy(Tensor src, int so, Tensor dst, int d0, int len) {
        if (src.isF32()) System.arraycopy(src.data32(), so, dst.data32(), d0, len);
        else System.arraycopy(src.data64(), so, dst.data64(), d0, len);
    }
}
