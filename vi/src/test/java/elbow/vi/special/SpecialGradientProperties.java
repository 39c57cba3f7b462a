package elbow.vi.special;

import elbow.autograd.GradCheck;
import elbow.tensor.DType;
import elbow.tensor.Rng;
import elbow.tensor.Tensor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Float64 gradient checks of the three special-function primitives over random shapes and positive
 * inputs spanning small (near the pole at 0, where the functions are steep) to large arguments.
 */
class SpecialGradientProperties {
    @Provide
    Arbitrary<int[]> shapes() {
        return Arbitraries.of(new int[] {}, new int[] {1}, new int[] {3}, new int[] {2, 3}, new int[] {7}, new int[] {4, 1, 5}, new int[] {65});
    }

    /** Positive inputs, log-uniform on [0.05, 200]: the step ε = 1e-6 stays far from the pole. */
    private static Tensor positive(long seed, int[] shape) {
        Rng rng = new Rng(seed);
        Tensor t = Tensor.zeros(DType.F64, shape);
        for (int i = 0; i < t.size(); i++) t.setFlat(i, Math.exp(Math.log(0.05) + rng.uniform() * Math.log(200 / 0.05)));
        return t;
    }

    @Property(tries = 40)
    void lgammaGradient(@ForAll("shapes") int[] shape, @ForAll long seed) {
        GradCheck.assertGradients(x -> Special.lgamma(x[0]), positive(seed, shape));
    }

    @Property(tries = 40)
    void digammaGradient(@ForAll("shapes") int[] shape, @ForAll long seed) {
        GradCheck.assertGradients(x -> Special.digamma(x[0]), positive(seed, shape));
    }

    @Property(tries = 40)
    void trigammaGradient(@ForAll("shapes") int[] shape, @ForAll long seed) {
        GradCheck.assertGradients(x -> Special.trigamma(x[0]), positive(seed, shape));
    }

    @Property(tries = 40)
    void composedGradient(@ForAll("shapes") int[] shape, @ForAll long seed) {
        // The Gamma entropy's α-part, log Γ(α) + (1 − α) ψ(α), through both primitives at once.
        GradCheck.assertGradients(x -> Special.lgamma(x[0]).add(x[0].rsub(1.0).mul(Special.digamma(x[0]))), positive(seed, shape));
    }
}
