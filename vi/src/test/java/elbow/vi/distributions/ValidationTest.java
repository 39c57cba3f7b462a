package elbow.vi.distributions;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import elbow.autograd.Var;
import elbow.tensor.DType;
import elbow.tensor.Rng;
import elbow.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Invalid parameters and values fail at once, with a message naming the distribution, the parameter and the value. */
class ValidationTest {
    private static Var c(double... v) {
        return Var.constant(Tensor.of(v));
    }

    private static void fails(Class<? extends Throwable> type, Executable e, String... mentions) {
        Throwable t = assertThrows(type, e);
        for (String m : mentions) assertTrue(t.getMessage().contains(m), "message \"" + t.getMessage() + "\" should mention \"" + m + "\"");
    }

    @Test
    void invalidParameters() {
        fails(IllegalArgumentException.class, () -> new Normal(c(0, 0), c(1, -1)), "Normal", "scale", "-1.0", "[1]");
        fails(IllegalArgumentException.class, () -> new Normal(c(Double.NaN), c(1)), "Normal", "loc", "NaN");
        fails(IllegalArgumentException.class, () -> new Normal(c(0), c(0)), "Normal", "scale", "positive");
        fails(IllegalArgumentException.class, () -> new Gamma(c(-2), c(1)), "Gamma", "concentration", "-2.0");
        fails(IllegalArgumentException.class, () -> Gamma.ofShapeScale(c(2), c(Double.POSITIVE_INFINITY)), "Gamma", "scale", "Infinity");
        fails(IllegalArgumentException.class, () -> new Bernoulli(c(Double.NaN)), "Bernoulli", "logits", "NaN");
        fails(IllegalArgumentException.class, () -> Bernoulli.ofProbs(c(1.2)), "Bernoulli", "probs", "1.2");
        fails(IllegalArgumentException.class, () -> Categorical.ofProbs(0.3, 0.3, 0.3), "Categorical", "probs", "sum", "0.899");
        fails(IllegalArgumentException.class, () -> Categorical.ofProbs(-0.1, 1.1), "Categorical", "probs", "-0.1");
        fails(IllegalArgumentException.class, () -> OneHotCategorical.ofProbs(Var.constant(Tensor.of(0.5, 0.5, 0.2, 0.2).reshape(2, 2))), "Categorical", "sum", "[1, 0]");
        fails(IllegalArgumentException.class, () -> Categorical.ofLogits(Var.constant(Tensor.scalar(1.0, DType.F64))), "Categorical", "last axis");
        fails(IllegalArgumentException.class, () -> new Gumbel(c(0), c(-3)), "Gumbel", "scale", "-3.0");
        fails(IllegalArgumentException.class, () -> RelaxedOneHotCategorical.ofLogits(-0.5, c(0, 0)), "RelaxedOneHotCategorical", "temperature", "-0.5");
        fails(IllegalArgumentException.class, () -> RelaxedOneHotCategorical.ofProbs(1.0, c(0, 1)), "RelaxedOneHotCategorical", "probability", "positive");
        fails(IllegalArgumentException.class, () -> NormalGamma.of(0, -1, 1, 1), "NormalGamma", "lambda", "-1.0");
        fails(IllegalArgumentException.class, () -> NormalGamma.of(0, 1, 1, 0), "NormalGamma", "b", "0.0");
    }

    @Test
    void mismatchedParameters() {
        fails(IllegalArgumentException.class, () -> new Normal(c(0, 0, 0), c(1, 1)), "Normal", "loc[3]", "scale[2]");
        fails(IllegalArgumentException.class, () -> new Normal(c(0), Var.constant(Tensor.of(1f))), "Normal", "F64", "F32");
        fails(IllegalArgumentException.class, () -> RelaxedOneHotCategorical.ofLogits(Var.constant(Tensor.of(1.0, 1.0, 1.0)), Var.constant(Tensor.zeros(DType.F64, 2, 4))),
                "RelaxedOneHotCategorical", "temperature", "[3]", "[2]");
    }

    @Test
    void invalidValues() {
        Normal n = new Normal(c(0, 0), c(1, 1));
        fails(IllegalArgumentException.class, () -> n.logProb(c(1, 2, 3)), "Normal.logProb", "[3]", "[2]");
        fails(IllegalArgumentException.class, () -> n.logProb(Var.constant(Tensor.of(1f, 2f))), "Normal.logProb", "F32", "F64");
        Categorical cat = Categorical.ofProbs(0.5, 0.5);
        fails(IllegalArgumentException.class, () -> cat.logProb(c(2)), "Categorical.logProb", "0..1", "2.0");
        fails(IllegalArgumentException.class, () -> cat.logProb(c(0.5)), "Categorical.logProb", "0.5");
        OneHotCategorical oh = OneHotCategorical.ofProbs(c(0.5, 0.5));
        fails(IllegalArgumentException.class, () -> oh.logProb(c(1, 0, 0)), "OneHotCategorical.logProb", "event shape [2]");
        fails(IllegalArgumentException.class, () -> n.sample(new Rng(1), -1), "Normal", "negative");
    }

    @Test
    void unsupportedOperationsNameTheDistribution() {
        RelaxedOneHotCategorical r = RelaxedOneHotCategorical.ofLogits(0.5, c(0, 1));
        fails(UnsupportedOperationException.class, r::entropy, "RelaxedOneHotCategorical", "entropy", "no closed form");
        fails(UnsupportedOperationException.class, r::mean, "RelaxedOneHotCategorical", "mean");
        fails(UnsupportedOperationException.class, r.straightThrough()::variance, "RelaxedOneHotCategorical", "variance");
        fails(UnsupportedOperationException.class, () -> KL.divergence(Normal.of(0, 1), Gamma.of(1, 1)), "Normal", "Gamma", "closed form");
        fails(UnsupportedOperationException.class, () -> Categorical.ofProbs(0.5, 0.5).rsample(new Rng(1)), "Categorical", "reparameterized");
        fails(IllegalArgumentException.class, () -> new Independent(Normal.of(0, 1), 1), "Independent", "batch shape []");
        fails(IllegalArgumentException.class, () -> KL.divergence(Categorical.ofProbs(0.5, 0.5), Categorical.ofProbs(0.2, 0.3, 0.5)), "2 vs 3 categories");
    }

    @Test
    void parameterValidationCanBeSwitchedOff() {
        ArgumentValidation.setEnabled(false);
        try {
            new Normal(c(0), c(-1));                // accepted: the caller vouches for the parameters
            Categorical.ofProbs(0.3, 0.3);
            fails(IllegalArgumentException.class, () -> new Normal(c(0, 0, 0), c(1, 1)), "Normal", "loc[3]"); // shapes are always checked
        } finally {
            ArgumentValidation.setEnabled(true);
        }
        fails(IllegalArgumentException.class, () -> new Normal(c(0), c(-1)), "Normal", "scale");
    }
}
