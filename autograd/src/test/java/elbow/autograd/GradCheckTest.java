package elbow.autograd;

import elbow.tensor.DType;
import elbow.tensor.Rng;
import elbow.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The checker itself: it passes correct gradients and catches wrong ones, naming the input and element. */
class GradCheckTest {
    /** x³ with a deliberately wrong derivative 2x² (instead of 3x²). */
    static final class WrongCube extends UnaryPrimitive {
        @Override
        protected Tensor forward(Tensor x) {
            save(x);
            return x.pow(3.0);
        }

        @Override
        protected Tensor backward(Tensor g) {
            return saved(0).square().mul(2.0).mul(g);
        }
    }

    /** Correct everywhere except element 5, whose gradient is dropped. */
    static final class DropsOneElement extends UnaryPrimitive {
        @Override
        protected Tensor forward(Tensor x) {
            return x.mul(2.0);
        }

        @Override
        protected Tensor backward(Tensor g) {
            Tensor d = g.mul(2.0);
            d.setFlat(5, 0.0);
            return d;
        }
    }

    @Test
    void passesACorrectComposite() {
        Rng r = new Rng(3);
        GradCheck.assertGradients(x -> x[0].matmul(x[1]).tanh().logSumExp(1).sum(), r.normal(DType.F64, 4, 3), r.normal(DType.F64, 3, 5));
    }

    @Test
    void fullJacobianNamesInputElementAndValues() {
        Tensor x = Tensor.of(0.1, 2.0);
        AssertionError e = assertThrows(AssertionError.class,
                () -> GradCheck.assertGradients(v -> v[0].mul(new WrongCube().apply(v[1])), Tensor.of(1.0, 1.0), x));
        String m = e.getMessage();
        // worst entry: element 1 of input 1 (x = 2): analytic 2·4 = 8 vs numeric 3·4 = 12
        assertTrue(m.contains("input 1 of 2") && m.contains("element [1] = 2.0") && m.contains("analytic 8.0") && m.contains("numeric 1"), m);
        assertTrue(m.contains("full Jacobian"), m);
    }

    @Test
    void randomProjectionNamesInputAndThenTheElement() {
        Rng r = new Rng(7);
        Tensor a = r.normal(DType.F64, 10, 20), b = r.normal(DType.F64, 10, 20);
        AssertionError e = assertThrows(AssertionError.class,
                () -> GradCheck.assertGradients(v -> v[0].mul(new DropsOneElement().apply(v[1])), a, b));
        String m = e.getMessage();
        assertTrue(m.contains("input 1 of 2 (shape [10, 20]) in a random direction"), m);
        assertTrue(m.contains("1 of 200 fail") && m.contains("element [0, 5]") && m.contains("analytic 0.0"), m);
    }

    @Test
    void rejectsFloat32Inputs() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GradCheck.assertGradients(v -> v[0].exp(), Tensor.of(1f, 2f)));
        assertTrue(e.getMessage().contains("float64") && e.getMessage().contains("input 0"), e.getMessage());
    }

    @Test
    void functionsThatIgnoreAnInputHaveZeroGradientsForIt() {
        GradCheck.assertGradients(v -> Var.constant(Tensor.of(1.0, 2.0)).exp(), Tensor.of(1.0, 2.0));
        GradCheck.assertGradients(v -> v[0].exp(), Tensor.of(1.0, 2.0), Tensor.of(3.0));
    }

    @Test
    void toleranceAndModeAreConfigurable() {
        Rng r = new Rng(11);
        Tensor x = r.normal(DType.F64, 6, 7);
        GradCheck.defaults().withTolerance(1e-7, 1e-5).withDirections(4).withSeed(99).check(v -> v[0].softmax(1), x);
        GradCheck.defaults().withFullJacobianUpTo(0).check(v -> v[0].softmax(1), x); // forces projections
    }
}
