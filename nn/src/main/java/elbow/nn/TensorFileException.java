package elbow.nn;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A tensor file that cannot be used: truncated, corrupt, not in the safetensors format, or holding a
 * tensor whose name, dtype or shape does not fit the model it is loaded into. The message always starts
 * with the file and, when one is to blame, names the tensor; a shape or dtype mismatch states both sides.
 */
public final class TensorFileException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String tensor;

    TensorFileException(Path file, String tensor, String message) {
        super(file + (tensor == null ? "" : ": tensor '" + tensor + "'") + ": " + message);
        this.file = file;
        this.tensor = tensor;
    }

    TensorFileException(Path file, String tensor, String message, Throwable cause) {
        this(file, tensor, message);
        initCause(cause);
    }

    /** The file that was read or written. */
    public Path file() {
        return file;
    }

    /** The tensor at fault, or null when the fault is the file's as a whole. */
    public String tensor() {
        return tensor;
    }
}
