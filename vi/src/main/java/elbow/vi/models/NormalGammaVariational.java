package elbow.vi.models;

import elbow.autograd.Var;
import elbow.vi.distributions.Gamma;
import elbow.vi.distributions.Normal;
import elbow.vi.inference.LogJoint;
import elbow.vi.inference.MeanField;
import org.apache.commons.numbers.gamma.Digamma;
import org.apache.commons.numbers.gamma.LogGamma;

/**
 * Black-box VI for the {@link NormalGammaModel}: the log joint as factors for the estimators, the
 * mean-field family over unconstrained parameters, and the closed forms the assignment asks for
 * (log-likelihood and log-priors are in {@link NormalGammaModel}; log q and its score functions are
 * here), which the tests check against autograd.
 *
 * <p>Parameterization: q(μ) = N(m, s²) with λ_μ = (m, log s), q(τ) = Gamma(a, rate b) with
 * λ_τ = (log a, log b). Positive parameters go through exp, so every real λ is valid and AdaGrad can
 * step freely.
 */
public final class NormalGammaVariational {
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    private NormalGammaVariational() {}

    /** log p(X, μ, τ) as three factors: the likelihood and p(μ | τ) touch (μ, τ), p(τ) only τ. */
    public static LogJoint logJoint(NormalGammaModel m) {
        int n = m.size();
        double mean = m.dataMean(), sumSq = 0;
        for (double x : m.data()) sumSq += (x - mean) * (x - mean);
        double ss = sumSq;
        return LogJoint.builder()
                // N/2 (log τ − log 2π) − τ/2 (Σ(x − x̄)² + N (x̄ − μ)²)
                .factor("likelihood", z -> {
                    Var mu = z.get("mu"), tau = z.get("tau");
                    Var spread = mu.rsub(mean).square().mul(n).add(ss);
                    return tau.log().sub(LOG_2PI).mul(0.5 * n).sub(tau.mul(spread).mul(0.5));
                }, "mu", "tau")
                // ½ (log λ0 + log τ − log 2π) − λ0 τ/2 (μ − μ0)²
                .factor("prior_mu", z -> {
                    Var mu = z.get("mu"), tau = z.get("tau");
                    return tau.log().add(Math.log(m.lambda0) - LOG_2PI).mul(0.5).sub(tau.mul(mu.sub(m.mu0).square()).mul(0.5 * m.lambda0));
                }, "mu", "tau")
                // a0 log b0 − log Γ(a0) + (a0 − 1) log τ − b0 τ
                .factor("prior_tau", z -> {
                    Var tau = z.get("tau");
                    return tau.log().mul(m.a0 - 1).sub(tau.mul(m.b0)).add(m.a0 * Math.log(m.b0) - LogGamma.value(m.a0));
                }, "tau")
                .build();
    }

    /** The mean-field family starting at q(μ) = N(m, s²), q(τ) = Gamma(a, rate b). */
    public static MeanField family(double m, double s, double a, double b) {
        return MeanField.builder()
                .factor("mu", new double[] {m, Math.log(s)}, p -> new Normal(column(p, 0), column(p, 1).exp()))
                .factor("tau", new double[] {Math.log(a), Math.log(b)}, p -> new Gamma(column(p, 0).exp(), column(p, 1).exp()))
                .build();
    }

    /** Column j of a [S, P] parameter matrix as a [S] vector. */
    private static Var column(Var p, int j) {
        return p.slice(1, j, j + 1).reshape(p.shape()[0]);
    }

    /** The (m, ℓ, a, b) form used by the closed-form ELBO, from the unconstrained parameters. */
    public static NormalGammaModel.MeanField toMeanField(double[] lambdaMu, double[] lambdaTau) {
        return new NormalGammaModel.MeanField(lambdaMu[0], Math.exp(-2 * lambdaMu[1]), Math.exp(lambdaTau[0]), Math.exp(lambdaTau[1]));
    }

    // ------------------------------------------------------------------ closed forms of log q and its scores

    /** log q(μ) = −log s − ½ log 2π − (μ − m)² / (2 s²). */
    public static double logQMu(double mu, double[] lambdaMu) {
        double m = lambdaMu[0], logS = lambdaMu[1], s2 = Math.exp(2 * logS);
        return -logS - 0.5 * LOG_2PI - (mu - m) * (mu - m) / (2 * s2);
    }

    /** ∇_(m, log s) log q(μ) = ((μ − m)/s², (μ − m)²/s² − 1). */
    public static double[] scoreMu(double mu, double[] lambdaMu) {
        double m = lambdaMu[0], s2 = Math.exp(2 * lambdaMu[1]);
        return new double[] {(mu - m) / s2, (mu - m) * (mu - m) / s2 - 1};
    }

    /** log q(τ) = a log b − log Γ(a) + (a − 1) log τ − b τ. */
    public static double logQTau(double tau, double[] lambdaTau) {
        double a = Math.exp(lambdaTau[0]), b = Math.exp(lambdaTau[1]);
        return a * Math.log(b) - LogGamma.value(a) + (a - 1) * Math.log(tau) - b * tau;
    }

    /** ∇_(log a, log b) log q(τ) = (a (log b − ψ(a) + log τ), a − b τ). */
    public static double[] scoreTau(double tau, double[] lambdaTau) {
        double a = Math.exp(lambdaTau[0]), b = Math.exp(lambdaTau[1]);
        return new double[] {a * (Math.log(b) - Digamma.value(a) + Math.log(tau)), a - b * tau};
    }

    /**
     * ∇_λ of the closed-form ELBO, by a five-point central difference on {@link NormalGammaModel#elbo}
     * (error O(h⁴) ≈ 1e-12 relative): the exact reference the stochastic estimators must average to.
     * Returns {∂/∂m, ∂/∂log s, ∂/∂log a, ∂/∂log b}.
     */
    public static double[] elboGradient(NormalGammaModel model, double[] lambdaMu, double[] lambdaTau) {
        double[] lam = {lambdaMu[0], lambdaMu[1], lambdaTau[0], lambdaTau[1]};
        double[] g = new double[4];
        double h = 1e-3;
        for (int i = 0; i < 4; i++) {
            double[] e = new double[5];
            for (int k = -2; k <= 2; k++) {
                double[] l = lam.clone();
                l[i] += k * h;
                e[k + 2] = model.elbo(toMeanField(new double[] {l[0], l[1]}, new double[] {l[2], l[3]}));
            }
            g[i] = (e[0] - 8 * e[1] + 8 * e[3] - e[4]) / (12 * h);
        }
        return g;
    }
}
