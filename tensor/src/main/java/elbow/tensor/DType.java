package elbow.tensor;

/** Element type of a tensor. float32 is the training type; float64 is for gradient checks and exact references. */
public enum DType {
    F32(4), F64(8);

    /** Bytes per element. */
    public final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }
}
