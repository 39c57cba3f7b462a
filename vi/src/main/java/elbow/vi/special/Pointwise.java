package elbow.vi.special;

import elbow.tensor.Tensor;

import java.util.function.DoubleUnaryOperator;

/**
 * Applies a scalar function to every element. float32 elements are widened to double, evaluated and
 * rounded once, so a float32 result is the correctly rounded value of the double routine (the
 * special functions lose nothing to float32 arithmetic inside their series).
 */
final class Pointwise {
    private Pointwise() {}

    static Tensor map(Tensor x, DoubleUnaryOperator f) {
        Tensor out = Tensor.zerosLike(x);
        int n = x.size();
        if (x.isF32()) {
            float[] a = x.data32(), o = out.data32();
            for (int i = 0; i < n; i++) o[i] = (float) f.applyAsDouble(a[i]);
        } else {
            double[] a = x.data64(), o = out.data64();
            for (int i = 0; i < n; i++) o[i] = f.applyAsDouble(a[i]);
        }
        return out;
    }
}
