package elbow.vi.models;

import elbow.vi.special.Special;

/**
 * The Fisher information of Gamma(shape α, scale β) in (α, β), its inverse in closed form, and the
 * natural gradient F⁻¹∇L (assignment 1AD, questions 2.2.15 and 2.2.16):
 *
 * <pre>
 *   F(α, β) = E[score · scoreᵀ] = Jᵀ F(η) J = [[ψ'(α), 1/β], [1/β, α/β²]],
 *   det F = (αψ'(α) − 1)/β²,
 *   F⁻¹(α, β) = 1/(αψ'(α) − 1) · [[α, −β], [−β, β²ψ'(α)]],
 *   score(x) = ∇_(α, β) log p(x | α, β) = (log x − log β − ψ(α), x/β² − α/β).
 * </pre>
 *
 * αψ'(α) − 1 &gt; 0 for every α &gt; 0 (ψ'(α) &gt; 1/α), so F is positive definite on the whole
 * quadrant. For large α it behaves like 1/(2α): a subtraction that loses about log10(2α) of the 16
 * digits, harmless at the shapes this is used for.
 */
public final class GammaFisher {
    private GammaFisher() {}

    /** F(α, β) = [[ψ'(α), 1/β], [1/β, α/β²]]. */
    public static double[][] fisher(double alpha, double beta) {
        GammaFamily.requireShapeScale(alpha, beta);
        return new double[][] {{Special.trigamma(alpha), 1 / beta}, {1 / beta, alpha / (beta * beta)}};
    }

    /** F⁻¹(α, β) = 1/(αψ'(α) − 1) · [[α, −β], [−β, β²ψ'(α)]]. */
    public static double[][] inverse(double alpha, double beta) {
        GammaFamily.requireShapeScale(alpha, beta);
        double psi1 = Special.trigamma(alpha), c = 1 / (alpha * psi1 - 1);
        return new double[][] {{c * alpha, -c * beta}, {-c * beta, c * beta * beta * psi1}};
    }

    /** F⁻¹(α, β) g: the natural gradient of a loss whose ordinary gradient in (α, β) is g. */
    public static double[] naturalGradient(double alpha, double beta, double[] gradient) {
        if (gradient.length != 2) throw new IllegalArgumentException("the gradient in (α, β) has 2 entries, got " + gradient.length);
        double[][] inv = inverse(alpha, beta);
        return new double[] {inv[0][0] * gradient[0] + inv[0][1] * gradient[1], inv[1][0] * gradient[0] + inv[1][1] * gradient[1]};
    }

    /** score(x) = (log x − log β − ψ(α), x/β² − α/β). */
    public static double[] score(double x, double alpha, double beta) {
        GammaFamily.requireShapeScale(alpha, beta);
        return new double[] {Math.log(x) - Math.log(beta) - Special.digamma(alpha), x / (beta * beta) - alpha / beta};
    }
}
