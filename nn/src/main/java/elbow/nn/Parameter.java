package elbow.nn;

import elbow.autograd.Var;
import elbow.tensor.DType;
import elbow.tensor.Tensor;

import java.util.Objects;

/**
 * A trainable tensor and its stable, dotted name ("encoder.0.weight").
 *
 * <p>The name is the key everything else agrees on: the optimisers name their state after it
 * ("optimizer.adam.m.encoder.0.weight"), {@link ModelSummary} counts by it and {@link Checkpoint}
 * writes it into the safetensors file, where PyTorch's {@code load_state_dict} expects the same key.
 * The value is an autograd leaf ({@link Var#param}); its tensor is updated in place by optimisers and by
 * loading, so the {@code Var} a model computes with is never replaced.
 *
 * <p>{@link Module#parameters()} hands these out for a module tree; parameters that live outside any
 * module (the variational parameters of black-box VI, say) are wrapped with {@link #of}.
 */
public final class Parameter {
    private final String name;
    private final Var var;

    private Parameter(String name, Var var) {
        this.name = name;
        this.var = var;
    }

    /** Names {@code var}, which must be a parameter leaf (a {@link Var#param}). */
    public static Parameter of(String name, Var var) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(var, "var");
        if (name.isEmpty()) throw new IllegalArgumentException("a parameter name must not be empty");
        if (!var.isLeaf() || !var.requiresGrad()) {
            throw new IllegalArgumentException("parameter " + name + " must be a leaf that requires a gradient (Var.param), got " + var);
        }
        return new Parameter(name, var);
    }

    /** Wraps {@code value} (not copied) in a new {@link Var#param} leaf. */
    public static Parameter of(String name, Tensor value) {
        return of(name, Var.param(value));
    }

    public String name() { return name; }

    /** The autograd leaf to compute with. */
    public Var var() { return var; }

    /** The parameter's tensor (shared, not a copy). */
    public Tensor value() { return var.value(); }

    /** The accumulated gradient, or null when no backward pass has reached this parameter since it was cleared. */
    public Tensor grad() { return var.grad(); }

    public int[] shape() { return var.shape(); }

    public DType dtype() { return var.dtype(); }

    public int size() { return var.size(); }

    @Override
    public String toString() {
        return name + " " + var.dtype() + elbow.tensor.Shape.str(var.shape());
    }
}
