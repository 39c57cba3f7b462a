package elbow.vi.distributions;

import elbow.autograd.NoGrad;
import elbow.autograd.Var;
import elbow.tensor.DType;
import elbow.tensor.Shape;
import elbow.tensor.Tensor;

import java.util.Arrays;
import java.util.function.DoublePredicate;
import java.util.function.Supplier;

/**
 * Parameter validation and shape arithmetic shared by the distributions. Every message names the
 * distribution, the parameter and the offending value with its index and the parameter's shape.
 */
final class Checks {
    private Checks() {}

    /** Throws unless every element of {@code p} is finite (not NaN, not ±∞). */
    static void finite(String dist, String param, Var p) {
        if (!ArgumentValidation.isEnabled()) return;
        Tensor t = p.value();
        int i = firstViolation(t, Double::isFinite);
        if (i >= 0) throw invalid(dist, param, "must be finite", t.getFlat(i), i, t);
    }

    /** Throws unless every element of {@code p} is positive and finite. */
    static void positive(String dist, String param, Var p) {
        if (!ArgumentValidation.isEnabled()) return;
        Tensor t = p.value();
        int i = firstViolation(t, v -> v > 0 && v != Double.POSITIVE_INFINITY);
        if (i >= 0) throw invalid(dist, param, "must be positive and finite", t.getFlat(i), i, t);
    }

    /** The flat index of the first element failing {@code valid}, or −1; one pass over the backing array. */
    static int firstViolation(Tensor t, DoublePredicate valid) {
        int n = t.size();
        if (t.isF32()) {
            float[] a = t.data32();
            for (int i = 0; i < n; i++) if (!valid.test(a[i])) return i;
        } else {
            double[] a = t.data64();
            for (int i = 0; i < n; i++) if (!valid.test(a[i])) return i;
        }
        return -1;
    }

    /**
     * Throws unless every row of {@code probs} along the last axis is a probability vector: entries in
     * [0, 1] and a sum within {@code tolerance(dtype, K)} of 1.
     */
    static void simplex(String dist, String param, Var probs) {
        if (!ArgumentValidation.isEnabled()) return;
        Tensor t = probs.value();
        if (t.rank() == 0 || t.shape()[t.rank() - 1] == 0) {
            throw new IllegalArgumentException(dist + ": " + param + " needs a last axis of categories, shape is " + Shape.str(t.shape()));
        }
        int k = t.shape()[t.rank() - 1], rows = t.size() / k;
        double tol = simplexTolerance(t.dtype(), k);
        for (int r = 0; r < rows; r++) {
            double sum = 0;
            for (int j = 0; j < k; j++) {
                double v = t.getFlat(r * k + j);
                if (!(v >= 0 && v <= 1)) throw invalid(dist, param, "must be in [0, 1]", v, r * k + j, t);
                sum += v;
            }
            if (!(Math.abs(sum - 1) <= tol)) {
                throw new IllegalArgumentException(dist + ": " + param + " must sum to 1 along the last axis (within " + tol + "), but row "
                        + Arrays.toString(index(r * k, t.shape())) + " sums to " + sum + " (shape " + Shape.str(t.shape()) + ")");
            }
        }
    }

    /**
     * Allowance for a sum of K probabilities: far above the rounding of a normalisation in the dtype
     * (K ulps), far below any real mistake.
     */
    static double simplexTolerance(DType dtype, int k) {
        return (dtype == DType.F32 ? 1e-5 : 1e-9) * Math.max(1, k);
    }

    /** Throws unless all parameters have one dtype; returns it. */
    static DType sameDType(String dist, String[] names, Var... params) {
        DType d = params[0].dtype();
        for (int i = 1; i < params.length; i++) {
            if (params[i].dtype() != d) {
                throw new IllegalArgumentException(dist + ": parameters must share one dtype, but " + names[0] + " is " + d
                        + " and " + names[i] + " is " + params[i].dtype());
            }
        }
        return d;
    }

    /** The broadcast shape of the parameters; the message names them and their shapes. */
    static int[] broadcast(String dist, String[] names, Var... params) {
        int[] s = params[0].shape();
        for (int i = 1; i < params.length; i++) {
            try {
                s = Shape.broadcast(s, params[i].shape());
            } catch (IllegalArgumentException e) {
                StringBuilder sb = new StringBuilder(dist).append(": parameter shapes do not broadcast:");
                for (int j = 0; j < params.length; j++) sb.append(' ').append(names[j]).append(Shape.str(params[j].shape()));
                throw new IllegalArgumentException(sb.toString(), e);
            }
        }
        return s;
    }

    /** Throws unless {@code value} has the distribution's dtype and its shape ends broadcast-compatibly with batch ++ event. */
    static void value(Distribution d, Var value, String op) {
        if (value.dtype() != d.dtype()) {
            throw new IllegalArgumentException(d.name() + "." + op + ": value is " + value.dtype() + Shape.str(value.shape())
                    + " but the distribution's parameters are " + d.dtype());
        }
        int[] event = d.eventShape(), full = concat(d.batchShape(), event);
        int[] vs = value.shape();
        boolean ok = vs.length >= event.length;
        for (int i = 0; ok && i < event.length; i++) ok = vs[vs.length - event.length + i] == event[i];
        if (ok) {
            try {
                Shape.broadcast(vs, full);
            } catch (IllegalArgumentException e) {
                ok = false;
            }
        }
        if (!ok) {
            throw new IllegalArgumentException(d.name() + "." + op + ": value of shape " + Shape.str(vs) + " does not match batch shape "
                    + Shape.str(d.batchShape()) + " and event shape " + Shape.str(event)
                    + " (it must end with the event shape and broadcast with batch ++ event)");
        }
    }

    /** Throws unless every entry of a sample shape is non-negative. */
    static void sampleShape(String dist, int[] sampleShape) {
        for (int s : sampleShape) {
            if (s < 0) throw new IllegalArgumentException(dist + ": negative sample shape " + Arrays.toString(sampleShape));
        }
    }

    static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /**
     * The value of {@code f} computed without recording (sample() is rsample() without the graph, so
     * both draw the same numbers from the same generator state).
     */
    @SuppressWarnings("try") // the scope is the point, not the resource
    static Tensor withoutGradient(Supplier<Var> f) {
        try (NoGrad off = NoGrad.enter()) {
            return f.get().value();
        }
    }

    /** A constant of one element (rank 0) that broadcasts with anything. */
    static Var constant(double v, DType dtype) {
        return Var.constant(Tensor.scalar(v, dtype));
    }

    /** {@code v} broadcast to {@code shape}, or {@code v} itself when it already has that shape. */
    static Var expand(Var v, int[] shape) {
        return Shape.equal(v.shape(), shape) ? v : v.expand(shape);
    }

    private static IllegalArgumentException invalid(String dist, String param, String rule, double v, int flat, Tensor t) {
        String where = t.rank() == 0 ? "" : " at index " + Arrays.toString(index(flat, t.shape()));
        return new IllegalArgumentException(dist + ": " + param + " " + rule + ", got " + v + where + " (shape " + Shape.str(t.shape()) + ")");
    }

    private static int[] index(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        for (int i = shape.length - 1; i >= 0; i--) {
            idx[i] = shape[i] == 0 ? 0 : flat % shape[i];
            flat = shape[i] == 0 ? 0 : flat / shape[i];
        }
        return idx;
    }
}
