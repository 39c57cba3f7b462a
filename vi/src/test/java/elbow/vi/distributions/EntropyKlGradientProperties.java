package elbow.vi.distributions;

import elbow.autograd.GradCheck;
import elbow.tensor.Tensor;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Float64 gradient checks of entropies, means, variances and closed-form KLs in every parameter. */
class EntropyKlGradientProperties {
    @Provide
    Arbitrary<int[]> batch() {
        return Gen.batchShapes();
    }

    @Property(tries = 30)
    void normalMoments(@ForAll("batch") int[] batch, @ForAll long seed) {
        Gen.Source g = new Gen.Source(seed);
        Tensor loc = g.uniform(-2, 2, g.broadcastingTo(batch)), scale = g.logUniform(0.3, 3, g.broadcastingTo(batch));
        GradCheck.assertGradients(v -> new Normal(v[0], v[1]).entropy(), loc, scale);
        GradCheck.assertGradients(v -> new Normal(v[0], v[1]).variance(), loc, scale);
    }

    @Property(tries = 30)
    void gammaMoments(@ForAll("batch") int[] batch, @ForAll long seed, @ForAll boolean scaleForm) {
        Gen.Source g = new Gen.Source(seed);
        Tensor a = g.logUniform(0.3, 8, g.broadcastingTo(batch)), b = g.logUniform(0.2, 5, g.broadcastingTo(batch));
        GradCheck.assertGradients(v -> gamma(v[0], v[1], scaleForm).entropy(), a, b);
        GradCheck.assertGradients(v -> gamma(v[0], v[1], scaleForm).mean(), a, b);
        GradCheck.assertGradients(v -> gamma(v[0], v[1], scaleForm).variance(), a, b);
        GradCheck.assertGradients(v -> gamma(v[0], v[1], scaleForm).meanLog(), a, b);
    }

    private static Gamma gamma(elbow.autograd.Var a, elbow.autograd.Var second, boolean scaleForm) {
        return scaleForm ? Gamma.ofShapeScale(a, second) : new Gamma(a, second);
    }

    @Property(tries = 30)
    void bernoulliMoments(@ForAll("batch") int[] batch, @ForAll long seed) {
        Gen.Source g = new Gen.Source(seed);
        Tensor logits = g.uniform(-6, 6, batch);
        GradCheck.assertGradients(v -> new Bernoulli(v[0]).entropy(), logits);
        GradCheck.assertGradients(v -> new Bernoulli(v[0]).variance(), logits);
    }

    @Property(tries = 30)
    void categoricalMoments(@ForAll("batch") int[] batch, @ForAll long seed) {
        Gen.Source g = new Gen.Source(seed);
        Tensor logits = g.uniform(-3, 3, Checks.concat(batch, new int[] {1 + g.rng.nextInt(5)}));
        GradCheck.assertGradients(v -> Categorical.ofLogits(v[0]).entropy(), logits);
        GradCheck.assertGradients(v -> Categorical.ofLogits(v[0]).mean(), logits);
        GradCheck.assertGradients(v -> Categorical.ofLogits(v[0]).variance(), logits);
    }

    @Property(tries = 30)
    void gumbelMoments(@ForAll("batch") int[] batch, @ForAll long seed) {
        Gen.Source g = new Gen.Source(seed);
        Tensor loc = g.uniform(-2, 2, g.broadcastingTo(batch)), scale = g.logUniform(0.3, 3, g.broadcastingTo(batch));
        GradCheck.assertGradients(v -> new Gumbel(v[0], v[1]).entropy(), loc, scale);
        GradCheck.assertGradients(v -> new Gumbel(v[0], v[1]).mean(), loc, scale);
    }

    @Property(tries = 30)
    void normalGammaMoments(@ForAll("batch") int[] batch, @ForAll long seed) {
        Gen.Source g = new Gen.Source(seed);
        Tensor mu = g.uniform(-2, 2, g.broadcastingTo(batch)), lambda = g.logUniform(0.1, 5, g.broadcastingTo(batch));
        Tensor a = g.logUniform(1.2, 6, g.broadcastingTo(batch)), b = g.logUniform(0.3, 4, g.broadcastingTo(batch));
        GradCheck.assertGradients(v -> new NormalGamma(v[0], v[1], v[2], v[3]).entropy(), mu, lambda, a, b);
        GradCheck.assertGradients(v -> new NormalGamma(v[0], v[1], v[2], v[3]).mean(), mu, lambda, a, b);
        GradCheck.assertGradients(v -> new NormalGamma(v[0], v[1], v[2], v[3]).variance(), mu, lambda, a, b);
    }

    @Property(tries = 30)
    void klNormalNormal(@ForAll("batch") int[] batch, @ForAll long seed) {
        Gen.Source g = new Gen.Source(seed);
        Tensor m1 = g.uniform(-2, 2, g.broadcastingTo(batch)), s1 = g.logUniform(0.3, 3, g.broadcastingTo(batch));
        Tensor m2 = g.uniform(-2, 2, g.broadcastingTo(batch)), s2 = g.logUniform(0.3, 3, g.broadcastingTo(batch));
        GradCheck.assertGradients(v -> KL.divergence(new Normal(v[0], v[1]), new Normal(v[2], v[3])), m1, s1, m2, s2);
    }

    @Property(tries = 30)
    void klGammaGamma(@ForAll("batch") int[] batch, @ForAll long seed, @ForAll boolean scaleForm) {
        Gen.Source g = new Gen.Source(seed);
        Tensor a1 = g.logUniform(0.3, 8, g.broadcastingTo(batch)), b1 = g.logUniform(0.2, 5, g.broadcastingTo(batch));
        Tensor a2 = g.logUniform(0.3, 8, g.broadcastingTo(batch)), b2 = g.logUniform(0.2, 5, g.broadcastingTo(batch));
        GradCheck.assertGradients(v -> KL.divergence(gamma(v[0], v[1], scaleForm), new Gamma(v[2], v[3])), a1, b1, a2, b2);
    }

    @Property(tries = 30)
    void klDiscrete(@ForAll("batch") int[] batch, @ForAll long seed) {
        Gen.Source g = new Gen.Source(seed);
        Tensor l1 = g.uniform(-4, 4, g.broadcastingTo(batch)), l2 = g.uniform(-4, 4, g.broadcastingTo(batch));
        GradCheck.assertGradients(v -> KL.divergence(new Bernoulli(v[0]), new Bernoulli(v[1])), l1, l2);
        int k = 1 + g.rng.nextInt(5);
        Tensor c1 = g.uniform(-3, 3, Checks.concat(g.broadcastingTo(batch), new int[] {k}));
        Tensor c2 = g.uniform(-3, 3, Checks.concat(g.broadcastingTo(batch), new int[] {k}));
        GradCheck.assertGradients(v -> KL.divergence(Categorical.ofLogits(v[0]), Categorical.ofLogits(v[1])), c1, c2);
    }
}
