package elbow.vi.models;

import java.util.ArrayList;
import java.util.List;

/**
 * Minimises the Gamma's average negative log-likelihood in (shape α, scale β) by plain gradient
 * descent, θ ← θ − ρ ∇L(θ), or by natural-gradient descent, θ ← θ − ρ F(θ)⁻¹ ∇L(θ) with the closed-form
 * inverse Fisher of {@link GammaFisher} (assignment 1AD, question 2.2.18).
 *
 * <p><b>Positivity.</b> Both methods keep α &gt; 0 and β &gt; 0 at every iterate by the same rule,
 * step halving: when θ − ρd would leave the open quadrant, the step ρ is halved (for that iteration
 * only) until it does not. Since θ is inside the quadrant and d is finite, a short enough step always
 * is; the number of halvings is reported with each iterate. Using one rule for both keeps the
 * comparison about the direction, not the safeguard. Halving is preferred to optimising over
 * (log α, log β) because that would change the gradient itself and with it the method being compared.
 */
public final class GammaDescent {
    public enum Method {
        GRADIENT("gradient descent"),
        NATURAL_GRADIENT("natural-gradient descent");

        private final String label;

        Method(String label) { this.label = label; }

        public String label() { return label; }
    }

    /** θ_t with its loss and the number of step halvings that the step to it needed. */
    public record Iterate(int t, double alpha, double beta, double nll, int halvings) {}

    /** Halvings before giving up: 2^-1074 underflows any step to 0 long before this. */
    private static final int MAX_HALVINGS = 1100;

    private final GammaLikelihood likelihood;
    private final Method method;
    private final double learningRate;

    public GammaDescent(GammaLikelihood likelihood, Method method, double learningRate) {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) throw new IllegalArgumentException("the learning rate must be positive and finite, got " + learningRate);
        this.likelihood = likelihood;
        this.method = method;
        this.learningRate = learningRate;
    }

    public Method method() { return method; }

    /** The descent direction at (α, β): ∇L, or F⁻¹∇L. */
    public double[] direction(double alpha, double beta) {
        double[] g = likelihood.gradient(alpha, beta);
        return method == Method.GRADIENT ? g : GammaFisher.naturalGradient(alpha, beta, g);
    }

    public Iterate start(double alpha, double beta) {
        return new Iterate(0, alpha, beta, likelihood.nll(alpha, beta), 0);
    }

    /** One step from {@code from}, halving the step until the iterate stays in α, β &gt; 0. */
    public Iterate step(Iterate from) {
        double[] d = direction(from.alpha(), from.beta());
        if (!Double.isFinite(d[0]) || !Double.isFinite(d[1])) {
            throw new IllegalStateException(method.label() + ": the direction at α=" + from.alpha() + ", β=" + from.beta() + " is not finite");
        }
        double rho = learningRate;
        for (int halvings = 0; halvings <= MAX_HALVINGS; halvings++, rho /= 2) {
            double alpha = from.alpha() - rho * d[0], beta = from.beta() - rho * d[1];
            if (alpha > 0 && beta > 0 && Double.isFinite(alpha) && Double.isFinite(beta)) {
                return new Iterate(from.t() + 1, alpha, beta, likelihood.nll(alpha, beta), halvings);
            }
        }
        throw new IllegalStateException(method.label() + ": no step keeps α, β > 0 from α=" + from.alpha() + ", β=" + from.beta());
    }

    /** θ_0 = (α0, β0) and {@code iterations} steps: iterations + 1 iterates. */
    public List<Iterate> run(double alpha0, double beta0, int iterations) {
        if (iterations < 0) throw new IllegalArgumentException("iterations must be >= 0, got " + iterations);
        List<Iterate> path = new ArrayList<>(iterations + 1);
        Iterate it = start(alpha0, beta0);
        path.add(it);
        for (int t = 0; t < iterations; t++) path.add(it = step(it));
        return path;
    }

    /** The first t with L(θ_t) − target ≤ tolerance, or −1 when no iterate gets there. */
    public static int iterationsToReach(List<Iterate> path, double target, double tolerance) {
        for (Iterate it : path) if (it.nll() - target <= tolerance) return it.t();
        return -1;
    }
}
