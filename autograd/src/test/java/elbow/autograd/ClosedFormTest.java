package elbow.autograd;

import elbow.tensor.DType;
import elbow.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Hand-derived gradients, one or more per op family, with the closed form in the comment above each
 * assertion. These are the first layer of gradient tests: if one fails, the formula in the comment is
 * what the primitive should implement.
 */
class ClosedFormTest {
    static final double TOL = 1e-12;

    private static Var p(double... v) {
        return Var.param(Tensor.of(v));
    }

    private static void assertGrad(double[] expected, Var x) {
        assertArrayEquals(expected, x.grad().toDoubleArray(), TOL);
    }

    @Test
    void microgradSanityCheck() {
        // Karpathy's micrograd test: x = −4, z = 2x + 2 + x, q = relu(z) + z·x, h = relu(z·z), y = h + q + q·x.
        // y = −20 and dy/dx = 46 (the value PyTorch gives).
        Var x = Var.param(Tensor.scalar(-4.0, DType.F64));
        Var z = x.mul(2.0).add(2.0).add(x);
        Var q = z.relu().add(z.mul(x));
        Var h = z.mul(z).relu();
        Var y = h.add(q).add(q.mul(x));
        y.backward();
        assertEquals(-20.0, y.item(), TOL);
        assertEquals(46.0, x.grad().item(), TOL);
    }

    @Test
    void unaryFunctions() {
        double a = 0.5, b = -1.25;
        Var x;

        // d/dx sum(tanh(x)) = 1 − tanh(x)²
        x = p(a, b);
        x.tanh().sum().backward();
        assertGrad(new double[] {1 - Math.pow(Math.tanh(a), 2), 1 - Math.pow(Math.tanh(b), 2)}, x);

        // d/dx sum(exp(x)) = exp(x)
        x = p(a, b);
        x.exp().sum().backward();
        assertGrad(new double[] {Math.exp(a), Math.exp(b)}, x);

        // d/dx sum(log(x)) = 1/x
        x = p(0.25, 4.0);
        x.log().sum().backward();
        assertGrad(new double[] {4.0, 0.25}, x);

        // d/dx sum(log1p(x)) = 1/(1 + x)
        x = p(-0.5, 3.0);
        x.log1p().sum().backward();
        assertGrad(new double[] {2.0, 0.25}, x);

        // d/dx sum(expm1(x)) = exp(x)
        x = p(a, b);
        x.expm1().sum().backward();
        assertGrad(new double[] {Math.exp(a), Math.exp(b)}, x);

        // d/dx sum(sqrt(x)) = 1/(2 sqrt(x))
        x = p(4.0, 0.25);
        x.sqrt().sum().backward();
        assertGrad(new double[] {0.25, 1.0}, x);

        // d/dx sum(x²) = 2x
        x = p(a, b);
        x.square().sum().backward();
        assertGrad(new double[] {2 * a, 2 * b}, x);

        // d/dx sum(|x|) = sign(x)
        x = p(a, b);
        x.abs().sum().backward();
        assertGrad(new double[] {1, -1}, x);

        // d/dx sum(σ(x)) = σ(x)(1 − σ(x))
        x = p(a, b);
        x.sigmoid().sum().backward();
        assertGrad(new double[] {sigmoid(a) * (1 - sigmoid(a)), sigmoid(b) * (1 - sigmoid(b))}, x);

        // d/dx sum(softplus(x)) = σ(x)
        x = p(a, b);
        x.softplus().sum().backward();
        assertGrad(new double[] {sigmoid(a), sigmoid(b)}, x);

        // d/dx sum(relu(x)) = [x > 0]
        x = p(a, b);
        x.relu().sum().backward();
        assertGrad(new double[] {1, 0}, x);

        // d/dx sum(leakyRelu(x, 0.1)) = 1 for x > 0, 0.1 otherwise
        x = p(a, b);
        x.leakyRelu(0.1).sum().backward();
        assertGrad(new double[] {1, 0.1}, x);

        // d/dx sum(x³) = 3x²
        x = p(a, b);
        x.pow(3.0).sum().backward();
        assertGrad(new double[] {3 * a * a, 3 * b * b}, x);

        // d/dx sum(−2x + 7) = −2
        x = p(a, b);
        x.affine(-2.0, 7.0).sum().backward();
        assertGrad(new double[] {-2, -2}, x);

        // d/dx sum(log σ(x)) = 1 − σ(x)
        x = p(a, b);
        x.logSigmoid().sum().backward();
        assertGrad(new double[] {1 - sigmoid(a), 1 - sigmoid(b)}, x);
    }

    @Test
    void binaryFunctions() {
        // d/da sum(a·b) = b, d/db sum(a·b) = a
        Var a = p(2.0, -3.0), b = p(0.5, 4.0);
        a.mul(b).sum().backward();
        assertGrad(new double[] {0.5, 4.0}, a);
        assertGrad(new double[] {2.0, -3.0}, b);

        // d/da sum(a/b) = 1/b, d/db sum(a/b) = −a/b²
        a = p(2.0, -3.0);
        b = p(0.5, 4.0);
        a.div(b).sum().backward();
        assertGrad(new double[] {2.0, 0.25}, a);
        assertGrad(new double[] {-8.0, 3.0 / 16}, b);

        // d/da sum(a − b) = 1, d/db = −1
        a = p(2.0, -3.0);
        b = p(0.5, 4.0);
        a.sub(b).sum().backward();
        assertGrad(new double[] {1, 1}, a);
        assertGrad(new double[] {-1, -1}, b);

        // d/da a^b = b a^(b−1), d/db a^b = a^b ln a
        a = p(2.0, 9.0);
        b = p(3.0, 0.5);
        a.pow(b).sum().backward();
        assertGrad(new double[] {3 * 4.0, 0.5 / 3.0}, a);
        assertGrad(new double[] {8 * Math.log(2), 3 * Math.log(9)}, b);

        // d/da sum(max(a, b)) = [a ≥ b], d/db = [a < b]
        a = p(2.0, -3.0);
        b = p(0.5, 4.0);
        a.maximum(b).sum().backward();
        assertGrad(new double[] {1, 0}, a);
        assertGrad(new double[] {0, 1}, b);

        // d/da sum(min(a, b)) = [a ≤ b]
        a = p(2.0, -3.0);
        b = p(0.5, 4.0);
        a.minimum(b).sum().backward();
        assertGrad(new double[] {0, 1}, a);
        assertGrad(new double[] {1, 0}, b);

        // where(m, a, b): d/da = m, d/db = 1 − m
        a = p(1, 2, 3);
        b = p(4, 5, 6);
        Var.where(Tensor.of(1.0, 0.0, 1.0), a, b).sum().backward();
        assertGrad(new double[] {1, 0, 1}, a);
        assertGrad(new double[] {0, 1, 0}, b);
    }

    @Test
    void broadcasting() {
        // a: [2, 3], b: [3]; d/db sum(a + b) = number of rows = 2 in each column; d/db sum(a·b) = column sums of a
        Var a = Var.param(Tensor.wrap(new double[] {1, 2, 3, 4, 5, 6}, 2, 3)), b = p(10, 20, 30);
        a.mul(b).sum().backward();
        assertGrad(new double[] {5, 7, 9}, b);
        assertArrayEquals(new double[] {10, 20, 30, 10, 20, 30}, a.grad().toDoubleArray(), TOL);

        // b: [2, 1] against a: [2, 3]: d/db sum(a + b) = 3 per row
        Var c = Var.param(Tensor.wrap(new double[] {1, 2}, 2, 1));
        a.add(c).sum().backward();
        assertArrayEquals(new double[] {3, 3}, c.grad().toDoubleArray(), TOL);
        assertArrayEquals(new int[] {2, 1}, c.grad().shape());

        // expand is the adjoint of sum: d/dx sum(expand(x, [4, 3])) = 4 for every element
        Var x = p(1, 2, 3);
        x.expand(4, 3).sum().backward();
        assertGrad(new double[] {4, 4, 4}, x);
    }

    @Test
    void reductions() {
        // d/dx sum_j w_j Σ_i x_ij = w_j broadcast over i (sum over axis 0 of a [2, 2])
        Var x = Var.param(Tensor.wrap(new double[] {1, 2, 3, 4}, 2, 2));
        x.sum(0).mul(Var.constant(Tensor.of(10.0, 100.0))).sum().backward();
        assertArrayEquals(new double[] {10, 100, 10, 100}, x.grad().toDoubleArray(), TOL);

        // d/dx mean(x) = 1/n
        x = p(1, 2, 3, 4);
        x.mean().backward();
        assertGrad(new double[] {0.25, 0.25, 0.25, 0.25}, x);

        // d/dx max(x) = one-hot at the argmax
        x = p(1, 7, 3);
        x.max().backward();
        assertGrad(new double[] {0, 1, 0}, x);

        // ties share the gradient equally: d/dx max([5, 5, 1]) = [1/2, 1/2, 0]
        x = p(5, 5, 1);
        x.max().backward();
        assertGrad(new double[] {0.5, 0.5, 0}, x);

        // d/dx logΣexp(x) = softmax(x) = e^x / Σ e^x
        x = p(0, Math.log(3));
        x.logSumExp().backward();
        assertGrad(new double[] {0.25, 0.75}, x);

        // stable far out: logΣexp([1000, 1000]) = 1000 + log 2, gradient [1/2, 1/2]
        x = p(1000, 1000);
        Var lse = x.logSumExp();
        lse.backward();
        assertEquals(1000 + Math.log(2), lse.item(), 1e-9);
        assertGrad(new double[] {0.5, 0.5}, x);

        // d/dx_j Σ_i w_i logsoftmax(x)_i = w_j − softmax(x)_j Σ_i w_i; with x = [0, ln 3], w = [1, 0]: [1 − 1/4, −3/4]
        x = p(0, Math.log(3));
        x.logSoftmax(0).mul(Var.constant(Tensor.of(1.0, 0.0))).sum().backward();
        assertGrad(new double[] {0.75, -0.75}, x);

        // d/dx softmax(x)_0 = s_0 (1 − s_0), −s_0 s_1 = [3/16, −3/16]
        x = p(0, Math.log(3));
        x.softmax(0).slice(0, 0, 1).sum().backward();
        assertGrad(new double[] {3.0 / 16, -3.0 / 16}, x);
    }

    @Test
    void matmul() {
        // d/dA sum(A B) = 1 Bᵀ (each row: the row sums of B); d/dB sum(A B) = Aᵀ 1 (each column: the column sums of A)
        Var a = Var.param(Tensor.wrap(new double[] {1, 2, 3, 4}, 2, 2));
        Var b = Var.param(Tensor.wrap(new double[] {5, 6, 7, 8}, 2, 2));
        a.matmul(b).sum().backward();
        assertArrayEquals(new double[] {11, 15, 11, 15}, a.grad().toDoubleArray(), TOL);
        assertArrayEquals(new double[] {4, 4, 6, 6}, b.grad().toDoubleArray(), TOL);

        // the same product with B stored transposed: C = A (Bᵀ)ᵀ; dB is reported in B's own (transposed) layout
        Var bt = Var.param(Tensor.wrap(new double[] {5, 7, 6, 8}, 2, 2));
        Var a2 = Var.param(Tensor.wrap(new double[] {1, 2, 3, 4}, 2, 2));
        a2.matmul(bt, false, true).sum().backward();
        assertArrayEquals(new double[] {11, 15, 11, 15}, a2.grad().toDoubleArray(), TOL);
        assertArrayEquals(new double[] {4, 6, 4, 6}, bt.grad().toDoubleArray(), TOL);
    }

    @Test
    void layout() {
        // gather with a repeated index: d/dx sum(x[[1, 1, 2]]) = [0, 2, 1]
        Var x = p(1, 2, 3);
        x.gather(0, 1, 1, 2).sum().backward();
        assertGrad(new double[] {0, 2, 1}, x);

        // slice: d/dx sum(x[1:3]) = [0, 1, 1, 0]
        x = p(1, 2, 3, 4);
        x.slice(0, 1, 3).sum().backward();
        assertGrad(new double[] {0, 1, 1, 0}, x);

        // concat: d/da sum(w · [a, b]) = w[0:2], d/db = w[2:3]
        Var a = p(1, 2), b = p(3);
        Var.concat(0, a, b).mul(Var.constant(Tensor.of(10.0, 20.0, 30.0))).sum().backward();
        assertGrad(new double[] {10, 20}, a);
        assertGrad(new double[] {30}, b);

        // permute / reshape move gradients back with their elements: d/dx sum(w ⊙ xᵀ) = wᵀ
        Var m = Var.param(Tensor.wrap(new double[] {1, 2, 3, 4, 5, 6}, 2, 3));
        m.transpose().mul(Var.constant(Tensor.wrap(new double[] {1, 2, 3, 4, 5, 6}, 3, 2))).sum().backward();
        assertArrayEquals(new double[] {1, 3, 5, 2, 4, 6}, m.grad().toDoubleArray(), TOL);
    }

    @Test
    void binaryCrossEntropyWithLogits() {
        // loss = softplus(l) − x·l; d/dl = σ(l) − x, d/dx = −l
        Var l = p(2.0, -1.0), x = p(1.0, 0.25);
        Var loss = l.binaryCrossEntropyWithLogits(x).sum();
        loss.backward();
        assertEquals(Math.log1p(Math.exp(2)) - 2 + Math.log1p(Math.exp(-1)) + 0.25, loss.item(), TOL);
        assertGrad(new double[] {sigmoid(2) - 1, sigmoid(-1) - 0.25}, l);
        assertGrad(new double[] {-2.0, 1.0}, x);

        // saturated logits stay finite: l = ±100 with the matching target costs e^−100 ≈ 0, gradient ≈ 0
        Var sat = p(100, -100);
        Var satLoss = sat.binaryCrossEntropyWithLogits(Var.constant(Tensor.of(1.0, 0.0))).sum();
        satLoss.backward();
        assertEquals(0.0, satLoss.item(), 1e-40);
        assertGrad(new double[] {0, 0}, sat);
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}
