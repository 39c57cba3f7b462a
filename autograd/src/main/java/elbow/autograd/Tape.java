package elbow.autograd;

import elbow.tensor.Shape;
import elbow.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reverse pass: a topological order of the graph below an output, then each primitive's
 * vector-Jacobian product in reverse order, summing the gradients that meet at a value.
 *
 * <p>The graph itself is the chain of {@link Var#creator} links; this class holds no state between
 * calls. Where gradients live: a <em>leaf</em>'s gradient accumulates in the leaf ({@link Var#grad()}),
 * PyTorch style, because optimisers and the VI estimators own parameters and want {@code p.grad()} next
 * to {@code p.value()}; <em>intermediate</em> gradients live in a map local to one pass (candle's store
 * keyed by identity) and are dropped as soon as the value's creator has used them, so a backward pass
 * never holds more than the frontier of gradients. {@link #vjp} returns gradients without touching any
 * leaf (JAX style), for estimators that need several gradients of different objectives.
 *
 * <p>Buffer ownership. A primitive may return the incoming gradient itself (add, reshape, affine with
 * scale 1) or one tensor for two inputs, so a gradient received from a backward is never written to.
 * The first gradient to reach a value is stored as is; a second one is summed into a fresh tensor,
 * which this pass then owns and adds further contributions to in place. A leaf keeps an owned buffer
 * (its first gradient is copied unless this pass owns it), so later in-place accumulation and optimiser
 * updates cannot corrupt a tensor shared with another value.
 */
public final class Tape {
    private Tape() {}

    /**
     * Accumulates the gradient of {@code root} (with output gradient {@code seed}, or 1 for a scalar when
     * {@code seed} is null) into every leaf below it that requires a gradient. With {@code retainGraph}
     * false the saved buffers of every node passed are released.
     */
    static void backward(Var root, Tensor seed, boolean retainGraph) {
        run(root, seed(root, seed, "backward"), retainGraph, null);
    }

    /**
     * Gradient of a scalar {@code output} with respect to each of {@code wrt}, without accumulating into
     * any leaf. Releases the graph's saved buffers.
     */
    public static Tensor[] grad(Var output, Var... wrt) {
        return vjp(output, null, false, wrt);
    }

    /**
     * Vector-Jacobian product: the gradient of ⟨cotangent, output⟩ with respect to each of {@code wrt}
     * (leaves or intermediate values), without touching any leaf's {@link Var#grad()}. Only the part of
     * the graph between {@code output} and {@code wrt} is differentiated. A value in {@code wrt} that
     * {@code output} does not depend on gets zeros. {@code cotangent} null means 1 for a scalar output.
     */
    public static Tensor[] vjp(Var output, Tensor cotangent, boolean retainGraph, Var... wrt) {
        for (int i = 0; i < wrt.length; i++) {
            if (!wrt[i].requiresGrad()) {
                throw new IllegalArgumentException("vjp: wrt[" + i + "] (shape " + Shape.str(wrt[i].shape())
                        + ") does not require a gradient; it is a constant or detached value, so no operation on it was recorded");
            }
        }
        Map<Var, Tensor> found = run(output, seed(output, cotangent, "vjp"), retainGraph, wrt);
        Tensor[] out = new Tensor[wrt.length];
        for (int i = 0; i < wrt.length; i++) {
            Tensor g = found.get(wrt[i]);
            out[i] = g != null ? g : Tensor.zerosLike(wrt[i].value());
        }
        return out;
    }

    private static Tensor seed(Var root, Tensor seed, String what) {
        if (!root.requiresGrad()) {
            throw new IllegalStateException(what + ": the output (shape " + Shape.str(root.shape()) + ") does not require a gradient;"
                    + " it was computed from constants only, inside a NoGrad scope, or detached");
        }
        Tensor v = root.value();
        if (seed == null) {
            if (v.size() != 1) {
                throw new IllegalStateException(what + "() without an output gradient needs a scalar output (one element), but the output has shape "
                        + Shape.str(v.shape()) + "; reduce it first (sum, mean) or pass a gradient of that shape");
            }
            return Tensor.ones(v.dtype(), v.shape());
        }
        if (!seed.sameShape(v)) {
            throw new IllegalArgumentException(what + ": output gradient of shape " + Shape.str(seed.shape()) + " for an output of shape " + Shape.str(v.shape()));
        }
        v.requireSameDType(seed, what);
        return seed;
    }

    /** A gradient waiting for its value's turn, and whether this pass allocated it (may write into it). */
    private static final class Pending {
        Tensor grad;
        boolean owned;

        Pending(Tensor grad) {
            this.grad = grad;
        }
    }

    /**
     * The pass itself. With {@code wrt} null, leaf gradients accumulate into the leaves; otherwise the
     * gradients of the {@code wrt} values are returned and leaves are left alone.
     */
    private static Map<Var, Tensor> run(Var root, Tensor seed, boolean retainGraph, Var[] wrt) {
        List<Var> order = topologicalOrder(root);
        Set<Var> relevant = wrt == null ? null : relevantTo(order, wrt);
        Set<Var> targets = null;
        Map<Var, Tensor> found = new IdentityHashMap<>();
        if (wrt != null) {
            targets = Collections.newSetFromMap(new IdentityHashMap<>());
            Collections.addAll(targets, wrt);
        }
        Map<Var, Pending> pending = new IdentityHashMap<>();
        pending.put(root, new Pending(seed));
        for (int n = order.size() - 1; n >= 0; n--) {
            Var v = order.get(n);
            Pending p = pending.remove(v);
            if (p == null) continue; // not on a path that carries a gradient we need
            if (targets != null && targets.contains(v)) found.put(v, p.owned ? p.grad : p.grad.copy());
            Primitive op = v.creator;
            if (op == null) {
                if (wrt == null) v.accumulateGrad(p.grad, p.owned);
                continue;
            }
            Var[] in = op.inputs;
            boolean[] needs = new boolean[in.length];
            boolean any = false;
            for (int i = 0; i < in.length; i++) {
                needs[i] = relevant == null ? in[i].requiresGrad() : relevant.contains(in[i]);
                any |= needs[i];
            }
            if (any) {
                Tensor[] grads = op.backward(p.grad, needs);
                check(op, grads, needs, in);
                for (int i = 0; i < in.length; i++) {
                    if (needs[i]) accumulate(pending, in[i], grads[i]);
                }
            }
            if (!retainGraph) op.release();
        }
        return found;
    }

    private static void accumulate(Map<Var, Pending> pending, Var v, Tensor g) {
        Pending p = pending.get(v);
        if (p == null) {
            pending.put(v, new Pending(g));
        } else if (p.owned) {
            p.grad.addInPlace(g);
        } else {
            p.grad = p.grad.add(g);
            p.owned = true;
        }
    }

    /** The shape, dtype and mask contract of {@link Primitive#backward(Tensor, boolean[])}. */
    private static void check(Primitive op, Tensor[] grads, boolean[] needs, Var[] in) {
        if (grads.length != in.length) {
            throw new IllegalStateException(op.describe() + ".backward returned " + grads.length + " gradients for " + in.length + " inputs");
        }
        for (int i = 0; i < in.length; i++) {
            Tensor g = grads[i], x = in[i].value();
            if (!needs[i]) {
                if (g != null) throw new IllegalStateException(op.describe() + ".backward computed a gradient for input " + i + ", which needs none");
                continue;
            }
            if (g == null) throw new IllegalStateException(op.describe() + ".backward returned no gradient for input " + i + ", which needs one");
            if (!g.sameShape(x)) {
                throw new IllegalStateException(op.describe() + ".backward returned a gradient of shape " + Shape.str(g.shape())
                        + " for input " + i + " of shape " + Shape.str(x.shape()));
            }
            if (g.dtype() != x.dtype()) {
                throw new IllegalStateException(op.describe() + ".backward returned a " + g.dtype() + " gradient for " + x.dtype() + " input " + i);
            }
        }
    }

    /**
     * Values below {@code root} that require a gradient, every input before the values computed from it.
     * Constant subgraphs are never entered. Iterative, so deep graphs (long RNN-like chains, many
     * optimisation steps unrolled) cannot overflow the stack.
     */
    static List<Var> topologicalOrder(Var root) {
        List<Var> order = new ArrayList<>();
        Set<Var> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Var> stack = new ArrayList<>();
        List<int[]> next = new ArrayList<>();
        visited.add(root);
        checkLive(root);
        stack.add(root);
        next.add(new int[1]);
        while (!stack.isEmpty()) {
            int top = stack.size() - 1;
            Var v = stack.get(top);
            Var[] in = v.creator == null ? null : v.creator.inputs;
            int[] i = next.get(top);
            if (in != null && i[0] < in.length) {
                Var c = in[i[0]++];
                if (c.requiresGrad() && visited.add(c)) {
                    checkLive(c);
                    stack.add(c);
                    next.add(new int[1]);
                }
            } else {
                stack.remove(top);
                next.remove(top);
                order.add(v);
            }
        }
        return order;
    }

    private static void checkLive(Var v) {
        if (v.creator != null && v.creator.isReleased()) {
            throw new IllegalStateException("backward through " + v.creator.describe() + ", whose saved tensors were released by an earlier backward pass;"
                    + " pass retainGraph = true to the first backward to run backward through the same graph again");
        }
    }

    /** The values of {@code order} that are, or are computed from, one of {@code wrt}. */
    private static Set<Var> relevantTo(List<Var> order, Var[] wrt) {
        Set<Var> relevant = Collections.newSetFromMap(new IdentityHashMap<>());
        Collections.addAll(relevant, wrt);
        for (Var v : order) { // inputs come first, so one sweep suffices
            if (v.creator == null || relevant.contains(v)) continue;
            for (Var in : v.creator.inputs) {
                if (relevant.contains(in)) {
                    relevant.add(v);
                    break;
                }
            }
        }
        return relevant;
    }
}
