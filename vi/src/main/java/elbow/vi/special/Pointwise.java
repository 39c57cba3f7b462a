package elbow.vi.special;

import elbow.tensor.Tensor;

import java.util.function.DoubleUnaryOperator;

/**
 * Applies a scalar function to every element. float32 elements are widened to double, evaluated and
 * rounded once, so a float32 result is the correctly rounded value of the double routine (the
 * special functions lose nothing to float32 arithmetic inside their series).
 *
 * <p>A run of equal arguments is evaluated once: estimators replicate a distribution's parameters
 * once per Monte Carlo sample (to get per-sample gradients), so log Γ(a) or ψ(a) of thousands of
 * copies of one shape a is the common case, and each evaluation costs tens of nanoseconds.
 */
final class Pointwise {
    private Pointwise() {}

    static Tensor map(Tensor x, DoubleUnaryOperator f) {
        Tensor out = Tensor.zerosLike(x);
        int n = x.size();
        if (x.isF32()) {
            float[] a = x.data32(), o = out.data32();
            // Compared bit for bit, so -0.0 and 0.0 (and NaNs) are never taken for one another.
            int last = Float.floatToRawIntBits(Float.NaN) ^ 1;
            float value = Float.NaN;
            for (int i = 0; i < n; i++) {
                int bits = Float.floatToRawIntBits(a[i]);
                if (bits != last) {
                    last = bits;
                    value = (float) f.applyAsDouble(a[i]);
                }
                o[i] = value;
            }
        } else {
            double[] a = x.data64(), o = out.data64();
            long last = Double.doubleToRawLongBits(Double.NaN) ^ 1;
            double value = Double.NaN;
            for (int i = 0; i < n; i++) {
                long bits = Double.doubleToRawLongBits(a[i]);
                if (bits != last) {
                    last = bits;
                    value = f.applyAsDouble(a[i]);
                }
                o[i] = value;
            }
        }
        return out;
    }
}
