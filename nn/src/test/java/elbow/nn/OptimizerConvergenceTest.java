package elbow.nn;

import elbow.autograd.Var;
import elbow.tensor.DType;
import elbow.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each optimiser reaches the minimum of a convex quadratic f(x) = ½ Σ a_i (x_i − c_i)², condition
 * number 16, from x = 0, with gradients from the tape.
 */
class OptimizerConvergenceTest {
    static final Tensor A = Tensor.of(1.0, 4.0, 0.25, 2.0), C = Tensor.of(1.0, -2.0, 3.0, -1.5);

    static double distanceAfter(int steps, DType dtype, Function<List<Parameter>, Optimizer> make) {
        Parameter x = Parameter.of("x", Tensor.zeros(dtype, 4));
        Optimizer opt = make.apply(List.of(x));
        Var a = Var.constant(A.to(dtype)), c = Var.constant(C.to(dtype));
        for (int t = 0; t < steps; t++) {
            opt.zeroGrad();
            x.var().sub(c).square().mul(a).sum().mul(0.5).backward();
            opt.step();
        }
        double worst = 0;
        for (int i = 0; i < 4; i++) worst = Math.max(worst, Math.abs(x.value().getFlat(i) - C.getFlat(i)));
        return worst;
    }

    @Test
    void sgdWithMomentum() {
        for (boolean nesterov : new boolean[] {false, true}) {
            double d = distanceAfter(400, DType.F64, p -> new Sgd(p, 0.2, 0.5, nesterov));
            assertTrue(d < 1e-10, "SGD (Nesterov " + nesterov + ") ends " + d + " from the minimum");
        }
        double plain = distanceAfter(400, DType.F64, p -> new Sgd(p, 0.4)); // contraction max |1 − 0.4 a_i| = 0.9
        assertTrue(plain < 1e-10, "plain SGD ends " + plain + " from the minimum");
    }

    @Test
    void adam() {
        // constant rates leave Adam circling the minimum at a distance of about lr; a decaying schedule settles it
        double d = distanceAfter(3000, DType.F64, p -> new Adam(p, 1, 0.9, 0.999, 1e-8).schedule(LearningRateSchedule.exponential(0.1, 0.997)));
        assertTrue(d < 1e-4, "Adam ends " + d + " from the minimum");
        double f32 = distanceAfter(3000, DType.F32, p -> new Adam(p, 1, 0.9, 0.999, 1e-4).schedule(LearningRateSchedule.exponential(0.1, 0.997)));
        assertTrue(f32 < 1e-3, "float32 Adam ends " + f32 + " from the minimum");
    }

    @Test
    void adaGrad() {
        double d = distanceAfter(2000, DType.F64, p -> new AdaGrad(p, 1.0));
        assertTrue(d < 1e-8, "AdaGrad ends " + d + " from the minimum");
    }
}
