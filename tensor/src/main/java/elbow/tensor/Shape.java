package elbow.tensor;

import java.util.Arrays;

/**
 * Shape arithmetic on plain {@code int[]} dimension arrays: sizes, row-major strides, NumPy broadcasting
 * and axis normalisation. Shapes are never mutated after a tensor is built, so arrays are shared freely.
 */
public final class Shape {
    private Shape() {}

    public static final int[] SCALAR = new int[0];

    public static int size(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in shape " + str(shape));
            n *= d;
        }
        if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("shape " + str(shape) + " has more than 2^31-1 elements");
        return (int) n;
    }

    /** Row-major strides in elements. */
    public static int[] strides(int[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }

    /** NumPy broadcasting: align from the right; each pair of dimensions must be equal or one of them 1. */
    public static int[] broadcast(int[] a, int[] b) {
        int r = Math.max(a.length, b.length);
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            int da = i < r - a.length ? 1 : a[i - (r - a.length)];
            int db = i < r - b.length ? 1 : b[i - (r - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException("shapes " + str(a) + " and " + str(b) + " cannot be broadcast together");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /**
     * Strides with which an input of shape {@code in} is read when broadcast to {@code out}: 0 on every
     * dimension the input repeats. {@code in} must broadcast to {@code out}.
     */
    public static int[] broadcastStrides(int[] in, int[] out) {
        if (in.length > out.length) throw new IllegalArgumentException("cannot broadcast " + str(in) + " to " + str(out));
        int[] inStrides = strides(in);
        int[] s = new int[out.length];
        int lead = out.length - in.length;
        for (int i = 0; i < out.length; i++) {
            if (i < lead) continue;
            int d = in[i - lead];
            if (d == out[i]) s[i] = d == 1 ? 0 : inStrides[i - lead];
            else if (d == 1) s[i] = 0;
            else throw new IllegalArgumentException("cannot broadcast " + str(in) + " to " + str(out));
        }
        return s;
    }

    /** Normalises a possibly negative axis; names the axis and the shape when it is out of range. */
    public static int axis(int axis, int rank, int[] shapeForMessage) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException("axis " + axis + " is out of range for shape " + str(shapeForMessage) + " (rank " + rank + ")");
        }
        return a;
    }

    /** Sorted, de-duplicated, non-negative axes; an empty array means all axes. */
    public static int[] axes(int[] axes, int[] shape) {
        if (axes.length == 0) {
            int[] all = new int[shape.length];
            for (int i = 0; i < all.length; i++) all[i] = i;
            return all;
        }
        boolean[] seen = new boolean[shape.length];
        for (int a : axes) {
            int n = axis(a, shape.length, shape);
            if (seen[n]) throw new IllegalArgumentException("axis " + a + " repeated in " + Arrays.toString(axes) + " for shape " + str(shape));
            seen[n] = true;
        }
        int[] out = new int[axes.length];
        int j = 0;
        for (int i = 0; i < shape.length; i++) if (seen[i]) out[j++] = i;
        return out;
    }

    public static boolean equal(int[] a, int[] b) {
        return Arrays.equals(a, b);
    }

    public static String str(int[] shape) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(shape[i]);
        }
        return sb.append(']').toString();
    }

    public static int[] of(int... dims) {
        return dims.clone();
    }
}
