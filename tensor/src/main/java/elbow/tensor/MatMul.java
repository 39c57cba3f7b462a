package elbow.tensor;

import elbow.tensor.simd.Gemm;

/**
 * Matrix products. 2-D operands go to one {@link Gemm} call; operands of rank &gt; 2 are batches of
 * matrices over the leading axes, which broadcast (a 2-D weight against a batch of inputs is one
 * matrix reused). A transpose flag swaps the last two axes of that operand at no cost: Gemm's packing
 * reads the transposed layout directly.
 */
final class MatMul {
    private MatMul() {}

    static Tensor matmul(Tensor a, Tensor b, boolean transA, boolean transB) {
        a.requireSameDType(b, "matmul");
        int[] sa = a.shape(), sb = b.shape();
        if (sa.length < 2 || sb.length < 2) {
            throw new IllegalArgumentException("matmul needs operands of rank >= 2, got " + Shape.str(sa) + " and " + Shape.str(sb));
        }
        int ra = sa.length, rb = sb.length;
        int m = transA ? sa[ra - 1] : sa[ra - 2], ka = transA ? sa[ra - 2] : sa[ra - 1];
        int kb = transB ? sb[rb - 1] : sb[rb - 2], n = transB ? sb[rb - 2] : sb[rb - 1];
        if (ka != kb) {
            throw new IllegalArgumentException("matmul: inner dimensions differ, " + Shape.str(sa) + (transA ? "ᵀ" : "") + " @ " + Shape.str(sb) + (transB ? "ᵀ" : "")
                    + " (" + ka + " vs " + kb + ")");
        }
        int[] batchA = java.util.Arrays.copyOf(sa, ra - 2), batchB = java.util.Arrays.copyOf(sb, rb - 2);
        int[] batch;
        try {
            batch = Shape.broadcast(batchA, batchB);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("matmul: batch dimensions of " + Shape.str(sa) + " and " + Shape.str(sb) + " cannot be broadcast together");
        }
        int[] outShape = java.util.Arrays.copyOf(batch, batch.length + 2);
        outShape[batch.length] = m;
        outShape[batch.length + 1] = n;
        Tensor out = Tensor.zeros(a.dtype(), outShape);
        int lda = sa[ra - 1], ldb = sb[rb - 1];
        int batches = Shape.size(batch);
        int[] stA = Shape.broadcastStrides(batchA, batch), stB = Shape.broadcastStrides(batchB, batch);
        int matA = sa[ra - 2] * sa[ra - 1], matB = sb[rb - 2] * sb[rb - 1];
        int[] idx = new int[batch.length];
        for (int t = 0; t < batches; t++) {
            int offA = 0, offB = 0;
            for (int d = 0; d < batch.length; d++) {
                offA += idx[d] * stA[d];
                offB += idx[d] * stB[d];
            }
            offA *= matA;
            offB *= matB;
            if (a.isF32()) Gemm.sgemm(transA, transB, m, n, ka, a.data32(), offA, lda, b.data32(), offB, ldb, out.data32(), t * m * n, n, false);
            else Gemm.dgemm(transA, transB, m, n, ka, a.data64(), offA, lda, b.data64(), offB, ldb, out.data64(), t * m * n, n, false);
            for (int d = batch.length - 1; d >= 0; d--) {
                if (++idx[d] < batch[d]) break;
                idx[d] = 0;
            }
        }
        return out;
    }
}
