package elbow.nn;

import elbow.autograd.GradCheck;
import elbow.autograd.Var;
import elbow.tensor.DType;
import elbow.tensor.Rng;
import elbow.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModuleTest {
    /** Burda et al.'s Gaussian encoder: a 784-200-200 tanh trunk and two 200→50 heads. */
    static final class Encoder extends Module {
        final Mlp trunk;
        final Linear mean, logVariance;

        Encoder(DType dtype, Rng rng) {
            trunk = addModule("trunk", new Mlp(new int[] {784, 200, 200}, Activation.Kind.TANH, true, dtype, rng));
            mean = addModule("mean", new Linear(200, 50, dtype, rng));
            logVariance = addModule("log_variance", new Linear(200, 50, dtype, rng));
        }
    }

    static final class Vae extends Module {
        final Encoder encoder;
        final Mlp decoder;

        Vae(DType dtype, Rng rng) {
            encoder = addModule("encoder", new Encoder(dtype, rng));
            decoder = addModule("decoder", new Mlp(new int[] {50, 200, 200, 784}, Activation.Kind.TANH, false, dtype, rng));
        }
    }

    @Test
    void namesFollowPyTorchStateDictKeys() {
        Vae vae = new Vae(DType.F32, new Rng(1));
        List<String> names = new ArrayList<>();
        for (Parameter p : vae.parameters()) names.add(p.name());
        assertEquals(List.of(
                "encoder.trunk.0.weight", "encoder.trunk.0.bias", "encoder.trunk.2.weight", "encoder.trunk.2.bias",
                "encoder.mean.weight", "encoder.mean.bias", "encoder.log_variance.weight", "encoder.log_variance.bias",
                "decoder.0.weight", "decoder.0.bias", "decoder.2.weight", "decoder.2.bias", "decoder.4.weight", "decoder.4.bias"), names);
        long encoder = 784 * 200 + 200 + 200 * 200 + 200 + 2 * (200 * 50 + 50);
        long decoder = 50 * 200 + 200 + 200 * 200 + 200 + 200 * 784 + 784;
        assertEquals(encoder + decoder, vae.parameterCount());
        assertSame(vae.decoder.get(4), vae.modules().get("decoder.4"));
        assertSame(((Linear) vae.decoder.get(4)).weight(), vae.parameter("decoder.4.weight").var());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> vae.parameter("decoder.5.weight"));
        assertTrue(e.getMessage().contains("decoder.4.weight"), e.getMessage());
    }

    @Test
    void mlpStructure() {
        Mlp decoder = new Mlp(new int[] {50, 200, 200, 784}, Activation.Kind.TANH, false, DType.F32, new Rng(1));
        assertEquals(5, decoder.size());
        assertEquals("Mlp(\n  (0): Linear(in=50, out=200)\n  (1): Tanh\n  (2): Linear(in=200, out=200)\n  (3): Tanh\n  (4): Linear(in=200, out=784)\n)", decoder.toString());
        assertArrayEquals(new int[] {20, 784}, decoder.outputShape(20, 50));
        assertArrayEquals(new int[] {7, 20, 784}, decoder.forward(Tensor.zeros(DType.F32, 7, 20, 50)).shape());
        Mlp trunk = new Mlp(new int[] {784, 200, 200}, Activation.Kind.RELU, true, DType.F32, new Rng(1));
        assertEquals(4, trunk.size());
        assertEquals("ReLU", trunk.get(3).typeName());
        assertThrows(IllegalArgumentException.class, () -> new Mlp(new int[] {3}, Activation.Kind.TANH, false, DType.F32, new Rng(1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> decoder.outputShape(20, 51));
        assertTrue(e.getMessage().contains("[..., 50]") && e.getMessage().contains("[20, 51]"), e.getMessage());
    }

    @Test
    void sameSeedSameModel() {
        Vae a = new Vae(DType.F32, new Rng(9)), b = new Vae(DType.F32, new Rng(9));
        for (int i = 0; i < a.parameters().size(); i++) {
            assertArrayEquals(a.parameters().get(i).value().data32(), b.parameters().get(i).value().data32());
        }
    }

    @Test
    void sharedModulesAreListedOnceAndCyclesAreRefused() {
        Linear shared = new Linear(3, 3, DType.F64, new Rng(1));
        Sequential twice = new Sequential(shared, Activation.tanh(), shared);
        assertEquals(2, twice.parameters().size());
        assertEquals("0.weight", twice.parameters().get(0).name());
        assertEquals(12, twice.parameterCount());
        final class Holder extends Module {
            void add(String name, Module m) {
                addModule(name, m);
            }
        }
        Holder outer = new Holder(), inner = new Holder();
        outer.add("inner", inner);
        assertThrows(IllegalArgumentException.class, () -> inner.add("outer", outer));
        assertThrows(IllegalArgumentException.class, () -> outer.add("inner", new Holder()));
        assertThrows(IllegalArgumentException.class, () -> outer.add("a.b", new Holder()));
    }

    @Test
    void zeroGradForgetsGradients() {
        Mlp mlp = new Mlp(new int[] {3, 4, 2}, Activation.Kind.TANH, false, DType.F64, new Rng(1));
        mlp.forward(new Rng(2).normal(DType.F64, 5, 3)).sum().backward();
        for (Parameter p : mlp.parameters()) assertTrue(p.grad() != null);
        mlp.zeroGrad();
        for (Parameter p : mlp.parameters()) assertNull(p.grad());
    }

    @Test
    void activationValues() {
        Tensor x = Tensor.of(-2.0, -0.5, 0.5, 3.0);
        double[] in = x.toDoubleArray();
        double[][] expected = new double[5][4];
        for (int i = 0; i < 4; i++) {
            double v = in[i];
            expected[0][i] = Math.tanh(v);
            expected[1][i] = Math.max(0, v);
            expected[2][i] = v > 0 ? v : 0.2 * v;
            expected[3][i] = 1 / (1 + Math.exp(-v));
            expected[4][i] = Math.log1p(Math.exp(v));
        }
        Activation[] acts = {Activation.tanh(), Activation.relu(), Activation.leakyRelu(0.2), Activation.sigmoid(), Activation.softplus()};
        for (int k = 0; k < acts.length; k++) {
            assertArrayEquals(expected[k], acts[k].forward(x).value().toDoubleArray(), 1e-15, acts[k].describe());
            assertEquals(0, acts[k].parameterCount());
        }
        assertEquals("LeakyReLU(slope=0.2)", acts[2].describe());
        assertEquals(0.01, Activation.of(Activation.Kind.LEAKY_RELU).forward(Tensor.of(-1.0)).item() * -1, 1e-15);
    }

    /** Each activation against finite differences, away from the kink of the ReLUs. */
    @Test
    void activationGradients() {
        Tensor x = Tensor.of(-3.0, -1.2, -0.3, 0.4, 1.1, 2.5, 8.0);
        for (Activation.Kind kind : Activation.Kind.values()) {
            Activation a = Activation.of(kind);
            GradCheck.assertGradients(v -> a.forward(v[0]), x);
        }
        GradCheck.assertGradients(v -> Activation.leakyRelu(0.3).forward(v[0]), x);
    }

    /** Whole MLPs, every activation: gradients into every parameter and with respect to the input. */
    @Test
    void mlpGradients() {
        Rng rng = new Rng(11);
        for (Activation.Kind kind : Activation.Kind.values()) {
            Mlp mlp = new Mlp(new int[] {5, 7, 6, 3}, kind, kind == Activation.Kind.SIGMOID, DType.F64, rng);
            for (Parameter p : mlp.parameters()) if (p.name().endsWith("bias")) p.value().assign(rng.normal(DType.F64, p.shape()).mulInPlace(0.3));
            Tensor x = rng.normal(DType.F64, 4, 5), c = rng.normal(DType.F64, 4, 3);
            // pre-activations are continuous random values: one within ε = 1e-6 of a ReLU kink is a one-in-a-million event
            ParameterGradCheck.assertGradients(() -> mlp.forward(x).mul(Var.constant(c)).sum(), mlp.parameters());
            GradCheck.assertGradients(v -> mlp.forward(v[0]), x);
        }
    }

    /** Large parameters are checked by projections and samples: a VAE-sized decoder layer in float64. */
    @Test
    void largeLayerGradients() {
        Rng rng = new Rng(12);
        Mlp mlp = new Mlp(new int[] {50, 200, 784}, Activation.Kind.TANH, false, DType.F64, rng);
        Tensor x = rng.normal(DType.F64, 3, 50), target = rng.uniform(DType.F64, 3, 784);
        ParameterGradCheck.assertGradients(() -> mlp.forward(x).binaryCrossEntropyWithLogits(Var.constant(target)).sum(), mlp.parameters());
    }

    @Test
    void gradCheckCatchesAWrongGradient() {
        Linear layer = new Linear(2, 2, DType.F64, new Rng(1));
        Tensor x = Tensor.wrap(new double[] {0.3, -0.7}, 1, 2);
        // The loss reads the bias through a detach: backward gives no bias gradient, finite differences do.
        AssertionError e = assertThrows(AssertionError.class, () -> ParameterGradCheck.assertGradients(
                () -> Var.constant(x).matmul(layer.weight(), false, true).add(layer.bias().detach()).sum(), layer.parameters()));
        assertTrue(e.getMessage().contains("bias"), e.getMessage());
    }
}
