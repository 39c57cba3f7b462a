package elbow.vi.special;

/**
 * ψ''(x), the tetragamma function (the derivative of trigamma), which Commons Numbers does not have.
 *
 * <p>Recurrence then asymptotic series: ψ''(x) = ψ''(x+1) − 2/x³ moves x up to at least {@link #LARGE},
 * where ψ''(x) ~ −1/x² − 1/x³ − Σ_k (2k+1) B_2k / x^(2k+2) (the derivative of trigamma's series;
 * B_2k the Bernoulli numbers) is summed to k = 7. At x ≥ 12 the first omitted term is below 1e-16
 * relative, and for x &gt; 0 every term has the sign of the result, so no cancellation occurs.
 * For negative non-integers the same recurrence is used (its terms then alternate in sign, so a few
 * digits are lost far from zero); at 0 and the negative integers, poles, the result is NaN.
 */
final class Tetragamma {
    private Tetragamma() {}

    private static final double LARGE = 12;

    static double value(double x) {
        if (Double.isNaN(x) || (x <= 0 && x == Math.rint(x))) return Double.NaN;
        if (x == Double.POSITIVE_INFINITY) return 0.0;
        double acc = 0;
        while (x < LARGE) {
            acc -= 2 / (x * x * x);
            x += 1;
        }
        double r = 1 / x, r2 = r * r;
        // −1/x² − 1/x³ − 1/(2x⁴) + 1/(6x⁶) − 1/(6x⁸) + 3/(10x¹⁰) − 5/(6x¹²) + 691/(210x¹⁴) − 35/(2x¹⁶)
        double series = -35.0 / 2;
        series = series * r2 + 691.0 / 210;
        series = series * r2 - 5.0 / 6;
        series = series * r2 + 3.0 / 10;
        series = series * r2 - 1.0 / 6;
        series = series * r2 + 1.0 / 6;
        series = series * r2 - 1.0 / 2;
        double tail = series * r2 * r2; // terms from 1/x⁴ on
        return acc - r2 - r2 * r + tail;
    }
}
