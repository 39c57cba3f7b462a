package elbow.tensor;

import java.util.Arrays;

/**
 * An n-dimensional array of float32 or float64 numbers, dense and row-major.
 *
 * <p>A tensor owns one flat array ({@code float[]} or {@code double[]}, never both) and a shape. There
 * are no views with strides: every tensor is contiguous, so every kernel is a flat loop. Reshape is
 * free (it shares the array); transposes are either folded into matmul's packing (no copy) or copied.
 *
 * <p>Operations return new tensors. The {@code *InPlace} methods and {@link #data32()}/{@link #data64()}
 * exist so optimisers and the autograd tape can reuse buffers instead of allocating per step.
 */
public final class Tensor {
    private final DType dtype;
    private final int[] shape;
    private final int size;
    private final float[] f;
    private final double[] d;

    private Tensor(DType dtype, int[] shape, float[] f, double[] d) {
        this.dtype = dtype;
        this.shape = shape;
        this.size = Shape.size(shape);
        this.f = f;
        this.d = d;
        int len = f != null ? f.length : d.length;
        if (len < size) throw new IllegalArgumentException("data of length " + len + " is too short for shape " + Shape.str(shape));
    }

    // ---------------------------------------------------------------- creation

    /** Wraps {@code data} (not copied) as a float32 tensor. */
    public static Tensor wrap(float[] data, int... shape) {
        checkLength(data.length, shape);
        return new Tensor(DType.F32, shape.clone(), data, null);
    }

    /** Wraps {@code data} (not copied) as a float64 tensor. */
    public static Tensor wrap(double[] data, int... shape) {
        checkLength(data.length, shape);
        return new Tensor(DType.F64, shape.clone(), null, data);
    }

    public static Tensor of(float... values) {
        return wrap(values.clone(), values.length);
    }

    public static Tensor of(double... values) {
        return wrap(values.clone(), values.length);
    }

    public static Tensor scalar(double value, DType dtype) {
        return full(value, dtype);
    }

    public static Tensor zeros(DType dtype, int... shape) {
        int n = Shape.size(shape);
        return dtype == DType.F32 ? new Tensor(dtype, shape.clone(), new float[n], null) : new Tensor(dtype, shape.clone(), null, new double[n]);
    }

    public static Tensor ones(DType dtype, int... shape) {
        return full(1.0, dtype, shape);
    }

    public static Tensor full(double value, DType dtype, int... shape) {
        Tensor t = zeros(dtype, shape);
        t.fill(value);
        return t;
    }

    /** 0, 1, ..., n-1. */
    public static Tensor arange(int n, DType dtype) {
        Tensor t = zeros(dtype, n);
        for (int i = 0; i < n; i++) t.setFlat(i, i);
        return t;
    }

    public static Tensor zerosLike(Tensor t) {
        return zeros(t.dtype, t.shape);
    }

    private static void checkLength(int length, int[] shape) {
        int n = Shape.size(shape);
        if (n != length) throw new IllegalArgumentException("data of length " + length + " does not fit shape " + Shape.str(shape) + " (" + n + " elements)");
    }

    // ---------------------------------------------------------------- accessors

    public DType dtype() { return dtype; }

    /** The shape; do not modify the returned array. */
    public int[] shape() { return shape; }

    public int dim(int axis) { return shape[Shape.axis(axis, shape.length, shape)]; }

    public int rank() { return shape.length; }

    public int size() { return size; }

    public boolean isF32() { return dtype == DType.F32; }

    /** The backing float32 array (row-major, length at least {@link #size()}); fails for float64. */
    public float[] data32() {
        if (f == null) throw new IllegalStateException("tensor of shape " + Shape.str(shape) + " is F64, not F32");
        return f;
    }

    /** The backing float64 array (row-major, length at least {@link #size()}); fails for float32. */
    public double[] data64() {
        if (d == null) throw new IllegalStateException("tensor of shape " + Shape.str(shape) + " is F32, not F64");
        return d;
    }

    public double getFlat(int i) {
        if (i < 0 || i >= size) throw new IndexOutOfBoundsException("flat index " + i + " out of range for shape " + Shape.str(shape));
        return f != null ? f[i] : d[i];
    }

    public void setFlat(int i, double v) {
        if (i < 0 || i >= size) throw new IndexOutOfBoundsException("flat index " + i + " out of range for shape " + Shape.str(shape));
        if (f != null) f[i] = (float) v;
        else d[i] = v;
    }

    public double get(int... index) {
        return getFlat(flatIndex(index));
    }

    public void set(double v, int... index) {
        setFlat(flatIndex(index), v);
    }

    private int flatIndex(int[] index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("index " + Arrays.toString(index) + " has rank " + index.length + " but shape " + Shape.str(shape) + " has rank " + shape.length);
        }
        int flat = 0;
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i]) throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " out of range for shape " + Shape.str(shape));
            flat = flat * shape[i] + index[i];
        }
        return flat;
    }

    /** The single value of a tensor with one element. */
    public double item() {
        if (size != 1) throw new IllegalStateException("item() needs exactly one element, shape is " + Shape.str(shape));
        return getFlat(0);
    }

    /** A copy of the values as doubles, row-major. */
    public double[] toDoubleArray() {
        double[] out = new double[size];
        for (int i = 0; i < size; i++) out[i] = f != null ? f[i] : d[i];
        return out;
    }

    /** A copy of the values as floats, row-major. */
    public float[] toFloatArray() {
        float[] out = new float[size];
        for (int i = 0; i < size; i++) out[i] = f != null ? f[i] : (float) d[i];
        return out;
    }

    // ---------------------------------------------------------------- shape and type

    /** Same data, new shape (no copy). One dimension may be -1 and is then inferred. */
    public Tensor reshape(int... newShape) {
        int[] s = newShape.clone();
        int infer = -1, known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1) {
                if (infer >= 0) throw new IllegalArgumentException("reshape " + Shape.str(shape) + " to " + Shape.str(newShape) + ": more than one -1");
                infer = i;
            } else known *= s[i];
        }
        if (infer >= 0) {
            if (known == 0 || size % known != 0) throw new IllegalArgumentException("cannot reshape " + Shape.str(shape) + " to " + Shape.str(newShape));
            s[infer] = size / known;
        }
        if (Shape.size(s) != size) throw new IllegalArgumentException("cannot reshape " + Shape.str(shape) + " (" + size + " elements) to " + Shape.str(newShape));
        return new Tensor(dtype, s, f, d);
    }

    public Tensor flatten() {
        return reshape(size);
    }

    public Tensor copy() {
        return f != null ? new Tensor(dtype, shape, Arrays.copyOf(f, size), null) : new Tensor(dtype, shape, null, Arrays.copyOf(d, size));
    }

    /** This tensor in {@code target} type; returns {@code this} when the type already matches. */
    public Tensor to(DType target) {
        if (target == dtype) return this;
        return target == DType.F32 ? new Tensor(target, shape, toFloatArray(), null) : new Tensor(target, shape, null, toDoubleArray());
    }

    public boolean sameShape(Tensor o) {
        return Arrays.equals(shape, o.shape);
    }

    /** Throws unless {@code o} has this tensor's dtype; the message names both. */
    public void requireSameDType(Tensor o, String op) {
        if (o.dtype != dtype) throw new IllegalArgumentException(op + ": dtype mismatch, " + dtype + Shape.str(shape) + " vs " + o.dtype + Shape.str(o.shape));
    }

    // ---------------------------------------------------------------- in place (buffer reuse)

    public Tensor fill(double v) {
        if (f != null) Arrays.fill(f, 0, size, (float) v);
        else Arrays.fill(d, 0, size, v);
        return this;
    }

    /** Copies {@code src} (same size and dtype) into this tensor. */
    public Tensor assign(Tensor src) {
        requireSameDType(src, "assign");
        if (src.size != size) throw new IllegalArgumentException("assign: shape " + Shape.str(src.shape) + " into " + Shape.str(shape));
        if (f != null) System.arraycopy(src.f, 0, f, 0, size);
        else System.arraycopy(src.d, 0, d, 0, size);
        return this;
    }

    /** this += other (other broadcast to this shape). */
    public Tensor addInPlace(Tensor other) {
        return Elementwise.binaryInto(BinaryOp.ADD, this, other, this);
    }

    /** this += alpha * other, same shape. */
    public Tensor axpyInPlace(double alpha, Tensor other) {
        return Elementwise.axpy(alpha, other, this);
    }

    public Tensor mulInPlace(double s) {
        return Elementwise.unaryInto(UnaryOp.SCALE, s, this, this);
    }

    // ---------------------------------------------------------------- elementwise

    public Tensor neg() { return Elementwise.unary(UnaryOp.NEG, this); }
    public Tensor exp() { return Elementwise.unary(UnaryOp.EXP, this); }
    public Tensor log() { return Elementwise.unary(UnaryOp.LOG, this); }
    public Tensor log1p() { return Elementwise.unary(UnaryOp.LOG1P, this); }
    public Tensor expm1() { return Elementwise.unary(UnaryOp.EXPM1, this); }
    public Tensor sqrt() { return Elementwise.unary(UnaryOp.SQRT, this); }
    public Tensor square() { return Elementwise.unary(UnaryOp.SQUARE, this); }
    public Tensor abs() { return Elementwise.unary(UnaryOp.ABS, this); }
    public Tensor tanh() { return Elementwise.unary(UnaryOp.TANH, this); }
    public Tensor sigmoid() { return Elementwise.unary(UnaryOp.SIGMOID, this); }
    public Tensor softplus() { return Elementwise.unary(UnaryOp.SOFTPLUS, this); }
    public Tensor relu() { return Elementwise.unary(UnaryOp.RELU, this); }
    public Tensor leakyRelu(double slope) { return Elementwise.unary(UnaryOp.LEAKY_RELU, slope, this); }
    public Tensor sign() { return Elementwise.unary(UnaryOp.SIGN, this); }
    public Tensor reciprocal() { return Elementwise.unary(UnaryOp.RECIPROCAL, this); }
    public Tensor mul(double s) { return Elementwise.unary(UnaryOp.SCALE, s, this); }
    public Tensor add(double s) { return Elementwise.unary(UnaryOp.SHIFT, s, this); }
    public Tensor pow(double p) { return Elementwise.unary(UnaryOp.POW_CONST, p, this); }

    public Tensor add(Tensor o) { return Elementwise.binary(BinaryOp.ADD, this, o); }
    public Tensor sub(Tensor o) { return Elementwise.binary(BinaryOp.SUB, this, o); }
    public Tensor mul(Tensor o) { return Elementwise.binary(BinaryOp.MUL, this, o); }
    public Tensor div(Tensor o) { return Elementwise.binary(BinaryOp.DIV, this, o); }
    public Tensor pow(Tensor o) { return Elementwise.binary(BinaryOp.POW, this, o); }
    public Tensor maximum(Tensor o) { return Elementwise.binary(BinaryOp.MAX, this, o); }
    public Tensor minimum(Tensor o) { return Elementwise.binary(BinaryOp.MIN, this, o); }
    /** 1 where this &lt; o, else 0 (in this tensor's dtype). */
    public Tensor lt(Tensor o) { return Elementwise.binary(BinaryOp.LT, this, o); }
    public Tensor le(Tensor o) { return Elementwise.binary(BinaryOp.LE, this, o); }
    public Tensor gt(Tensor o) { return Elementwise.binary(BinaryOp.GT, this, o); }
    public Tensor ge(Tensor o) { return Elementwise.binary(BinaryOp.GE, this, o); }
    public Tensor eq(Tensor o) { return Elementwise.binary(BinaryOp.EQ, this, o); }
    public Tensor ne(Tensor o) { return Elementwise.binary(BinaryOp.NE, this, o); }

    /** Where this mask is non-zero take {@code a}, else {@code b}; all three broadcast. */
    public Tensor where(Tensor a, Tensor b) { return Elementwise.where(this, a, b); }

    /** Materialises this tensor broadcast to {@code target}. */
    public Tensor expand(int... target) { return Elementwise.expand(this, target); }

    // ---------------------------------------------------------------- reductions

    public Tensor sum(int... axes) { return Reduce.reduce(Reduce.Kind.SUM, this, false, axes); }
    public Tensor sumKeep(int... axes) { return Reduce.reduce(Reduce.Kind.SUM, this, true, axes); }
    public Tensor mean(int... axes) { return Reduce.reduce(Reduce.Kind.MEAN, this, false, axes); }
    public Tensor meanKeep(int... axes) { return Reduce.reduce(Reduce.Kind.MEAN, this, true, axes); }
    public Tensor max(int... axes) { return Reduce.reduce(Reduce.Kind.MAX, this, false, axes); }
    public Tensor maxKeep(int... axes) { return Reduce.reduce(Reduce.Kind.MAX, this, true, axes); }
    public Tensor logSumExp(int... axes) { return Reduce.logSumExp(this, false, axes); }
    public Tensor logSumExpKeep(int... axes) { return Reduce.logSumExp(this, true, axes); }
    /** Indices of the maxima along {@code axis} (first on ties), as a tensor of this dtype without that axis. */
    public Tensor argmax(int axis) { return Reduce.argmax(this, axis); }
    /** Sum of all elements as a double. */
    public double sumAll() { return Reduce.reduce(Reduce.Kind.SUM, this, false).item(); }

    public Tensor softmax(int axis) { return Reduce.softmax(this, axis); }
    public Tensor logSoftmax(int axis) { return Reduce.logSoftmax(this, axis); }

    // ---------------------------------------------------------------- linear algebra and layout

    public Tensor matmul(Tensor o) { return MatMul.matmul(this, o, false, false); }
    /** op(this) @ op(o), where op transposes the last two axes when its flag is set, without copying. */
    public Tensor matmul(Tensor o, boolean transThis, boolean transOther) { return MatMul.matmul(this, o, transThis, transOther); }

    /** Swaps the last two axes (a copy). */
    public Tensor transpose() { return Layout.transpose(this); }
    public Tensor permute(int... axes) { return Layout.permute(this, axes); }
    /** Elements {@code start} (inclusive) to {@code end} (exclusive) along {@code axis}. */
    public Tensor slice(int axis, int start, int end) { return Layout.slice(this, axis, start, end); }
    /** Rows {@code indices} along {@code axis} (index select). */
    public Tensor gather(int axis, int... indices) { return Layout.gather(this, axis, indices); }
    public Tensor[] split(int axis, int... sizes) { return Layout.split(this, axis, sizes); }
    public static Tensor concat(int axis, Tensor... parts) { return Layout.concat(axis, parts); }
    public static Tensor oneHot(int[] indices, int classes, DType dtype) { return Layout.oneHot(indices, classes, dtype); }

    // ---------------------------------------------------------------- comparison and printing

    /** True when shapes match and every element differs by at most {@code atol + rtol*|other|}. */
    public boolean allClose(Tensor other, double rtol, double atol) {
        if (!sameShape(other)) return false;
        for (int i = 0; i < size; i++) {
            double a = getFlat(i), b = other.getFlat(i);
            if (Double.isNaN(a) || Double.isNaN(b)) {
                if (!(Double.isNaN(a) && Double.isNaN(b))) return false;
            } else if (a != b && Math.abs(a - b) > atol + rtol * Math.abs(b)) return false;
        }
        return true;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Tensor(").append(dtype).append(Shape.str(shape)).append(", [");
        int show = Math.min(size, 10);
        for (int i = 0; i < show; i++) {
            if (i > 0) sb.append(", ");
            sb.append(f != null ? Float.toString(f[i]) : Double.toString(d[i]));
        }
        if (size > show) sb.append(", ...");
        return sb.append("])").toString();
    }
}
