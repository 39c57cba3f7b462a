package elbow.nn;

/**
 * The learning rate as a function of the optimiser's step count: an {@link Optimizer} asks for
 * {@code at(t)} before its update number t (t = 0 for the first). Epoch-based schedules are written in
 * epochs and turned into step-based ones by {@link #perEpoch}.
 *
 * <pre>{@code
 * adam.schedule(LearningRateSchedule.iwae().perEpoch(60000 / 20));   // Burda et al.'s stages, batch 20
 * sgd.schedule(LearningRateSchedule.step(0.1, 0.5, 1000));           // halve every 1000 steps
 * }</pre>
 */
@FunctionalInterface
public interface LearningRateSchedule {
    /** The rate for step (or epoch) {@code t}, counted from 0. */
    double at(long t);

    /** The same rate at every step. */
    static LearningRateSchedule constant(double rate) {
        checkRate(rate);
        return t -> rate;
    }

    /** initial · γ^t (PyTorch's {@code ExponentialLR}, per step or, through {@link #perEpoch}, per epoch). */
    static LearningRateSchedule exponential(double initial, double gamma) {
        checkRate(initial);
        if (!(gamma > 0) || Double.isInfinite(gamma)) throw new IllegalArgumentException("decay factor must be positive and finite, got " + gamma);
        return t -> initial * Math.pow(gamma, t);
    }

    /** initial · γ^⌊t / every⌋ (PyTorch's {@code StepLR}): multiplied by γ after each {@code every} steps. */
    static LearningRateSchedule step(double initial, double gamma, long every) {
        checkRate(initial);
        if (!(gamma > 0) || Double.isInfinite(gamma)) throw new IllegalArgumentException("decay factor must be positive and finite, got " + gamma);
        if (every < 1) throw new IllegalArgumentException("step schedule period must be at least 1, got " + every);
        return t -> initial * Math.pow(gamma, t / every);
    }

    /**
     * Burda et al. (2015, §5): stages i = 0, ..., 7 of 3^i epochs at 1e-3 · 10^(−i/7), in epochs; combine
     * with {@link #perEpoch}.
     */
    static IwaeSchedule iwae() {
        return new IwaeSchedule(1e-3, 8);
    }

    /** This schedule read in epochs of {@code stepsPerEpoch} steps: step t gets the rate of epoch ⌊t / stepsPerEpoch⌋. */
    default LearningRateSchedule perEpoch(long stepsPerEpoch) {
        if (stepsPerEpoch < 1) throw new IllegalArgumentException("an epoch must have at least one step, got " + stepsPerEpoch);
        LearningRateSchedule inEpochs = this;
        return t -> inEpochs.at(t / stepsPerEpoch);
    }

    private static void checkRate(double rate) {
        if (!(rate > 0) || Double.isInfinite(rate)) throw new IllegalArgumentException("learning rate must be positive and finite, got " + rate);
    }
}
