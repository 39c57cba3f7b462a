package elbow.autograd;

import elbow.tensor.DType;
import elbow.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tape's contract: accumulation, scopes, detach, the needs-gradient mask, shape checks, released buffers and messages. */
class TapeTest {
    static final double TOL = 1e-12;

    private static Var p(double... v) {
        return Var.param(Tensor.of(v));
    }

    // ---------------------------------------------------------------- accumulation

    @Test
    void gradientsAccumulateAcrossBackwardCalls() {
        Var x = p(1, 2);
        x.square().sum().backward(); // 2x
        x.mul(3.0).sum().backward(); // + 3
        assertArrayEquals(new double[] {5, 7}, x.grad().toDoubleArray(), TOL);
    }

    @Test
    void retainedGraphCanBeRunTwiceAndAdds() {
        Var x = p(1, 2);
        Var y = x.square().sum();
        y.backward(null, true);
        y.backward(null, true);
        assertArrayEquals(new double[] {4, 8}, x.grad().toDoubleArray(), TOL);
    }

    @Test
    void secondBackwardThroughReleasedGraphFailsClearly() {
        Var x = p(1, 2);
        Var y = x.square().sum();
        y.backward();
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("released") && e.getMessage().contains("retainGraph"), e.getMessage());
        assertArrayEquals(new double[] {2, 4}, x.grad().toDoubleArray(), TOL, "the failed call must not have added anything");
    }

    @Test
    void valueUsedTwiceGetsBothContributions() {
        // d/dx sum(x·x + x) = 2x + 1
        Var x = p(1, 2);
        x.mul(x).add(x).sum().backward();
        assertArrayEquals(new double[] {3, 5}, x.grad().toDoubleArray(), TOL);
    }

    @Test
    void leavesNeverShareGradientBuffers() {
        // add passes the incoming gradient through uncopied; the leaves must still own separate buffers
        Var a = p(1, 2), b = p(3, 4);
        a.add(b).sum().backward();
        assertNotSame(a.grad(), b.grad());
        a.grad().fill(100);
        assertArrayEquals(new double[] {1, 1}, b.grad().toDoubleArray(), TOL);
        a.add(b).sum().backward();
        assertArrayEquals(new double[] {101, 101}, a.grad().toDoubleArray(), TOL);
        assertArrayEquals(new double[] {2, 2}, b.grad().toDoubleArray(), TOL);
    }

    @Test
    void seedIsNotModified() {
        Var a = p(1, 2);
        Var y = a.add(a).add(a); // three contributions meet at a, the first is the seed itself
        Tensor seed = Tensor.of(1.0, 1.0);
        y.backward(seed);
        assertArrayEquals(new double[] {1, 1}, seed.toDoubleArray(), TOL);
        assertArrayEquals(new double[] {3, 3}, a.grad().toDoubleArray(), TOL);
    }

    @Test
    void zeroGradKeepsTheBuffer() {
        Var x = p(1, 2);
        x.sum().backward();
        Tensor buffer = x.grad();
        x.zeroGrad();
        assertArrayEquals(new double[] {0, 0}, buffer.toDoubleArray(), TOL);
        x.mul(2.0).sum().backward();
        assertSame(buffer, x.grad());
        assertArrayEquals(new double[] {2, 2}, x.grad().toDoubleArray(), TOL);
        x.clearGrad();
        assertNull(x.grad());
    }

    @Test
    void concurrentBackwardIntoSharedParameterAdds() throws InterruptedException {
        Var w = p(1, 2, 3);
        int threads = 2, steps = 200;
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(new Thread(() -> {
                for (int s = 0; s < steps; s++) w.mul(Var.constant(Tensor.of(1.0, 1.0, 1.0))).sum().backward();
            }));
        }
        workers.forEach(Thread::start);
        for (Thread t : workers) t.join();
        assertArrayEquals(new double[] {400, 400, 400}, w.grad().toDoubleArray(), TOL);
    }

    // ---------------------------------------------------------------- backward's preconditions

    @Test
    void backwardNeedsAScalarOrASeed() {
        Var x = p(1, 2);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> x.square().backward());
        assertTrue(e.getMessage().contains("scalar") && e.getMessage().contains("[2]"), e.getMessage());
        x.square().backward(Tensor.of(1.0, 10.0));
        assertArrayEquals(new double[] {2, 40}, x.grad().toDoubleArray(), TOL);
    }

    @Test
    void seedMustHaveTheOutputShape() {
        Var x = p(1, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.square().backward(Tensor.of(1.0, 2.0, 3.0)));
        assertTrue(e.getMessage().contains("[3]") && e.getMessage().contains("[2]"), e.getMessage());
    }

    @Test
    void backwardOfAConstantFails() {
        Var c = Var.constant(Tensor.of(1.0));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.exp().sum().backward());
        assertTrue(e.getMessage().contains("does not require a gradient"), e.getMessage());
    }

    // ---------------------------------------------------------------- no-grad scope and detach

    @Test
    @SuppressWarnings("try")
    void noGradScopeRecordsNothingAndNests() {
        Var x = p(1, 2);
        try (NoGrad outer = NoGrad.enter()) {
            try (NoGrad inner = NoGrad.enter()) {
                assertFalse(x.exp().requiresGrad());
            }
            Var y = x.mul(x);
            assertFalse(y.requiresGrad());
            assertTrue(y.isLeaf());
            assertArrayEquals(new double[] {1, 4}, y.value().toDoubleArray(), TOL);
        }
        assertFalse(NoGrad.isActive());
        assertTrue(x.exp().requiresGrad());
    }

    @Test
    @SuppressWarnings("try")
    void noGradIsPerThread() throws InterruptedException {
        Var x = p(1, 2);
        boolean[] otherThreadRecords = new boolean[1];
        try (NoGrad off = NoGrad.enter()) {
            Thread t = new Thread(() -> otherThreadRecords[0] = x.exp().requiresGrad());
            t.start();
            t.join();
            assertFalse(x.exp().requiresGrad());
        }
        assertTrue(otherThreadRecords[0]);
    }

    @Test
    void detachStopsTheGradientAndSharesTheTensor() {
        // d/dx sum(x · stop(x)) = stop(x) = x, not 2x
        Var x = p(1, 2);
        Var d = x.detach();
        assertSame(x.value(), d.value());
        assertFalse(d.requiresGrad());
        x.mul(d).sum().backward();
        assertArrayEquals(new double[] {1, 2}, x.grad().toDoubleArray(), TOL);
    }

    @Test
    void constantsGetNoGradient() {
        Var x = p(1, 2);
        Var c = Var.constant(Tensor.of(3.0, 4.0));
        x.mul(c).sum().backward();
        assertNull(c.grad());
    }

    // ---------------------------------------------------------------- needs-gradient mask

    /** Records the mask it is given; returns exactly the gradients asked for. */
    static final class Spy extends BinaryPrimitive {
        final List<boolean[]> masks = new ArrayList<>();

        @Override
        protected Tensor forward(Tensor a, Tensor b) {
            return a.add(b);
        }

        @Override
        protected Tensor[] backward(Tensor g, boolean[] needs) {
            masks.add(needs.clone());
            return new Tensor[] {needs[0] ? g : null, needs[1] ? g : null};
        }
    }

    @Test
    void maskExcludesConstantInputs() {
        Spy spy = new Spy();
        spy.apply(p(1), Var.constant(Tensor.of(2.0))).sum().backward();
        assertArrayEquals(new boolean[] {true, false}, spy.masks.get(0));
    }

    @Test
    void maskExcludesInputsNotAskedForByVjp() {
        Spy spy = new Spy();
        Var a = p(1), b = p(2);
        Tensor[] g = Tape.vjp(spy.apply(a, b).sum(), null, false, a);
        assertArrayEquals(new boolean[] {true, false}, spy.masks.get(0));
        assertArrayEquals(new double[] {1}, g[0].toDoubleArray(), TOL);
        assertNull(a.grad(), "vjp must not accumulate into leaves");
        assertNull(b.grad());
    }

    @Test
    void primitivesSkipUnneededGradients() {
        // Mul's and MatMul's backward, asked for the first input only, do not compute the second
        Var a = Var.param(Tensor.wrap(new double[] {1, 2, 3, 4}, 2, 2)), b = Var.constant(Tensor.wrap(new double[] {5, 6, 7, 8}, 2, 2));
        for (Var y : new Var[] {a.mul(b), a.matmul(b), a.div(b), a.pow(b), a.maximum(b), a.binaryCrossEntropyWithLogits(b)}) {
            Tensor[] grads = y.creator.backward(Tensor.ones(DType.F64, 2, 2), new boolean[] {true, false});
            assertEquals(2, grads.length);
            assertTrue(grads[0] != null && grads[1] == null, y.creator.name());
        }
    }

    @Test
    void backwardComputingAnUnneededGradientIsRejected() {
        BinaryPrimitive eager = new BinaryPrimitive() {
            @Override protected Tensor forward(Tensor a, Tensor b) { return a.mul(b); }
            @Override protected Tensor[] backward(Tensor g, boolean[] needs) { return new Tensor[] {g, g}; }
        };
        Var y = eager.apply(p(1), Var.constant(Tensor.of(2.0))).sum();
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("computed a gradient for input 1, which needs none"), e.getMessage());
    }

    @Test
    void subgraphsThatNeedNoGradientAreSkipped() {
        // out = a·b + spy(b, b): asked for a's gradient only, the spy's branch is never differentiated
        Spy spy = new Spy();
        Var a = p(1), b = p(2);
        Var out = a.mul(b).add(spy.apply(b, b)).sum();
        Tensor[] g = Tape.vjp(out, null, false, a);
        assertTrue(spy.masks.isEmpty());
        assertArrayEquals(new double[] {2}, g[0].toDoubleArray(), TOL);
    }

    @Test
    void topologicalOrderHoldsOnlyValuesThatNeedGradients() {
        Var x = p(1, 2);
        Var c = Var.constant(Tensor.of(3.0, 4.0));
        Var cc = c.exp().log().square(); // a constant chain: never recorded, never visited
        Var y = x.mul(cc).sum();
        List<Var> order = Tape.topologicalOrder(y);
        assertEquals(3, order.size()); // x, x·cc, sum
        assertSame(x, order.get(0));
        assertSame(y, order.get(2));
    }

    // ---------------------------------------------------------------- contract checks and released buffers

    @Test
    void gradientOfWrongShapeIsRejectedWithBothShapes() {
        UnaryPrimitive bad = new UnaryPrimitive() {
            @Override protected Tensor forward(Tensor x) { return x.sum(1); }
            @Override protected Tensor backward(Tensor g) { return g; } // forgot to expand back
        };
        Var y = bad.apply(Var.param(Tensor.zeros(DType.F64, 2, 3))).sum();
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("shape [2]") && e.getMessage().contains("input 0 of shape [2, 3]"), e.getMessage());
    }

    @Test
    void gradientOfWrongDTypeIsRejected() {
        UnaryPrimitive bad = new UnaryPrimitive() {
            @Override protected Tensor forward(Tensor x) { return x.exp(); }
            @Override protected Tensor backward(Tensor g) { return g.to(DType.F32); }
        };
        Var y = bad.apply(p(1, 2)).sum();
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("F32") && e.getMessage().contains("F64"), e.getMessage());
    }

    @Test
    void savedBuffersAreReleasedAfterBackward() {
        Var x = p(1, 2);
        Var e = x.exp(), t = e.tanh(), m = t.mul(x);
        Var y = m.sum();
        assertEquals(1, e.creator.savedCount());
        assertEquals(2, m.creator.savedCount());
        y.backward();
        for (Var v : new Var[] {e, t, m, y}) {
            assertEquals(0, v.creator.savedCount(), v.creator.name());
            assertTrue(v.creator.isReleased());
        }
        assertNull(m.creator.inputs, "links to the inputs are dropped too, so intermediates can be collected");
    }

    @Test
    void retainGraphKeepsSavedBuffers() {
        Var x = p(1, 2);
        Var e = x.exp();
        e.sum().backward(null, true);
        assertEquals(1, e.creator.savedCount());
        assertFalse(e.creator.isReleased());
    }

    @Test
    void unrecordedForwardSavesNothing() {
        Var c = Var.constant(Tensor.of(1.0, 2.0));
        Exp exp = new Exp();
        Var y = exp.apply(c);
        assertTrue(y.isLeaf());
        assertEquals(0, exp.savedCount());
    }

    @Test
    void primitiveInstancesAreSingleUse() {
        Exp exp = new Exp();
        exp.apply(p(1));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> exp.apply(p(2)));
        assertTrue(e.getMessage().contains("used twice"), e.getMessage());
    }

    // ---------------------------------------------------------------- functional API

    @Test
    void vjpOfIntermediateValuesAndUnusedInputs() {
        // y = sum(h²), h = 3x: dy/dh = 2h, dy/dx = 18x; u is unused and gets zeros
        Var x = p(1, 2), u = p(5);
        Var h = x.mul(3.0);
        Tensor[] g = Tape.vjp(h.square().sum(), null, false, h, x, u);
        assertArrayEquals(new double[] {6, 12}, g[0].toDoubleArray(), TOL);
        assertArrayEquals(new double[] {18, 36}, g[1].toDoubleArray(), TOL);
        assertArrayEquals(new double[] {0}, g[2].toDoubleArray(), TOL);
    }

    @Test
    void vjpWithRespectToAConstantFails() {
        Var x = p(1);
        Var c = Var.constant(Tensor.of(2.0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tape.grad(x.mul(c).sum(), c));
        assertTrue(e.getMessage().contains("wrt[0]"), e.getMessage());
    }

    @Test
    void deepChainsDoNotOverflowTheStack() {
        Var x = p(1.0);
        Var y = x;
        for (int i = 0; i < 100_000; i++) y = y.add(1e-6);
        y.sum().backward();
        assertArrayEquals(new double[] {1}, x.grad().toDoubleArray(), TOL);
    }

    @Test
    void float32GraphsWork() {
        // d/dx sum(tanh(x)) = 1 − tanh(x)², in float32
        Var x = Var.param(Tensor.of(0.5f, -1.0f));
        x.tanh().sum().backward();
        assertEquals(DType.F32, x.grad().dtype());
        assertEquals(1 - Math.pow(Math.tanh(0.5), 2), x.grad().getFlat(0), 1e-6);
    }
}
