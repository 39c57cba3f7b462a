package elbow.vi.distributions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import elbow.autograd.Var;
import elbow.tensor.DType;
import elbow.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.function.Function;

/** The same computations in float32 agree with float64 to float32 precision, and stay float32. */
class Float32Test {
    private static Var v(DType t, double... x) {
        return Var.constant(Tensor.of(x).to(t));
    }

    private static void agree(Function<DType, Var> f, String what) {
        Var a = f.apply(DType.F32), b = f.apply(DType.F64);
        assertEquals(DType.F32, a.dtype(), what);
        for (int i = 0; i < b.size(); i++) {
            double e = b.value().getFlat(i);
            assertEquals(e, a.value().getFlat(i), 2e-6 * Math.max(1, Math.abs(e)), what + " [" + i + "]");
        }
    }

    @Test
    void logDensitiesEntropiesAndKlsAgree() {
        agree(t -> new Normal(v(t, 0.5, -1), v(t, 2, 0.3)).logProb(v(t, 1.5, -1.2)), "Normal.logProb");
        agree(t -> new Gamma(v(t, 0.7, 5), v(t, 2, 0.3)).logProb(v(t, 0.2, 11)), "Gamma.logProb");
        agree(t -> new Gamma(v(t, 0.7, 5), v(t, 2, 0.3)).entropy(), "Gamma.entropy");
        agree(t -> new Bernoulli(v(t, -3, 20)).logProb(v(t, 1, 0)), "Bernoulli.logProb");
        agree(t -> Categorical.ofLogits(v(t, 0.1, 2, -1)).entropy(), "Categorical.entropy");
        agree(t -> OneHotCategorical.ofProbs(v(t, 0.25, 0.25, 0.5)).logProb(v(t, 0, 0, 1)), "OneHotCategorical.logProb");
        agree(t -> new Gumbel(v(t, 1), v(t, 2)).logProb(v(t, -1, 0, 4)), "Gumbel.logProb");
        agree(t -> RelaxedOneHotCategorical.ofLogits(0.5, v(t, 0.1, 2, -1)).logProb(v(t, 0.2, 0.7, 0.1)), "Relaxed.logProb");
        agree(t -> new NormalGamma(v(t, 1), v(t, 0.1), v(t, 3), v(t, 2)).logProb(v(t, 0.5, 0.8)), "NormalGamma.logProb");
        agree(t -> KL.divergence(new Gamma(v(t, 2), v(t, 1)), new Gamma(v(t, 3), v(t, 2))), "KL Gamma");
        agree(t -> KL.divergence(new Normal(v(t, 0), v(t, 1)), new Normal(v(t, 1), v(t, 2))), "KL Normal");
    }
}
