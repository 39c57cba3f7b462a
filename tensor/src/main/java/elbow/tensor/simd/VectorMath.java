package elbow.tensor.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * float32 transcendentals on vectors, built only from IEEE-exact lane operations (add, sub, mul, fma,
 * div, min/max, compare/blend, integer ops on the reinterpreted bits). Why not
 * {@code lanewise(VectorOperators.EXP)}: the JDK computes those with a Java fallback (per-lane
 * {@code Math}/{@code StrictMath}) until C2 compiles the loop and with an intrinsic (SVML on x86)
 * after, and the two differ in the last bits, so a seeded run was not reproducible from one launch to
 * the next. Every operation used here is correctly rounded by specification, so the interpreter, C1
 * and C2 on any JDK give the same bits (checked by {@code VectorMathDeterminismTest} against a
 * {@code -Xint} child JVM).
 *
 * <p>No {@code float}→{@code int} conversion is used (its NaN/overflow handling in vector casts has
 * differed between JIT and fallback in some JDKs): integers are read from and written to the bits of
 * floats shifted by 1.5·2^23, where the low mantissa bits hold the integer exactly.
 *
 * <p>Accuracy, measured by {@code VectorMathAccuracyTest} against float64 {@code Math} rounded to
 * float over every 2039th float bit pattern plus fine sweeps: exp, log, expm1 1 ulp; log1p, tanh,
 * sigmoid 2 ulp; softplus 3 ulp; special values (±0, ±inf, NaN, overflow, underflow) exact.
 * Methods are small and static so that C2 inlines them into the kernel loops and no vector is boxed.
 */
final class VectorMath {
    private VectorMath() {}

    /** 1.5·2^23: adding it to a float of magnitude below 2^22 rounds to an integer held in the low bits. */
    private static final float SHIFTER = 0x1.8p23f;
    private static final int SHIFTER_BITS = 0x4B400000;
    private static final float LOG2E = 1.44269504088896341f;
    /** ln 2 split for Cody–Waite reduction: k·LN2_HI is exact in fma, LN2_LO carries the next 24 bits. */
    private static final float LN2_HI = (float) 0.6931471805599453;
    private static final float LN2_LO = (float) (0.6931471805599453 - LN2_HI);

    /**
     * e^r − 1 for |r| ≤ ln2/2, as r + r²·P(r): P is the degree-5 minimax polynomial for
     * (e^r − 1 − r)/r² from Cephes {@code expf} (S. Moshier), about 1 ulp for e^r on the interval. Keeping the −1 out avoids the
     * cancellation that expm1 and tanh would otherwise suffer.
     */
    private static FloatVector expm1Reduced(FloatVector r) {
        FloatVector p = r.fma(1.9875691500E-4f, 1.3981999507E-3f)
                .fma(r, FloatVector.broadcast(r.species(), 8.3334519073E-3f))
                .fma(r, FloatVector.broadcast(r.species(), 4.1665795894E-2f))
                .fma(r, FloatVector.broadcast(r.species(), 1.6666665459E-1f))
                .fma(r, FloatVector.broadcast(r.species(), 5.0000001201E-1f));
        return p.fma(r.mul(r), r);
    }

    /** r = x − k·ln2 in two fma steps; the first is exact (x and k·LN2_HI agree in their leading bits). */
    private static FloatVector reduce(FloatVector k, FloatVector x) {
        FloatVector r = k.fma(FloatVector.broadcast(x.species(), -LN2_HI), x);
        return k.fma(FloatVector.broadcast(x.species(), -LN2_LO), r);
    }

    /** 2^k from an integer lane, 2^k normal: k + 127 in the exponent field. */
    private static FloatVector pow2(IntVector k) {
        return k.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
    }

    /**
     * e^x: x = k·ln2 + r with k = rint(x·log2 e), |r| ≤ ln2/2; e^x = 2^k·(1 + expm1Reduced(r)). The
     * clamp to [−104, 89] keeps k in [−150, 128]; 2^k is applied as two normal factors 2^k1·2^k2 so that
     * results in the subnormal range and overflow to +inf come out of one final rounding. NaN propagates
     * through min/max and the arithmetic.
     */
    static FloatVector exp(FloatVector x) {
        FloatVector xc = x.max(-104f).min(89f);
        FloatVector t = xc.fma(LOG2E, SHIFTER);
        FloatVector k = t.sub(SHIFTER);
        IntVector ki = t.reinterpretAsInts().sub(SHIFTER_BITS);
        FloatVector r = reduce(k, xc);
        FloatVector q = expm1Reduced(r);
        IntVector k1 = ki.lanewise(VectorOperators.ASHR, 1);
        FloatVector s1 = pow2(k1), s2 = pow2(ki.sub(k1));
        return q.fma(s1, s1).mul(s2);
    }

    /**
     * e^x − 1 = 2·(2^(k−1)·q + (2^(k−1) − ½)) with q = e^r − 1: one fma rounding, no cancellation for
     * small |x| (k = 0 gives q itself), and the factor 2 lets k = 128 overflow to +inf exactly.
     * Clamped to [−30, 88.8]: below −17.4 the result rounds to −1. |x| < 2^-24 returns x (keeps −0).
     */
    static FloatVector expm1(FloatVector x) {
        FloatVector xc = x.max(-30f).min(88.8f);
        FloatVector t = xc.fma(LOG2E, SHIFTER);
        FloatVector k = t.sub(SHIFTER);
        IntVector ki = t.reinterpretAsInts().sub(SHIFTER_BITS);
        FloatVector r = reduce(k, xc);
        FloatVector q = expm1Reduced(r);
        FloatVector h = pow2(ki.sub(1));
        FloatVector y = q.fma(h, h.sub(0.5f)).mul(2f);
        return y.blend(x, x.abs().compare(VectorOperators.LT, 0x1p-24f));
    }

    /* musl logf (from FreeBSD e_logf.c): ln x = k·ln2 + ln(1+f), 1+f in [√½, √2), s = f/(2+f),
       ln(1+f) = f − f²/2 + s·(f²/2 + R(s²)) with a degree-4 minimax R in s²; error below 1 ulp. */
    private static final float LOG_HI = Float.intBitsToFloat(0x3f317180);
    private static final float LOG_LO = Float.intBitsToFloat(0x3717f7d1);
    private static final float LG1 = 0xaaaaaa.0p-24f, LG2 = 0xccce13.0p-25f, LG3 = 0x91e9ee.0p-25f, LG4 = 0xf89e26.0p-26f;

    /**
     * ln x. Subnormals are scaled by 2^23 first. The exponent/mantissa split adds 1 − √½ to the bits so
     * that the mantissa lands in [√½, √2) and k absorbs the rest. ln(±0) = −inf, ln(x < 0) = NaN,
     * ln(+inf) = +inf, NaN stays NaN.
     */
    static FloatVector log(FloatVector x) {
        VectorMask<Float> sub = x.compare(VectorOperators.LT, 0x1p-126f);
        FloatVector xs = x.mul(FloatVector.broadcast(x.species(), 1f).blend(0x1p23f, sub));
        IntVector ix = xs.reinterpretAsInts().add(0x3f800000 - 0x3f3504f3);
        FloatVector f = ix.and(0x007fffff).add(0x3f3504f3).reinterpretAsFloats().sub(1f);
        // k + 1.5·2^23 in float bits, read back exactly; then the 2^23 subnormal scaling.
        FloatVector dk = ix.lanewise(VectorOperators.LSHR, 23).add(SHIFTER_BITS - 0x7f).reinterpretAsFloats().sub(SHIFTER);
        dk = dk.sub(FloatVector.zero(x.species()).blend(23f, sub));
        FloatVector s = f.div(f.add(2f));
        FloatVector z = s.mul(s), w = z.mul(z);
        FloatVector t1 = w.mul(w.fma(LG4, LG2)), t2 = z.mul(w.fma(LG3, LG1));
        FloatVector hfsq = f.mul(f).mul(0.5f);
        FloatVector y = s.mul(hfsq.add(t2.add(t1))).add(dk.mul(LOG_LO)).sub(hfsq).add(f).add(dk.mul(LOG_HI));
        y = y.blend(Float.NEGATIVE_INFINITY, x.compare(VectorOperators.EQ, 0f));
        y = y.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY));
        return y.blend(Float.NaN, x.compare(VectorOperators.GE, 0f).not());
    }

    /**
     * ln(1+x) = ln(u)·x/(u − 1) with u = fl(1+x) (Goldberg 1991, Thm 4): the ratio corrects the rounding
     * of u, leaving about the error of ln plus two roundings. u = 1 returns x (keeps −0 and tiny x);
     * x = +inf returns +inf (the ratio would be inf/inf).
     */
    static FloatVector log1p(FloatVector x) {
        FloatVector u = x.add(1f);
        FloatVector y = log(u).mul(x.div(u.sub(1f)));
        y = y.blend(x, u.compare(VectorOperators.EQ, 1f));
        return y.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY));
    }

    /** tanh|x| = −e/(e + 2) with e = expm1(−2|x|) ∈ (−1, 0]: no overflow, no cancellation near 0, saturates to 1; sign copied back. */
    static FloatVector tanh(FloatVector x) {
        FloatVector e = expm1(x.abs().mul(-2f));
        FloatVector t = e.neg().div(e.add(2f));
        return t.reinterpretAsInts().or(x.reinterpretAsInts().and(0x80000000)).reinterpretAsFloats();
    }

    /** 1/(1 + e^−x) as e/(1 + e) or 1/(1 + e) with e = e^−|x| ≤ 1: never overflows, keeps subnormal results for x ≪ 0. */
    static FloatVector sigmoid(FloatVector x) {
        FloatVector e = exp(x.abs().neg());
        FloatVector num = FloatVector.broadcast(x.species(), 1f).blend(e, x.compare(VectorOperators.LT, 0f));
        return num.div(e.add(1f));
    }

    /** ln(1 + e^x) = max(x, 0) + log1p(e^−|x|), as the scalar definition. */
    static FloatVector softplus(FloatVector x) {
        return x.max(0f).add(log1p(exp(x.abs().neg())));
    }
}
