package elbow.vi.distributions;

import elbow.autograd.GradCheck;
import elbow.autograd.Var;
import elbow.tensor.Tensor;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Float64 gradient checks of every log-density with respect to its value and each of its parameters,
 * over random parameters and random broadcasting shapes (parameters of different shapes, values with
 * and without a sample axis). The inputs to each check are (value, parameters...) in that order.
 */
class LogProbGradientProperties {
    @Provide
    Arbitrary<int[]> batch() {
        return Gen.batchShapes();
    }

    @Property(tries = 40)
    void normal(@ForAll("batch") int[] batch, @ForAll long seed) {
        Gen.Source g = new Gen.Source(seed);
        Tensor loc = g.uniform(-2, 2, g.broadcastingTo(batch)), scale = g.logUniform(0.3, 3, g.broadcastingTo(batch));
        Tensor x = g.uniform(-4, 4, g.valueShape(batch));
        GradCheck.assertGradients(v -> new Normal(v[1], v[2]).logProb(v[0]), x, loc, scale);
    }

    @Property(tries = 40)
    void gammaShapeRate(@ForAll("batch") int[] batch, @ForAll long seed) {
        Gen.Source g = new Gen.Source(seed);
        Tensor a = g.logUniform(0.3, 8, g.broadcastingTo(batch)), b = g.logUniform(0.2, 5, g.broadcastingTo(batch));
        Tensor x = g.logUniform(0.05, 10, g.valueShape(batch));
        GradCheck.assertGradients(v -> new Gamma(v[1], v[2]).logProb(v[0]), x, a, b);
    }

    @Property(tries = 40)
    void gammaShapeScale(@ForAll("batch") int[] batch, @ForAll long seed) {
        Gen.Source g = new Gen.Source(seed);
        Tensor a = g.logUniform(0.3, 8, g.broadcastingTo(batch)), theta = g.logUniform(0.2, 5, g.broadcastingTo(batch));
        Tensor x = g.logUniform(0.05, 10, g.valueShape(batch));
        GradCheck.assertGradients(v -> Gamma.ofShapeScale(v[1], v[2]).logProb(v[0]), x, a, theta);
    }

    @Property(tries = 40)
    void bernoulliLogits(@ForAll("batch") int[] batch, @ForAll long seed) {
        Gen.Source g = new Gen.Source(seed);
        Tensor logits = g.uniform(-30, 30, g.broadcastingTo(batch)); // far into saturation of σ
        Tensor x = g.uniform(0, 1, g.valueShape(batch)); // linear in x: grey levels are fine
        GradCheck.assertGradients(v -> new Bernoulli(v[1]).logProb(v[0]), x, logits);
    }

    @Property(tries = 40)
    void bernoulliProbs(@ForAll("batch") int[] batch, @ForAll long seed) {
        Gen.Source g = new Gen.Source(seed);
        Tensor probs = g.uniform(0.05, 0.95, g.broadcastingTo(batch));
        Tensor x = g.indices(2, g.valueShape(batch));
        GradCheck.assertGradients(v -> Bernoulli.ofProbs(v[1]).logProb(v[0]), x, probs);
    }

    @Property(tries = 40)
    void categoricalLogits(@ForAll("batch") int[] batch, @ForAll long seed) {
        Gen.Source g = new Gen.Source(seed);
        int k = 1 + g.rng.nextInt(5);
        Tensor logits = g.uniform(-15, 15, Checks.concat(g.broadcastingTo(batch), new int[] {k})); // softmax saturates
        Tensor idx = g.indices(k, g.valueShape(batch)); // indices carry no gradient
        GradCheck.assertGradients(v -> Categorical.ofLogits(v[0]).logProb(Var.constant(idx)), logits);
    }

    @Property(tries = 40)
    void categoricalProbs(@ForAll("batch") int[] batch, @ForAll long seed) {
        Gen.Source g = new Gen.Source(seed);
        int k = 1 + g.rng.nextInt(5);
        // Probabilities p = w/Σw, so that finite differences in w stay on the simplex; the gradient reaches w through p.
        Tensor w = g.uniform(0.2, 2, Checks.concat(g.broadcastingTo(batch), new int[] {k}));
        Tensor idx = g.indices(k, g.valueShape(batch));
        GradCheck.assertGradients(v -> Categorical.ofProbs(v[0].div(v[0].sumKeep(-1))).logProb(Var.constant(idx)), w);
    }

    @Property(tries = 40)
    void oneHotCategorical(@ForAll("batch") int[] batch, @ForAll long seed) {
        Gen.Source g = new Gen.Source(seed);
        int k = 1 + g.rng.nextInt(5);
        Tensor logits = g.uniform(-15, 15, Checks.concat(g.broadcastingTo(batch), new int[] {k}));
        Tensor x = g.uniform(0, 1, g.valueShape(batch, k)); // linear in x: soft values (straight-through) too
        GradCheck.assertGradients(v -> OneHotCategorical.ofLogits(v[1]).logProb(v[0]), x, logits);
    }

    @Property(tries = 40)
    void gumbel(@ForAll("batch") int[] batch, @ForAll long seed) {
        Gen.Source g = new Gen.Source(seed);
        Tensor loc = g.uniform(-2, 2, g.broadcastingTo(batch)), scale = g.logUniform(0.3, 3, g.broadcastingTo(batch));
        Tensor x = g.uniform(-3, 6, g.valueShape(batch));
        GradCheck.assertGradients(v -> new Gumbel(v[1], v[2]).logProb(v[0]), x, loc, scale);
    }

    @Property(tries = 40)
    void relaxedOneHotCategorical(@ForAll("batch") int[] batch, @ForAll long seed) {
        Gen.Source g = new Gen.Source(seed);
        int k = 2 + g.rng.nextInt(4);
        Tensor logits = g.uniform(-2, 2, Checks.concat(g.broadcastingTo(batch), new int[] {k}));
        Tensor tau = g.logUniform(0.2, 3, g.broadcastingTo(batch)); // a temperature per batch element, or shared
        Tensor y = g.simplex(g.valueShape(batch, k));
        GradCheck.assertGradients(v -> RelaxedOneHotCategorical.ofLogits(v[2], v[1]).logProb(v[0]), y, logits, tau);
    }

    @Property(tries = 40)
    void normalGamma(@ForAll("batch") int[] batch, @ForAll long seed) {
        Gen.Source g = new Gen.Source(seed);
        Tensor mu = g.uniform(-2, 2, g.broadcastingTo(batch)), lambda = g.logUniform(0.1, 5, g.broadcastingTo(batch));
        Tensor a = g.logUniform(0.5, 6, g.broadcastingTo(batch)), b = g.logUniform(0.3, 4, g.broadcastingTo(batch));
        int[] vs = g.valueShape(batch, 2);
        Tensor x = Tensor.concat(-1, g.uniform(-3, 3, Checks.concat(java.util.Arrays.copyOf(vs, vs.length - 1), new int[] {1})),
                g.logUniform(0.1, 4, Checks.concat(java.util.Arrays.copyOf(vs, vs.length - 1), new int[] {1})));
        GradCheck.assertGradients(v -> new NormalGamma(v[1], v[2], v[3], v[4]).logProb(v[0]), x, mu, lambda, a, b);
    }

    @Property(tries = 20)
    void independentNormal(@ForAll long seed) {
        Gen.Source g = new Gen.Source(seed);
        Tensor loc = g.uniform(-2, 2, 3, 4), scale = g.logUniform(0.3, 3, 4);
        Tensor x = g.uniform(-4, 4, 2, 3, 4);
        GradCheck.assertGradients(v -> new Independent(new Normal(v[1], v[2]), 1).logProb(v[0]), x, loc, scale);
    }
}
