package elbow.tensor;

import elbow.tensor.simd.Kernels;
import elbow.tensor.simd.Simd;

/**
 * Elementwise operations with NumPy broadcasting.
 *
 * <p>A broadcast binary op is reduced to as few flat kernel calls as possible: adjacent dimensions
 * that are contiguous for both operands are merged ("coalesced"), so same-shape operands become one
 * call and {@code [B, N] + [N]} becomes B calls of length N; only the innermost run goes to the kernel,
 * with each operand read at stride 1 or 0.
 */
final class Elementwise {
    private Elementwise() {}

    private static final Kernels K = Simd.KERNELS;

    static Tensor unary(UnaryOp op, Tensor x) {
        return unaryInto(op, 0.0, x, Tensor.zeros(x.dtype(), x.shape()));
    }

    static Tensor unary(UnaryOp op, double param, Tensor x) {
        return unaryInto(op, param, x, Tensor.zeros(x.dtype(), x.shape()));
    }

    static Tensor unaryInto(UnaryOp op, double param, Tensor x, Tensor out) {
        x.requireSameDType(out, op.name().toLowerCase());
        if (x.size() != out.size()) throw new IllegalArgumentException(op + ": output shape " + Shape.str(out.shape()) + " does not match input " + Shape.str(x.shape()));
        if (x.isF32()) K.unary(op, param, x.data32(), 0, out.data32(), 0, x.size());
        else K.unary(op, param, x.data64(), 0, out.data64(), 0, x.size());
        return out;
    }

    static Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        a.requireSameDType(b, op.name().toLowerCase());
        int[] shape = Shape.broadcast(a.shape(), b.shape());
        return binaryInto(op, a, b, Tensor.zeros(a.dtype(), shape));
    }

    /** out = op(a, b); a and b must broadcast to out's shape exactly. out may be a (in place). */
    static Tensor binaryInto(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        String name = op.name().toLowerCase();
        a.requireSameDType(b, name);
        a.requireSameDType(out, name);
        int[] shape = Shape.broadcast(a.shape(), b.shape());
        if (!Shape.equal(shape, out.shape())) {
            throw new IllegalArgumentException(name + ": shapes " + Shape.str(a.shape()) + " and " + Shape.str(b.shape())
                    + " broadcast to " + Shape.str(shape) + ", not to the output shape " + Shape.str(out.shape()));
        }
        if (out.size() == 0) return out;
        int[][] plan = coalesce(shape, Shape.broadcastStrides(a.shape(), shape), Shape.broadcastStrides(b.shape(), shape));
        int[] dims = plan[0], sa = plan[1], sb = plan[2];
        int r = dims.length, inner = dims[r - 1], ia = sa[r - 1], ib = sb[r - 1];
        int outer = out.size() / inner;
        int[] idx = new int[r];
        int oa = 0, ob = 0;
        for (int o = 0; o < outer; o++) {
            if (a.isF32()) K.binary(op, a.data32(), oa, ia, b.data32(), ob, ib, out.data32(), o * inner, inner);
            else K.binary(op, a.data64(), oa, ia, b.data64(), ob, ib, out.data64(), o * inner, inner);
            // odometer over the outer dimensions
            for (int d = r - 2; d >= 0; d--) {
                idx[d]++;
                oa += sa[d];
                ob += sb[d];
                if (idx[d] < dims[d]) break;
                oa -= sa[d] * dims[d];
                ob -= sb[d] * dims[d];
                idx[d] = 0;
            }
        }
        return out;
    }

    /**
     * Merges adjacent dimensions that both operands traverse contiguously (or both repeat), drops
     * dimensions of size 1, and returns {dims, stridesA, stridesB} with at least one dimension.
     */
    static int[][] coalesce(int[] shape, int[] sa, int[] sb) {
        int[] dims = new int[shape.length + 1], na = new int[shape.length + 1], nb = new int[shape.length + 1];
        int r = 0;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == 1) continue;
            if (r > 0 && na[r - 1] == sa[i] * shape[i] && nb[r - 1] == sb[i] * shape[i]) {
                dims[r - 1] *= shape[i];
                na[r - 1] = sa[i];
                nb[r - 1] = sb[i];
            } else {
                dims[r] = shape[i];
                na[r] = sa[i];
                nb[r] = sb[i];
                r++;
            }
        }
        if (r == 0) {
            dims[0] = 1;
            r = 1;
        }
        int[] d = new int[r], a = new int[r], b = new int[r];
        System.arraycopy(dims, 0, d, 0, r);
        System.arraycopy(na, 0, a, 0, r);
        System.arraycopy(nb, 0, b, 0, r);
        // The kernel reads its operands at stride 0 or 1; a strided innermost run (never produced by
        // row-major broadcasting) would be a bug.
        if ((a[r - 1] | 1) != 1 || (b[r - 1] | 1) != 1) throw new AssertionError("inner stride not 0/1");
        return new int[][] {d, a, b};
    }

    static Tensor axpy(double alpha, Tensor x, Tensor y) {
        x.requireSameDType(y, "axpy");
        if (!x.sameShape(y)) throw new IllegalArgumentException("axpy: shape " + Shape.str(x.shape()) + " does not match " + Shape.str(y.shape()));
        if (x.isF32()) K.axpy((float) alpha, x.data32(), 0, y.data32(), 0, x.size());
        else K.axpy(alpha, x.data64(), 0, y.data64(), 0, x.size());
        return y;
    }

    /** Materialises {@code x} broadcast to {@code target}. */
    static Tensor expand(Tensor x, int[] target) {
        int[] shape = Shape.broadcast(x.shape(), target);
        if (!Shape.equal(shape, target)) throw new IllegalArgumentException("cannot expand " + Shape.str(x.shape()) + " to " + Shape.str(target));
        Tensor out = Tensor.zeros(x.dtype(), target);
        return binaryInto(BinaryOp.ADD, x, out, out); // x + 0, reading the zeros in place
    }

    static Tensor where(Tensor mask, Tensor a, Tensor b) {
        a.requireSameDType(b, "where");
        int[] shape = Shape.broadcast(Shape.broadcast(mask.shape(), a.shape()), b.shape());
        Tensor m = Shape.equal(mask.shape(), shape) ? mask : expand(mask, shape);
        Tensor ea = Shape.equal(a.shape(), shape) ? a : expand(a, shape);
        Tensor eb = Shape.equal(b.shape(), shape) ? b : expand(b, shape);
        Tensor out = Tensor.zeros(a.dtype(), shape);
        for (int i = 0; i < out.size(); i++) out.setFlat(i, m.getFlat(i) != 0 ? ea.getFlat(i) : eb.getFlat(i));
        return out;
    }
}
