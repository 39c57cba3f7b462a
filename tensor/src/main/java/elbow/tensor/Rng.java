package elbow.tensor;

import java.util.SplittableRandom;

/**
 * Seeded random numbers. Built on the JDK's {@link SplittableRandom}: {@link #split()} gives an
 * independent stream, so parallel workers each take a split made in a fixed order and results depend
 * only on the seed and the thread count. Not thread-safe: one {@code Rng} per thread.
 */
public final class Rng {
    private final SplittableRandom random;

    public Rng(long seed) {
        this.random = new SplittableRandom(seed);
    }

    private Rng(SplittableRandom random) {
        this.random = random;
    }

    /** An independent generator; this one advances. */
    public Rng split() {
        return new Rng(random.split());
    }

    // ------------------------------------------------------------------ scalars

    /** Uniform on [0, 1). */
    public double uniform() {
        return random.nextDouble();
    }

    /** Uniform on the open interval (0, 1): safe inside log. */
    public double uniformOpen() {
        return ((random.nextLong() >>> 11) + 0.5) * 0x1.0p-53;
    }

    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    /** Standard normal (the JDK's modified ziggurat). */
    public double normal() {
        return random.nextGaussian();
    }

    /** Standard Gumbel: −log(−log U). */
    public double gumbel() {
        return -Math.log(-Math.log(uniformOpen()));
    }

    /**
     * Gamma(shape α, rate 1) by Marsaglia and Tsang (2000): for α ≥ 1 a squeeze-accepted transform of a
     * normal; for α &lt; 1 the boost Gamma(α) = Gamma(α+1)·U^(1/α).
     */
    public double gamma(double alpha) {
        if (!(alpha > 0) || Double.isInfinite(alpha)) throw new IllegalArgumentException("gamma shape must be positive and finite, got " + alpha);
        if (alpha < 1) {
            // In log space, so that tiny shapes do not underflow U^(1/α) to zero before the product.
            double g = gamma(alpha + 1);
            return Math.exp(Math.log(g) + Math.log(uniformOpen()) / alpha);
        }
        double d = alpha - 1.0 / 3.0, c = 1.0 / Math.sqrt(9.0 * d);
        while (true) {
            double x = normal(), v = 1.0 + c * x;
            if (v <= 0) continue;
            v = v * v * v;
            double u = uniformOpen(), x2 = x * x;
            if (u < 1.0 - 0.0331 * x2 * x2) return d * v;
            if (Math.log(u) < 0.5 * x2 + d * (1.0 - v + Math.log(v))) return d * v;
        }
    }

    public boolean bernoulli(double p) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("Bernoulli probability must be in [0, 1], got " + p);
        return random.nextDouble() < p;
    }

    // ------------------------------------------------------------------ tensors

    public Tensor uniform(DType dtype, int... shape) {
        Tensor t = Tensor.zeros(dtype, shape);
        for (int i = 0; i < t.size(); i++) t.setFlat(i, uniform());
        return t;
    }

    public Tensor normal(DType dtype, int... shape) {
        Tensor t = Tensor.zeros(dtype, shape);
        if (t.isF32()) {
            float[] a = t.data32();
            for (int i = 0; i < t.size(); i++) a[i] = (float) normal();
        } else {
            double[] a = t.data64();
            for (int i = 0; i < t.size(); i++) a[i] = normal();
        }
        return t;
    }

    public Tensor gumbel(DType dtype, int... shape) {
        Tensor t = Tensor.zeros(dtype, shape);
        for (int i = 0; i < t.size(); i++) t.setFlat(i, gumbel());
        return t;
    }

    /** Gamma(α, rate 1) draws of the given shape. */
    public Tensor gamma(double alpha, DType dtype, int... shape) {
        Tensor t = Tensor.zeros(dtype, shape);
        for (int i = 0; i < t.size(); i++) t.setFlat(i, gamma(alpha));
        return t;
    }

    /** One Gamma(α_i, rate 1) draw per element of {@code alpha}. */
    public Tensor gamma(Tensor alpha) {
        Tensor t = Tensor.zerosLike(alpha);
        for (int i = 0; i < t.size(); i++) t.setFlat(i, gamma(alpha.getFlat(i)));
        return t;
    }

    /** 1 with probability p_i, else 0, per element of {@code probs}. */
    public Tensor bernoulli(Tensor probs) {
        Tensor t = Tensor.zerosLike(probs);
        for (int i = 0; i < t.size(); i++) t.setFlat(i, bernoulli(probs.getFlat(i)) ? 1 : 0);
        return t;
    }

    /**
     * One category index per row of {@code probs} (last axis = categories; rows need not be normalised
     * but must be non-negative with a positive sum). Inverse-CDF sampling.
     */
    public int[] categorical(Tensor probs) {
        int[] shape = probs.shape();
        if (shape.length == 0 || shape[shape.length - 1] == 0) throw new IllegalArgumentException("categorical needs a last axis of categories, shape is " + Shape.str(shape));
        int k = shape[shape.length - 1], rows = probs.size() / k;
        int[] out = new int[rows];
        for (int r = 0; r < rows; r++) {
            double total = 0;
            for (int j = 0; j < k; j++) {
                double p = probs.getFlat(r * k + j);
                if (!(p >= 0) || Double.isInfinite(p)) throw new IllegalArgumentException("categorical probabilities must be finite and non-negative, row " + r + " has " + p);
                total += p;
            }
            if (!(total > 0)) throw new IllegalArgumentException("categorical probabilities of row " + r + " sum to " + total);
            double u = uniform() * total, acc = 0;
            int pick = k - 1;
            for (int j = 0; j < k; j++) {
                acc += probs.getFlat(r * k + j);
                if (u < acc) {
                    pick = j;
                    break;
                }
            }
            // Rounding can leave u just above the last partial sum; fall back to the last non-zero category.
            if (pick == k - 1) while (pick > 0 && probs.getFlat(r * k + pick) == 0) pick--;
            out[r] = pick;
        }
        return out;
    }
}
