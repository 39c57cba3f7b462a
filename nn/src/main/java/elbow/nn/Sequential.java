package elbow.nn;

import elbow.autograd.Var;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Layers applied one after another, named "0", "1", ... as {@code torch.nn.Sequential} names them, so
 * the parameters of the second Linear of {@code new Sequential(linear, tanh, linear)} are "2.weight" and
 * "2.bias" in both libraries.
 */
public class Sequential extends Layer {
    private final List<Layer> layers;

    public Sequential(Layer... layers) {
        this(List.of(layers));
    }

    // Registering children from the constructor is the design (as in PyTorch); what addModule calls on
    // this object (typeName, for messages) reads no state of a subclass.
    @SuppressWarnings("this-escape")
    public Sequential(List<? extends Layer> layers) {
        if (layers.isEmpty()) throw new IllegalArgumentException("a Sequential needs at least one layer");
        List<Layer> list = new ArrayList<>(layers.size());
        for (int i = 0; i < layers.size(); i++) list.add(addModule(Integer.toString(i), layers.get(i)));
        this.layers = Collections.unmodifiableList(list);
    }

    @Override
    public Var forward(Var x) {
        Var h = x;
        for (Layer l : layers) h = l.forward(h);
        return h;
    }

    @Override
    public int[] outputShape(int... inputShape) {
        int[] s = inputShape;
        for (Layer l : layers) s = l.outputShape(s);
        return s == inputShape ? s.clone() : s;
    }

    @Override
    public void traceShapes(int[] inputShape, Map<Module, int[]> outputShapes) {
        int[] s = inputShape;
        for (Layer l : layers) {
            l.traceShapes(s, outputShapes);
            s = outputShapes.get(l);
        }
        outputShapes.put(this, s);
    }

    /** Layer {@code i} (the child named "i"). */
    public Layer get(int i) {
        return layers.get(i);
    }

    public int size() {
        return layers.size();
    }

    public List<Layer> layers() {
        return layers;
    }
}
