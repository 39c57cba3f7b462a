package elbow.nn;

import elbow.autograd.Var;

/**
 * An elementwise nonlinearity as a layer, so that it appears in a {@link Sequential}, in its
 * {@link #toString()} and in a {@link ModelSummary} where PyTorch users expect it (between two
 * {@code Linear}s, numbered). It has no parameters; each kind is one autograd primitive, whose
 * gradient is computed from the saved result where that is cheaper (tanh, sigmoid).
 */
public final class Activation extends Layer {
    /** The nonlinearities, with PyTorch's class names. */
    public enum Kind {
        TANH("Tanh"), RELU("ReLU"), LEAKY_RELU("LeakyReLU"), SIGMOID("Sigmoid"), SOFTPLUS("Softplus");

        final String typeName;

        Kind(String typeName) {
            this.typeName = typeName;
        }
    }

    /** PyTorch's default negative slope of LeakyReLU. */
    public static final double DEFAULT_LEAKY_SLOPE = 0.01;

    private final Kind kind;
    private final double slope;

    private Activation(Kind kind, double slope) {
        this.kind = kind;
        this.slope = slope;
    }

    /** A new layer of {@code kind}; leaky ReLU gets {@link #DEFAULT_LEAKY_SLOPE}. */
    public static Activation of(Kind kind) {
        return new Activation(kind, kind == Kind.LEAKY_RELU ? DEFAULT_LEAKY_SLOPE : 0.0);
    }

    public static Activation tanh() { return of(Kind.TANH); }

    public static Activation relu() { return of(Kind.RELU); }

    /** x for x &gt; 0, else slope·x. */
    public static Activation leakyRelu(double slope) {
        if (!Double.isFinite(slope)) throw new IllegalArgumentException("leaky ReLU slope must be finite, got " + slope);
        return new Activation(Kind.LEAKY_RELU, slope);
    }

    public static Activation sigmoid() { return of(Kind.SIGMOID); }

    /** log(1 + eˣ). */
    public static Activation softplus() { return of(Kind.SOFTPLUS); }

    public Kind kind() { return kind; }

    @Override
    public Var forward(Var x) {
        switch (kind) {
            case TANH: return x.tanh();
            case RELU: return x.relu();
            case LEAKY_RELU: return x.leakyRelu(slope);
            case SIGMOID: return x.sigmoid();
            case SOFTPLUS: return x.softplus();
            default: throw new AssertionError(kind);
        }
    }

    @Override
    public int[] outputShape(int... inputShape) {
        return inputShape.clone();
    }

    @Override
    public String typeName() {
        return kind.typeName;
    }

    @Override
    public String settings() {
        return kind == Kind.LEAKY_RELU ? "slope=" + slope : "";
    }
}
