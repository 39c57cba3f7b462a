package elbow.vi.models;

import elbow.autograd.Var;
import elbow.vi.special.Special;

/**
 * The average negative log-likelihood of a sample under Gamma(shape α, scale β), its gradient, and the
 * maximum-likelihood estimate (assignment 1AD, question 2.2.17). The sample enters only through its
 * sufficient statistics, the means of log x and of x:
 *
 * <pre>
 *   L(α, β) = −(1/N) Σ log p(x_n | α, β) = log Γ(α) + α log β − (α − 1) mean(log x) + mean(x)/β,
 *   ∂L/∂α = ψ(α) + log β − mean(log x),      ∂L/∂β = α/β − mean(x)/β².
 * </pre>
 *
 * The MLE: ∂L/∂β = 0 gives β = mean(x)/α; put into ∂L/∂α = 0 this leaves one equation in α,
 * log α − ψ(α) = s with s = log mean(x) − mean(log x) &gt; 0 (Jensen), solved by Newton's method from
 * Minka's (2002) closed-form approximation, which is within a few per cent, so a handful of steps
 * reach the last digit.
 */
public final class GammaLikelihood {
    private final int n;
    private final double meanLog, mean;

    public GammaLikelihood(double[] x) {
        if (x.length == 0) throw new IllegalArgumentException("the likelihood needs at least one observation");
        double sl = 0, s = 0;
        for (int i = 0; i < x.length; i++) {
            if (!(x[i] > 0) || Double.isInfinite(x[i])) throw new IllegalArgumentException("Gamma observations must be positive and finite; x[" + i + "] = " + x[i]);
            sl += Math.log(x[i]);
            s += x[i];
        }
        this.n = x.length;
        this.meanLog = sl / n;
        this.mean = s / n;
    }

    public int size() { return n; }
    public double meanLog() { return meanLog; }
    public double mean() { return mean; }

    /** L(α, β), the average negative log-likelihood. */
    public double nll(double alpha, double beta) {
        GammaFamily.requireShapeScale(alpha, beta);
        return Special.lgamma(alpha) + alpha * Math.log(beta) - (alpha - 1) * meanLog + mean / beta;
    }

    /** L as a differentiable function of scalar α and β, for checks against the tape. */
    public Var nll(Var alpha, Var beta) {
        return Special.lgamma(alpha).add(alpha.mul(beta.log())).sub(alpha.sub(1.0).mul(meanLog)).add(beta.reciprocal().mul(mean));
    }

    /** ∇L = (ψ(α) + log β − mean(log x), α/β − mean(x)/β²). */
    public double[] gradient(double alpha, double beta) {
        GammaFamily.requireShapeScale(alpha, beta);
        return new double[] {Special.digamma(alpha) + Math.log(beta) - meanLog, alpha / beta - mean / (beta * beta)};
    }

    /** The maximum-likelihood (α̂, β̂). Throws when all observations are equal (no finite MLE). */
    public double[] mle() {
        double s = Math.log(mean) - meanLog;
        if (!(s > 0)) throw new IllegalArgumentException("no finite maximum-likelihood shape: the observations are all equal (log mean − mean log = " + s + ")");
        // Minka (2002), "Estimating a Gamma distribution", eq. 7.
        double alpha = (3 - s + Math.sqrt((s - 3) * (s - 3) + 24 * s)) / (12 * s);
        for (int i = 0; i < 100; i++) {
            // f(α) = log α − ψ(α) − s is decreasing and convex, so Newton's iterates cannot jump past the
            // root from the right; from the left a step is kept positive by halving towards 0.
            double f = Math.log(alpha) - Special.digamma(alpha) - s, df = 1 / alpha - Special.trigamma(alpha);
            double next = alpha - f / df;
            if (!(next > 0)) next = alpha / 2;
            boolean done = Math.abs(next - alpha) <= 1e-15 * alpha;
            alpha = next;
            if (done) break;
        }
        return new double[] {alpha, mean / alpha};
    }
}
