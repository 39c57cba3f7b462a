package elbow.nn;

import elbow.autograd.Var;
import elbow.tensor.DType;
import elbow.tensor.Rng;
import elbow.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each optimiser against its published update rule, written out below in float64 and applied by hand
 * to the same gradients, compared after every step. The problem is a small non-linear regression
 * (a Linear layer with tanh and a squared error), so gradients change from step to step.
 */
class OptimizerRuleTest {
    static final int STEPS = 25;

    /** The rule under test: updates p (flattened parameters) from g at step t (1-based) in place. */
    interface Rule {
        void apply(double[] p, double[] g, long t, double lr);
    }

    /** The small problem: W [3, 4], b [3] of a float64 or float32 Linear layer; loss = Σ (tanh(x Wᵀ + b) − y)². */
    static final class Problem {
        final Linear layer;
        final Tensor x, y;

        Problem(DType dtype) {
            Rng rng = new Rng(5);
            layer = new Linear(4, 3, dtype, rng);
            layer.bias().value().assign(rng.normal(dtype, 3));
            x = rng.normal(dtype, 6, 4);
            y = rng.uniform(dtype, 6, 3);
        }

        void gradient() {
            layer.zeroGrad();
            layer.forward(x).tanh().sub(Var.constant(y)).square().sum().backward();
        }

        double[] flat(boolean grads) {
            List<Double> out = new ArrayList<>();
            for (Parameter p : layer.parameters()) for (double v : (grads ? p.grad() : p.value()).toDoubleArray()) out.add(v);
            double[] a = new double[out.size()];
            for (int i = 0; i < a.length; i++) a[i] = out.get(i);
            return a;
        }
    }

    /** Runs {@code optimizer} and {@code rule} side by side and compares after each step. */
    static void compare(Problem problem, Optimizer optimizer, Rule rule, double relTol) {
        double[] reference = problem.flat(false);
        for (int t = 1; t <= STEPS; t++) {
            problem.gradient();
            double[] g = problem.flat(true);
            double lr = optimizer.learningRate();
            rule.apply(reference, g, t, lr);
            optimizer.step();
            double[] actual = problem.flat(false);
            for (int i = 0; i < actual.length; i++) {
                double tol = relTol * Math.max(1.0, Math.abs(reference[i]));
                assertEquals(reference[i], actual[i], tol, optimizer.kind() + " step " + t + ", element " + i);
            }
            assertEquals(t, optimizer.steps());
            // Keep the hand-computed trajectory on the optimiser's, so float32 rounding does not compound.
            System.arraycopy(actual, 0, reference, 0, actual.length);
        }
    }

    static Rule adam(double beta1, double beta2, double eps, int n) {
        double[] m = new double[n], v = new double[n];
        return (p, g, t, lr) -> {
            for (int i = 0; i < p.length; i++) {
                // Kingma & Ba (2015), Algorithm 1, with ε added to √v̂ (PyTorch)
                m[i] = beta1 * m[i] + (1 - beta1) * g[i];
                v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
                double mHat = m[i] / (1 - Math.pow(beta1, t));
                double vHat = v[i] / (1 - Math.pow(beta2, t));
                p[i] -= lr * mHat / (Math.sqrt(vHat) + eps);
            }
        };
    }

    static Rule sgd(double mu, boolean nesterov, int n) {
        double[] b = new double[n];
        return (p, g, t, lr) -> {
            for (int i = 0; i < p.length; i++) {
                // PyTorch: b = μ b + g; p -= lr b, or with Nesterov p -= lr (g + μ b)
                b[i] = mu * b[i] + g[i];
                p[i] -= lr * (nesterov ? g[i] + mu * b[i] : b[i]);
            }
        };
    }

    static Rule adaGrad(double eps, int n) {
        double[] sum = new double[n];
        return (p, g, t, lr) -> {
            for (int i = 0; i < p.length; i++) {
                // Ranganath et al. (2014): G_t = Σ g², ρ_t = η G_t^(−1/2); ε added to √G
                sum[i] += g[i] * g[i];
                p[i] -= lr * g[i] / (Math.sqrt(sum[i]) + eps);
            }
        };
    }

    @Test
    void adamFloat64() {
        Problem pr = new Problem(DType.F64);
        int n = pr.flat(false).length;
        compare(pr, new Adam(pr.layer.parameters(), 0.05, 0.9, 0.999, 1e-4), adam(0.9, 0.999, 1e-4, n), 1e-13);
        Problem pr2 = new Problem(DType.F64);
        compare(pr2, new Adam(pr2.layer.parameters(), 0.01, 0.5, 0.9, 1e-8), adam(0.5, 0.9, 1e-8, n), 1e-13);
    }

    @Test
    void adamFloat32() {
        Problem pr = new Problem(DType.F32);
        int n = pr.flat(false).length;
        compare(pr, new Adam(pr.layer.parameters(), 0.05, 0.9, 0.999, 1e-4), adam(0.9, 0.999, 1e-4, n), 2e-6);
    }

    @Test
    void sgdFloat64() {
        int n = new Problem(DType.F64).flat(false).length;
        Problem plain = new Problem(DType.F64);
        compare(plain, new Sgd(plain.layer.parameters(), 0.05), sgd(0, false, n), 1e-14);
        Problem momentum = new Problem(DType.F64);
        compare(momentum, new Sgd(momentum.layer.parameters(), 0.05, 0.9, false), sgd(0.9, false, n), 1e-14);
        Problem nesterov = new Problem(DType.F64);
        compare(nesterov, new Sgd(nesterov.layer.parameters(), 0.05, 0.9, true), sgd(0.9, true, n), 1e-14);
    }

    @Test
    void sgdFloat32() {
        Problem pr = new Problem(DType.F32);
        compare(pr, new Sgd(pr.layer.parameters(), 0.05, 0.9, true), sgd(0.9, true, pr.flat(false).length), 1e-6);
    }

    @Test
    void adaGradFloat64AndFloat32() {
        Problem pr = new Problem(DType.F64);
        compare(pr, new AdaGrad(pr.layer.parameters(), 0.1), adaGrad(1e-10, pr.flat(false).length), 1e-13);
        Problem pr32 = new Problem(DType.F32);
        compare(pr32, new AdaGrad(pr32.layer.parameters(), 0.1, 1e-6), adaGrad(1e-6, pr32.flat(false).length), 2e-6);
    }

    @Test
    void scheduledRatesAreUsedAtTheirStep() {
        Problem pr = new Problem(DType.F64);
        Adam adam = new Adam(pr.layer.parameters(), 1.0, 0.9, 0.999, 1e-4);
        adam.schedule(LearningRateSchedule.exponential(0.05, 0.8));
        compare(pr, adam, adam(0.9, 0.999, 1e-4, pr.flat(false).length), 1e-13);
        assertEquals(0.05 * Math.pow(0.8, STEPS), adam.learningRate(), 1e-18);
    }

    /** The first steps in closed form, for one coordinate with gradient g. */
    @Test
    void firstStepsInClosedForm() {
        Parameter p = Parameter.of("p", Tensor.of(1.0, 1.0, 1.0));
        Tensor g = Tensor.of(0.5, -2.0, 0.0);
        // Adam, t = 1: m̂ = g, v̂ = g², so Δ = −lr g / (|g| + ε)
        new Adam(List.of(p), 0.1, 0.9, 0.999, 1e-4).step(List.of(g));
        assertArrayEquals(new double[] {1 - 0.1 * 0.5 / 0.5001, 1 + 0.1 * 2 / 2.0001, 1}, p.value().toDoubleArray(), 1e-15);
        // AdaGrad, t = 1: G = g², so Δ = −η g / (|g| + ε) = −η sign(g); a zero gradient stays put (0/ε)
        p.value().assign(Tensor.of(1.0, 1.0, 1.0));
        AdaGrad ada = new AdaGrad(List.of(p), 0.1);
        ada.step(List.of(g));
        assertArrayEquals(new double[] {0.9, 1.1, 1}, p.value().toDoubleArray(), 1e-9);
        // t = 2 with the same gradient: G = 2g², Δ = −η / √2 sign(g)
        ada.step(List.of(g));
        assertArrayEquals(new double[] {0.9 - 0.1 / Math.sqrt(2), 1.1 + 0.1 / Math.sqrt(2), 1}, p.value().toDoubleArray(), 1e-9);
        // SGD with momentum 0.5: v1 = g, v2 = 1.5 g
        p.value().assign(Tensor.of(1.0, 1.0, 1.0));
        Sgd sgd = new Sgd(List.of(p), 0.1, 0.5, false);
        sgd.step(List.of(g));
        sgd.step(List.of(g));
        assertArrayEquals(new double[] {1 - 0.1 * 2.5 * 0.5, 1 + 0.1 * 2.5 * 2, 1}, p.value().toDoubleArray(), 1e-15);
    }

    @Test
    void skipsParametersWithoutGradientAndChecksShapes() {
        Parameter a = Parameter.of("a", Tensor.of(1.0, 2.0)), b = Parameter.of("b", Tensor.of(3.0));
        Sgd sgd = new Sgd(List.of(a, b), 0.5);
        sgd.step(java.util.Arrays.asList(Tensor.of(1.0, 1.0), null));
        assertArrayEquals(new double[] {0.5, 1.5}, a.value().toDoubleArray());
        assertEquals(3.0, b.value().item());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sgd.step(List.of(Tensor.of(1.0), Tensor.of(1.0))));
        assertTrue(e.getMessage().contains("[1]") && e.getMessage().contains("[2]") && e.getMessage().contains(" a "), e.getMessage());
        assertEquals(1, sgd.steps()); // a failed step changes nothing
        assertThrows(IllegalArgumentException.class, () -> new Sgd(List.of(a, Parameter.of("a", Tensor.of(0.0))), 0.1));
        assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(a), 0.1, 1.0, 0.999, 1e-8));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(List.of(a), 0.1, 0.0, true));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(List.of(), 0.1));
    }

    /** The parallel path (more than PARALLEL_MIN elements, several chunks per tensor) gives the serial result bit for bit. */
    @Test
    void parallelStepEqualsSerialStep() {
        int n = Optimizer.PARALLEL_MIN + Optimizer.CHUNK + 7;
        Rng rng = new Rng(3);
        Tensor start = rng.normal(DType.F32, n), grad = rng.normal(DType.F32, n);
        Parameter big = Parameter.of("big", start.copy());
        Adam adam = new Adam(List.of(big), 1e-3, 0.9, 0.999, 1e-4);
        for (int t = 0; t < 3; t++) adam.step(List.of(grad));
        // the same updates chunk by chunk through small parameters (serial path)
        List<Parameter> pieces = new ArrayList<>();
        List<Tensor> grads = new ArrayList<>();
        for (int from = 0; from < n; from += 1000) {
            int to = Math.min(n, from + 1000);
            pieces.add(Parameter.of("p" + from, start.slice(0, from, to)));
            grads.add(grad.slice(0, from, to));
        }
        for (int i = 0; i < pieces.size(); i++) {
            Adam small = new Adam(List.of(pieces.get(i)), 1e-3, 0.9, 0.999, 1e-4);
            for (int t = 0; t < 3; t++) small.step(List.of(grads.get(i)));
        }
        float[] expected = new float[n];
        int at = 0;
        for (Parameter p : pieces) for (float v : p.value().data32()) expected[at++] = v;
        assertArrayEquals(expected, big.value().data32());
    }
}
