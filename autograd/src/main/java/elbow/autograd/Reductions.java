package elbow.autograd;

/** Shape bookkeeping shared by the reductions ({@link Sum}, {@link Max}, {@link LogSumExp}). */
final class Reductions {
    private Reductions() {}

    /** {@code shape} with each of the (normalised) {@code axes} set to 1. */
    static int[] keptShape(int[] shape, int[] axes) {
        int[] kept = shape.clone();
        for (int a : axes) kept[a] = 1;
        return kept;
    }

    /** {@code shape} without the (normalised) {@code axes}. */
    static int[] droppedShape(int[] shape, int[] axes) {
        boolean[] drop = new boolean[shape.length];
        for (int a : axes) drop[a] = true;
        int n = 0;
        for (boolean d : drop) if (!d) n++;
        int[] out = new int[n];
        for (int i = 0, j = 0; i < shape.length; i++) if (!drop[i]) out[j++] = shape[i];
        return out;
    }
}
