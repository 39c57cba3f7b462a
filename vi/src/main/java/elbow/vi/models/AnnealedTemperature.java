package elbow.vi.models;

/**
 * The Gumbel-Softmax temperature schedule of Jang, Gu and Poole (2017, §4.1 and their published code):
 *
 * <pre>
 *   τ(t) = max(τ_min, τ_0 · exp(−r · t₀)),   t₀ = ⌊t / every⌋ · every
 * </pre>
 *
 * where t counts training steps from 0. The temperature changes only every {@code every} steps (their
 * code recomputes it each 1000 steps), so it stays at τ_0 for the first {@code every} steps.
 *
 * @param initial τ_0 &gt; 0
 * @param min     τ_min, the floor, 0 &lt; τ_min ≤ τ_0
 * @param rate    r ≥ 0, per step
 * @param every   steps between updates, at least 1
 */
public record AnnealedTemperature(double initial, double min, double rate, long every) {
    public AnnealedTemperature {
        if (!(initial > 0) || Double.isInfinite(initial)) throw new IllegalArgumentException("initial temperature must be positive and finite, got " + initial);
        if (!(min > 0) || min > initial) throw new IllegalArgumentException("minimum temperature must be in (0, " + initial + "], got " + min);
        if (!(rate >= 0) || Double.isInfinite(rate)) throw new IllegalArgumentException("anneal rate must be non-negative and finite, got " + rate);
        if (every < 1) throw new IllegalArgumentException("the temperature must be updated at least every step, got every " + every);
    }

    /** Jang et al.'s MNIST setting: τ_0 = 1, τ_min = 0.5, r = 3e-5, updated every 1000 steps. */
    public static AnnealedTemperature jang2017() {
        return new AnnealedTemperature(1.0, 0.5, 3e-5, 1000);
    }

    /** The temperature used for step {@code step} (counted from 0). */
    public double at(long step) {
        if (step < 0) throw new IllegalArgumentException("step must be non-negative, got " + step);
        long updated = step / every * every;
        return Math.max(min, initial * Math.exp(-rate * updated));
    }

    /** The first step at which the floor τ_min is reached, or -1 if it never is (r = 0 and τ_min &lt; τ_0). */
    public long floorStep() {
        if (min >= initial) return 0;
        if (rate == 0) return -1;
        long t = (long) Math.ceil(Math.log(initial / min) / rate);
        long updated = (t + every - 1) / every * every;
        // The ceiling can land one update late when log(τ_0/τ_min)/r is within rounding of a multiple of every.
        return updated >= every && at(updated - every) <= min ? updated - every : updated;
    }
}
