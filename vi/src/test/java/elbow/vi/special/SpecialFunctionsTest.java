package elbow.vi.special;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import elbow.autograd.Var;
import elbow.tensor.DType;
import elbow.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Values at points where the closed form is known, written next to each check. */
class SpecialFunctionsTest {
    private static final double EULER_GAMMA = 0.57721566490153286061;
    private static final double ZETA3 = 1.2020569031595942854; // Apéry's constant ζ(3)

    @Test
    void lgammaAtKnownPoints() {
        assertEquals(0.0, Special.lgamma(1.0), 1e-15);                             // Γ(1) = 1
        assertEquals(0.0, Special.lgamma(2.0), 1e-15);                             // Γ(2) = 1
        assertEquals(0.5 * Math.log(Math.PI), Special.lgamma(0.5), 1e-15);        // Γ(½) = √π
        assertEquals(Math.log(24), Special.lgamma(5.0), 1e-14);                    // Γ(5) = 4!
        assertEquals(Math.log(0.75 * Math.sqrt(Math.PI)), Special.lgamma(2.5), 1e-15); // Γ(5/2) = ¾√π
    }

    // Commons Numbers' digamma and trigamma sum a recurrence up to x = 49 and then a short asymptotic
    // series; measured here they are within a few 1e-15 (digamma) and a few 1e-14 (trigamma) of the
    // exact values, which the tolerances below state.
    private static final double DIGAMMA_TOL = 1e-14, TRIGAMMA_REL = 1e-13;

    @Test
    void digammaAtKnownPoints() {
        assertEquals(-EULER_GAMMA, Special.digamma(1.0), DIGAMMA_TOL);                   // ψ(1) = −γ
        assertEquals(-EULER_GAMMA - 2 * Math.log(2), Special.digamma(0.5), DIGAMMA_TOL); // ψ(½) = −γ − 2 log 2
        assertEquals(1 - EULER_GAMMA, Special.digamma(2.0), DIGAMMA_TOL);                // ψ(2) = 1 − γ
    }

    @Test
    void trigammaAtKnownPoints() {
        assertEquals(Math.PI * Math.PI / 6, Special.trigamma(1.0), TRIGAMMA_REL * 1.7);        // ψ'(1) = π²/6
        assertEquals(Math.PI * Math.PI / 2, Special.trigamma(0.5), TRIGAMMA_REL * 5);          // ψ'(½) = π²/2
        assertEquals(Math.PI * Math.PI / 6 - 1, Special.trigamma(2.0), TRIGAMMA_REL);          // ψ'(2) = π²/6 − 1
    }

    @Test
    void tetragammaAtKnownPoints() {
        assertEquals(-2 * ZETA3, Special.tetragamma(1.0), 1e-14);                  // ψ''(1) = −2ζ(3)
        assertEquals(-14 * ZETA3, Special.tetragamma(0.5), 1e-13);                 // ψ''(½) = −14ζ(3)
        assertEquals(-2 * ZETA3 + 2, Special.tetragamma(2.0), 1e-14);              // ψ''(2) = ψ''(1) + 2/1³
        // Large x: ψ''(x) ≈ −1/x² − 1/x³ − 1/(2x⁴)
        double x = 1e4;
        assertEquals(-1 / (x * x) - 1 / (x * x * x) - 0.5 / (x * x * x * x), Special.tetragamma(x), 1e-22);
        assertTrue(Double.isNaN(Special.tetragamma(0.0)));
        assertTrue(Double.isNaN(Special.tetragamma(-3.0)));
    }

    @Test
    void tetragammaIsTheDerivativeOfTrigammaAcrossItsRange() {
        // ψ''(x) against a central difference of Commons' ψ'(x), relative step, from tiny to large x.
        for (double x = 0.05; x < 500; x *= 1.37) {
            double h = 1e-5 * x;
            double numeric = (Special.trigamma(x + h) - Special.trigamma(x - h)) / (2 * h);
            double exact = Special.tetragamma(x);
            assertEquals(numeric, exact, 1e-7 * Math.abs(exact), "ψ''(" + x + ")");
        }
    }

    @Test
    void tetragammaSatisfiesItsRecurrence() {
        // ψ''(x + 1) − ψ''(x) = 2/x³, including across the switch to the asymptotic series at x = 12.
        for (double x : new double[] {0.3, 1.7, 10.5, 11.2, 11.9, 12.0, 12.4, 40.0, -0.5, -2.25}) {
            double lhs = Special.tetragamma(x + 1) - Special.tetragamma(x);
            assertEquals(2 / (x * x * x), lhs, 1e-12 * Math.max(1, Math.abs(2 / (x * x * x))), "x = " + x);
        }
    }

    @Test
    void float32IsTheRoundedFloat64Value() {
        float[] xs = {0.1f, 0.5f, 1f, 3.7f, 42f, 1234.5f};
        Tensor x32 = Tensor.wrap(xs.clone(), xs.length), x64 = x32.to(DType.F64);
        Tensor[] f32 = {Special.lgamma(x32), Special.digamma(x32), Special.trigamma(x32), Special.tetragamma(x32)};
        Tensor[] f64 = {Special.lgamma(x64), Special.digamma(x64), Special.trigamma(x64), Special.tetragamma(x64)};
        for (int f = 0; f < f32.length; f++) {
            assertEquals(DType.F32, f32[f].dtype());
            for (int i = 0; i < xs.length; i++) assertEquals((float) f64[f].getFlat(i), (float) f32[f].getFlat(i), 0.0f);
        }
    }

    @Test
    void float32OpsRecordAndBackpropagateInFloat32() {
        Var a = Var.param(Tensor.of(2.5f, 0.5f));
        Special.lgamma(a).sum().backward();
        assertEquals(DType.F32, a.grad().dtype());
        assertEquals((float) Special.digamma(2.5), (float) a.grad().getFlat(0), 0f);
        assertEquals((float) Special.digamma(0.5), (float) a.grad().getFlat(1), 0f);
    }

    @Test
    void gradientsAreTheNextFunctionInTheChain() {
        // d lgamma(x)/dx = ψ(x);  d ψ(x)/dx = ψ'(x);  d ψ'(x)/dx = ψ''(x), at x = 1: −γ, π²/6, −2ζ(3).
        Var x = Var.param(Tensor.scalar(1.0, DType.F64));
        Special.lgamma(x).backward();
        assertEquals(-EULER_GAMMA, x.grad().item(), DIGAMMA_TOL);
        x.clearGrad();
        Special.digamma(x).backward();
        assertEquals(Math.PI * Math.PI / 6, x.grad().item(), TRIGAMMA_REL * 1.7);
        x.clearGrad();
        Special.trigamma(x).backward();
        assertEquals(-2 * ZETA3, x.grad().item(), 1e-14);
    }
}
