package elbow.vi.models;

import org.apache.commons.numbers.gamma.Digamma;
import org.apache.commons.numbers.gamma.LogGamma;

/**
 * The Normal–Gamma model of the workbench's {@code cavi} and {@code bbvi} experiments, with every closed
 * form they are checked against:
 *
 * <pre>
 *   x_n | μ, τ ~ N(μ, 1/τ),   μ | τ ~ N(μ0, 1/(λ0 τ)),   τ ~ Gamma(a0, rate b0).
 * </pre>
 *
 * The posterior is NormalGamma in closed form (so log p(X) is exact), and for the mean-field family
 * q(μ) q(τ) = N(m, 1/ℓ) · Gamma(a, rate b) the ELBO is a closed-form function of (m, ℓ, a, b).
 * CAVI is Bishop (2006) §10.1.3.
 */
public final class NormalGammaModel {
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    public final double mu0, lambda0, a0, b0;
    private final double[] x;
    private final int n;
    private final double mean, sumSq; // x̄ and Σ (x_n − x̄)²

    public NormalGammaModel(double[] x, double mu0, double lambda0, double a0, double b0) {
        if (!(lambda0 > 0 && a0 > 0 && b0 > 0)) throw new IllegalArgumentException("priors need λ0, a0, b0 > 0; got λ0=" + lambda0 + ", a0=" + a0 + ", b0=" + b0);
        if (x.length == 0) throw new IllegalArgumentException("the Normal–Gamma model needs at least one observation");
        this.x = x.clone();
        this.n = x.length;
        this.mu0 = mu0;
        this.lambda0 = lambda0;
        this.a0 = a0;
        this.b0 = b0;
        double s = 0;
        for (double v : x) s += v;
        mean = s / n;
        double ss = 0;
        for (double v : x) ss += (v - mean) * (v - mean);
        sumSq = ss;
    }

    public double[] data() { return x.clone(); }
    public int size() { return n; }
    public double dataMean() { return mean; }

    // ------------------------------------------------------------------ the log joint, term by term

    /** log p(X | μ, τ) = N/2 (log τ − log 2π) − τ/2 Σ (x_n − μ)². */
    public double logLikelihood(double mu, double tau) {
        return 0.5 * n * (Math.log(tau) - LOG_2PI) - 0.5 * tau * (sumSq + n * (mean - mu) * (mean - mu));
    }

    /** log p(μ | τ) = ½ (log λ0τ − log 2π) − λ0τ/2 (μ − μ0)². */
    public double logPriorMu(double mu, double tau) {
        return 0.5 * (Math.log(lambda0 * tau) - LOG_2PI) - 0.5 * lambda0 * tau * (mu - mu0) * (mu - mu0);
    }

    /** log p(τ) = a0 log b0 − log Γ(a0) + (a0 − 1) log τ − b0 τ. */
    public double logPriorTau(double tau) {
        return a0 * Math.log(b0) - LogGamma.value(a0) + (a0 - 1) * Math.log(tau) - b0 * tau;
    }

    public double logJoint(double mu, double tau) {
        return logLikelihood(mu, tau) + logPriorMu(mu, tau) + logPriorTau(tau);
    }

    // ------------------------------------------------------------------ exact posterior and evidence

    /** Parameters (μN, λN, aN, bN) of the exact posterior NormalGamma. */
    public double[] posterior() {
        double lambdaN = lambda0 + n;
        double muN = (lambda0 * mu0 + n * mean) / lambdaN;
        double aN = a0 + 0.5 * n;
        double bN = b0 + 0.5 * sumSq + lambda0 * n * (mean - mu0) * (mean - mu0) / (2 * lambdaN);
        return new double[] {muN, lambdaN, aN, bN};
    }

    /** log p(X), exact: the ratio of the NormalGamma normalisers of prior and posterior. */
    public double logEvidence() {
        double[] p = posterior();
        double lambdaN = p[1], aN = p[2], bN = p[3];
        return LogGamma.value(aN) - LogGamma.value(a0) + a0 * Math.log(b0) - aN * Math.log(bN)
                + 0.5 * Math.log(lambda0 / lambdaN) - 0.5 * n * LOG_2PI;
    }

    /** log p(μ, τ | X) under the exact posterior. */
    public double logPosterior(double mu, double tau) {
        return logJoint(mu, tau) - logEvidence();
    }

    // ------------------------------------------------------------------ the mean-field family

    /** q(μ) q(τ) = N(m, 1/ℓ) · Gamma(a, rate b). */
    public record MeanField(double m, double ell, double a, double b) {
        public MeanField {
            if (!(ell > 0 && a > 0 && b > 0)) throw new IllegalArgumentException("q needs precision ℓ, shape a and rate b > 0; got ℓ=" + ell + ", a=" + a + ", b=" + b);
        }

        public double meanMu() { return m; }
        public double meanTau() { return a / b; }
        public double meanLogTau() { return Digamma.value(a) - Math.log(b); }

        /** log q(μ) + log q(τ). */
        public double logDensity(double mu, double tau) {
            return 0.5 * (Math.log(ell) - LOG_2PI) - 0.5 * ell * (mu - m) * (mu - m)
                    + a * Math.log(b) - LogGamma.value(a) + (a - 1) * Math.log(tau) - b * tau;
        }

        /** H[q(μ)] + H[q(τ)]. */
        public double entropy() {
            return 0.5 * (1 + LOG_2PI - Math.log(ell)) + a - Math.log(b) + LogGamma.value(a) + (1 - a) * Digamma.value(a);
        }
    }

    /** The ELBO E_q[log p(X, μ, τ)] + H[q] in closed form. */
    public double elbo(MeanField q) {
        double eTau = q.meanTau(), eLogTau = q.meanLogTau(), varMu = 1 / q.ell();
        double eLik = 0.5 * n * (eLogTau - LOG_2PI) - 0.5 * eTau * (sumSq + n * ((mean - q.m()) * (mean - q.m()) + varMu));
        double ePriorMu = 0.5 * (Math.log(lambda0) + eLogTau - LOG_2PI) - 0.5 * lambda0 * eTau * ((q.m() - mu0) * (q.m() - mu0) + varMu);
        double ePriorTau = a0 * Math.log(b0) - LogGamma.value(a0) + (a0 - 1) * eLogTau - b0 * eTau;
        return eLik + ePriorMu + ePriorTau + q.entropy();
    }

    // ------------------------------------------------------------------ CAVI (Bishop §10.1.3)

    /** q*(μ) given q(τ): N(m, 1/ℓ) with m = (λ0μ0 + N x̄)/(λ0 + N), ℓ = (λ0 + N) E[τ]. */
    public MeanField updateMu(MeanField q) {
        double m = (lambda0 * mu0 + n * mean) / (lambda0 + n);
        return new MeanField(m, (lambda0 + n) * q.meanTau(), q.a(), q.b());
    }

    /** q*(τ) given q(μ): Gamma(a0 + (N+1)/2, b0 + ½ E_μ[Σ(x_n − μ)² + λ0(μ − μ0)²]). */
    public MeanField updateTau(MeanField q) {
        double varMu = 1 / q.ell();
        double a = a0 + 0.5 * (n + 1);
        double b = b0 + 0.5 * (sumSq + n * ((mean - q.m()) * (mean - q.m()) + varMu) + lambda0 * ((q.m() - mu0) * (q.m() - mu0) + varMu));
        return new MeanField(q.m(), q.ell(), a, b);
    }

    /** One CAVI sweep: q(μ), then q(τ). */
    public MeanField caviStep(MeanField q) {
        return updateTau(updateMu(q));
    }

    /** Runs CAVI from {@code start} until the ELBO changes by less than {@code tol}; returns the fixed point. */
    public MeanField caviFixedPoint(MeanField start, double tol, int maxIterations) {
        MeanField q = start;
        double prev = elbo(q);
        for (int i = 0; i < maxIterations; i++) {
            q = caviStep(q);
            double e = elbo(q);
            if (Math.abs(e - prev) < tol) return q;
            prev = e;
        }
        return q;
    }
}
