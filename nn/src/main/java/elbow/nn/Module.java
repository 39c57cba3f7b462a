package elbow.nn;

import elbow.autograd.Var;
import elbow.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A node of a model: its own named parameters and named child modules, in registration order.
 *
 * <p>Naming follows PyTorch's {@code state_dict}: a parameter's full name is the path of child names
 * from the root joined by dots ("encoder.0.weight"), own parameters before those of the children. So an
 * elbow MLP and the equivalent {@code torch.nn.Sequential} have the same keys, and a checkpoint written
 * by {@link Checkpoint} loads into either.
 *
 * <p>Subclasses register everything in their constructor, through {@link #addParameter} and
 * {@link #addModule}, and keep the returned objects in fields to compute with. The tree is fixed after
 * construction. A module registered at two places of a tree (weight sharing) is allowed; its parameters
 * are listed once, under the first name met, so an optimiser updates them once.
 *
 * <p>{@link Layer} adds a forward computation of one input; a module with several inputs or outputs
 * (a VAE with an encoder, two heads and a decoder) extends this class directly and composes layers.
 */
public abstract class Module {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]+");

    private final Map<String, Var> ownParameters = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();

    /**
     * Registers {@code initial} (not copied) as a parameter of this module, wrapped in a new
     * {@link Var#param} leaf, and returns that leaf.
     */
    protected final Var addParameter(String name, Tensor initial) {
        checkName(name);
        Var v = Var.param(initial);
        ownParameters.put(name, v);
        return v;
    }

    /** Registers {@code child} under {@code name} and returns it. */
    protected final <M extends Module> M addModule(String name, M child) {
        checkName(name);
        if (child == this || ((Module) child).contains(this)) {
            throw new IllegalArgumentException("adding " + child.typeName() + " as '" + name + "' to " + typeName() + " would make the module tree a cycle");
        }
        children.put(name, child);
        return child;
    }

    private void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("module and parameter names are letters, digits and '_' (dots join them into paths), got '" + name + "'");
        }
        if (ownParameters.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException(typeName() + " already has a parameter or module named '" + name + "'");
        }
    }

    private boolean contains(Module m) {
        for (Module c : children.values()) if (c == m || c.contains(m)) return true;
        return false;
    }

    // ---------------------------------------------------------------- the tree

    /** Every parameter of this module and its descendants, with full dotted names, each once. */
    public final List<Parameter> parameters() {
        List<Parameter> out = new ArrayList<>();
        collect("", out, Collections.newSetFromMap(new IdentityHashMap<>()));
        return Collections.unmodifiableList(out);
    }

    private void collect(String prefix, List<Parameter> out, Set<Var> seen) {
        for (Map.Entry<String, Var> e : ownParameters.entrySet()) {
            if (seen.add(e.getValue())) out.add(Parameter.of(prefix + e.getKey(), e.getValue()));
        }
        for (Map.Entry<String, Module> e : children.entrySet()) e.getValue().collect(prefix + e.getKey() + ".", out, seen);
    }

    /** The parameter with full dotted name {@code name}; the message lists the names there are. */
    public final Parameter parameter(String name) {
        for (Parameter p : parameters()) if (p.name().equals(name)) return p;
        List<String> names = new ArrayList<>();
        for (Parameter p : parameters()) names.add(p.name());
        throw new IllegalArgumentException(typeName() + " has no parameter '" + name + "'; it has " + names);
    }

    /** This module's own parameters by their short names (not those of children). */
    public final Map<String, Var> ownParameters() {
        return Collections.unmodifiableMap(ownParameters);
    }

    /** The direct children by name, in registration order. */
    public final Map<String, Module> children() {
        return Collections.unmodifiableMap(children);
    }

    /** This module (path "") and every descendant with its dotted path, depth first, parents before children. */
    public final Map<String, Module> modules() {
        Map<String, Module> out = new LinkedHashMap<>();
        walk("", out);
        return Collections.unmodifiableMap(out);
    }

    private void walk(String path, Map<String, Module> out) {
        out.put(path, this);
        for (Map.Entry<String, Module> e : children.entrySet()) {
            e.getValue().walk(path.isEmpty() ? e.getKey() : path + "." + e.getKey(), out);
        }
    }

    /** Number of scalar parameters in this module and its descendants (shared ones counted once). */
    public final long parameterCount() {
        long n = 0;
        for (Parameter p : parameters()) n += p.size();
        return n;
    }

    /**
     * Forgets every parameter's accumulated gradient (PyTorch's {@code zero_grad(set_to_none=True)}): the
     * next backward pass stores its freshly computed gradient instead of adding it to a zeroed buffer,
     * which saves a fill and an add per parameter and step.
     */
    public final void zeroGrad() {
        for (Parameter p : parameters()) p.var().clearGrad();
    }

    // ---------------------------------------------------------------- description

    /** The type shown in summaries and {@link #toString()}, PyTorch's class names where there is one. */
    public String typeName() {
        return getClass().getSimpleName();
    }

    /** The constructor settings shown after the type, such as "in=784, out=200"; empty by default. */
    public String settings() {
        return "";
    }

    /** The type with its settings: "Linear(in=784, out=200)", "Tanh". */
    public final String describe() {
        String s = settings();
        return s.isEmpty() ? typeName() : typeName() + "(" + s + ")";
    }

    /** A PyTorch-style tree: each child on its own line as "(name): description". */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        print(sb, "");
        return sb.toString();
    }

    private void print(StringBuilder sb, String indent) {
        if (children.isEmpty()) {
            sb.append(describe());
            return;
        }
        sb.append(typeName()).append("(\n");
        for (Map.Entry<String, Module> e : children.entrySet()) {
            sb.append(indent).append("  (").append(e.getKey()).append("): ");
            e.getValue().print(sb, indent + "  ");
            sb.append('\n');
        }
        sb.append(indent).append(')');
    }
}
