package elbow.nn;

import elbow.tensor.Shape;
import elbow.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Saves and restores a model's parameters, and optionally its optimiser's state, as one safetensors
 * file written atomically.
 *
 * <pre>{@code
 * Checkpoint.save(dir.resolve("model.safetensors"), vae);                 // weights only: PyTorch loads this
 * Checkpoint.save(dir.resolve("checkpoint.safetensors"), vae, adam, Map.of("epoch", "7"));
 * Map<String, String> meta = Checkpoint.load(dir.resolve("checkpoint.safetensors"), vae, adam);
 * }</pre>
 *
 * <p>Parameters are stored under their names ("encoder.0.weight"), in their dtype and shape, so the
 * weights-only file is a PyTorch {@code state_dict} for the same architecture
 * ({@code model.load_state_dict(safetensors.torch.load_file(path))}). Optimiser state goes beside them as
 * "optimizer.adam.m.encoder.0.weight" and so on, with the step count and settings in the metadata; a
 * PyTorch user loading such a file drops the "optimizer." keys (or passes {@code strict=False}).
 * Metadata always has "format": "pt", the key Hugging Face's tools look for.
 *
 * <p>Loading is all or nothing: every name, dtype and shape is checked before any tensor is copied, so a
 * wrong file leaves the model and the optimiser as they were. Values are copied into the existing
 * tensors, bit for bit; the {@code Var}s a model holds are never replaced.
 */
public final class Checkpoint {
    private Checkpoint() {}

    /** Writes the parameters of {@code model}. */
    public static void save(Path file, Module model) throws IOException {
        save(file, model.parameters(), null, Map.of());
    }

    /** Writes the parameters of {@code model} and the state of {@code optimizer}. */
    public static void save(Path file, Module model, Optimizer optimizer) throws IOException {
        save(file, model.parameters(), optimizer, Map.of());
    }

    /** Writes the parameters of {@code model}, the state of {@code optimizer} and extra metadata. */
    public static void save(Path file, Module model, Optimizer optimizer, Map<String, String> metadata) throws IOException {
        save(file, model.parameters(), optimizer, metadata);
    }

    /**
     * Writes {@code parameters}, the state of {@code optimizer} (null: none) and {@code metadata} (which
     * must not use the keys "format" and "optimizer...": those are written here).
     */
    public static void save(Path file, List<Parameter> parameters, Optimizer optimizer, Map<String, String> metadata) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Parameter p : parameters) {
            if (p.name().startsWith("optimizer.")) throw new TensorFileException(file, p.name(), "parameter names must not start with 'optimizer.', which is kept for optimizer state");
            if (tensors.put(p.name(), p.value()) != null) throw new TensorFileException(file, p.name(), "two parameters have this name");
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            if (e.getKey().equals("format") || e.getKey().startsWith("optimizer")) {
                throw new TensorFileException(file, null, "metadata key '" + e.getKey() + "' is reserved for the checkpoint itself");
            }
            meta.put(e.getKey(), e.getValue());
        }
        if (optimizer != null) {
            tensors.putAll(optimizer.state());
            meta.putAll(optimizer.stateMetadata());
        }
        Safetensors.write(file, tensors, meta);
    }

    /** Loads the parameters of {@code model}; optimiser state in the file is ignored. Returns the file's metadata. */
    public static Map<String, String> load(Path file, Module model) throws IOException {
        return load(file, model.parameters(), null);
    }

    /** Loads the parameters of {@code model} and the state of {@code optimizer}. Returns the file's metadata. */
    public static Map<String, String> load(Path file, Module model, Optimizer optimizer) throws IOException {
        return load(file, model.parameters(), optimizer);
    }

    /**
     * Loads {@code parameters} and, unless it is null, the state of {@code optimizer}. Every parameter
     * must be in the file with its dtype and shape, and the file must hold no other tensors except
     * optimiser state; otherwise a {@link TensorFileException} names the file, the tensor and both shapes,
     * and nothing is changed. Returns the file's metadata.
     */
    public static Map<String, String> load(Path file, List<Parameter> parameters, Optimizer optimizer) throws IOException {
        TensorFile content = Safetensors.read(file);
        Map<String, Tensor> tensors = content.tensors();
        List<String> missing = new ArrayList<>();
        for (Parameter p : parameters) {
            Tensor t = tensors.get(p.name());
            if (t == null) {
                missing.add(p.name());
                continue;
            }
            if (!t.sameShape(p.value())) {
                throw new TensorFileException(file, p.name(), "shape " + Shape.str(t.shape()) + " in the file, but the model's parameter has shape " + Shape.str(p.shape()));
            }
            if (t.dtype() != p.dtype()) {
                throw new TensorFileException(file, p.name(), "dtype " + Safetensors.dtypeName(t.dtype()) + Shape.str(t.shape()) + " in the file, but the model's parameter is "
                        + Safetensors.dtypeName(p.dtype()) + Shape.str(p.shape()));
            }
        }
        if (!missing.isEmpty()) {
            throw new TensorFileException(file, missing.get(0), "the model's parameter" + (missing.size() > 1 ? "s " + missing + " are" : " is") + " not in the file, which holds "
                    + nonOptimizerNames(tensors));
        }
        List<String> unexpected = new ArrayList<>();
        for (String name : tensors.keySet()) {
            if (name.startsWith("optimizer.")) continue;
            boolean known = false;
            for (Parameter p : parameters) known |= p.name().equals(name);
            if (!known) unexpected.add(name);
        }
        if (!unexpected.isEmpty()) {
            throw new TensorFileException(file, unexpected.get(0), "the file holds tensor" + (unexpected.size() > 1 ? "s " + unexpected : "") + " that the model has no parameter for");
        }
        if (optimizer != null) {
            try {
                optimizer.loadState(tensors, content.metadata());
            } catch (IllegalArgumentException e) {
                throw new TensorFileException(file, null, e.getMessage(), e);
            }
        }
        for (Parameter p : parameters) p.value().assign(tensors.get(p.name()));
        return content.metadata();
    }

    private static List<String> nonOptimizerNames(Map<String, Tensor> tensors) {
        List<String> names = new ArrayList<>();
        for (String n : tensors.keySet()) if (!n.startsWith("optimizer.")) names.add(n);
        return names;
    }
}
