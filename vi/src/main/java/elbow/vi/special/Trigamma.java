package elbow.vi.special;

import elbow.autograd.UnaryPrimitive;
import elbow.tensor.Tensor;

/**
 * y = ψ'(x).  dx = g·ψ''(x), the tetragamma function, which Commons Numbers lacks: see
 * {@link Tetragamma} for how it is computed. Differentiable so that expressions holding the Gamma
 * family's Fisher information (ψ'(α) in F(α, β)) can themselves be differentiated.
 */
final class Trigamma extends UnaryPrimitive {
    @Override
    protected Tensor forward(Tensor x) {
        save(x);
        return Special.trigamma(x);
    }

    @Override
    protected Tensor backward(Tensor g) {
        return Special.tetragamma(saved(0)).mul(g);
    }
}
