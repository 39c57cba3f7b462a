package elbow.nn;

import elbow.autograd.GradCheck;
import elbow.autograd.NoGrad;
import elbow.autograd.Var;
import elbow.tensor.DType;
import elbow.tensor.Rng;
import elbow.tensor.Shape;
import elbow.tensor.Tensor;

import java.util.List;
import java.util.function.Supplier;

/**
 * Checks the gradients that {@code backward()} accumulates into a model's parameters against central
 * finite differences, in float64: the whole-layer and whole-model check, for computations whose
 * parameters live inside modules (where {@link GradCheck}, which makes its own leaves, cannot reach).
 *
 * <pre>{@code
 * Mlp mlp = new Mlp(new int[] {5, 7, 3}, Activation.Kind.TANH, false, DType.F64, new Rng(1));
 * Tensor x = ..., c = ...;                                 // float64 input and output weights
 * ParameterGradCheck.assertGradients(() -> mlp.forward(x).mul(Var.constant(c)).sum(), mlp.parameters());
 * }</pre>
 *
 * <p>The loss is differentiated once with {@code backward()}; then each parameter is moved in place,
 * element by element when it is small (a full comparison) and along random directions plus a sample of
 * elements when it is large, and the loss is re-evaluated without recording. Values are restored exactly
 * afterwards. Tolerances are {@link GradCheck}'s (PyTorch's gradcheck): ε = 1e-6, and an entry passes
 * when |analytic − numeric| ≤ 1e-5 + 1e-3·|numeric|.
 */
public final class ParameterGradCheck {
    private ParameterGradCheck() {}

    static final double EPS = 1e-6, ATOL = 1e-5, RTOL = 1e-3;
    /** Parameters up to this size are checked element by element; larger ones by projections and samples. */
    static final int FULL = 512;
    private static final int SAMPLES = 48, DIRECTIONS = 3;

    /**
     * Throws {@link AssertionError} naming the parameter and element when the gradient {@code backward()}
     * leaves in a parameter disagrees with finite differences of {@code loss}, a deterministic scalar
     * float64 function of the parameters. Any gradients the parameters held before are cleared.
     */
    public static void assertGradients(Supplier<Var> loss, List<Parameter> parameters) {
        for (Parameter p : parameters) {
            if (p.dtype() != DType.F64) {
                throw new IllegalArgumentException("ParameterGradCheck needs float64 parameters; " + p + " is " + p.dtype());
            }
            p.var().clearGrad();
        }
        Var l = loss.get();
        if (l.size() != 1 || l.dtype() != DType.F64) throw new IllegalArgumentException("the loss must be a float64 scalar, got " + l.dtype() + Shape.str(l.shape()));
        l.backward();
        Rng rng = new Rng(0x9a7);
        for (Parameter p : parameters) {
            Tensor analytic = p.grad() == null ? Tensor.zerosLike(p.value()) : p.grad().copy();
            Tensor value = p.value(), saved = value.copy();
            try {
                if (p.size() <= FULL) {
                    for (int k = 0; k < p.size(); k++) compareElement(loss, p, analytic, k);
                } else {
                    for (int d = 0; d < DIRECTIONS; d++) compareDirection(loss, p, analytic, rng.normal(DType.F64, p.shape()), saved, d);
                    for (int s = 0; s < SAMPLES; s++) compareElement(loss, p, analytic, rng.nextInt(p.size()));
                }
            } finally {
                value.assign(saved);
            }
        }
    }

    private static void compareElement(Supplier<Var> loss, Parameter p, Tensor analytic, int k) {
        Tensor value = p.value();
        double x = value.getFlat(k);
        value.setFlat(k, x + EPS);
        double plus = evaluate(loss);
        value.setFlat(k, x - EPS);
        double minus = evaluate(loss);
        value.setFlat(k, x);
        double numeric = (plus - minus) / (2 * EPS), a = analytic.getFlat(k);
        double tolerance = ATOL + RTOL * Math.abs(numeric);
        if (!(Math.abs(a - numeric) <= tolerance)) {
            throw new AssertionError("gradient check failed for parameter " + p + " at element " + index(k, p.shape()) + " = " + x
                    + ": backward gives " + a + ", finite differences " + numeric + " (difference " + Math.abs(a - numeric) + " > tolerance " + tolerance + ")");
        }
    }

    private static void compareDirection(Supplier<Var> loss, Parameter p, Tensor analytic, Tensor t, Tensor saved, int d) {
        Tensor value = p.value();
        value.assign(saved).axpyInPlace(EPS, t);
        double plus = evaluate(loss);
        value.assign(saved).axpyInPlace(-EPS, t);
        double minus = evaluate(loss);
        value.assign(saved);
        double numeric = (plus - minus) / (2 * EPS), a = 0, magnitude = 0;
        for (int k = 0; k < t.size(); k++) {
            double term = t.getFlat(k) * analytic.getFlat(k);
            a += term;
            magnitude += Math.abs(term);
        }
        double tolerance = ATOL + RTOL * Math.max(Math.abs(numeric), magnitude);
        if (!(Math.abs(a - numeric) <= tolerance)) {
            throw new AssertionError("gradient check failed for parameter " + p + " in random direction " + (d + 1) + ": ⟨t, gradient⟩ = " + a
                    + ", finite differences " + numeric + " (difference " + Math.abs(a - numeric) + " > tolerance " + tolerance + ")");
        }
    }

    @SuppressWarnings("try") // the scope is the point
    private static double evaluate(Supplier<Var> loss) {
        try (NoGrad off = NoGrad.enter()) {
            return loss.get().item();
        }
    }

    private static String index(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = flat % shape[d];
            flat /= shape[d];
        }
        return java.util.Arrays.toString(idx);
    }
}
