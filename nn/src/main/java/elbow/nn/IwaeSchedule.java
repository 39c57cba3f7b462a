package elbow.nn;

/**
 * The learning-rate schedule of Burda, Grosse and Salakhutdinov (2015, §5 "Training procedure"), in
 * epochs: stage i (i = 0, 1, ..., stages − 1) lasts 3^i epochs at rate base · 10^(−i/7). With the paper's
 * base 1e-3 and 8 stages that is 1 + 3 + ... + 2187 = 3280 epochs, from 1e-3 down to 1e-4. After the last
 * stage the last rate is kept, so a longer run does not fail.
 */
public final class IwaeSchedule implements LearningRateSchedule {
    private final double base;
    private final int stages;

    public IwaeSchedule(double base, int stages) {
        if (!(base > 0) || Double.isInfinite(base)) throw new IllegalArgumentException("learning rate must be positive and finite, got " + base);
        if (stages < 1 || stages > 39) throw new IllegalArgumentException("stage count must be in 1..39 (3^39 epochs overflow a long), got " + stages);
        this.base = base;
        this.stages = stages;
    }

    /** The stage epoch {@code epoch} falls in: the i with 3^0 + ... + 3^(i−1) ≤ epoch &lt; 3^0 + ... + 3^i, at most stages − 1. */
    public int stage(long epoch) {
        if (epoch < 0) throw new IllegalArgumentException("epoch must be non-negative, got " + epoch);
        long end = 0, length = 1;
        for (int i = 0; i < stages; i++) {
            end += length;
            if (epoch < end) return i;
            length *= 3;
        }
        return stages - 1;
    }

    @Override
    public double at(long epoch) {
        return base * Math.pow(10.0, -stage(epoch) / 7.0);
    }

    /** Epochs in all stages together: (3^stages − 1) / 2. */
    public long totalEpochs() {
        long total = 0, length = 1;
        for (int i = 0; i < stages; i++) {
            total += length;
            length *= 3;
        }
        return total;
    }

    public int stages() {
        return stages;
    }
}
