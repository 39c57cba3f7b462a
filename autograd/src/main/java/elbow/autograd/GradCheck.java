package elbow.autograd;

import elbow.tensor.DType;
import elbow.tensor.Rng;
import elbow.tensor.Shape;
import elbow.tensor.Tensor;

/**
 * Compares the tape's gradients of a function with central finite differences, in float64.
 *
 * <pre>{@code
 * GradCheck.assertGradients(x -> x[0].mul(x[1]).tanh(), Tensor.of(0.3, -2.0), Tensor.of(1.5, 0.25));
 * GradCheck.defaults().withTolerance(1e-6, 1e-4).check(x -> x[0].logSumExp(1), input);
 * }</pre>
 *
 * <p>Two modes, by size. When every input and the output are small the whole Jacobian is compared,
 * entry by entry: one vector-Jacobian product per output element against one central difference per
 * input element. Otherwise random projections are compared, the check JAX's {@code check_grads} uses:
 * for a random output cotangent c and a random input tangent t, ⟨t, vjp(c)⟩ must equal
 * ⟨(f(x + εt) − f(x − εt)) / 2ε, c⟩. That costs one backward and two forwards per input and direction,
 * whatever the sizes, so it runs as a property over random shapes; one input is perturbed at a time,
 * so a failure names the input, and a failing input is then checked element by element to name the
 * element.
 *
 * <p>Defaults follow PyTorch's {@code gradcheck}: ε = 1e-6, atol = 1e-5, rtol = 1e-3, and an entry
 * passes when |analytic − numeric| ≤ atol + rtol·|numeric|. Float64 is required: in float32 the
 * rounding error of f(x ± ε) divided by 2ε is about 1e-7/1e-6, as large as the derivative itself
 * (PyTorch's own documentation says float32 gradcheck fails). For a projection the relative tolerance
 * is taken of max(|numeric|, Σ|t_k · vjp_k|), the magnitude of the terms summed, since a random inner
 * product can cancel far below the size of its terms and its rounding error.
 *
 * <p>Functions must be deterministic and smooth at the inputs: keep inputs away from kinks (relu, abs
 * at 0; ties of max) by more than ε, and from the edges of the domain (log near 0) by a few ε.
 */
public final class GradCheck {
    /** A function of the inputs, built from {@link Var} operations. */
    @FunctionalInterface
    public interface Fn {
        Var apply(Var... inputs);
    }

    private final double eps, atol, rtol;
    private final int maxFullInputs, maxFullOutputs, directions;
    private final long seed;

    private GradCheck(double eps, double atol, double rtol, int maxFullInputs, int maxFullOutputs, int directions, long seed) {
        this.eps = eps;
        this.atol = atol;
        this.rtol = rtol;
        this.maxFullInputs = maxFullInputs;
        this.maxFullOutputs = maxFullOutputs;
        this.directions = directions;
        this.seed = seed;
    }

    /** ε 1e-6, atol 1e-5, rtol 1e-3; full Jacobian up to 64 input and 256 output elements; 2 projections. */
    public static GradCheck defaults() {
        return new GradCheck(1e-6, 1e-5, 1e-3, 64, 256, 2, 0x5eed);
    }

    /** Checks with {@link #defaults()}; throws {@link AssertionError} naming the failing input and element. */
    public static void assertGradients(Fn f, Tensor... inputs) {
        defaults().check(f, inputs);
    }

    public GradCheck withEps(double eps) {
        return new GradCheck(eps, atol, rtol, maxFullInputs, maxFullOutputs, directions, seed);
    }

    public GradCheck withTolerance(double atol, double rtol) {
        return new GradCheck(eps, atol, rtol, maxFullInputs, maxFullOutputs, directions, seed);
    }

    /** The full Jacobian is compared when the inputs have at most this many elements in all (and the output at most 256). */
    public GradCheck withFullJacobianUpTo(int inputElements) {
        return new GradCheck(eps, atol, rtol, inputElements, maxFullOutputs, directions, seed);
    }

    /** Number of random (cotangent, tangent) pairs per input in projection mode. */
    public GradCheck withDirections(int directions) {
        return new GradCheck(eps, atol, rtol, maxFullInputs, maxFullOutputs, directions, seed);
    }

    /** Seed of the random directions. */
    public GradCheck withSeed(long seed) {
        return new GradCheck(eps, atol, rtol, maxFullInputs, maxFullOutputs, directions, seed);
    }

    /** Throws {@link AssertionError} when an analytic gradient of {@code f} disagrees with finite differences. */
    public void check(Fn f, Tensor... inputs) {
        int total = 0;
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i].dtype() != DType.F64) {
                throw new IllegalArgumentException("GradCheck needs float64 inputs (float32 finite differences are mostly rounding error); input " + i
                        + " of shape " + Shape.str(inputs[i].shape()) + " is " + inputs[i].dtype() + ", convert it with .to(DType.F64)");
            }
            total += inputs[i].size();
        }
        Tensor y = evaluate(f, inputs);
        if (y.dtype() != DType.F64) throw new IllegalArgumentException("GradCheck needs a float64 output, got " + y.dtype() + Shape.str(y.shape()));
        if (total <= maxFullInputs && y.size() <= maxFullOutputs) fullJacobian(f, inputs, y);
        else projections(f, inputs, y);
    }

    // ---------------------------------------------------------------- full Jacobian

    private void fullJacobian(Fn f, Tensor[] inputs, Tensor y) {
        int m = y.size();
        // analytic[i][j] = gradient of output element j with respect to input i
        Tensor[][] analytic = new Tensor[inputs.length][m];
        Var[] params = params(inputs);
        Var out = f.apply(params);
        requireShape(out.value(), y);
        for (int j = 0; j < m; j++) {
            Tensor[] g = gradients(out, unit(y, j), params, j < m - 1); // row j of the Jacobian
            for (int i = 0; i < inputs.length; i++) analytic[i][j] = g[i];
        }
        Failure worst = null;
        int failures = 0, entries = 0;
        for (int i = 0; i < inputs.length; i++) {
            for (int k = 0; k < inputs[i].size(); k++) {
                Tensor column = centralDifference(f, inputs, i, unit(inputs[i], k));
                for (int j = 0; j < m; j++) {
                    double a = analytic[i][j].getFlat(k), n = column.getFlat(j);
                    entries++;
                    Failure fail = compare(a, n, Math.abs(n));
                    if (fail != null) {
                        failures++;
                        fail.where(i, inputs, k).output(j, y);
                        if (worst == null || fail.excess > worst.excess) worst = fail;
                    }
                }
            }
        }
        if (worst != null) {
            throw new AssertionError(worst.message() + "; " + failures + " of " + entries + " Jacobian entries fail (full Jacobian, " + settings() + ")");
        }
    }

    // ---------------------------------------------------------------- random projections

    private void projections(Fn f, Tensor[] inputs, Tensor y) {
        Rng rng = new Rng(seed);
        for (int d = 0; d < directions; d++) {
            Tensor c = rng.normal(DType.F64, y.shape());
            Var[] params = params(inputs);
            Var out = f.apply(params);
            requireShape(out.value(), y);
            Tensor[] vjp = gradients(out, c, params, false);
            for (int i = 0; i < inputs.length; i++) {
                if (inputs[i].size() == 0) continue;
                Tensor t = rng.normal(DType.F64, inputs[i].shape());
                double a = 0, magnitude = 0;
                for (int k = 0; k < t.size(); k++) {
                    double term = t.getFlat(k) * vjp[i].getFlat(k);
                    a += term;
                    magnitude += Math.abs(term);
                }
                double n = dot(centralDifference(f, inputs, i, t), c);
                Failure fail = compare(a, n, Math.max(Math.abs(n), magnitude));
                if (fail != null) {
                    String element = locate(f, inputs, i, c, vjp[i]);
                    throw new AssertionError("gradient check failed for input " + i + " of " + inputs.length + " (shape " + Shape.str(inputs[i].shape())
                            + ") in a random direction: ⟨t, vjp(c)⟩ = " + a + " vs finite difference " + n + " (difference " + Math.abs(a - n)
                            + " > tolerance " + fail.tolerance + ")" + element + " (random projection " + (d + 1) + " of " + directions + ", " + settings() + ")");
                }
            }
        }
    }

    /** After a failed projection: the worst element of input i, comparing vjp(c) with ⟨∂f/∂x_k, c⟩ by differences. */
    private String locate(Fn f, Tensor[] inputs, int i, Tensor c, Tensor vjp) {
        if (inputs[i].size() > 4096) return "";
        Failure worst = null;
        int failures = 0;
        for (int k = 0; k < inputs[i].size(); k++) {
            double n = dot(centralDifference(f, inputs, i, unit(inputs[i], k)), c);
            Failure fail = compare(vjp.getFlat(k), n, Math.abs(n));
            if (fail != null) {
                failures++;
                fail.where(i, inputs, k);
                if (worst == null || fail.excess > worst.excess) worst = fail;
            }
        }
        if (worst == null) return "; no single element fails on its own";
        return "; element by element against the same cotangent, " + failures + " of " + inputs[i].size() + " fail, the worst: " + worst.message();
    }

    // ---------------------------------------------------------------- pieces

    private static Var[] params(Tensor[] inputs) {
        Var[] p = new Var[inputs.length];
        for (int i = 0; i < inputs.length; i++) p[i] = Var.param(inputs[i]);
        return p;
    }

    /** Gradients of ⟨c, out⟩ for every parameter; zeros when out does not depend on them at all. */
    private static Tensor[] gradients(Var out, Tensor c, Var[] params, boolean retain) {
        if (!out.requiresGrad()) {
            Tensor[] zeros = new Tensor[params.length];
            for (int i = 0; i < params.length; i++) zeros[i] = Tensor.zerosLike(params[i].value());
            return zeros;
        }
        return Tape.vjp(out, c, retain, params);
    }

    @SuppressWarnings("try") // the scope is the point, not the resource
    private static Tensor evaluate(Fn f, Tensor[] inputs) {
        Var[] constants = new Var[inputs.length];
        for (int i = 0; i < inputs.length; i++) constants[i] = Var.constant(inputs[i]);
        try (NoGrad off = NoGrad.enter()) {
            return f.apply(constants).value();
        }
    }

    /** (f(x + εt) − f(x − εt)) / 2ε with only input i moved. */
    private Tensor centralDifference(Fn f, Tensor[] inputs, int i, Tensor t) {
        Tensor[] moved = inputs.clone();
        moved[i] = inputs[i].copy().axpyInPlace(eps, t);
        Tensor plus = evaluate(f, moved);
        moved[i] = inputs[i].copy().axpyInPlace(-eps, t);
        Tensor minus = evaluate(f, moved);
        return plus.sub(minus).mulInPlace(1.0 / (2 * eps));
    }

    private static Tensor unit(Tensor like, int k) {
        Tensor e = Tensor.zerosLike(like);
        e.setFlat(k, 1.0);
        return e;
    }

    private static double dot(Tensor a, Tensor b) {
        double s = 0;
        for (int k = 0; k < a.size(); k++) s += a.getFlat(k) * b.getFlat(k);
        return s;
    }

    private static void requireShape(Tensor analytic, Tensor numeric) {
        if (!analytic.sameShape(numeric)) {
            throw new IllegalStateException("GradCheck: the function gave shape " + Shape.str(analytic.shape()) + " with parameters but "
                    + Shape.str(numeric.shape()) + " with constants; it must not depend on whether gradients are recorded");
        }
    }

    private Failure compare(double analytic, double numeric, double magnitude) {
        double tolerance = atol + rtol * magnitude;
        double diff = Math.abs(analytic - numeric);
        if (diff <= tolerance) return null; // NaN on either side fails here
        return new Failure(analytic, numeric, diff, tolerance);
    }

    private String settings() {
        return "eps " + eps + ", atol " + atol + ", rtol " + rtol;
    }

    /** One disagreeing entry, for the message. */
    private static final class Failure {
        final double analytic, numeric, excess;
        final String tolerance;
        String where = "", output = "";

        Failure(double analytic, double numeric, double diff, double tolerance) {
            this.analytic = analytic;
            this.numeric = numeric;
            this.excess = Double.isNaN(diff) ? Double.POSITIVE_INFINITY : diff / tolerance;
            this.tolerance = String.valueOf(tolerance);
        }

        Failure where(int input, Tensor[] inputs, int k) {
            where = "input " + input + " of " + inputs.length + " (shape " + Shape.str(inputs[input].shape()) + "), element "
                    + index(k, inputs[input].shape()) + " = " + inputs[input].getFlat(k);
            return this;
        }

        Failure output(int j, Tensor y) {
            output = ", output element " + index(j, y.shape()) + " of shape " + Shape.str(y.shape());
            return this;
        }

        String message() {
            return "gradient check failed at " + where + output + ": analytic " + analytic + " vs numeric " + numeric
                    + " (difference " + Math.abs(analytic - numeric) + " > tolerance " + tolerance + ")";
        }

        private static String index(int flat, int[] shape) {
            int[] idx = new int[shape.length];
            for (int d = shape.length - 1; d >= 0; d--) {
                idx[d] = shape[d] == 0 ? 0 : flat % shape[d];
                flat = shape[d] == 0 ? 0 : flat / shape[d];
            }
            return java.util.Arrays.toString(idx);
        }
    }
}
