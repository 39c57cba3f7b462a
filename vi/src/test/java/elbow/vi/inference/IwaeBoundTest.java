package elbow.vi.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import elbow.autograd.Tape;
import elbow.autograd.Var;
import elbow.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The bound's formulas, checked by hand on [K = 3, B = 2] log-weights. */
class IwaeBoundTest {
    private static final double[] LOG_W = {-1.0, -3.0, 0.5, -2.0, -2.0, -0.5};   // [3, 2] row-major: item 0 = (−1, 0.5, −2), item 1 = (−3, −2, −0.5)

    private static Var logW() {
        return Var.param(Tensor.wrap(LOG_W.clone(), 3, 2));
    }

    private static double[] item(int b) {
        return new double[] {LOG_W[b], LOG_W[2 + b], LOG_W[4 + b]};
    }

    @Test
    void boundAndAverageElboPerItem() {
        Tensor bound = IwaeBound.bound(logW()).value(), average = IwaeBound.averageElbo(logW()).value();
        for (int b = 0; b < 2; b++) {
            double[] w = item(b);
            double sum = 0;
            for (double v : w) sum += Math.exp(v);
            assertEquals(Math.log(sum / 3), bound.getFlat(b), 1e-12);
            assertEquals((w[0] + w[1] + w[2]) / 3, average.getFlat(b), 1e-12);
            assertEquals(bound.getFlat(b), IwaeBound.bound(Tensor.wrap(LOG_W.clone(), 3, 2)).getFlat(b), 1e-12);
        }
        // one particle: both bounds are log w itself
        Var one = Var.constant(Tensor.of(-4.25));
        assertEquals(-4.25, IwaeBound.bound(one.reshape(1)).value().item(), 0.0);
    }

    @Test
    void surrogatesHaveTheEstimatorsGradients() {
        // ∂L_K/∂log w_k = w̃_k (standard and STL); DReG's surrogate gives w̃_k².
        for (PathwiseGradient g : PathwiseGradient.values()) {
            Var lw = logW();
            Tensor grad = Tape.grad(IwaeBound.surrogate(lw, g).sum(), lw)[0];
            for (int b = 0; b < 2; b++) {
                double[] w = item(b);
                double z = Math.exp(w[0]) + Math.exp(w[1]) + Math.exp(w[2]);
                for (int k = 0; k < 3; k++) {
                    double wt = Math.exp(w[k]) / z;
                    assertEquals(g == PathwiseGradient.DREG ? wt * wt : wt, grad.getFlat(2 * k + b), 1e-12, g + " k=" + k + " b=" + b);
                }
            }
        }
        assertNull(IwaeBound.pathScale(logW().value(), PathwiseGradient.STL));
        assertEquals(IwaeBound.weights(logW().value()).getFlat(0), IwaeBound.pathScale(logW().value(), PathwiseGradient.DREG).getFlat(0), 0.0);
    }

    @Test
    void aMissingParticleAxisIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> IwaeBound.bound(Var.constant(Tensor.scalar(1.0, elbow.tensor.DType.F64))));
    }
}
