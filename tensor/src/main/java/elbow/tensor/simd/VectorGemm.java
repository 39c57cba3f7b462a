package elbow.tensor.simd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API matrix multiply: C = op(A)·op(B) (+ C). Loop order: K blocks ({@link Gemm#kc}), row
 * blocks ({@link Gemm#MC}), column slivers of 4 vectors (the last up to 5, see {@link #sliverEnd}), row
 * micro-tiles of {@link #MR} rows; when C is larger than op(B), the row blocks go outside the K blocks.
 *
 * <p>The micro-kernel holds a tile of C of 4 rows by up to 4 vectors (4 x 64 floats with AVX-512) in
 * 16 accumulators (20 in the 4 x 5 tile of a last sliver; slivers of one or two vectors take 8 rows,
 * so that they too keep 8 or 16 FMAs in flight) and, per step of the reduction, loads up to
 * 4 vectors of B, broadcasts 4 scalars of A and issues 16 fused multiply-adds, reading operands
 * with any row and column stride: the A side of most products needs no copy. A sliver whose width is
 * not a multiple of the vector ends with a vector that overlaps the one before it (50 columns: vectors
 * at 0, 16, 32 and 34), so B is packed (or read in place) at the same width and C written directly,
 * with no padding and no scalar merge. What gets packed: B, into slivers that start on a cache-line
 * boundary ({@link AlignedFloats}: a vector load across two lines costs two), always when transposed
 * (that is where the transpose happens) and otherwise for blocks of {@link Gemm#PACK_B_MIN_ROWS} rows
 * or more; slivers narrower than one vector, zero-padded so that the same kernels handle them (masked
 * loads are slow on JDK 17), whose tiles, and partial row tiles, go through a small scratch tile; and a
 * transposed A too large for L2 (Xᵀ·dY over thousands of rows), in groups of 16 rows, so that its lines
 * are read in order. Four rows suit the model's batch sizes (20, 100, 1000, 5000 are multiples of 4).
 *
 * <p>A block may instead be computed as Cᵀ = op(B)ᵀ·op(A)ᵀ and stored transposed ({@link #swap}):
 * for dY·Wᵀ at small batches, transposing the batch is cheaper than transposing W. Every element of C
 * is the same chain of FMAs over its K blocks whichever way and whatever tile it is computed in, so
 * results do not depend on those choices, nor on how the facade split C over threads.
 *
 * <p>Packing buffers live in a per-thread {@link Scratch}, so a steady-state call allocates nothing.
 * Float32 only: float64 products take the scalar kernel (see {@link Gemm#dgemm}). The micro-kernels
 * are mechanical variants, one per vector count.
 */
final class VectorGemm {
    private VectorGemm() {}

    static final VectorSpecies<Float> FS = floatSpecies(Simd.REQUESTED_BITS);
    static final int FL = FS.length();

    /** Rows of C per micro-tile. */
    static final int MR = 4;
    /** Vectors of C per micro-tile row: 4 x 4 accumulators + 4 B vectors + 1 broadcast fit the 32 AVX-512 registers. */
    static final int NRV = 4;
    static final int F_NR = NRV * FL;
    /** Where packed B starts in its buffer: a cache-line boundary when {@link AlignedFloats#enabled}. */
    static final int B0 = AlignedFloats.OFFSET;
    /** Deepest K block whose five-vector slivers stay in a 48 KiB L1: 112 rows x 6 lines of 64 bytes = 42 KiB. */
    static final int KC_WIDE_SLIVER = 112;

    // -1 (and 0, when a test calls this class directly under -Delbow.simd=0) mean the widest; a width
    // wider than the CPU's would be emulated in software, so it is capped at the preferred one.
    /** The requested width, capped at the CPU's: a wider species would be emulated, very slowly. */
    static VectorSpecies<Float> floatSpecies(int bits) {
        int max = FloatVector.SPECIES_PREFERRED.vectorBitSize();
        if (bits <= 0 || bits >= max) return FloatVector.SPECIES_PREFERRED;
        return VectorSpecies.of(float.class, VectorShape.forBitSize(bits));
    }

    static VectorSpecies<Double> doubleSpecies(int bits) {
        int max = DoubleVector.SPECIES_PREFERRED.vectorBitSize();
        if (bits <= 0 || bits >= max) return DoubleVector.SPECIES_PREFERRED;
        return VectorSpecies.of(double.class, VectorShape.forBitSize(bits));
    }

    /** Lanes of the float kernel (what the tests aim their tail sizes at). */
    static int floatLanes() {
        return FL;
    }

    /**
     * Whether a block of m x n (depth k) is cheaper as Cᵀ = op(B)ᵀ·op(A)ᵀ. Costs are per step of k, in
     * lanes of one multiply-add: the kernel's work, its rows rounded up to MR times its columns rounded
     * up to whole vectors; {@link Gemm#PACK_COST} per element of the operand that must be transposed into
     * vector rows (B when transB; in the swapped form, A when !transA); and in the swapped form
     * {@link Gemm#TRANSPOSED_STORE_COST} per element of C, once per K block. Small-batch dY·Wᵀ (m = 20)
     * is the case this is for: transposing W costs more than computing with 12 of 32 lanes idle.
     */
    static boolean swap(boolean transA, boolean transB, int m, int n, int k, int kcTarget, int lanes) {
        long kBlocks = (k + kcTarget - 1) / kcTarget;
        long direct = (long) roundUp(m, MR) * roundUp(n, lanes) + (transB ? (long) Gemm.PACK_COST * n : 0);
        long swapped = (long) roundUp(n, MR) * roundUp(m, lanes) + (transA ? 0 : (long) Gemm.PACK_COST * m)
                + Gemm.TRANSPOSED_STORE_COST * kBlocks * m * n / Math.max(1, k);
        return swapped < direct;
    }

    private static int roundUp(int x, int to) {
        return (x + to - 1) / to * to;
    }

    /**
     * Per-thread packing buffers, allocated on first use at their largest size. B's is at least half a G1
     * region (2 MiB with the 4 MiB regions of a 6 GiB heap) once it holds 128 KiB, the price of its
     * alignment.
     */
    private static final class Scratch {
        private float[] fa, fap, fb, ftile;

        float[] floatA() {
            if (fa == null) fa = new float[MR * Gemm.KC_MAX];
            return fa;
        }

        /** A row block of a transposed A, MC x kc (MC is a whole number of vector-wide groups). */
        float[] floatAPanel() {
            if (fap == null) fap = new float[Gemm.MC * Gemm.KC_MAX];
            return fap;
        }

        /**
         * At least {@code size} floats from {@link #B0} on, a cache-line boundary: packed slivers of B (a K block's
         * panel, or all of B) grow it to the largest seen.
         */
        float[] floatB(int size) {
            if (fb == null || fb.length < B0 + size) fb = AlignedFloats.allocate(Math.max(size, Gemm.KC_MAX * F_NR));
            return fb;
        }

        float[] floatTile() {
            if (ftile == null) ftile = new float[Math.max(MR * (F_NR + FL), 2 * MR * 2 * FL)];
            return ftile;
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    // ---------------------------------------------------------------- float

    /**
     * C[i0..i1) x [j0..j1) of op(A)·op(B) (+ old C when {@code accumulate}). The facade hands disjoint
     * blocks to different threads. Of the two ways to compute a block, C = op(A)·op(B) or
     * Cᵀ = op(B)ᵀ·op(A)ᵀ, it takes the one with less padding and packing (see {@link Gemm#PACK_COST});
     * both give every element as the same chain of FMAs, so the result never depends on the choice nor
     * on how C was split.
     */
    static void sgemm(boolean transA, boolean transB, int k, int kcTarget, float[] a, int aOff, int lda,
                      float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean accumulate,
                      int i0, int i1, int j0, int j1) {
        // The K blocks (kcTarget, from Gemm.kc) follow the product as called, not the form chosen: both
        // forms then give every element the same chain of FMAs.
        if (swap(transA, transB, i1 - i0, j1 - j0, k, kcTarget, FL)) {
            sgemmCore(!transB, !transA, k, kcTarget, b, bOff, ldb, a, aOff, lda, c, cOff, ldc, accumulate, j0, j1, i0, i1, true);
        } else {
            sgemmCore(transA, transB, k, kcTarget, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate, i0, i1, j0, j1, false);
        }
    }

    /** The block as C = op(A)·op(B), or, with {@code transC}, as its transpose stored into C. */
    private static void sgemmCore(boolean transA, boolean transB, int k, int kcTarget, float[] a, int aOff, int lda,
                                  float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean accumulate,
                                  int i0, int i1, int j0, int j1, boolean transC) {
        Scratch s = SCRATCH.get();
        // A transposed A is packed when more than one sliver reads it and it does not fit in L2 (Xᵀ·dY over
        // 5000 rows). Two threads: 784x200x5000 155-158 -> 159-170 GFLOP/s, 200x784x5000 148-154 -> 161-169;
        // over 100 rows, A in L2, packing cost 3-5 %; with one sliver (200x50x5000) 20 %.
        boolean packA = transA && j1 - j0 > F_NR && (long) k * (i1 - i0) > Gemm.L2_FLOATS;
        float[] ap = s.floatA(), tile = s.floatTile(), apanel = packA ? s.floatAPanel() : null;
        int iEdge = i1 - (i1 - i0) % MR;
        // K blocks of equal depth: a short last block would cost a whole extra pass over C.
        int kBlocks = (k + kcTarget - 1) / kcTarget, kcMax = (k + kBlocks - 1) / kBlocks, widest = widestSliver(kcMax);
        // A transposed B is packed a K block of Gemm.NC columns at a time (a panel of slivers, each kc x w),
        // then read from cache by every row block, so that a row block of A (MC x kc) stays in L2 across the
        // slivers as it does when B is read in place (dY·Wᵀ 5000x200x784, one thread: 107-112 -> 116-118 GFLOP/s;
        // 1000x200x784, two threads: 141-156 -> 162-182).
        int ncStep = transB ? Gemm.NC : j1 - j0;
        // What is re-read from L2 or memory: with the K blocks outermost, all of C once per K block; with
        // row blocks outermost (a block of C stays in L2 across its K blocks), all of op(B) once per row
        // block. So row blocks go outside when C is the larger, m > k (X·W 5000x784x200, one thread:
        // 148 -> 164 GFLOP/s; Xᵀ·dY 784x200x5000 keeps the K blocks outside: 134 against 129). A
        // transposed B keeps them outside too: its panel is packed once per K block.
        int rowStep = !transB && i1 - i0 > k ? Gemm.MC : i1 - i0;
        // B stored k x n is copied into line-aligned slivers too (AlignedFloats), when enough rows of A use
        // each copy and the copy fits in L2: a K block at a time, or, with the row blocks outermost, all of
        // its K blocks at once. Read in place, its rows start wherever the caller's array and row stride
        // put them.
        boolean packB = !transB && AlignedFloats.enabled() && i1 - i0 >= Gemm.packBMinRows
                && (long) (rowStep == i1 - i0 ? kcMax : k) * (j1 - j0 + 2 * FL) <= Gemm.L2_FLOATS;
        boolean wholeB = packB && rowStep < i1 - i0;
        int bWidth = Math.min(ncStep, j1 - j0) + 2 * FL;
        float[] bp = s.floatB(wholeB ? k * bWidth : transB || packB ? kcMax * bWidth : kcMax * F_NR);
        for (int jb = j0; jb < j1; jb += ncStep) {
            int jbEnd = Math.min(j1, jb + ncStep), panelWidth = 0;
            // A K block's slivers start at B0 + pc * panelWidth in a whole packed B, else at B0; every K block
            // has the same width, which the first one's packing gives.
            if (wholeB) {
                for (int pc = 0; pc < k; pc += kcMax) panelWidth = packPanel(false, b, bOff, ldb, pc, Math.min(kcMax, k - pc), jb, jbEnd, widest, bp, B0 + pc * panelWidth);
            }
            for (int rb = i0; rb < i1; rb += rowStep) {
                int rbEnd = Math.min(i1, rb + rowStep);
                for (int pc = 0; pc < k; pc += kcMax) {
                    int kc = Math.min(kcMax, k - pc);
                    boolean add = accumulate || pc > 0;
                    int panel = B0 + (wholeB ? pc * panelWidth : 0);
                    if (transB || packB && !wholeB) packPanel(transB, b, bOff, ldb, pc, kc, jb, jbEnd, widest, bp, panel);
                    if (iEdge < rbEnd) packAEdge(transA, a, aOff, lda, pc, kc, iEdge, i1, ap);
                    for (int ic = rb; ic < rbEnd; ic += Gemm.MC) {
                        int iEnd = Math.min(rbEnd, ic + Gemm.MC);
                        if (packA) packATransposed(a, aOff, lda, pc, kc, ic, Math.min(iEnd, iEdge), apanel);
                        for (int j = jb, jEnd, off = panel; j < jbEnd; j = jEnd) {
                            jEnd = sliverEnd(j, jbEnd, widest);
                            int nj = jEnd - j, nv = (nj + FL - 1) / FL, w = nv * FL;
                            // B was packed above, or is read in place when its rows hold the sliver; either way a
                            // partial last vector overlaps the one before, so that the tile goes to C directly (a
                            // scratch tile and a scalar merge cost dY·Wᵀ 5000x200x200 10-15 % on two threads). A
                            // sliver narrower than a vector read in place is packed now, zero-padded.
                            float[] bs = bp;
                            int bi = off, ldbs = w, last = (nv - 1) * FL;
                            if (transB || packB) {
                                off += kc * w;
                                if (nj >= FL) last = nj - FL;
                            } else if (nj < FL) packBRows(b, bOff, ldb, pc, kc, j, nj, w, bp, bi);
                            else { bs = b; bi = bOff + pc * ldb + j; ldbs = ldb; last = nj - FL; }
                            for (int i = ic, mi; i < iEnd; i += mi) {
                                // Eight rows at a time for a sliver of one or two vectors (see f8x2), when
                                // eight whole rows remain and, in a packed Aᵀ, lie in one group of FL.
                                boolean eight = nv <= 2 && iEnd - i >= 2 * MR && (!packA || (i - ic) % FL + 2 * MR <= FL);
                                mi = eight ? 2 * MR : Math.min(MR, iEnd - i);
                                boolean whole = mi >= MR;
                                // A is read in place (row stride ars, step aps along k), except the packed edge
                                // and a packed Aᵀ.
                                float[] as = ap;
                                int ai = 0, ars = 1, aps = MR;
                                if (whole && packA) {
                                    as = apanel;
                                    ai = (i - ic) / FL * kc * FL + (i - ic) % FL;
                                    aps = FL;
                                } else if (whole) {
                                    as = a;
                                    ai = transA ? aOff + pc * lda + i : aOff + i * lda + pc;
                                    ars = transA ? 1 : lda;
                                    aps = transA ? lda : 1;
                                }
                                if (whole && last + FL == nj && !transC) {
                                    floatTile(eight, nv, kc, as, ai, ars, aps, bs, bi, ldbs, last, c, cOff + i * ldc + j, ldc, add);
                                } else {
                                    floatTile(eight, nv, kc, as, ai, ars, aps, bs, bi, ldbs, last, tile, 0, w, false);
                                    // element (r, jj) of the tile belongs at C[i+r][j+jj], or at C[j+jj][i+r] when transposed
                                    if (transC) mergeTile(tile, w, mi, nj, c, cOff + j * ldc + i, 1, ldc, add);
                                    else mergeTile(tile, w, mi, nj, c, cOff + i * ldc + j, ldc, 1, add);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * End of the column sliver that starts at j: slivers are {@link #F_NR} wide, except the last. When
     * {@code widest} allows, a remainder of up to five vectors is one sliver, its last vector overlapping
     * (200 = 64 + 64 + 72, 784 = 12·64 + 80): one 4 x 5 tile does the work of a 4 x 3 and a 4 x 2 with
     * fewer loads per FMA (two threads, operands from memory: dY·W 5000x200x784 157-198 -> 199-215
     * GFLOP/s, X·Wᵀ 5000x200x200 160-187 -> 194-218). Otherwise a remainder narrower than a vector is
     * not left on its own: the last two slivers share the columns so that the last one holds at least
     * one whole vector (200 = 64 + 64 + 48 + 24), and B is read in place.
     */
    static int sliverEnd(int j, int j1, int widest) {
        int rest = j1 - j;
        if (rest <= widest) return j1;
        if (rest < F_NR + FL) return j + F_NR - FL;
        return j + F_NR;
    }

    /**
     * The widest sliver for K blocks of depth kc: five vectors when such a sliver read in place, six
     * cache lines a row when its rows are not aligned, stays in L1 beside the tile's A ({@link
     * #KC_WIDE_SLIVER}); else four. Xᵀ·dY 784x200x5000 (kc = 125, 48 KiB of B) ran 5 % slower with
     * five. The same rule serves packed slivers (five lines a row), so that packing and computing cut
     * the columns alike.
     */
    static int widestSliver(int kc) {
        return kc <= KC_WIDE_SLIVER ? F_NR + FL : F_NR;
    }

    private static void floatTile(boolean eight, int nv, int kc, float[] a, int ai, int ars, int aps, float[] b, int bi, int ldb, int last,
                                  float[] c, int ci, int ldc, boolean add) {
        if (eight) {
            if (nv == 2) f8x2(kc, a, ai, ars, aps, b, bi, ldb, last, c, ci, ldc, add);
            else f8x1(kc, a, ai, ars, aps, b, bi, ldb, last, c, ci, ldc, add);
            return;
        }
        switch (nv) {
            case 5: f4x5(kc, a, ai, ars, aps, b, bi, ldb, last, c, ci, ldc, add); break;
            case 4: f4x4(kc, a, ai, ars, aps, b, bi, ldb, last, c, ci, ldc, add); break;
            case 3: f4x3(kc, a, ai, ars, aps, b, bi, ldb, last, c, ci, ldc, add); break;
            case 2: f4x2(kc, a, ai, ars, aps, b, bi, ldb, last, c, ci, ldc, add); break;
            default: f4x1(kc, a, ai, ars, aps, b, bi, ldb, last, c, ci, ldc, add); break;
        }
    }

    /** Adds (or stores) the valid mi x nj corner of a scratch tile of row length w into C. */
    private static void mergeTile(float[] tile, int w, int mi, int nj, float[] c, int ci, int rs, int cs, boolean add) {
        for (int r = 0; r < mi; r++) {
            for (int jj = 0, cr = ci + r * rs, tr = r * w; jj < nj; jj++, cr += cs) {
                c[cr] = add ? c[cr] + tile[tr + jj] : tile[tr + jj];
            }
        }
    }

    /**
     * Rows [i, iEnd) of op(A) = Aᵀ, columns [pc, pc+kc), as groups of FL rows, each k-major (FL values per
     * step of k, group g from ap[g * kc * FL]): a whole vector copied per step of k and group. Read in
     * place, a tile's every step of k would touch a new line of A lda floats away, a stride that no
     * prefetcher follows; packed, the lines are consecutive.
     */
    private static void packATransposed(float[] a, int aOff, int lda, int pc, int kc, int i, int iEnd, float[] ap) {
        int rows = iEnd - i, whole = rows - rows % FL;
        for (int g = 0; g < whole; g += FL) {
            for (int p = 0, src = aOff + pc * lda + i + g, d = g * kc; p < kc; p++, src += lda, d += FL) {
                FloatVector.fromArray(FS, a, src).intoArray(ap, d);
            }
        }
        if (whole < rows) {
            for (int p = 0, src = aOff + pc * lda + i + whole, d = whole * kc; p < kc; p++, src += lda, d += FL) {
                System.arraycopy(a, src, ap, d, rows - whole);
            }
        }
    }

    /** The last, partial row sliver of op(A), k-major (MR values per step of k), zero-padded to MR rows. */
    private static void packAEdge(boolean transA, float[] a, int aOff, int lda, int pc, int kc, int i, int iEnd, float[] ap) {
        int mi = iEnd - i;
        java.util.Arrays.fill(ap, 0, kc * MR, 0f);
        for (int r = 0; r < mi; r++) {
            if (transA) {
                for (int p = 0, src = aOff + pc * lda + i + r; p < kc; p++, src += lda) ap[p * MR + r] = a[src];
            } else {
                for (int p = 0, src = aOff + (i + r) * lda + pc; p < kc; p++) ap[p * MR + r] = a[src + p];
            }
        }
    }

    /**
     * Columns [j, j+nj) of op(B) rows [pc, pc+kc), B stored n x k, as kc rows of width w at bp[bpOff]. Columns
     * past nj are zeros only for a sliver narrower than a vector: a wider one's last vector overlaps.
     */
    private static void packBTransposed(float[] b, int bOff, int ldb, int pc, int kc, int j, int nj, int w, float[] bp, int bpOff) {
        int jj = 0;
        // Eight rows of B at a time, then four: each step writes 32 (16) contiguous bytes instead of
        // scattered floats (dY·Wᵀ 100x784x200, one thread, against four at a time: 139 -> 144-146 GFLOP/s).
        for (; jj + 8 <= nj; jj += 8) {
            int s0 = bOff + (j + jj) * ldb + pc, s1 = s0 + ldb, s2 = s1 + ldb, s3 = s2 + ldb;
            int s4 = s3 + ldb, s5 = s4 + ldb, s6 = s5 + ldb, s7 = s6 + ldb;
            for (int p = 0, d = bpOff + jj; p < kc; p++, d += w) {
                bp[d] = b[s0 + p];
                bp[d + 1] = b[s1 + p];
                bp[d + 2] = b[s2 + p];
                bp[d + 3] = b[s3 + p];
                bp[d + 4] = b[s4 + p];
                bp[d + 5] = b[s5 + p];
                bp[d + 6] = b[s6 + p];
                bp[d + 7] = b[s7 + p];
            }
        }
        for (; jj + 4 <= nj; jj += 4) {
            int s0 = bOff + (j + jj) * ldb + pc, s1 = s0 + ldb, s2 = s1 + ldb, s3 = s2 + ldb;
            for (int p = 0, d = bpOff + jj; p < kc; p++, d += w) {
                bp[d] = b[s0 + p];
                bp[d + 1] = b[s1 + p];
                bp[d + 2] = b[s2 + p];
                bp[d + 3] = b[s3 + p];
            }
        }
        for (; jj < nj; jj++) {
            int src = bOff + (j + jj) * ldb + pc;
            for (int p = 0, d = bpOff + jj; p < kc; p++, d += w) bp[d] = b[src + p];
        }
        for (jj = nj; jj < w && nj < FL; jj++) {
            for (int p = 0, d = bpOff + jj; p < kc; p++, d += w) bp[d] = 0f;
        }
    }

    /**
     * Columns [j, j+nj) of op(B) rows [pc, pc+kc), B stored k x n, as kc rows of width w at bp[bpOff].
     * Columns past nj are zeros only for a sliver narrower than a vector: a wider one's last vector overlaps.
     */
    private static void packBRows(float[] b, int bOff, int ldb, int pc, int kc, int j, int nj, int w, float[] bp, int bpOff) {
        for (int p = 0, src = bOff + pc * ldb + j, d = bpOff; p < kc; p++, src += ldb, d += w) {
            System.arraycopy(b, src, bp, d, nj);
            if (nj < FL) java.util.Arrays.fill(bp, d + nj, d + w, 0f);
        }
    }

    /**
     * A K block of op(B), columns [jb, jbEnd), packed as the slivers {@link #sliverEnd} cuts, one after
     * another; returns the panel's floats per step of k (its slivers' widths rounded up to whole vectors).
     */
    private static int packPanel(boolean transB, float[] b, int bOff, int ldb, int pc, int kc, int jb, int jbEnd, int widest,
                                 float[] bp, int bpOff) {
        int width = 0;
        for (int j = jb, jEnd; j < jbEnd; j = jEnd) {
            jEnd = sliverEnd(j, jbEnd, widest);
            int nj = jEnd - j, w = roundUp(nj, FL), off = bpOff + kc * width;
            if (transB) packBTransposed(b, bOff, ldb, pc, kc, j, nj, w, bp, off);
            else packBRows(b, bOff, ldb, pc, kc, j, nj, w, bp, off);
            width += w;
        }
        return width;
    }

    // Micro-kernels: C[4 x nv*FL] (+)= A[4 x kc] · B[kc x nv*FL]; A[r][p] at ai + r*ars + p*aps, B row p at
    // bi + p*ldb. The last vector sits at column offset `last`: (nv-1)*FL, or less when a sliver ends in a
    // partial vector, which then overlaps the one before it. Overlapping lanes are the same FMA chain
    // twice and come out bit-identical; with `add` a row's old C is read whole before any of it is
    // written, so that no lane is added twice.

    private static void f4x1(int kc, float[] a, int ai, int ars, int aps, float[] b, int bi, int ldb, int last,
                                float[] c, int ci, int ldc, boolean add) {
        int r1 = ars, r2 = 2 * ars, r3 = 3 * ars;
        FloatVector c00 = FloatVector.zero(FS);
        FloatVector c10 = FloatVector.zero(FS);
        FloatVector c20 = FloatVector.zero(FS);
        FloatVector c30 = FloatVector.zero(FS);
        for (int p = 0, ap = ai, bp = bi; p < kc; p++, ap += aps, bp += ldb) {
            FloatVector b0 = FloatVector.fromArray(FS, b, bp + last);
            FloatVector x0 = FloatVector.broadcast(FS, a[ap]);
            FloatVector x1 = FloatVector.broadcast(FS, a[ap + r1]);
            FloatVector x2 = FloatVector.broadcast(FS, a[ap + r2]);
            FloatVector x3 = FloatVector.broadcast(FS, a[ap + r3]);
            c00 = x0.fma(b0, c00);
            c10 = x1.fma(b0, c10);
            c20 = x2.fma(b0, c20);
            c30 = x3.fma(b0, c30);
        }
        int c1 = ci + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
        if (add) {
            FloatVector o00 = FloatVector.fromArray(FS, c, ci + last);
            c00.add(o00).intoArray(c, ci + last);
            FloatVector o10 = FloatVector.fromArray(FS, c, c1 + last);
            c10.add(o10).intoArray(c, c1 + last);
            FloatVector o20 = FloatVector.fromArray(FS, c, c2 + last);
            c20.add(o20).intoArray(c, c2 + last);
            FloatVector o30 = FloatVector.fromArray(FS, c, c3 + last);
            c30.add(o30).intoArray(c, c3 + last);
        } else {
            c00.intoArray(c, ci + last);
            c10.intoArray(c, c1 + last);
            c20.intoArray(c, c2 + last);
            c30.intoArray(c, c3 + last);
        }
    }

    private static void f4x2(int kc, float[] a, int ai, int ars, int aps, float[] b, int bi, int ldb, int last,
                                float[] c, int ci, int ldc, boolean add) {
        int r1 = ars, r2 = 2 * ars, r3 = 3 * ars;
        FloatVector c00 = FloatVector.zero(FS); FloatVector c01 = FloatVector.zero(FS);
        FloatVector c10 = FloatVector.zero(FS); FloatVector c11 = FloatVector.zero(FS);
        FloatVector c20 = FloatVector.zero(FS); FloatVector c21 = FloatVector.zero(FS);
        FloatVector c30 = FloatVector.zero(FS); FloatVector c31 = FloatVector.zero(FS);
        for (int p = 0, ap = ai, bp = bi; p < kc; p++, ap += aps, bp += ldb) {
            FloatVector b0 = FloatVector.fromArray(FS, b, bp);
            FloatVector b1 = FloatVector.fromArray(FS, b, bp + last);
            FloatVector x0 = FloatVector.broadcast(FS, a[ap]);
            FloatVector x1 = FloatVector.broadcast(FS, a[ap + r1]);
            FloatVector x2 = FloatVector.broadcast(FS, a[ap + r2]);
            FloatVector x3 = FloatVector.broadcast(FS, a[ap + r3]);
            c00 = x0.fma(b0, c00); c01 = x0.fma(b1, c01);
            c10 = x1.fma(b0, c10); c11 = x1.fma(b1, c11);
            c20 = x2.fma(b0, c20); c21 = x2.fma(b1, c21);
            c30 = x3.fma(b0, c30); c31 = x3.fma(b1, c31);
        }
        int c1 = ci + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
        if (add) {
            FloatVector o00 = FloatVector.fromArray(FS, c, ci); FloatVector o01 = FloatVector.fromArray(FS, c, ci + last);
            c00.add(o00).intoArray(c, ci); c01.add(o01).intoArray(c, ci + last);
            FloatVector o10 = FloatVector.fromArray(FS, c, c1); FloatVector o11 = FloatVector.fromArray(FS, c, c1 + last);
            c10.add(o10).intoArray(c, c1); c11.add(o11).intoArray(c, c1 + last);
            FloatVector o20 = FloatVector.fromArray(FS, c, c2); FloatVector o21 = FloatVector.fromArray(FS, c, c2 + last);
            c20.add(o20).intoArray(c, c2); c21.add(o21).intoArray(c, c2 + last);
            FloatVector o30 = FloatVector.fromArray(FS, c, c3); FloatVector o31 = FloatVector.fromArray(FS, c, c3 + last);
            c30.add(o30).intoArray(c, c3); c31.add(o31).intoArray(c, c3 + last);
        } else {
            c00.intoArray(c, ci); c01.intoArray(c, ci + last);
            c10.intoArray(c, c1); c11.intoArray(c, c1 + last);
            c20.intoArray(c, c2); c21.intoArray(c, c2 + last);
            c30.intoArray(c, c3); c31.intoArray(c, c3 + last);
        }
    }

    /*
     * Eight rows for slivers of one or two vectors (the batch of 20 as the columns of a swapped dY·Wᵀ):
     * a 4-row tile there holds 4 or 8 accumulators, no more than the FMAs in flight at two a cycle and
     * four cycles' latency, so each step of k waits for the one before. One thread, Zen 5, 4 x 2 -> 8 x 2,
     * two rounds alternated: dY·Wᵀ 20x50x200 53-66 -> 73-76 GFLOP/s, 20x200x200 64-70 -> 88-96,
     * 20x784x200 82-84 -> 104-106, 20x200x100 66-73 -> 72-83, 20x200x784 78-87 -> 87-95.
     */

    private static void f8x1(int kc, float[] a, int ai, int ars, int aps, float[] b, int bi, int ldb, int last,
                                float[] c, int ci, int ldc, boolean add) {
        FloatVector c00 = FloatVector.zero(FS);
        FloatVector c10 = FloatVector.zero(FS);
        FloatVector c20 = FloatVector.zero(FS);
        FloatVector c30 = FloatVector.zero(FS);
        FloatVector c40 = FloatVector.zero(FS);
        FloatVector c50 = FloatVector.zero(FS);
        FloatVector c60 = FloatVector.zero(FS);
        FloatVector c70 = FloatVector.zero(FS);
        for (int p = 0, ap = ai, bp = bi; p < kc; p++, ap += aps, bp += ldb) {
            FloatVector b0 = FloatVector.fromArray(FS, b, bp + last);
            FloatVector x0 = FloatVector.broadcast(FS, a[ap]);
            c00 = x0.fma(b0, c00);
            FloatVector x1 = FloatVector.broadcast(FS, a[ap + ars]);
            c10 = x1.fma(b0, c10);
            FloatVector x2 = FloatVector.broadcast(FS, a[ap + 2 * ars]);
            c20 = x2.fma(b0, c20);
            FloatVector x3 = FloatVector.broadcast(FS, a[ap + 3 * ars]);
            c30 = x3.fma(b0, c30);
            FloatVector x4 = FloatVector.broadcast(FS, a[ap + 4 * ars]);
            c40 = x4.fma(b0, c40);
            FloatVector x5 = FloatVector.broadcast(FS, a[ap + 5 * ars]);
            c50 = x5.fma(b0, c50);
            FloatVector x6 = FloatVector.broadcast(FS, a[ap + 6 * ars]);
            c60 = x6.fma(b0, c60);
            FloatVector x7 = FloatVector.broadcast(FS, a[ap + 7 * ars]);
            c70 = x7.fma(b0, c70);
        }
        int r0 = ci;
        int r1 = ci + 1 * ldc;
        int r2 = ci + 2 * ldc;
        int r3 = ci + 3 * ldc;
        int r4 = ci + 4 * ldc;
        int r5 = ci + 5 * ldc;
        int r6 = ci + 6 * ldc;
        int r7 = ci + 7 * ldc;
        if (add) {
            FloatVector o00 = FloatVector.fromArray(FS, c, r0 + last);
            c00.add(o00).intoArray(c, r0 + last);
            FloatVector o10 = FloatVector.fromArray(FS, c, r1 + last);
            c10.add(o10).intoArray(c, r1 + last);
            FloatVector o20 = FloatVector.fromArray(FS, c, r2 + last);
            c20.add(o20).intoArray(c, r2 + last);
            FloatVector o30 = FloatVector.fromArray(FS, c, r3 + last);
            c30.add(o30).intoArray(c, r3 + last);
            FloatVector o40 = FloatVector.fromArray(FS, c, r4 + last);
            c40.add(o40).intoArray(c, r4 + last);
            FloatVector o50 = FloatVector.fromArray(FS, c, r5 + last);
            c50.add(o50).intoArray(c, r5 + last);
            FloatVector o60 = FloatVector.fromArray(FS, c, r6 + last);
            c60.add(o60).intoArray(c, r6 + last);
            FloatVector o70 = FloatVector.fromArray(FS, c, r7 + last);
            c70.add(o70).intoArray(c, r7 + last);
        } else {
            c00.intoArray(c, r0 + last);
            c10.intoArray(c, r1 + last);
            c20.intoArray(c, r2 + last);
            c30.intoArray(c, r3 + last);
            c40.intoArray(c, r4 + last);
            c50.intoArray(c, r5 + last);
            c60.intoArray(c, r6 + last);
            c70.intoArray(c, r7 + last);
        }
    }

    private static void f8x2(int kc, float[] a, int ai, int ars, int aps, float[] b, int bi, int ldb, int last,
                                float[] c, int ci, int ldc, boolean add) {
        FloatVector c00 = FloatVector.zero(FS); FloatVector c01 = FloatVector.zero(FS);
        FloatVector c10 = FloatVector.zero(FS); FloatVector c11 = FloatVector.zero(FS);
        FloatVector c20 = FloatVector.zero(FS); FloatVector c21 = FloatVector.zero(FS);
        FloatVector c30 = FloatVector.zero(FS); FloatVector c31 = FloatVector.zero(FS);
        FloatVector c40 = FloatVector.zero(FS); FloatVector c41 = FloatVector.zero(FS);
        FloatVector c50 = FloatVector.zero(FS); FloatVector c51 = FloatVector.zero(FS);
        FloatVector c60 = FloatVector.zero(FS); FloatVector c61 = FloatVector.zero(FS);
        FloatVector c70 = FloatVector.zero(FS); FloatVector c71 = FloatVector.zero(FS);
        for (int p = 0, ap = ai, bp = bi; p < kc; p++, ap += aps, bp += ldb) {
            FloatVector b0 = FloatVector.fromArray(FS, b, bp);
            FloatVector b1 = FloatVector.fromArray(FS, b, bp + last);
            FloatVector x0 = FloatVector.broadcast(FS, a[ap]);
            c00 = x0.fma(b0, c00); c01 = x0.fma(b1, c01);
            FloatVector x1 = FloatVector.broadcast(FS, a[ap + ars]);
            c10 = x1.fma(b0, c10); c11 = x1.fma(b1, c11);
            FloatVector x2 = FloatVector.broadcast(FS, a[ap + 2 * ars]);
            c20 = x2.fma(b0, c20); c21 = x2.fma(b1, c21);
            FloatVector x3 = FloatVector.broadcast(FS, a[ap + 3 * ars]);
            c30 = x3.fma(b0, c30); c31 = x3.fma(b1, c31);
            FloatVector x4 = FloatVector.broadcast(FS, a[ap + 4 * ars]);
            c40 = x4.fma(b0, c40); c41 = x4.fma(b1, c41);
            FloatVector x5 = FloatVector.broadcast(FS, a[ap + 5 * ars]);
            c50 = x5.fma(b0, c50); c51 = x5.fma(b1, c51);
            FloatVector x6 = FloatVector.broadcast(FS, a[ap + 6 * ars]);
            c60 = x6.fma(b0, c60); c61 = x6.fma(b1, c61);
            FloatVector x7 = FloatVector.broadcast(FS, a[ap + 7 * ars]);
            c70 = x7.fma(b0, c70); c71 = x7.fma(b1, c71);
        }
        int r0 = ci;
        int r1 = ci + 1 * ldc;
        int r2 = ci + 2 * ldc;
        int r3 = ci + 3 * ldc;
        int r4 = ci + 4 * ldc;
        int r5 = ci + 5 * ldc;
        int r6 = ci + 6 * ldc;
        int r7 = ci + 7 * ldc;
        if (add) {
            FloatVector o00 = FloatVector.fromArray(FS, c, r0); FloatVector o01 = FloatVector.fromArray(FS, c, r0 + last);
            c00.add(o00).intoArray(c, r0); c01.add(o01).intoArray(c, r0 + last);
            FloatVector o10 = FloatVector.fromArray(FS, c, r1); FloatVector o11 = FloatVector.fromArray(FS, c, r1 + last);
            c10.add(o10).intoArray(c, r1); c11.add(o11).intoArray(c, r1 + last);
            FloatVector o20 = FloatVector.fromArray(FS, c, r2); FloatVector o21 = FloatVector.fromArray(FS, c, r2 + last);
            c20.add(o20).intoArray(c, r2); c21.add(o21).intoArray(c, r2 + last);
            FloatVector o30 = FloatVector.fromArray(FS, c, r3); FloatVector o31 = FloatVector.fromArray(FS, c, r3 + last);
            c30.add(o30).intoArray(c, r3); c31.add(o31).intoArray(c, r3 + last);
            FloatVector o40 = FloatVector.fromArray(FS, c, r4); FloatVector o41 = FloatVector.fromArray(FS, c, r4 + last);
            c40.add(o40).intoArray(c, r4); c41.add(o41).intoArray(c, r4 + last);
            FloatVector o50 = FloatVector.fromArray(FS, c, r5); FloatVector o51 = FloatVector.fromArray(FS, c, r5 + last);
            c50.add(o50).intoArray(c, r5); c51.add(o51).intoArray(c, r5 + last);
            FloatVector o60 = FloatVector.fromArray(FS, c, r6); FloatVector o61 = FloatVector.fromArray(FS, c, r6 + last);
            c60.add(o60).intoArray(c, r6); c61.add(o61).intoArray(c, r6 + last);
            FloatVector o70 = FloatVector.fromArray(FS, c, r7); FloatVector o71 = FloatVector.fromArray(FS, c, r7 + last);
            c70.add(o70).intoArray(c, r7); c71.add(o71).intoArray(c, r7 + last);
        } else {
            c00.intoArray(c, r0); c01.intoArray(c, r0 + last);
            c10.intoArray(c, r1); c11.intoArray(c, r1 + last);
            c20.intoArray(c, r2); c21.intoArray(c, r2 + last);
            c30.intoArray(c, r3); c31.intoArray(c, r3 + last);
            c40.intoArray(c, r4); c41.intoArray(c, r4 + last);
            c50.intoArray(c, r5); c51.intoArray(c, r5 + last);
            c60.intoArray(c, r6); c61.intoArray(c, r6 + last);
            c70.intoArray(c, r7); c71.intoArray(c, r7 + last);
        }
    }

    private static void f4x3(int kc, float[] a, int ai, int ars, int aps, float[] b, int bi, int ldb, int last,
                                float[] c, int ci, int ldc, boolean add) {
        int r1 = ars, r2 = 2 * ars, r3 = 3 * ars;
        FloatVector c00 = FloatVector.zero(FS); FloatVector c01 = FloatVector.zero(FS); FloatVector c02 = FloatVector.zero(FS);
        FloatVector c10 = FloatVector.zero(FS); FloatVector c11 = FloatVector.zero(FS); FloatVector c12 = FloatVector.zero(FS);
        FloatVector c20 = FloatVector.zero(FS); FloatVector c21 = FloatVector.zero(FS); FloatVector c22 = FloatVector.zero(FS);
        FloatVector c30 = FloatVector.zero(FS); FloatVector c31 = FloatVector.zero(FS); FloatVector c32 = FloatVector.zero(FS);
        for (int p = 0, ap = ai, bp = bi; p < kc; p++, ap += aps, bp += ldb) {
            FloatVector b0 = FloatVector.fromArray(FS, b, bp);
            FloatVector b1 = FloatVector.fromArray(FS, b, bp + 1 * FL);
            FloatVector b2 = FloatVector.fromArray(FS, b, bp + last);
            FloatVector x0 = FloatVector.broadcast(FS, a[ap]);
            FloatVector x1 = FloatVector.broadcast(FS, a[ap + r1]);
            FloatVector x2 = FloatVector.broadcast(FS, a[ap + r2]);
            FloatVector x3 = FloatVector.broadcast(FS, a[ap + r3]);
            c00 = x0.fma(b0, c00); c01 = x0.fma(b1, c01); c02 = x0.fma(b2, c02);
            c10 = x1.fma(b0, c10); c11 = x1.fma(b1, c11); c12 = x1.fma(b2, c12);
            c20 = x2.fma(b0, c20); c21 = x2.fma(b1, c21); c22 = x2.fma(b2, c22);
            c30 = x3.fma(b0, c30); c31 = x3.fma(b1, c31); c32 = x3.fma(b2, c32);
        }
        int c1 = ci + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
        if (add) {
            FloatVector o00 = FloatVector.fromArray(FS, c, ci); FloatVector o01 = FloatVector.fromArray(FS, c, ci + 1 * FL); FloatVector o02 = FloatVector.fromArray(FS, c, ci + last);
            c00.add(o00).intoArray(c, ci); c01.add(o01).intoArray(c, ci + 1 * FL); c02.add(o02).intoArray(c, ci + last);
            FloatVector o10 = FloatVector.fromArray(FS, c, c1); FloatVector o11 = FloatVector.fromArray(FS, c, c1 + 1 * FL); FloatVector o12 = FloatVector.fromArray(FS, c, c1 + last);
            c10.add(o10).intoArray(c, c1); c11.add(o11).intoArray(c, c1 + 1 * FL); c12.add(o12).intoArray(c, c1 + last);
            FloatVector o20 = FloatVector.fromArray(FS, c, c2); FloatVector o21 = FloatVector.fromArray(FS, c, c2 + 1 * FL); FloatVector o22 = FloatVector.fromArray(FS, c, c2 + last);
            c20.add(o20).intoArray(c, c2); c21.add(o21).intoArray(c, c2 + 1 * FL); c22.add(o22).intoArray(c, c2 + last);
            FloatVector o30 = FloatVector.fromArray(FS, c, c3); FloatVector o31 = FloatVector.fromArray(FS, c, c3 + 1 * FL); FloatVector o32 = FloatVector.fromArray(FS, c, c3 + last);
            c30.add(o30).intoArray(c, c3); c31.add(o31).intoArray(c, c3 + 1 * FL); c32.add(o32).intoArray(c, c3 + last);
        } else {
            c00.intoArray(c, ci); c01.intoArray(c, ci + 1 * FL); c02.intoArray(c, ci + last);
            c10.intoArray(c, c1); c11.intoArray(c, c1 + 1 * FL); c12.intoArray(c, c1 + last);
            c20.intoArray(c, c2); c21.intoArray(c, c2 + 1 * FL); c22.intoArray(c, c2 + last);
            c30.intoArray(c, c3); c31.intoArray(c, c3 + 1 * FL); c32.intoArray(c, c3 + last);
        }
    }

    /**
     * Five vectors wide, the last overlapping: the remainder of a 200-wide product after two 4-vector
     * slivers (72 columns) and of a 784-wide one after eleven (80 columns), in one tile instead of two.
     */
    private static void f4x5(int kc, float[] a, int ai, int ars, int aps, float[] b, int bi, int ldb, int last,
                                float[] c, int ci, int ldc, boolean add) {
        int r1 = ars, r2 = 2 * ars, r3 = 3 * ars;
        FloatVector c00 = FloatVector.zero(FS); FloatVector c01 = FloatVector.zero(FS); FloatVector c02 = FloatVector.zero(FS); FloatVector c03 = FloatVector.zero(FS); FloatVector c04 = FloatVector.zero(FS);
        FloatVector c10 = FloatVector.zero(FS); FloatVector c11 = FloatVector.zero(FS); FloatVector c12 = FloatVector.zero(FS); FloatVector c13 = FloatVector.zero(FS); FloatVector c14 = FloatVector.zero(FS);
        FloatVector c20 = FloatVector.zero(FS); FloatVector c21 = FloatVector.zero(FS); FloatVector c22 = FloatVector.zero(FS); FloatVector c23 = FloatVector.zero(FS); FloatVector c24 = FloatVector.zero(FS);
        FloatVector c30 = FloatVector.zero(FS); FloatVector c31 = FloatVector.zero(FS); FloatVector c32 = FloatVector.zero(FS); FloatVector c33 = FloatVector.zero(FS); FloatVector c34 = FloatVector.zero(FS);
        for (int p = 0, ap = ai, bp = bi; p < kc; p++, ap += aps, bp += ldb) {
            FloatVector x0 = FloatVector.broadcast(FS, a[ap]);
            FloatVector x1 = FloatVector.broadcast(FS, a[ap + r1]);
            FloatVector x2 = FloatVector.broadcast(FS, a[ap + r2]);
            FloatVector x3 = FloatVector.broadcast(FS, a[ap + r3]);
            FloatVector b0 = FloatVector.fromArray(FS, b, bp);
            c00 = x0.fma(b0, c00); c10 = x1.fma(b0, c10); c20 = x2.fma(b0, c20); c30 = x3.fma(b0, c30);
            FloatVector b1 = FloatVector.fromArray(FS, b, bp + 1 * FL);
            c01 = x0.fma(b1, c01); c11 = x1.fma(b1, c11); c21 = x2.fma(b1, c21); c31 = x3.fma(b1, c31);
            FloatVector b2 = FloatVector.fromArray(FS, b, bp + 2 * FL);
            c02 = x0.fma(b2, c02); c12 = x1.fma(b2, c12); c22 = x2.fma(b2, c22); c32 = x3.fma(b2, c32);
            FloatVector b3 = FloatVector.fromArray(FS, b, bp + 3 * FL);
            c03 = x0.fma(b3, c03); c13 = x1.fma(b3, c13); c23 = x2.fma(b3, c23); c33 = x3.fma(b3, c33);
            FloatVector b4 = FloatVector.fromArray(FS, b, bp + last);
            c04 = x0.fma(b4, c04); c14 = x1.fma(b4, c14); c24 = x2.fma(b4, c24); c34 = x3.fma(b4, c34);
        }
        int c1 = ci + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
        if (add) {
            FloatVector o00 = FloatVector.fromArray(FS, c, ci); FloatVector o01 = FloatVector.fromArray(FS, c, ci + 1 * FL); FloatVector o02 = FloatVector.fromArray(FS, c, ci + 2 * FL); FloatVector o03 = FloatVector.fromArray(FS, c, ci + 3 * FL); FloatVector o04 = FloatVector.fromArray(FS, c, ci + last);
            c00.add(o00).intoArray(c, ci); c01.add(o01).intoArray(c, ci + 1 * FL); c02.add(o02).intoArray(c, ci + 2 * FL); c03.add(o03).intoArray(c, ci + 3 * FL); c04.add(o04).intoArray(c, ci + last);
            FloatVector o10 = FloatVector.fromArray(FS, c, c1); FloatVector o11 = FloatVector.fromArray(FS, c, c1 + 1 * FL); FloatVector o12 = FloatVector.fromArray(FS, c, c1 + 2 * FL); FloatVector o13 = FloatVector.fromArray(FS, c, c1 + 3 * FL); FloatVector o14 = FloatVector.fromArray(FS, c, c1 + last);
            c10.add(o10).intoArray(c, c1); c11.add(o11).intoArray(c, c1 + 1 * FL); c12.add(o12).intoArray(c, c1 + 2 * FL); c13.add(o13).intoArray(c, c1 + 3 * FL); c14.add(o14).intoArray(c, c1 + last);
            FloatVector o20 = FloatVector.fromArray(FS, c, c2); FloatVector o21 = FloatVector.fromArray(FS, c, c2 + 1 * FL); FloatVector o22 = FloatVector.fromArray(FS, c, c2 + 2 * FL); FloatVector o23 = FloatVector.fromArray(FS, c, c2 + 3 * FL); FloatVector o24 = FloatVector.fromArray(FS, c, c2 + last);
            c20.add(o20).intoArray(c, c2); c21.add(o21).intoArray(c, c2 + 1 * FL); c22.add(o22).intoArray(c, c2 + 2 * FL); c23.add(o23).intoArray(c, c2 + 3 * FL); c24.add(o24).intoArray(c, c2 + last);
            FloatVector o30 = FloatVector.fromArray(FS, c, c3); FloatVector o31 = FloatVector.fromArray(FS, c, c3 + 1 * FL); FloatVector o32 = FloatVector.fromArray(FS, c, c3 + 2 * FL); FloatVector o33 = FloatVector.fromArray(FS, c, c3 + 3 * FL); FloatVector o34 = FloatVector.fromArray(FS, c, c3 + last);
            c30.add(o30).intoArray(c, c3); c31.add(o31).intoArray(c, c3 + 1 * FL); c32.add(o32).intoArray(c, c3 + 2 * FL); c33.add(o33).intoArray(c, c3 + 3 * FL); c34.add(o34).intoArray(c, c3 + last);
        } else {
            c00.intoArray(c, ci); c01.intoArray(c, ci + 1 * FL); c02.intoArray(c, ci + 2 * FL); c03.intoArray(c, ci + 3 * FL); c04.intoArray(c, ci + last);
            c10.intoArray(c, c1); c11.intoArray(c, c1 + 1 * FL); c12.intoArray(c, c1 + 2 * FL); c13.intoArray(c, c1 + 3 * FL); c14.intoArray(c, c1 + last);
            c20.intoArray(c, c2); c21.intoArray(c, c2 + 1 * FL); c22.intoArray(c, c2 + 2 * FL); c23.intoArray(c, c2 + 3 * FL); c24.intoArray(c, c2 + last);
            c30.intoArray(c, c3); c31.intoArray(c, c3 + 1 * FL); c32.intoArray(c, c3 + 2 * FL); c33.intoArray(c, c3 + 3 * FL); c34.intoArray(c, c3 + last);
        }
    }

    private static void f4x4(int kc, float[] a, int ai, int ars, int aps, float[] b, int bi, int ldb, int last,
                                float[] c, int ci, int ldc, boolean add) {
        int r1 = ars, r2 = 2 * ars, r3 = 3 * ars;
        FloatVector c00 = FloatVector.zero(FS); FloatVector c01 = FloatVector.zero(FS); FloatVector c02 = FloatVector.zero(FS); FloatVector c03 = FloatVector.zero(FS);
        FloatVector c10 = FloatVector.zero(FS); FloatVector c11 = FloatVector.zero(FS); FloatVector c12 = FloatVector.zero(FS); FloatVector c13 = FloatVector.zero(FS);
        FloatVector c20 = FloatVector.zero(FS); FloatVector c21 = FloatVector.zero(FS); FloatVector c22 = FloatVector.zero(FS); FloatVector c23 = FloatVector.zero(FS);
        FloatVector c30 = FloatVector.zero(FS); FloatVector c31 = FloatVector.zero(FS); FloatVector c32 = FloatVector.zero(FS); FloatVector c33 = FloatVector.zero(FS);
        for (int p = 0, ap = ai, bp = bi; p < kc; p++, ap += aps, bp += ldb) {
            FloatVector b0 = FloatVector.fromArray(FS, b, bp);
            FloatVector b1 = FloatVector.fromArray(FS, b, bp + 1 * FL);
            FloatVector b2 = FloatVector.fromArray(FS, b, bp + 2 * FL);
            FloatVector b3 = FloatVector.fromArray(FS, b, bp + last);
            FloatVector x0 = FloatVector.broadcast(FS, a[ap]);
            FloatVector x1 = FloatVector.broadcast(FS, a[ap + r1]);
            FloatVector x2 = FloatVector.broadcast(FS, a[ap + r2]);
            FloatVector x3 = FloatVector.broadcast(FS, a[ap + r3]);
            c00 = x0.fma(b0, c00); c01 = x0.fma(b1, c01); c02 = x0.fma(b2, c02); c03 = x0.fma(b3, c03);
            c10 = x1.fma(b0, c10); c11 = x1.fma(b1, c11); c12 = x1.fma(b2, c12); c13 = x1.fma(b3, c13);
            c20 = x2.fma(b0, c20); c21 = x2.fma(b1, c21); c22 = x2.fma(b2, c22); c23 = x2.fma(b3, c23);
            c30 = x3.fma(b0, c30); c31 = x3.fma(b1, c31); c32 = x3.fma(b2, c32); c33 = x3.fma(b3, c33);
        }
        int c1 = ci + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
        if (add) {
            FloatVector o00 = FloatVector.fromArray(FS, c, ci); FloatVector o01 = FloatVector.fromArray(FS, c, ci + 1 * FL); FloatVector o02 = FloatVector.fromArray(FS, c, ci + 2 * FL); FloatVector o03 = FloatVector.fromArray(FS, c, ci + last);
            c00.add(o00).intoArray(c, ci); c01.add(o01).intoArray(c, ci + 1 * FL); c02.add(o02).intoArray(c, ci + 2 * FL); c03.add(o03).intoArray(c, ci + last);
            FloatVector o10 = FloatVector.fromArray(FS, c, c1); FloatVector o11 = FloatVector.fromArray(FS, c, c1 + 1 * FL); FloatVector o12 = FloatVector.fromArray(FS, c, c1 + 2 * FL); FloatVector o13 = FloatVector.fromArray(FS, c, c1 + last);
            c10.add(o10).intoArray(c, c1); c11.add(o11).intoArray(c, c1 + 1 * FL); c12.add(o12).intoArray(c, c1 + 2 * FL); c13.add(o13).intoArray(c, c1 + last);
            FloatVector o20 = FloatVector.fromArray(FS, c, c2); FloatVector o21 = FloatVector.fromArray(FS, c, c2 + 1 * FL); FloatVector o22 = FloatVector.fromArray(FS, c, c2 + 2 * FL); FloatVector o23 = FloatVector.fromArray(FS, c, c2 + last);
            c20.add(o20).intoArray(c, c2); c21.add(o21).intoArray(c, c2 + 1 * FL); c22.add(o22).intoArray(c, c2 + 2 * FL); c23.add(o23).intoArray(c, c2 + last);
            FloatVector o30 = FloatVector.fromArray(FS, c, c3); FloatVector o31 = FloatVector.fromArray(FS, c, c3 + 1 * FL); FloatVector o32 = FloatVector.fromArray(FS, c, c3 + 2 * FL); FloatVector o33 = FloatVector.fromArray(FS, c, c3 + last);
            c30.add(o30).intoArray(c, c3); c31.add(o31).intoArray(c, c3 + 1 * FL); c32.add(o32).intoArray(c, c3 + 2 * FL); c33.add(o33).intoArray(c, c3 + last);
        } else {
            c00.intoArray(c, ci); c01.intoArray(c, ci + 1 * FL); c02.intoArray(c, ci + 2 * FL); c03.intoArray(c, ci + last);
            c10.intoArray(c, c1); c11.intoArray(c, c1 + 1 * FL); c12.intoArray(c, c1 + 2 * FL); c13.intoArray(c, c1 + last);
            c20.intoArray(c, c2); c21.intoArray(c, c2 + 1 * FL); c22.intoArray(c, c2 + 2 * FL); c23.intoArray(c, c2 + last);
            c30.intoArray(c, c3); c31.intoArray(c, c3 + 1 * FL); c32.intoArray(c, c3 + 2 * FL); c33.intoArray(c, c3 + last);
        }
    }
}
