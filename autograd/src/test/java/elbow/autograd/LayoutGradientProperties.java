package elbow.autograd;

import elbow.tensor.Shape;
import elbow.tensor.Tensor;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.Random;

import static elbow.autograd.GradCheck.assertGradients;

/** Float64 gradient checks of the ops that move elements: reshape, permute, transpose, slice, concat, split, gather, expand. */
class LayoutGradientProperties {
    static final int TRIES = 60;

    @Provide
    Arbitrary<int[]> shapes() {
        return Gen.shapes(1, 3, 600);
    }

    @Property(tries = TRIES)
    void reshape(@ForAll("shapes") int[] shape, @ForAll long seed) {
        Random r = new Random(seed);
        // the same elements as [size / d, d] for a divisor d, or flat, or with an inferred axis
        int size = Shape.size(shape), d = shape[r.nextInt(shape.length)];
        int[] target = r.nextBoolean() ? new int[] {size / d, d} : r.nextBoolean() ? new int[] {size} : new int[] {-1, 1, d};
        assertGradients(x -> x[0].reshape(target).mul(x[0].reshape(target)), Gen.uniform(r, shape, -5, 5));
    }

    @Property(tries = TRIES)
    void permute(@ForAll("shapes") int[] shape, @ForAll long seed) {
        Random r = new Random(seed);
        int[] perm = Gen.permutation(r, shape.length);
        assertGradients(x -> x[0].permute(perm), Gen.uniform(r, shape, -5, 5));
    }

    @Property(tries = TRIES)
    void transposeComposite(@ForAll("shapes") int[] shape, @ForAll long seed) {
        if (shape.length < 2) return;
        assertGradients(x -> x[0].transpose(), Gen.uniform(new Random(seed), shape, -5, 5));
    }

    @Property(tries = TRIES)
    void slice(@ForAll("shapes") int[] shape, @ForAll long seed) {
        Random r = new Random(seed);
        int axis = r.nextInt(shape.length), start = r.nextInt(shape[axis]), end = start + 1 + r.nextInt(shape[axis] - start);
        assertGradients(x -> x[0].slice(axis, start, end), Gen.uniform(r, shape, -5, 5));
    }

    @Property(tries = TRIES)
    void concat(@ForAll("shapes") int[] shape, @ForAll long seed) {
        Random r = new Random(seed);
        int axis = r.nextInt(shape.length), parts = 1 + r.nextInt(3);
        Tensor[] inputs = new Tensor[parts];
        for (int i = 0; i < parts; i++) {
            int[] s = shape.clone();
            s[axis] = Gen.DIMS[r.nextInt(4)];
            inputs[i] = Gen.uniform(r, s, -5, 5);
        }
        assertGradients(x -> Var.concat(axis, x), inputs);
    }

    @Property(tries = TRIES)
    void concatWithConstantPart(@ForAll("shapes") int[] shape, @ForAll long seed) {
        Random r = new Random(seed);
        int axis = r.nextInt(shape.length);
        Tensor fixed = Gen.uniform(r, shape, -5, 5);
        assertGradients(x -> Var.concat(axis, Var.constant(fixed), x[0], Var.constant(fixed)), Gen.uniform(r, shape, -5, 5));
    }

    @Property(tries = TRIES)
    void splitComposite(@ForAll("shapes") int[] shape, @ForAll long seed) {
        Random r = new Random(seed);
        int axis = r.nextInt(shape.length), n = shape[axis];
        int first = r.nextInt(n + 1), second = r.nextInt(n - first + 1);
        int[] sizes = {first, second, n - first - second};
        // each part weighted differently, so a part's gradient sent to the wrong place is caught
        assertGradients(x -> {
            Var[] p = x[0].split(axis, sizes);
            return Var.concat(axis, p[2].mul(3.0), p[0].square(), p[1].mul(-1.0));
        }, Gen.uniform(r, shape, -5, 5));
    }

    @Property(tries = TRIES)
    void gather(@ForAll("shapes") int[] shape, @ForAll long seed) {
        Random r = new Random(seed);
        int axis = r.nextInt(shape.length);
        int[] indices = new int[1 + r.nextInt(6)]; // repeats are likely: their gradients must add up
        for (int i = 0; i < indices.length; i++) indices[i] = r.nextInt(shape[axis]);
        assertGradients(x -> x[0].gather(axis, indices), Gen.uniform(r, shape, -5, 5));
    }

    @Property(tries = TRIES)
    void expand(@ForAll("shapes") int[] shape, @ForAll long seed) {
        Random r = new Random(seed);
        assertGradients(x -> x[0].expand(shape), Gen.uniform(r, Gen.broadcastableTo(shape, r), -5, 5));
    }
}
