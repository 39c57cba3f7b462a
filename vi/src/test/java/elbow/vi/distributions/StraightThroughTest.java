package elbow.vi.distributions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import elbow.autograd.Tape;
import elbow.autograd.Var;
import elbow.tensor.DType;
import elbow.tensor.Rng;
import elbow.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Straight-through Gumbel-Softmax: forward exactly one-hot, backward the relaxed sample's gradient. */
class StraightThroughTest {
    private static final Tensor LOGITS = Tensor.of(0.3, -0.2, 1.1, 0.0, 0.5, 0.4, -1.0, 2.0).reshape(2, 4);

    @Test
    void forwardIsExactlyOneHotAtTheRelaxedArgmax() {
        RelaxedOneHotCategorical relaxed = RelaxedOneHotCategorical.ofLogits(0.5, Var.param(LOGITS));
        Var hard = relaxed.straightThrough().rsample(new Rng(41), 5);
        Tensor soft = relaxed.sample(new Rng(41), 5);
        assertArrayEquals(new int[] {5, 2, 4}, hard.shape());
        Tensor idx = soft.argmax(-1);
        for (int r = 0; r < 10; r++) {
            for (int k = 0; k < 4; k++) {
                assertEquals(k == (int) idx.getFlat(r) ? 1.0 : 0.0, hard.value().getFlat(r * 4 + k), 0.0);
            }
        }
    }

    @Test
    void backwardIsTheRelaxedGradient() {
        Tensor w = new Rng(42).normal(DType.F64, 3, 2, 4); // a downstream linear read-out
        Var l1 = Var.param(LOGITS), t1 = Var.param(Tensor.scalar(0.7, DType.F64));
        Var hard = RelaxedOneHotCategorical.ofLogits(t1, l1).straightThrough().rsample(new Rng(43), 3);
        Tensor[] gHard = Tape.grad(hard.mul(Var.constant(w)).sum(), l1, t1);
        Var l2 = Var.param(LOGITS), t2 = Var.param(Tensor.scalar(0.7, DType.F64));
        Var soft = RelaxedOneHotCategorical.ofLogits(t2, l2).rsample(new Rng(43), 3);
        Tensor[] gSoft = Tape.grad(soft.mul(Var.constant(w)).sum(), l2, t2);
        assertArrayEquals(gSoft[0].toDoubleArray(), gHard[0].toDoubleArray(), 0.0);
        assertArrayEquals(gSoft[1].toDoubleArray(), gHard[1].toDoubleArray(), 0.0);
    }

    @Test
    void logProbOfAHardDrawIsTheRelaxedDensityOfItsSoftDraw() {
        RelaxedOneHotCategorical relaxed = RelaxedOneHotCategorical.ofLogits(0.5, Var.param(LOGITS));
        RelaxedOneHotCategoricalStraightThrough st = relaxed.straightThrough();
        Var hard = st.rsample(new Rng(44), 2);
        Tensor soft = relaxed.sample(new Rng(44), 2);
        double[] expected = relaxed.logProb(soft).value().toDoubleArray();
        assertArrayEquals(expected, st.logProb(hard).value().toDoubleArray(), 1e-12);
        // the detached copy (STL) remembers the same draws
        assertArrayEquals(expected, st.detach().logProb(hard).value().toDoubleArray(), 1e-12);
        // score parts are pathwise
        ScoreParts parts = st.scoreParts(hard);
        assertEquals(0.0, parts.scoreFunction().value().abs().sumAll(), 0.0);
    }

    @Test
    void float32DrawsAreOneHotToo() {
        RelaxedOneHotCategorical relaxed = RelaxedOneHotCategorical.ofLogits(0.1, Var.param(LOGITS.to(DType.F32)));
        Var hard = relaxed.straightThrough().rsample(new Rng(45), 50);
        assertEquals(DType.F32, hard.dtype());
        double[] rows = hard.value().sum(-1).toDoubleArray();
        for (double r : rows) assertEquals(1.0, r, 0.0);
    }
}
