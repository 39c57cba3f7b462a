package elbow.autograd;

import elbow.tensor.Tensor;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.Random;

import static elbow.autograd.GradCheck.assertGradients;

/**
 * Float64 gradient checks of the reductions and the along-an-axis ops, over random non-empty subsets
 * of axes (some given as negative numbers), with and without kept dimensions. The stable ones (log-sum-
 * exp, log-softmax, softmax) also get values spread over ±500 and ±50, where a naive exp overflows.
 */
class ReductionGradientProperties {
    static final int TRIES = 60;

    @Provide
    Arbitrary<int[]> shapes() {
        return Gen.shapes(0, 3, 600);
    }

    @Provide
    Arbitrary<int[]> nonScalarShapes() {
        return Gen.shapes(1, 3, 600);
    }

    @Property(tries = TRIES)
    void sum(@ForAll("shapes") int[] shape, @ForAll long seed, @ForAll boolean keep) {
        Random r = new Random(seed);
        int[] axes = Gen.someAxes(r, shape.length);
        assertGradients(x -> keep ? x[0].sumKeep(axes) : x[0].sum(axes), Gen.uniform(r, shape, -5, 5));
    }

    @Property(tries = TRIES)
    void sumOfAll(@ForAll("shapes") int[] shape, @ForAll long seed) {
        assertGradients(x -> x[0].sum(), Gen.uniform(new Random(seed), shape, -5, 5));
    }

    @Property(tries = TRIES)
    void meanComposite(@ForAll("shapes") int[] shape, @ForAll long seed, @ForAll boolean keep) {
        Random r = new Random(seed);
        int[] axes = Gen.someAxes(r, shape.length);
        assertGradients(x -> keep ? x[0].meanKeep(axes) : x[0].mean(axes), Gen.uniform(r, shape, -5, 5));
    }

    @Property(tries = TRIES)
    void max(@ForAll("shapes") int[] shape, @ForAll long seed, @ForAll boolean keep) {
        Random r = new Random(seed);
        int[] axes = Gen.someAxes(r, shape.length);
        // distinct values: the maximum of every group is unique, so max is differentiable there
        assertGradients(x -> keep ? x[0].maxKeep(axes) : x[0].max(axes), Gen.distinct(r, shape));
    }

    @Property(tries = TRIES)
    void logSumExp(@ForAll("shapes") int[] shape, @ForAll long seed, @ForAll boolean keep, @ForAll boolean wide) {
        Random r = new Random(seed);
        int[] axes = Gen.someAxes(r, shape.length);
        double range = wide ? 500 : 3;
        assertGradients(x -> keep ? x[0].logSumExpKeep(axes) : x[0].logSumExp(axes), Gen.uniform(r, shape, -range, range));
    }

    @Property(tries = TRIES)
    void logSoftmax(@ForAll("nonScalarShapes") int[] shape, @ForAll long seed, @ForAll boolean wide) {
        Random r = new Random(seed);
        int axis = r.nextInt(shape.length) - (r.nextBoolean() ? shape.length : 0);
        double range = wide ? 50 : 3;
        assertGradients(x -> x[0].logSoftmax(axis), Gen.uniform(r, shape, -range, range));
    }

    @Property(tries = TRIES)
    void softmaxComposite(@ForAll("nonScalarShapes") int[] shape, @ForAll long seed, @ForAll boolean wide) {
        Random r = new Random(seed);
        int axis = r.nextInt(shape.length);
        double range = wide ? 50 : 3;
        Tensor x = Gen.uniform(r, shape, -range, range);
        assertGradients(v -> v[0].softmax(axis), x);
    }
}
