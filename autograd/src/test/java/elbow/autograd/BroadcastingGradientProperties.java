package elbow.autograd;

import elbow.tensor.Tensor;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.Random;

import static elbow.autograd.GradCheck.assertGradients;

/**
 * Float64 gradient checks of the two-input primitives. Each sample draws an output shape and two
 * input shapes that broadcast to it (leading axes dropped, axes set to 1, independently for each side),
 * so every check also checks the one unbroadcast helper. Both inputs are parameters.
 */
class BroadcastingGradientProperties {
    static final int TRIES = 60;

    @Provide
    Arbitrary<int[]> shapes() {
        return Gen.shapes(0, 3, 400);
    }

    @Property(tries = TRIES)
    void add(@ForAll("shapes") int[] out, @ForAll long seed) {
        Random r = new Random(seed);
        assertGradients(x -> x[0].add(x[1]), Gen.uniform(r, Gen.broadcastableTo(out, r), -5, 5), Gen.uniform(r, Gen.broadcastableTo(out, r), -5, 5));
    }

    @Property(tries = TRIES)
    void sub(@ForAll("shapes") int[] out, @ForAll long seed) {
        Random r = new Random(seed);
        assertGradients(x -> x[0].sub(x[1]), Gen.uniform(r, Gen.broadcastableTo(out, r), -5, 5), Gen.uniform(r, Gen.broadcastableTo(out, r), -5, 5));
    }

    @Property(tries = TRIES)
    void mul(@ForAll("shapes") int[] out, @ForAll long seed) {
        Random r = new Random(seed);
        assertGradients(x -> x[0].mul(x[1]), Gen.uniform(r, Gen.broadcastableTo(out, r), -5, 5), Gen.uniform(r, Gen.broadcastableTo(out, r), -5, 5));
    }

    @Property(tries = TRIES)
    void div(@ForAll("shapes") int[] out, @ForAll long seed) {
        Random r = new Random(seed);
        Tensor a = Gen.uniform(r, Gen.broadcastableTo(out, r), -5, 5);
        Tensor b = Gen.awayFromZero(r, Gen.broadcastableTo(out, r), 10, 0.1);
        assertGradients(x -> x[0].div(x[1]), a, b);
    }

    @Property(tries = TRIES)
    void pow(@ForAll("shapes") int[] out, @ForAll long seed) {
        Random r = new Random(seed);
        Tensor a = Gen.logUniform(r, Gen.broadcastableTo(out, r), 0.05, 5);
        Tensor b = Gen.uniform(r, Gen.broadcastableTo(out, r), -3, 3);
        assertGradients(x -> x[0].pow(x[1]), a, b);
    }

    @Property(tries = TRIES)
    void maximum(@ForAll("shapes") int[] out, @ForAll long seed) {
        Random r = new Random(seed);
        // a on the grid k + 0.25, b on k + 0.75: never within 0.3 of each other, so no ties
        Tensor a = Gen.onGrid(r, Gen.broadcastableTo(out, r), 0.25), b = Gen.onGrid(r, Gen.broadcastableTo(out, r), 0.75);
        assertGradients(x -> x[0].maximum(x[1]), a, b);
    }

    @Property(tries = TRIES)
    void minimum(@ForAll("shapes") int[] out, @ForAll long seed) {
        Random r = new Random(seed);
        Tensor a = Gen.onGrid(r, Gen.broadcastableTo(out, r), 0.25), b = Gen.onGrid(r, Gen.broadcastableTo(out, r), 0.75);
        assertGradients(x -> x[0].minimum(x[1]), a, b);
    }

    @Property(tries = TRIES)
    void where(@ForAll("shapes") int[] out, @ForAll long seed) {
        Random r = new Random(seed);
        Tensor mask = Gen.mask(r, Gen.broadcastableTo(out, r));
        Tensor a = Gen.uniform(r, Gen.broadcastableTo(out, r), -5, 5), b = Gen.uniform(r, Gen.broadcastableTo(out, r), -5, 5);
        assertGradients(x -> Var.where(mask, x[0], x[1]), a, b);
    }

    @Property(tries = TRIES)
    void binaryCrossEntropyWithLogits(@ForAll("shapes") int[] out, @ForAll long seed) {
        Random r = new Random(seed);
        // logits saturate (|l| up to 40); targets are soft labels in [0, 1]
        Tensor logits = Gen.uniform(r, out, -40, 40);
        Tensor targets = Gen.uniform(r, Gen.broadcastableTo(out, r), 0, 1);
        assertGradients(x -> x[0].binaryCrossEntropyWithLogits(x[1]), logits, targets);
    }
}
