package elbow.vi.special;

import elbow.autograd.Var;
import elbow.tensor.Tensor;

/**
 * The special functions of the Gamma family, as differentiable operations on {@link Var}s and as
 * plain elementwise functions on {@link Tensor}s.
 *
 * <pre>{@code
 * Var a = Var.param(Tensor.of(2.5));
 * Var y = Special.lgamma(a);     // log Γ(2.5)
 * y.backward();                  // a.grad() = ψ(2.5)
 * }</pre>
 *
 * <p>Derivative chain: d lgamma = digamma, d digamma = trigamma, d trigamma = tetragamma, so every
 * function here has a gradient, and the first two have gradients of gradients as values. Values come
 * from Commons Numbers ({@code LogGamma}, {@code Digamma}, {@code Trigamma}) and from
 * {@link Tetragamma}; float32 inputs are evaluated in double and rounded once. The domain of interest
 * is x &gt; 0 (shapes, concentrations): lgamma is NaN for x ≤ 0, as in Commons Numbers.
 */
public final class Special {
    private Special() {}

    // ---------------------------------------------------------------- differentiable

    /** log Γ(x), elementwise; gradient ψ(x). */
    public static Var lgamma(Var x) {
        return new LogGamma().apply(x);
    }

    /** ψ(x) = d/dx log Γ(x), elementwise; gradient ψ'(x). */
    public static Var digamma(Var x) {
        return new Digamma().apply(x);
    }

    /** ψ'(x), elementwise; gradient ψ''(x). */
    public static Var trigamma(Var x) {
        return new Trigamma().apply(x);
    }

    // ---------------------------------------------------------------- tensors (no gradient)

    public static Tensor lgamma(Tensor x) {
        return Pointwise.map(x, org.apache.commons.numbers.gamma.LogGamma::value);
    }

    public static Tensor digamma(Tensor x) {
        return Pointwise.map(x, org.apache.commons.numbers.gamma.Digamma::value);
    }

    public static Tensor trigamma(Tensor x) {
        return Pointwise.map(x, org.apache.commons.numbers.gamma.Trigamma::value);
    }

    public static Tensor tetragamma(Tensor x) {
        return Pointwise.map(x, Tetragamma::value);
    }

    // ---------------------------------------------------------------- scalars

    public static double lgamma(double x) {
        return org.apache.commons.numbers.gamma.LogGamma.value(x);
    }

    public static double digamma(double x) {
        return org.apache.commons.numbers.gamma.Digamma.value(x);
    }

    public static double trigamma(double x) {
        return org.apache.commons.numbers.gamma.Trigamma.value(x);
    }

    /** ψ''(x); see {@link Tetragamma} for the method and its accuracy. */
    public static double tetragamma(double x) {
        return Tetragamma.value(x);
    }
}
