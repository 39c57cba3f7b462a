package elbow.nn;

import elbow.tensor.Tensor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a safetensors file holds: named tensors, in the file's header order, and the string-to-string
 * {@code __metadata__}. Both maps are read-only views.
 */
public final class TensorFile {
    private final Map<String, Tensor> tensors;
    private final Map<String, String> metadata;

    public TensorFile(Map<String, Tensor> tensors, Map<String, String> metadata) {
        this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    public Map<String, Tensor> tensors() {
        return tensors;
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    /** The tensor called {@code name}, or null. */
    public Tensor get(String name) {
        return tensors.get(name);
    }
}
