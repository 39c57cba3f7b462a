package elbow.nn;

import elbow.tensor.DType;
import elbow.tensor.Rng;

import java.util.ArrayList;
import java.util.List;

/**
 * A multilayer perceptron: Linear layers of the given sizes with an activation between them, as a
 * {@link Sequential} (so parameters are named "0.weight", "2.weight", ... like the
 * {@code torch.nn.Sequential} of the same layers).
 *
 * <pre>{@code
 * // Burda et al.'s encoder trunk: 784-200-200 with tanh after both layers
 * Mlp trunk = new Mlp(new int[] {784, 200, 200}, Activation.Kind.TANH, true, DType.F32, rng);
 * // their decoder: 50-200-200-784, logits out (no activation after the last layer)
 * Mlp decoder = new Mlp(new int[] {50, 200, 200, 784}, Activation.Kind.TANH, false, DType.F32, rng);
 * }</pre>
 */
public final class Mlp extends Sequential {
    private final int[] sizes;
    private final Activation.Kind activation;

    /**
     * Layers {@code sizes[0]→sizes[1]→...}, each Linear followed by {@code activation} except the last,
     * which is followed by it only when {@code activateOutput}. Weights are drawn from {@code rng} layer
     * by layer.
     */
    public Mlp(int[] sizes, Activation.Kind activation, boolean activateOutput, DType dtype, Rng rng) {
        super(build(sizes, activation, activateOutput, dtype, rng));
        this.sizes = sizes.clone();
        this.activation = activation;
    }

    private static List<Layer> build(int[] sizes, Activation.Kind activation, boolean activateOutput, DType dtype, Rng rng) {
        if (sizes.length < 2) throw new IllegalArgumentException("an MLP needs at least an input and an output size, got " + java.util.Arrays.toString(sizes));
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i + 1 < sizes.length; i++) {
            layers.add(new Linear(sizes[i], sizes[i + 1], dtype, rng));
            if (i + 2 < sizes.length || activateOutput) layers.add(Activation.of(activation));
        }
        return layers;
    }

    /** The layer sizes, input first. */
    public int[] sizes() {
        return sizes.clone();
    }

    public Activation.Kind activation() {
        return activation;
    }

    @Override
    public String settings() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < sizes.length; i++) sb.append(i == 0 ? "" : "-").append(sizes[i]);
        return sb.append(", ").append(activation.typeName).toString();
    }
}
