package elbow.nn;

import elbow.autograd.GradCheck;
import elbow.autograd.Var;
import elbow.tensor.DType;
import elbow.tensor.Rng;
import elbow.tensor.Tensor;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LinearTest {
    @Test
    void forwardIsInputTimesWeightTransposedPlusBias() {
        Linear layer = new Linear(2, 3, DType.F64, new Rng(1));
        // W = [[1, 2], [3, 4], [5, 6]] ([out, in]), b = [0.5, -1, 2]
        layer.weight().value().assign(Tensor.wrap(new double[] {1, 2, 3, 4, 5, 6}, 3, 2));
        layer.bias().value().assign(Tensor.of(0.5, -1.0, 2.0));
        Tensor x = Tensor.wrap(new double[] {1, -1, 2, 0.5}, 2, 2);
        Tensor y = layer.forward(x).value();
        // row 0: (1-2, 3-4, 5-6) + b = (-0.5, -2, 1); row 1: (2+1, 6+2, 10+3) + b = (3.5, 7, 15)
        assertArrayEquals(new double[] {-0.5, -2, 1, 3.5, 7, 15}, y.toDoubleArray(), 1e-15);
        assertArrayEquals(new int[] {2, 3}, y.shape());
    }

    @Test
    void leadingAxesAreBatchAxes() {
        Linear layer = new Linear(4, 3, DType.F64, new Rng(2));
        Tensor x = new Rng(3).normal(DType.F64, 5, 2, 4);
        Tensor y = layer.forward(x).value();
        assertArrayEquals(new int[] {5, 2, 3}, y.shape());
        Tensor rows = layer.forward(x.reshape(10, 4)).value();
        assertArrayEquals(rows.toDoubleArray(), y.toDoubleArray(), 0.0);
        // a single vector too
        Tensor one = layer.forward(x.reshape(10, 4).slice(0, 3, 4).reshape(4)).value();
        assertArrayEquals(new int[] {3}, one.shape());
        assertArrayEquals(rows.slice(0, 3, 4).toDoubleArray(), one.toDoubleArray(), 0.0);
    }

    @Test
    void emptyBatch() {
        Linear layer = new Linear(3, 2, DType.F64, new Rng(1));
        Var x = Var.param(Tensor.zeros(DType.F64, 0, 3));
        Var y = layer.forward(x);
        assertArrayEquals(new int[] {0, 2}, y.shape());
        y.sum().backward();
        assertArrayEquals(new double[6], layer.weight().grad().toDoubleArray(), 0);
        assertArrayEquals(new double[2], layer.bias().grad().toDoubleArray(), 0);
        assertArrayEquals(new int[] {0, 3}, x.grad().shape());
    }

    @Test
    void glorotUniformWeightsAndZeroBiasDeterministicForASeed() {
        Linear a = new Linear(784, 200, DType.F32, new Rng(42)), b = new Linear(784, 200, DType.F32, new Rng(42));
        assertArrayEquals(a.weight().value().data32(), b.weight().value().data32());
        assertArrayEquals(new int[] {200, 784}, a.weight().shape());
        double limit = Math.sqrt(6.0 / (784 + 200)), sum = 0, sumSq = 0;
        for (float w : a.weight().value().data32()) {
            assertTrue(Math.abs(w) <= limit, "weight " + w + " outside ±" + limit);
            sum += w;
            sumSq += (double) w * w;
        }
        int n = 784 * 200;
        assertEquals(0.0, sum / n, 0.01 * limit);
        assertEquals(limit * limit / 3, sumSq / n, 0.02 * limit * limit / 3); // variance of U(-a, a) is a²/3 = 2/(in+out)
        for (float v : a.bias().value().data32()) assertEquals(0f, v);
        Linear c = new Linear(784, 200, DType.F32, new Rng(43));
        assertTrue(c.weight().value().data32()[0] != a.weight().value().data32()[0]);
    }

    @Test
    void namesAndCountsMatchPyTorch() {
        Linear layer = new Linear(784, 200, DType.F32, new Rng(0));
        assertEquals("weight", layer.parameters().get(0).name());
        assertEquals("bias", layer.parameters().get(1).name());
        assertEquals(784 * 200 + 200, layer.parameterCount());
        assertEquals("Linear(in=784, out=200)", layer.toString());
        Linear noBias = new Linear(3, 2, false, DType.F32, new Rng(0));
        assertNull(noBias.bias());
        assertEquals(1, noBias.parameters().size());
        assertEquals("Linear(in=3, out=2, bias=false)", noBias.describe());
    }

    @Test
    void wrongInputShapeNamesBothShapes() {
        Linear layer = new Linear(784, 200, DType.F32, new Rng(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> layer.forward(Tensor.zeros(DType.F32, 20, 785)));
        assertTrue(e.getMessage().contains("[..., 784]") && e.getMessage().contains("[20, 785]"), e.getMessage());
        IllegalArgumentException d = assertThrows(IllegalArgumentException.class, () -> layer.forward(Tensor.zeros(DType.F64, 20, 784)));
        assertTrue(d.getMessage().contains("F32") && d.getMessage().contains("F64"), d.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Linear(0, 3, DType.F32, new Rng(0)));
    }

    /** The fused primitive against finite differences, with respect to x, W and b together. */
    @Property(tries = 60)
    void primitiveGradients(@ForAll("seeds") long seed, @ForAll @IntRange(min = 1, max = 17) int in, @ForAll @IntRange(min = 1, max = 17) int out,
                            @ForAll @IntRange(min = 0, max = 2) int batchAxes, @ForAll boolean withBias) {
        Rng rng = new Rng(seed);
        int[] xShape = batchAxes == 0 ? new int[] {in} : batchAxes == 1 ? new int[] {1 + rng.nextInt(5), in} : new int[] {1 + rng.nextInt(3), 1 + rng.nextInt(4), in};
        Tensor x = rng.normal(DType.F64, xShape), w = rng.normal(DType.F64, out, in), b = rng.normal(DType.F64, out);
        if (withBias) GradCheck.assertGradients(v -> new LinearFunction().apply(v[0], v[1], v[2]).tanh(), x, w, b);
        else GradCheck.assertGradients(v -> new LinearFunction().apply(v[0], v[1], null).tanh(), x, w);
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<Long> seeds() {
        return net.jqwik.api.Arbitraries.longs();
    }

    /** The layer as a whole: gradients into its own parameters and with respect to its input. */
    @Test
    void layerGradients() {
        Rng rng = new Rng(7);
        Linear layer = new Linear(5, 4, DType.F64, rng);
        layer.bias().value().assign(rng.normal(DType.F64, 4)); // non-zero bias, so it matters
        Tensor x = rng.normal(DType.F64, 3, 5), c = rng.normal(DType.F64, 3, 4);
        ParameterGradCheck.assertGradients(() -> layer.forward(x).tanh().mul(Var.constant(c)).sum(), layer.parameters());
        GradCheck.assertGradients(v -> layer.forward(v[0]).tanh(), x);
        Tensor x3 = rng.normal(DType.F64, 2, 3, 5), c3 = rng.normal(DType.F64, 2, 3, 4);
        ParameterGradCheck.assertGradients(() -> layer.forward(x3).square().mul(Var.constant(c3)).sum(), layer.parameters());
    }

    @Test
    void noGradientIsComputedForDataInput() {
        Linear layer = new Linear(3, 2, DType.F64, new Rng(1));
        Var x = Var.constant(new Rng(2).normal(DType.F64, 4, 3));
        layer.forward(x).sum().backward();
        assertNull(x.grad());
        // dL/db for L = Σ y is the number of rows; dL/dW[o, i] = Σ_rows x[:, i]
        assertArrayEquals(new double[] {4, 4}, layer.bias().grad().toDoubleArray(), 0);
        Tensor colSums = x.value().sum(0);
        for (int o = 0; o < 2; o++) for (int i = 0; i < 3; i++) assertEquals(colSums.getFlat(i), layer.weight().grad().get(o, i), 1e-12);
    }
}
