package elbow.vi.distributions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import elbow.autograd.Var;
import elbow.tensor.DType;
import elbow.tensor.Rng;
import elbow.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * A trained encoder's logits can lie more than 104 apart, where a float32 softmax gives some class a
 * probability of exactly 0 (the categorical VAE of gumbel-vae got there in epoch 18). Such a class is
 * still possible, so the relaxation must accept it; a class of probability 0 in fact (a logit of
 * minus infinity, a zero probability) is still refused.
 */
class RelaxedOneHotCategoricalTest {
    @Test
    void float32LogitsWhoseProbabilityUnderflowsAreAccepted() {
        Var logits = Var.param(Tensor.of(0f, -200f, 5f, 1f, 120f, -3f).reshape(2, 3));
        assertEquals(0.0, Categorical.ofLogits(logits).probs().value().getFlat(1), 0.0, "the premise: the probability underflows");
        RelaxedOneHotCategorical relaxed = RelaxedOneHotCategorical.ofLogits(0.5, logits);
        Tensor y = relaxed.rsample(new Rng(1), 100).value();
        for (int i = 0; i < y.size(); i++) assertTrue(Float.isFinite((float) y.getFlat(i)), "draw " + i);
        Tensor hard = relaxed.straightThrough().rsample(new Rng(2), 100).value();
        for (double row : hard.sum(-1).toDoubleArray()) assertEquals(1.0, row, 0.0);
    }

    @Test
    void aClassOfProbabilityZeroIsStillRefused() {
        Var minusInfinity = Var.constant(Tensor.of(0.0, Double.NEGATIVE_INFINITY, 1.0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RelaxedOneHotCategorical.ofLogits(1.0, minusInfinity));
        assertTrue(e.getMessage().contains("flat index 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RelaxedOneHotCategorical.ofProbs(1.0, Var.constant(Tensor.of(0.5f, 0f, 0.5f))));
        assertEquals(DType.F32, RelaxedOneHotCategorical.ofProbs(1.0, Var.constant(Tensor.of(0.5f, 1e-40f, 0.5f))).dtype(), "a subnormal probability is positive");
    }
}
