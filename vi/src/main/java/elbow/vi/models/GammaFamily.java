package elbow.vi.models;

import elbow.autograd.Var;
import elbow.vi.special.Special;

/**
 * The Gamma distribution in shape α and <em>scale</em> β as an exponential family (assignment 1AD,
 * question 2.2.14):
 *
 * <pre>
 *   p(x | α, β) = x^(α−1) e^(−x/β) / (Γ(α) β^α) = h(x) exp(ηᵀ t(x) − A(η)),
 *   η = (α − 1, −1/β),   t(x) = (log x, x),   h(x) = 1,
 *   A(η) = log Γ(η1 + 1) − (η1 + 1) log(−η2)            (= log Γ(α) + α log β),
 *   ∇A(η) = (ψ(η1 + 1) − log(−η2), −(η1 + 1)/η2)       (= (ψ(α) + log β, αβ) = E[t(x)]),
 *   ∇²A(η) = [[ψ'(η1 + 1), −1/η2], [−1/η2, (η1 + 1)/η2²]] = F(η), the Fisher information in η.
 * </pre>
 *
 * The natural parameters live on η1 &gt; −1, η2 &lt; 0. The Jacobian J = ∂η/∂(α, β) = diag(1, 1/β²)
 * carries F(η) to the Fisher information in (α, β): F(α, β) = Jᵀ F(η) J (see {@link GammaFisher}).
 * Matrices are 2×2 {@code double[row][column]}.
 */
public final class GammaFamily {
    private GammaFamily() {}

    /** η = (α − 1, −1/β). */
    public static double[] natural(double alpha, double beta) {
        requireShapeScale(alpha, beta);
        return new double[] {alpha - 1, -1 / beta};
    }

    /** (α, β) = (η1 + 1, −1/η2). */
    public static double[] shapeScale(double[] eta) {
        requireNatural(eta);
        return new double[] {eta[0] + 1, -1 / eta[1]};
    }

    /** t(x) = (log x, x). */
    public static double[] sufficientStatistics(double x) {
        if (!(x > 0)) throw new IllegalArgumentException("the Gamma's support is x > 0, got " + x);
        return new double[] {Math.log(x), x};
    }

    /** A(η) = log Γ(η1 + 1) − (η1 + 1) log(−η2). */
    public static double logNormaliser(double[] eta) {
        requireNatural(eta);
        return Special.lgamma(eta[0] + 1) - (eta[0] + 1) * Math.log(-eta[1]);
    }

    /** A(η) as a differentiable function of η = [η1, η2] (a Var of shape [2]), for checks against the tape. */
    public static Var logNormaliser(Var eta) {
        Var shape = eta.slice(0, 0, 1).add(1.0), negRate = eta.slice(0, 1, 2).neg();
        return Special.lgamma(shape).sub(shape.mul(negRate.log())).sum();
    }

    /** ∇A(η) = (ψ(η1 + 1) − log(−η2), −(η1 + 1)/η2) = E[t(x)] = (E[log x], E[x]). */
    public static double[] gradLogNormaliser(double[] eta) {
        requireNatural(eta);
        return new double[] {Special.digamma(eta[0] + 1) - Math.log(-eta[1]), -(eta[0] + 1) / eta[1]};
    }

    /** F(η) = ∇²A(η) = Cov[t(x)]. */
    public static double[][] fisherNatural(double[] eta) {
        requireNatural(eta);
        double off = -1 / eta[1];
        return new double[][] {{Special.trigamma(eta[0] + 1), off}, {off, (eta[0] + 1) / (eta[1] * eta[1])}};
    }

    /** J = ∂η/∂(α, β) = [[1, 0], [0, 1/β²]]. */
    public static double[][] jacobian(double alpha, double beta) {
        requireShapeScale(alpha, beta);
        return new double[][] {{1, 0}, {0, 1 / (beta * beta)}};
    }

    /** log p(x | α, β) = (α − 1) log x − x/β − log Γ(α) − α log β. */
    public static double logDensity(double x, double alpha, double beta) {
        requireShapeScale(alpha, beta);
        return (alpha - 1) * Math.log(x) - x / beta - Special.lgamma(alpha) - alpha * Math.log(beta);
    }

    static void requireShapeScale(double alpha, double beta) {
        if (!(alpha > 0 && beta > 0) || Double.isInfinite(alpha) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("the Gamma needs shape α > 0 and scale β > 0, got α=" + alpha + ", β=" + beta);
        }
    }

    private static void requireNatural(double[] eta) {
        if (eta.length != 2 || !(eta[0] > -1 && eta[1] < 0) || Double.isInfinite(eta[0]) || Double.isInfinite(eta[1])) {
            throw new IllegalArgumentException("the Gamma's natural parameters need η1 > −1 and η2 < 0, got " + java.util.Arrays.toString(eta));
        }
    }
}
