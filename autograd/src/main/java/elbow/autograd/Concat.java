package elbow.autograd;

import elbow.tensor.Shape;
import elbow.tensor.Tensor;

/** y = the parts joined along {@code axis}.  d(part i) = the slice of g that part i occupies (only for parts that need it). */
final class Concat extends Primitive {
    private final int axis;

    Concat(int axis) {
        this.axis = axis;
    }

    Var apply(Var... parts) {
        if (parts.length == 0) throw new IllegalArgumentException("concat of no values");
        Tensor[] values = new Tensor[parts.length];
        for (int i = 0; i < parts.length; i++) values[i] = parts[i].value();
        return record(Tensor.concat(axis, values), parts);
    }

    @Override
    protected Tensor[] backward(Tensor g, boolean[] needs) {
        int a = Shape.axis(axis, g.rank(), g.shape());
        Tensor[] grads = new Tensor[needs.length];
        int start = 0;
        for (int i = 0; i < needs.length; i++) {
            int size = inputShape(i)[a];
            if (needs[i]) grads[i] = g.slice(a, start, start + size);
            start += size;
        }
        return grads;
    }
}
