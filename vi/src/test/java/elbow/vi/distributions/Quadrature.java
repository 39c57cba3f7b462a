package elbow.vi.distributions;

import java.util.function.DoubleUnaryOperator;

/** Composite Simpson's rule: the independent route to entropies and KLs of continuous laws. */
final class Quadrature {
    private Quadrature() {}

    static double simpson(DoubleUnaryOperator f, double lo, double hi, int intervals) {
        int n = intervals % 2 == 0 ? intervals : intervals + 1;
        double h = (hi - lo) / n, sum = f.applyAsDouble(lo) + f.applyAsDouble(hi);
        for (int i = 1; i < n; i++) sum += (i % 2 == 1 ? 4 : 2) * f.applyAsDouble(lo + i * h);
        return sum * h / 3;
    }

    /** −∫ p log p, with 0 log 0 = 0. */
    static double entropy(DoubleUnaryOperator density, double lo, double hi) {
        return -simpson(x -> {
            double p = density.applyAsDouble(x);
            return p > 0 ? p * Math.log(p) : 0.0;
        }, lo, hi, 200_000);
    }

    /** ∫ p (log p − log q), from the log-densities, where p &gt; 0. */
    static double kl(DoubleUnaryOperator logP, DoubleUnaryOperator logQ, double lo, double hi) {
        return simpson(x -> {
            double lp = logP.applyAsDouble(x);
            return lp == Double.NEGATIVE_INFINITY ? 0.0 : Math.exp(lp) * (lp - logQ.applyAsDouble(x));
        }, lo, hi, 200_000);
    }

    /**
     * −∫₀^∞ p log p for a law on (0, ∞), in the variable s = log x (dx = e^s ds) over [sLo, sHi]: smooth
     * even where p is unbounded or has an unbounded derivative at 0 (Gamma with α ≤ 2).
     */
    static double entropyOnPositive(DoubleUnaryOperator logDensity, double sLo, double sHi) {
        return -simpson(s -> {
            double lp = logDensity.applyAsDouble(Math.exp(s));
            return lp == Double.NEGATIVE_INFINITY ? 0.0 : Math.exp(lp + s) * lp;
        }, sLo, sHi, 200_000);
    }

    /** ∫₀^∞ p (log p − log q) in the variable s = log x over [sLo, sHi]. */
    static double klOnPositive(DoubleUnaryOperator logP, DoubleUnaryOperator logQ, double sLo, double sHi) {
        return simpson(s -> {
            double x = Math.exp(s), lp = logP.applyAsDouble(x);
            return lp == Double.NEGATIVE_INFINITY ? 0.0 : Math.exp(lp + s) * (lp - logQ.applyAsDouble(x));
        }, sLo, sHi, 200_000);
    }
}
