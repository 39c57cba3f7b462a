package elbow.vi.distributions;

import elbow.tensor.DType;
import elbow.tensor.Rng;
import elbow.tensor.Shape;
import elbow.tensor.Tensor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

import java.util.Arrays;

/** Random shapes and parameter values for the properties: everything derived from one seed. */
final class Gen {
    private Gen() {}

    /** Batch shapes: scalar, vectors, a matrix, and one with a unit axis. */
    static Arbitrary<int[]> batchShapes() {
        return Arbitraries.of(new int[] {}, new int[] {1}, new int[] {3}, new int[] {2, 3}, new int[] {4, 1}, new int[] {2, 1, 2});
    }

    final static class Source {
        final Rng rng;

        Source(long seed) {
            this.rng = new Rng(seed);
        }

        /** A shape that broadcasts to {@code batch}: some leading axes dropped, some axes set to 1. */
        int[] broadcastingTo(int[] batch) {
            int drop = rng.nextInt(batch.length + 1);
            int[] s = Arrays.copyOfRange(batch, drop, batch.length);
            for (int i = 0; i < s.length; i++) if (rng.nextInt(3) == 0) s[i] = 1;
            return s;
        }

        /** The shape of a value scored against {@code batch ++ event}: with or without a leading sample axis. */
        int[] valueShape(int[] batch, int... event) {
            int[] full = Checks.concat(batch, event);
            return rng.nextInt(2) == 0 ? full : Checks.concat(new int[] {2}, full);
        }

        Tensor uniform(double lo, double hi, int... shape) {
            Tensor t = Tensor.zeros(DType.F64, shape);
            for (int i = 0; i < t.size(); i++) t.setFlat(i, lo + (hi - lo) * rng.uniform());
            return t;
        }

        /** Log-uniform on [lo, hi]: positive parameters over orders of magnitude. */
        Tensor logUniform(double lo, double hi, int... shape) {
            Tensor t = Tensor.zeros(DType.F64, shape);
            for (int i = 0; i < t.size(); i++) t.setFlat(i, lo * Math.exp(rng.uniform() * Math.log(hi / lo)));
            return t;
        }

        /** Points in the interior of the simplex along the last axis (entries at least 0.02·K⁻¹-ish). */
        Tensor simplex(int... shape) {
            Tensor t = uniform(0.1, 1.0, shape);
            return t.div(t.sumKeep(-1));
        }

        /** Category indices in [0, K) of the given shape, as float64 numbers. */
        Tensor indices(int k, int... shape) {
            Tensor t = Tensor.zeros(DType.F64, shape);
            for (int i = 0; i < t.size(); i++) t.setFlat(i, rng.nextInt(k));
            return t;
        }

        @Override
        public String toString() {
            return "Source";
        }
    }

    static String str(int[] shape) {
        return Shape.str(shape);
    }
}
