package elbow.tensor.simd;

/**
 * Plain-loop matrix multiply: the fallback when the Vector API is off and the oracle the vector
 * kernel is tested against. Same contract as {@link Gemm}, restricted to the block of C with rows
 * [i0, i1) and columns [j0, j1).
 *
 * <p>Two loop orders, chosen so the innermost loop runs along contiguous memory: when op(B) is B
 * itself, row i of C gets A[i][p] times row p of B added in (an axpy that C2 auto-vectorises); when
 * op(B) is Bᵀ, each element is a dot product of a row of op(A) with a row of B. Each element's sum runs
 * over p in increasing order in both, so a block computes the same values whichever way C is split.
 */
final class ScalarGemm {
    private ScalarGemm() {}

    static void sgemm(boolean transA, boolean transB, int k, float[] a, int aOff, int lda,
                      float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean accumulate,
                      int i0, int i1, int j0, int j1) {
        // op(A)[i][p] = a[aOff + i*ais + p*aps]
        int ais = transA ? 1 : lda, aps = transA ? lda : 1;
        if (!transB) {
            for (int i = i0; i < i1; i++) {
                int ci = cOff + i * ldc;
                if (!accumulate) java.util.Arrays.fill(c, ci + j0, ci + j1, 0f);
                for (int p = 0; p < k; p++) {
                    float x = a[aOff + i * ais + p * aps];
                    int bi = bOff + p * ldb;
                    for (int j = j0; j < j1; j++) c[ci + j] += x * b[bi + j];
                }
            }
        } else {
            for (int i = i0; i < i1; i++) {
                int ai = aOff + i * ais, ci = cOff + i * ldc;
                for (int j = j0; j < j1; j++) {
                    int bj = bOff + j * ldb;
                    float s = 0f;
                    for (int p = 0; p < k; p++) s += a[ai + p * aps] * b[bj + p];
                    c[ci + j] = accumulate ? c[ci + j] + s : s;
                }
            }
        }
    }

    static void dgemm(boolean transA, boolean transB, int k, double[] a, int aOff, int lda,
                      double[] b, int bOff, int ldb, double[] c, int cOff, int ldc, boolean accumulate,
                      int i0, int i1, int j0, int j1) {
        int ais = transA ? 1 : lda, aps = transA ? lda : 1;
        if (!transB) {
            for (int i = i0; i < i1; i++) {
                int ci = cOff + i * ldc;
                if (!accumulate) java.util.Arrays.fill(c, ci + j0, ci + j1, 0.0);
                for (int p = 0; p < k; p++) {
                    double x = a[aOff + i * ais + p * aps];
                    int bi = bOff + p * ldb;
                    for (int j = j0; j < j1; j++) c[ci + j] += x * b[bi + j];
                }
            }
        } else {
            for (int i = i0; i < i1; i++) {
                int ai = aOff + i * ais, ci = cOff + i * ldc;
                for (int j = j0; j < j1; j++) {
                    int bj = bOff + j * ldb;
                    double s = 0.0;
                    for (int p = 0; p < k; p++) s += a[ai + p * aps] * b[bj + p];
                    c[ci + j] = accumulate ? c[ci + j] + s : s;
                }
            }
        }
    }
}
