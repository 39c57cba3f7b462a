package elbow.autograd;

import elbow.tensor.Tensor;

/** y = max(x, 0).  dx = g·[x &gt; 0]; at x = 0 the subgradient 0 is used. */
final class Relu extends UnaryPrimitive {
    @Override
    protected Tensor forward(Tensor x) {
        save(x);
        return x.relu();
    }

    @Override
    protected Tensor backward(Tensor g) {
        Tensor x = saved(0);
        return x.gt(Tensor.scalar(0.0, x.dtype())).mul(g);
    }
}
