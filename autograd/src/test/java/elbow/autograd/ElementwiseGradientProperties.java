package elbow.autograd;

import elbow.tensor.Tensor;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.Random;

import static elbow.autograd.GradCheck.assertGradients;

/**
 * Float64 gradient checks of every one-input elementwise primitive, over random shapes and over value
 * ranges that reach each function's delicate region: saturation for tanh, sigmoid and softplus
 * (|x| up to 40), exp up to 80 (e^80 ≈ 5.5e34, safe in float32 too), log and sqrt down to 1e-4,
 * log1p down to −1 + 1e-3. Kinks (relu, leaky relu, abs at 0) are kept 1e-3 away from the inputs.
 */
class ElementwiseGradientProperties {
    static final int TRIES = 60;

    @Provide
    Arbitrary<int[]> shapes() {
        return Gen.shapes(0, 3, 600);
    }

    @Property(tries = TRIES)
    void neg(@ForAll("shapes") int[] shape, @ForAll long seed) {
        assertGradients(x -> x[0].neg(), Gen.uniform(new Random(seed), shape, -50, 50));
    }

    @Property(tries = TRIES)
    void affine(@ForAll("shapes") int[] shape, @ForAll long seed) {
        assertGradients(x -> x[0].affine(-2.5, 0.75), Gen.uniform(new Random(seed), shape, -50, 50));
        assertGradients(x -> x[0].add(3.0).mul(0.5), Gen.uniform(new Random(seed + 1), shape, -50, 50));
    }

    @Property(tries = TRIES)
    void exp(@ForAll("shapes") int[] shape, @ForAll long seed) {
        assertGradients(x -> x[0].exp(), Gen.uniform(new Random(seed), shape, -30, 80));
    }

    @Property(tries = TRIES)
    void log(@ForAll("shapes") int[] shape, @ForAll long seed) {
        assertGradients(x -> x[0].log(), Gen.logUniform(new Random(seed), shape, 1e-4, 1e4));
    }

    @Property(tries = TRIES)
    void log1p(@ForAll("shapes") int[] shape, @ForAll long seed) {
        // x = −1 + u with u log-uniform in [1e-3, 101]: from just above the pole at −1 to 100
        Tensor x = Gen.logUniform(new Random(seed), shape, 1e-3, 101).add(-1.0);
        assertGradients(v -> v[0].log1p(), x);
    }

    @Property(tries = TRIES)
    void expm1(@ForAll("shapes") int[] shape, @ForAll long seed) {
        assertGradients(x -> x[0].expm1(), Gen.uniform(new Random(seed), shape, -40, 40));
    }

    @Property(tries = TRIES)
    void sqrt(@ForAll("shapes") int[] shape, @ForAll long seed) {
        assertGradients(x -> x[0].sqrt(), Gen.logUniform(new Random(seed), shape, 1e-4, 1e4));
    }

    @Property(tries = TRIES)
    void square(@ForAll("shapes") int[] shape, @ForAll long seed) {
        assertGradients(x -> x[0].square(), Gen.uniform(new Random(seed), shape, -50, 50));
    }

    @Property(tries = TRIES)
    void abs(@ForAll("shapes") int[] shape, @ForAll long seed) {
        assertGradients(x -> x[0].abs(), Gen.awayFromZero(new Random(seed), shape, 50, 1e-3));
    }

    @Property(tries = TRIES)
    void tanh(@ForAll("shapes") int[] shape, @ForAll long seed) {
        assertGradients(x -> x[0].tanh(), Gen.uniform(new Random(seed), shape, -40, 40));
    }

    @Property(tries = TRIES)
    void sigmoid(@ForAll("shapes") int[] shape, @ForAll long seed) {
        assertGradients(x -> x[0].sigmoid(), Gen.uniform(new Random(seed), shape, -40, 40));
    }

    @Property(tries = TRIES)
    void softplus(@ForAll("shapes") int[] shape, @ForAll long seed) {
        assertGradients(x -> x[0].softplus(), Gen.uniform(new Random(seed), shape, -40, 40));
    }

    @Property(tries = TRIES)
    void relu(@ForAll("shapes") int[] shape, @ForAll long seed) {
        assertGradients(x -> x[0].relu(), Gen.awayFromZero(new Random(seed), shape, 10, 1e-3));
    }

    @Property(tries = TRIES)
    void leakyRelu(@ForAll("shapes") int[] shape, @ForAll long seed) {
        assertGradients(x -> x[0].leakyRelu(0.1), Gen.awayFromZero(new Random(seed), shape, 10, 1e-3));
    }

    @Property(tries = TRIES)
    void powConst(@ForAll("shapes") int[] shape, @ForAll long seed) {
        Random r = new Random(seed);
        double[] exponents = {-2, -1, -0.5, 0, 0.5, 1, 1.5, 2, 3};
        double p = exponents[r.nextInt(exponents.length)];
        boolean integer = p == Math.rint(p);
        // a non-integer power of a negative number is NaN, so those get positive bases only
        Tensor x = integer ? Gen.awayFromZero(r, shape, 5, 0.05) : Gen.logUniform(r, shape, 0.05, 10);
        assertGradients(v -> v[0].pow(p), x);
    }

    @Property(tries = TRIES)
    void logSigmoidComposite(@ForAll("shapes") int[] shape, @ForAll long seed) {
        assertGradients(x -> x[0].logSigmoid(), Gen.uniform(new Random(seed), shape, -40, 40));
    }

    @Property(tries = TRIES)
    void reciprocalAndScalarComposites(@ForAll("shapes") int[] shape, @ForAll long seed) {
        Tensor x = Gen.awayFromZero(new Random(seed), shape, 10, 0.1);
        assertGradients(v -> v[0].reciprocal().sub(2.0).div(3.0).rsub(1.0), x);
    }
}
