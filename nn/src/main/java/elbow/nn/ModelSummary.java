package elbow.nn;

import elbow.autograd.Var;
import elbow.tensor.Shape;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The table PyTorch users print with {@code torchinfo.summary}: every module of a tree with its type,
 * its output shape for a given input shape, and its parameter count, then the totals.
 *
 * <pre>
 * ===========================================================================
 * Layer (type)                              Output shape      Param #
 * ===========================================================================
 * Mlp(784-200-200, Tanh)                    [20, 200]         --
 * ├─0: Linear(in=784, out=200)              [20, 200]         157,000
 * ├─1: Tanh                                 [20, 200]         --
 * ...
 * ===========================================================================
 * Total params: 197,200
 * Trainable params: 197,200
 * Params size: 0.79 MB
 * ===========================================================================
 * </pre>
 *
 * Output shapes come from each layer's shape rule ({@link Layer#outputShape}), not from running the
 * model, so a summary costs nothing and works before any data is loaded. A module that is not a
 * {@link Layer}, or that no input shape reaches, shows "--". Counts are of a module's own parameters;
 * containers show "--" and the totals count every parameter once.
 */
public final class ModelSummary {
    /** One line of the table: a module at a dotted path ("" for the root). */
    public static final class Row {
        private final String path, name, type;
        private final int depth;
        private final int[] outputShape;
        private final long parameters;
        private String prefix = "";

        Row(String path, String name, String type, int depth, int[] outputShape, long parameters) {
            this.path = path;
            this.name = name;
            this.type = type;
            this.depth = depth;
            this.outputShape = outputShape;
            this.parameters = parameters;
        }

        /** Dotted path from the root, "" for the root. */
        public String path() { return path; }

        /** Type and settings, as in "Linear(in=784, out=200)". */
        public String type() { return type; }

        public int depth() { return depth; }

        /** The output shape, or null when it is not known. */
        public int[] outputShape() { return outputShape == null ? null : outputShape.clone(); }

        /** Number of scalars in the module's own parameters (not its children's). */
        public long parameters() { return parameters; }

        String label() {
            return depth == 0 ? type : prefix + name + ": " + type;
        }

        String shapeCell() {
            return outputShape == null ? "--" : Shape.str(outputShape);
        }

        String countCell() {
            return parameters == 0 ? "--" : String.format(Locale.ROOT, "%,d", parameters);
        }
    }

    private final List<Row> rows;
    private final long total, bytes;

    private ModelSummary(List<Row> rows, long total, long bytes) {
        this.rows = Collections.unmodifiableList(rows);
        this.total = total;
        this.bytes = bytes;
    }

    /** Every module of {@code root}, without output shapes. */
    public static ModelSummary of(Module root) {
        return of(root, Map.of());
    }

    /** Every module of {@code root}, with the output shapes for an input of shape {@code inputShape}. */
    public static ModelSummary of(Layer root, int... inputShape) {
        return of(root, Map.of("", inputShape));
    }

    /**
     * Every module of {@code root}, with output shapes for the layers named in {@code inputShapes} (dotted
     * path → input shape, "" for the root) and the layers inside them: for a VAE, say,
     * {@code Map.of("encoder", new int[] {20, 784}, "decoder", new int[] {20, 50})}.
     */
    public static ModelSummary of(Module root, Map<String, int[]> inputShapes) {
        Map<String, Module> modules = root.modules();
        Map<Module, int[]> shapes = new IdentityHashMap<>();
        for (Map.Entry<String, int[]> e : inputShapes.entrySet()) {
            Module m = modules.get(e.getKey());
            if (m == null) throw new IllegalArgumentException("summary: no module at path '" + e.getKey() + "'; there are " + modules.keySet());
            if (!(m instanceof Layer)) {
                throw new IllegalArgumentException("summary: the module at '" + e.getKey() + "' is a " + m.typeName() + ", not a Layer, so it has no single input shape");
            }
            ((Layer) m).traceShapes(e.getValue(), shapes);
        }
        List<Row> rows = new ArrayList<>();
        Set<Var> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        long total = 0, bytes = 0;
        for (Map.Entry<String, Module> e : modules.entrySet()) {
            String path = e.getKey();
            Module m = e.getValue();
            long own = 0;
            for (Var v : m.ownParameters().values()) {
                if (!seen.add(v)) continue;
                own += v.size();
                bytes += (long) v.size() * v.dtype().bytes;
            }
            total += own;
            int depth = path.isEmpty() ? 0 : path.split("\\.").length;
            String name = path.substring(path.lastIndexOf('.') + 1);
            rows.add(new Row(path, name, m.describe(), depth, shapes.get(m), own));
        }
        drawTree(rows);
        return new ModelSummary(rows, total, bytes);
    }

    /** Tree glyphs: "├─" for a child with later siblings, "└─" for the last, "│ " continuing an open branch. */
    private static void drawTree(List<Row> rows) {
        for (int i = 1; i < rows.size(); i++) {
            Row r = rows.get(i);
            StringBuilder sb = new StringBuilder();
            for (int level = 1; level <= r.depth; level++) {
                boolean more = hasLaterSibling(rows, i, level);
                if (level < r.depth) sb.append(more ? "│ " : "  ");
                else sb.append(more ? "├─" : "└─");
            }
            r.prefix = sb.toString();
        }
    }

    /** Whether the ancestor of row i at {@code level} (the row itself at its own depth) has a later sibling. */
    private static boolean hasLaterSibling(List<Row> rows, int i, int level) {
        for (int j = i + 1; j < rows.size(); j++) {
            int d = rows.get(j).depth;
            if (d < level) return false;
            if (d == level) return true;
        }
        return false;
    }

    public List<Row> rows() { return rows; }

    /** Number of scalar parameters, each shared parameter once. */
    public long totalParameters() { return total; }

    /** Bytes the parameters take in memory (and, plus a header, in a checkpoint). */
    public long parameterBytes() { return bytes; }

    @Override
    public String toString() {
        int w0 = "Layer (type)".length(), w1 = "Output shape".length();
        for (Row r : rows) {
            w0 = Math.max(w0, r.label().length());
            w1 = Math.max(w1, r.shapeCell().length());
        }
        w0 += 4;
        w1 += 4;
        int w2 = "Param #".length();
        for (Row r : rows) w2 = Math.max(w2, r.countCell().length());
        String rule = "=".repeat(w0 + w1 + w2);
        StringBuilder sb = new StringBuilder();
        sb.append(rule).append('\n');
        sb.append(pad("Layer (type)", w0)).append(pad("Output shape", w1)).append("Param #").append('\n');
        sb.append(rule).append('\n');
        for (Row r : rows) sb.append(pad(r.label(), w0)).append(pad(r.shapeCell(), w1)).append(r.countCell()).append('\n');
        sb.append(rule).append('\n');
        sb.append(String.format(Locale.ROOT, "Total params: %,d%n", total));
        sb.append(String.format(Locale.ROOT, "Trainable params: %,d%n", total));
        sb.append(String.format(Locale.ROOT, "Params size: %.2f MB%n", bytes / 1e6));
        sb.append(rule).append('\n');
        return sb.toString();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
    }
}
