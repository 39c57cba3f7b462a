package elbow.tensor.simd;

import elbow.tensor.Parallel;

/**
 * General matrix multiply, C = op(A)·op(B) (+ C), in float and double: the one entry point for every
 * matrix product of elbow (forward passes, and both backward forms dX = dY·Wᵀ and dW = Xᵀ·dY).
 *
 * <p>Layout (row-major, offsets and strides in elements): op(A) is m x k; when {@code !transA},
 * op(A)[i][p] = a[aOff + i*lda + p]; when {@code transA}, A is stored k x m and
 * op(A)[i][p] = a[aOff + p*lda + i]. op(B) is k x n; when {@code !transB},
 * op(B)[p][j] = b[bOff + p*ldb + j]; when {@code transB}, op(B)[p][j] = b[bOff + j*ldb + p].
 * C is m x n with C[i][j] = c[cOff + i*ldc + j]. With {@code accumulate} the product is added to C,
 * otherwise C is overwritten (k = 0 then gives zeros). C must not overlap A or B.
 *
 * <p>Dispatch: the Vector API kernel ({@code VectorGemm}) when {@link Simd#VECTOR}, else the plain
 * loops ({@link ScalarGemm}). Work is split over rows or columns of C only, never over k, and every
 * element is computed the same way whichever block it falls in, so results are identical for every
 * thread count. Every tuning threshold of the multiply is in this class.
 */
public final class Gemm {
    private Gemm() {}

    // ---------------------------------------------------------------- tuning (all of it)

    /**
     * Depth of a K block when B is read in place (X·W, Xᵀ·dY). Every micro-tile streams the whole
     * sliver of B (KC x 64 floats) while its four rows of A stay put, so the sliver must stay in L1:
     * 32 KiB at 128. At 384 (96 KiB, in L2) the kernel needed 32 bytes of B per cycle from L2 at two
     * 512-bit FMAs per cycle, and ran 20 % slower on the Zen 5 machines (measured interleaved in one
     * JVM: X·W 100x200x784 126 → 154 GFLOP/s, Xᵀ·dY 784x200x1000 114 → 141). 112 rather than 128 so
     * that Xᵀ·dY over 5000 or 500 rows (blocks of 112 and 100, not 125) takes the five-vector slivers
     * of {@link VectorGemm#widestSliver} (one thread, operands from memory: 784x200x5000 78-89 → 87-95
     * GFLOP/s, 200x784x5000 84-90 → 96-100, 784x200x500 86-101 → 99-110); the products with 784 or
     * 200 rows of B already had blocks of 112 and 100.
     */
    static final int KC = 112;
    /**
     * Depth of a K block when B is transposed into a packed sliver (dY·Wᵀ): 192, i.e. two blocks of 100
     * for W of 200 columns, so that a sliver (kc x 64 floats, 25-39 KiB) stays in the 48 KiB L1 of the
     * Xeon as it does when B is read in place. Measured in one JVM per value, alternated, two threads:
     * dY·Wᵀ 5000x200x784 166-168 GFLOP/s at 384, 205-220 at 192, 205-207 at 128; 100x200x784 130-133,
     * 160-163, 138-143.
     */
    static final int KC_PACKED = 192;
    /**
     * ... except for products of fewer than {@link #PACKED_SHORT_ROWS} rows (the batch of 20), whose time
     * goes into packing and, swapped, into storing C transposed once per K block: there deeper blocks
     * mean fewer passes (dY·Wᵀ 20x200x784, two threads: 93-101 GFLOP/s at 384, 86-87 at 192).
     */
    static final int KC_PACKED_SHORT = 384;
    static final int PACKED_SHORT_ROWS = 64;
    /**
     * B stored k x n (X·W, Xᵀ·dY) is copied into line-aligned slivers for blocks of at least this many rows
     * (see VectorGemm.sgemmCore): the copy costs about two lane-MACs per element (whole vectors), against
     * one lane-MAC per element per row of A that reads it.
     */
    static final int PACK_B_MIN_ROWS = 64;
    /** The threshold in force; tests raise it to compare with B read in place. */
    static volatile int packBMinRows = PACK_B_MIN_ROWS;
    /** The deepest K block of any product: what the packing buffers are sized for. */
    static final int KC_MAX = Math.max(KC, Math.max(KC_PACKED, KC_PACKED_SHORT));

    /**
     * The K-block depth of a product of m rows whose op(B) is Bᵀ (packed) or B (read in place). It
     * depends on the whole product, never on the block a thread computes, so that every element is the
     * same chain of FMAs for any thread count.
     */
    static int kc(boolean transB, int m) {
        return !transB ? KC : m < PACKED_SHORT_ROWS ? KC_PACKED_SHORT : KC_PACKED;
    }
    /**
     * Columns of a K block of packed Bᵀ (dY·Wᵀ): the panel, KC_PACKED x NC floats at most (1.5 MiB),
     * is packed once and read by every row block; wider products take it NC columns at a time.
     */
    static final int NC = 1024;
    /**
     * Rows of A per block when B is read in place: 128 x KC floats (64 KiB) stay in L2 while every
     * column sliver of B passes over them, instead of streaming all of a tall A from memory per sliver.
     */
    static final int MC = 128;
    /**
     * Cost of transposing one element of an operand into vector rows, in units of one lane of one
     * multiply-add: a scalar load and store take about 1.5 cycles, in which the kernel does
     * 1.5 x 16 lane-FMAs. Decides between C = op(A)·op(B) and Cᵀ = op(B)ᵀ·op(A)ᵀ (VectorGemm.swap).
     */
    static final int PACK_COST = 24;
    /** Cost of storing one element of C transposed (a scalar store with stride ldc), in the same units. */
    static final int TRANSPOSED_STORE_COST = 32;
    /**
     * Below this many multiply-adds (m*n*k) per thread, handing a part to another thread costs more
     * than it saves: waking a worker takes from under a microsecond (spinning) to tens (parked), and
     * one core does about 50,000 multiply-adds per microsecond.
     */
    static final long MIN_MACS_PER_THREAD = 1L << 18;
    /** The threshold in force; tests lower it to split even tiny products. */
    static volatile long minMacsPerThread = MIN_MACS_PER_THREAD;
    /** Split C by rows when every block gets at least this many rows, else by columns. */
    static final int MIN_ROWS_PER_TASK = 32;
    /**
     * dY·Wᵀ is split by rows only when every block gets this many: each row block transposes all of W,
     * which costs PACK_COST = 24 lane-MACs per element of W against 256 or more MACs per element in the
     * block's product (under 10 %). A column split instead gives each thread a narrow part of every row,
     * 96 + 104 columns for 200 (tiles of 4 + 2 and 4 + 3 vectors, against 4 + 4 + 5 or 4 + 4 + 3 + 2 for
     * all 200). Two threads, by columns -> by rows: dY·Wᵀ 5000x200x50 168 -> 210 GFLOP/s, 5000x200x784
     * 165 -> 190; at 1000 rows (512 rows a block before, 256 now, alternated, 2026-12-03) 1000x200x784
     * 200-220 -> 230-248, 1000x200x200 203-214 -> 240-276, 1000x50x200 152-162 -> 188-205; 500 rows
     * equal either way.
     */
    static final int MIN_ROWS_PER_PACK = 256;
    /** Row and column splits fall on multiples of these, so blocks stay whole micro-tiles. */
    static final int ROW_ALIGN = 4;
    static final int COL_ALIGN = 16;
    /** Column blocks of a product whose B is read in place fall on whole slivers of 4 vectors (see {@link #colAlign}). */
    static final int COL_ALIGN_WIDE = 64;
    /**
     * Floats of one operand that stay in a core's L2 cache (1 MiB on Zen 5, 2 MiB on recent Intel)
     * beside the blocks being computed.
     */
    static final long L2_FLOATS = 1L << 18;

    // ---------------------------------------------------------------- API

    public static void sgemm(boolean transA, boolean transB, int m, int n, int k,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float[] c, int cOff, int ldc, boolean accumulate) {
        sgemm(Simd.VECTOR, transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }

    /** {@link #sgemm} on the kernel of choice: tests run the vector kernel even when the process uses scalar. */
    static void sgemm(boolean vector, boolean transA, boolean transB, int m, int n, int k,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float[] c, int cOff, int ldc, boolean accumulate) {
        check(transA, transB, m, n, k, a.length, aOff, lda, b.length, bOff, ldb, c.length, cOff, ldc);
        if (m == 0 || n == 0) return;
        if (k == 0) {
            if (!accumulate) for (int i = 0; i < m; i++) java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
            return;
        }
        int tasks = tasks(m, n, k);
        if (tasks == 1) {
            sgemmBlock(vector, transA, transB, k, kc(transB, m), a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate, 0, m, 0, n);
            return;
        }
        Job job = JOB.get();
        job.setFloat(vector, transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate, tasks);
        try {
            Parallel.run(tasks, job);
        } finally {
            job.clear();
        }
    }

    /**
     * float64 products run the scalar kernel (blocked over threads like float32): float64 is the
     * reference and gradient-check type, where exactness matters more than speed, and one vector
     * kernel (float32) is half the code to keep fast and correct.
     */
    public static void dgemm(boolean transA, boolean transB, int m, int n, int k,
                             double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                             double[] c, int cOff, int ldc, boolean accumulate) {
        check(transA, transB, m, n, k, a.length, aOff, lda, b.length, bOff, ldb, c.length, cOff, ldc);
        if (m == 0 || n == 0) return;
        if (k == 0) {
            if (!accumulate) for (int i = 0; i < m; i++) java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0.0);
            return;
        }
        int tasks = tasks(m, n, k);
        if (tasks == 1) {
            dgemmBlock(transA, transB, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate, 0, m, 0, n);
            return;
        }
        Job job = JOB.get();
        job.setDouble(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate, tasks);
        try {
            Parallel.run(tasks, job);
        } finally {
            job.clear();
        }
    }

    // ---------------------------------------------------------------- splitting

    /**
     * Number of blocks C is split into: 1 for small products, else one per thread. Finer blocks, claimed
     * by the threads as they go, would let a thread whose core is shared with another process hand work
     * to the others, but every block re-reads the operand the blocks share, packs its own part of the
     * other and ends in narrower edge tiles: eight blocks on two threads against two, alternated, one
     * JVM per variant, operands in L3 (2026-12-03): Xᵀ·dY 200x784x1000 200-209 -> 224-242 GFLOP/s,
     * 784x200x1000 203-208 -> 244-259, X·W 1000x200x784 219-234 -> 265-287, 100x784x200 219-220 ->
     * 247-248; 5000-row products equal. Depends on the thread count, but the result of the product
     * does not.
     */
    static int tasks(int m, int n, int k) {
        int threads = Parallel.threads();
        if (threads == 1) return 1;
        long t = Math.min(threads, (long) m * n * k / minMacsPerThread);
        return (int) Math.max(1, t);
    }

    /**
     * Whether the {@code tasks} blocks split the rows of C (else its columns). A row block reads all of
     * op(B) (k x n) and its own rows of op(A); a column block all of op(A) (m x k) and its own columns
     * of op(B): so rows when n <= m, if each block gets enough rows. op(B) = Bᵀ is split by columns,
     * whose blocks transpose only their own part of B, unless the blocks are tall enough to afford
     * transposing all of it ({@link #MIN_ROWS_PER_PACK}).
     */
    static boolean splitRows(boolean transB, int m, int n, int tasks) {
        int colUnits = (n + COL_ALIGN - 1) / COL_ALIGN;
        if (transB) return colUnits < tasks || m >= (long) tasks * MIN_ROWS_PER_PACK;
        if (m < tasks * MIN_ROWS_PER_TASK) return colUnits < tasks;
        return n <= m || colUnits < tasks;
    }

    /**
     * Column blocks fall on multiples of {@link #COL_ALIGN_WIDE} (whole 4-vector slivers) when every
     * block still gets two of them, else of {@link #COL_ALIGN}. Transposed-B blocks take the finer one:
     * they pack their own slivers, so narrower blocks balance better at no cost.
     */
    static int colAlign(boolean transB, int n, int tasks) {
        return !transB && n >= 2L * COL_ALIGN_WIDE * tasks ? COL_ALIGN_WIDE : COL_ALIGN;
    }

    /** Start of block {@code t} of {@code tasks} over [0, size), on multiples of {@code align}. */
    static int bound(int size, int t, int tasks, int align) {
        if (t >= tasks) return size;
        long units = (size + align - 1) / align;
        return (int) Math.min(size, units * t / tasks * align);
    }

    static void sgemmBlock(boolean vector, boolean transA, boolean transB, int k, int kc, float[] a, int aOff, int lda,
                           float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean accumulate,
                           int i0, int i1, int j0, int j1) {
        if (i0 >= i1 || j0 >= j1) return;
        if (vector) VectorGemm.sgemm(transA, transB, k, kc, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate, i0, i1, j0, j1);
        else ScalarGemm.sgemm(transA, transB, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate, i0, i1, j0, j1);
    }

    static void dgemmBlock(boolean transA, boolean transB, int k, double[] a, int aOff, int lda,
                           double[] b, int bOff, int ldb, double[] c, int cOff, int ldc, boolean accumulate,
                           int i0, int i1, int j0, int j1) {
        if (i0 >= i1 || j0 >= j1) return;
        ScalarGemm.dgemm(transA, transB, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate, i0, i1, j0, j1);
    }

    /** The arguments of one call, reused per calling thread so that a parallel call allocates nothing. */
    private static final class Job implements Parallel.Task {
        boolean vector, transA, transB, accumulate, rows;
        int m, n, k, aOff, lda, bOff, ldb, cOff, ldc, tasks;
        float[] fa, fb, fc;
        double[] da, db, dc;

        void setFloat(boolean vector, boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda,
                      float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean accumulate, int tasks) {
            setShape(vector, transA, transB, m, n, k, aOff, lda, bOff, ldb, cOff, ldc, accumulate, tasks);
            fa = a;
            fb = b;
            fc = c;
        }

        void setDouble(boolean transA, boolean transB, int m, int n, int k, double[] a, int aOff, int lda,
                       double[] b, int bOff, int ldb, double[] c, int cOff, int ldc, boolean accumulate, int tasks) {
            setShape(false, transA, transB, m, n, k, aOff, lda, bOff, ldb, cOff, ldc, accumulate, tasks);
            da = a;
            db = b;
            dc = c;
        }

        private void setShape(boolean vector, boolean transA, boolean transB, int m, int n, int k, int aOff, int lda,
                              int bOff, int ldb, int cOff, int ldc, boolean accumulate, int tasks) {
            this.vector = vector;
            this.transA = transA;
            this.transB = transB;
            this.m = m;
            this.n = n;
            this.k = k;
            this.aOff = aOff;
            this.lda = lda;
            this.bOff = bOff;
            this.ldb = ldb;
            this.cOff = cOff;
            this.ldc = ldc;
            this.accumulate = accumulate;
            this.tasks = tasks;
            this.rows = splitRows(transB, m, n, tasks);
        }

        /** Drops the array references so a finished call keeps nothing alive. */
        void clear() {
            fa = fb = fc = null;
            da = db = dc = null;
        }

        @Override
        public void run(int t) {
            int i0 = 0, i1 = m, j0 = 0, j1 = n;
            if (rows) {
                i0 = bound(m, t, tasks, ROW_ALIGN);
                i1 = bound(m, t + 1, tasks, ROW_ALIGN);
            } else {
                int al = colAlign(transB, n, tasks);
                j0 = bound(n, t, tasks, al);
                j1 = bound(n, t + 1, tasks, al);
            }
            if (fc != null) sgemmBlock(vector, transA, transB, k, kc(transB, m), fa, aOff, lda, fb, bOff, ldb, fc, cOff, ldc, accumulate, i0, i1, j0, j1);
            else dgemmBlock(transA, transB, k, da, aOff, lda, db, bOff, ldb, dc, cOff, ldc, accumulate, i0, i1, j0, j1);
        }
    }

    private static final ThreadLocal<Job> JOB = ThreadLocal.withInitial(Job::new);

    // ---------------------------------------------------------------- argument checks

    private static void check(boolean transA, boolean transB, int m, int n, int k,
                              int aLen, int aOff, int lda, int bLen, int bOff, int ldb,
                              int cLen, int cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0) throw new IllegalArgumentException("gemm: negative size m=" + m + " n=" + n + " k=" + k);
        if (m == 0 || n == 0) return;
        checkOperand("A", transA ? k : m, transA ? m : k, aLen, aOff, lda, m, n, k);
        checkOperand("B", transB ? n : k, transB ? k : n, bLen, bOff, ldb, m, n, k);
        checkOperand("C", m, n, cLen, cOff, ldc, m, n, k);
    }

    /** A stored rows x cols matrix with row stride ld must lie inside its array. */
    private static void checkOperand(String name, int rows, int cols, int len, int off, int ld, int m, int n, int k) {
        if (rows == 0 || cols == 0) return;
        if (ld < cols || off < 0 || off + (long) (rows - 1) * ld + cols > len) {
            throw new IllegalArgumentException("gemm (m=" + m + ", n=" + n + ", k=" + k + "): " + name + " is stored as "
                    + rows + " x " + cols + " with offset " + off + " and row stride " + ld
                    + ", which needs a stride >= " + cols + " and " + (off + (long) (rows - 1) * ld + cols)
                    + " elements, but its array has " + len);
        }
    }
}
