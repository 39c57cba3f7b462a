package elbow.autograd;

import elbow.tensor.Tensor;

/**
 * C = op(A)·op(B), op transposing the last two axes when its flag is set; batched over leading axes,
 * which broadcast. With G the output gradient:
 * <pre>
 *   C = A B      dA = G Bᵀ      dB = Aᵀ G
 *   C = A Bᵀ     dA = G B       dB = Gᵀ A
 *   C = Aᵀ B     dA = B Gᵀ      dB = A G
 *   C = Aᵀ Bᵀ    dA = Bᵀ Gᵀ     dB = Gᵀ Aᵀ
 * </pre>
 * Every gradient is one product with transpose flags, never a transposed copy; each is computed in the
 * layout the input is stored in. Batch axes an input was broadcast along are summed away.
 *
 * <p>A batch of row blocks times one matrix ({@code [..., m, k] @ [k, n]}, the shape of a linear layer
 * applied to {@code [k samples, batch, features]}) is folded into a single 2-D product with the batch in
 * the rows, forward and backward: one large GEMM packs B once and keeps both cores busy, where a loop of
 * small ones would not. The weight's gradient is then one product, with no per-batch partial sums.
 */
final class MatMul extends BinaryPrimitive {
    private final boolean transA, transB;

    MatMul(boolean transA, boolean transB) {
        this.transA = transA;
        this.transB = transB;
    }

    @Override
    protected Tensor forward(Tensor a, Tensor b) {
        save(a, b);
        return product(a, b, transA, transB);
    }

    @Override
    protected Tensor[] backward(Tensor g, boolean[] needs) {
        Tensor a = saved(0), b = saved(1);
        Tensor da = null, db = null;
        if (needs[0]) {
            if (!transA) da = transB ? product(g, b, false, false) : product(g, b, false, true);
            else da = transB ? product(b, g, true, true) : product(b, g, false, true);
            da = unbroadcast(da, 0);
        }
        if (needs[1]) {
            if (!transA && a.rank() > 2 && b.rank() == 2 && a.size() > 0) {
                Tensor rowsA = a.reshape(-1, a.dim(-1)), rowsG = g.reshape(-1, g.dim(-1));
                db = transB ? rowsG.matmul(rowsA, true, false) : rowsA.matmul(rowsG, true, false);
            } else {
                if (!transA) db = transB ? product(g, a, true, false) : product(a, g, true, false);
                else db = transB ? product(g, a, true, true) : product(a, g, false, false);
                db = unbroadcast(db, 1);
            }
        }
        return new Tensor[] {da, db};
    }

    /** op(a)·op(b), folding a's batch axes into its rows when b is a single matrix. */
    static Tensor product(Tensor a, Tensor b, boolean transA, boolean transB) {
        if (!transA && a.rank() > 2 && b.rank() == 2 && a.size() > 0) {
            int[] shape = a.shape().clone();
            Tensor rows = a.reshape(-1, shape[shape.length - 1]).matmul(b, false, transB);
            shape[shape.length - 1] = rows.dim(1);
            return rows.reshape(shape);
        }
        return a.matmul(b, transA, transB);
    }
}
