package elbow.vi.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import elbow.autograd.Tape;
import elbow.autograd.Var;
import elbow.nn.ParameterGradCheck;
import elbow.nn.Parameter;
import elbow.tensor.DType;
import elbow.tensor.Rng;
import elbow.tensor.Tensor;
import elbow.vi.distributions.Categorical;
import elbow.vi.distributions.KL;
import elbow.vi.models.CategoricalVae.Estimator;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The categorical VAE of Jang et al. (2017): architecture, gradients through the relaxed and straight-through codes, KL to the uniform prior, evaluation. */
class CategoricalVaeTest {
    private static final int B = 3, PIXELS = 6, N = 2, K = 3;
    private static final Tensor X = Tensor.wrap(new double[] {1, 0, 1, 1, 0, 0, 0, 1, 0, 1, 1, 1, 0, 0, 0, 1, 1, 0}, B, PIXELS);

    private static CategoricalVae small(long seed) {
        return new CategoricalVae(PIXELS, N, K, new int[] {5}, new int[] {4}, DType.F64, new Rng(seed));
    }

    @Test
    void jangsArchitectureWithPyTorchNames() {
        CategoricalVae vae = CategoricalVae.jang2017(new Rng(1));
        // encoder 784·512+512 + 512·256+256 + 256·300+300, decoder 300·256+256 + 256·512+512 + 512·784+784
        assertEquals(610_348 + 610_832, vae.parameterCount());
        assertEquals(List.of("encoder.0.weight", "encoder.0.bias", "encoder.2.weight", "encoder.2.bias", "encoder.4.weight", "encoder.4.bias",
                        "decoder.0.weight", "decoder.0.bias", "decoder.2.weight", "decoder.2.bias", "decoder.4.weight", "decoder.4.bias"),
                vae.parameters().stream().map(Parameter::name).collect(Collectors.toList()));
        assertArrayEquals(new int[] {300, 256}, vae.parameter("encoder.4.weight").shape());
        assertArrayEquals(new int[] {256, 300}, vae.parameter("decoder.0.weight").shape());
        assertEquals("encoder 784-512-256-300, decoder 300-256-512-784, ReLU; 30 x 10 categorical latents, uniform prior, Bernoulli pixels", vae.architecture());
        Var logits = vae.logits(Var.constant(Tensor.zeros(DType.F32, 7, 784)));
        assertArrayEquals(new int[] {7, 30, 10}, logits.shape());
        assertArrayEquals(new int[] {7, 784}, vae.decode(vae.codes(logits, 1.0, Estimator.GUMBEL_SOFTMAX, new Rng(2))).shape());
    }

    /** The relaxed objective is a smooth function of the parameters for fixed noise: its gradient passes a float64 finite-difference check. */
    @Test
    void relaxedLossGradientMatchesFiniteDifferences() {
        for (double tau : new double[] {1.0, 0.5}) {
            CategoricalVae vae = small(11);
            ParameterGradCheck.assertGradients(() -> vae.elbo(Var.constant(X), tau, Estimator.GUMBEL_SOFTMAX, new Rng(12)).sum().mul(-1.0 / B), vae.parameters());
        }
    }

    @Test
    void stepReturnsTheGradientOfTheNegativeMeanObjective() {
        CategoricalVae vae = small(13);
        List<Parameter> params = vae.parameters();
        for (Parameter p : params) p.var().clearGrad();
        Var elbo = vae.elbo(Var.constant(X), 0.7, Estimator.GUMBEL_SOFTMAX, new Rng(14));
        elbo.sum().mul(-1.0 / B).backward();
        CategoricalVae.Step s = vae.step(X, 0.7, Estimator.GUMBEL_SOFTMAX, new Rng(14));
        assertTrue(s.isFinite());
        assertEquals(elbo.value().sumAll() / B, s.elbo(), 1e-12);
        assertEquals(s.elbo(), s.logLikelihood() - s.kl(), 1e-12);
        for (int i = 0; i < params.size(); i++) {
            assertArrayEquals(params.get(i).grad().toDoubleArray(), s.gradients().get(i).toDoubleArray(), 1e-12, params.get(i).name());
        }
    }

    @Test
    void straightThroughCodesAreExactlyTheOneHotArgmaxOfTheRelaxedOnes() {
        CategoricalVae vae = small(15);
        Var logits = vae.logits(Var.constant(X));
        for (double tau : new double[] {5.0, 1.0, 0.1}) {
            Tensor soft = vae.codes(logits, tau, Estimator.GUMBEL_SOFTMAX, new Rng(16)).value();
            Tensor hard = vae.codes(logits, tau, Estimator.STRAIGHT_THROUGH, new Rng(16)).value();
            assertArrayEquals(new int[] {B, N, K}, hard.shape());
            Tensor idx = soft.argmax(-1);
            for (int r = 0; r < B * N; r++) {
                for (int k = 0; k < K; k++) assertEquals(k == (int) idx.getFlat(r) ? 1.0 : 0.0, hard.getFlat(r * K + k), 0.0);
            }
            assertArrayEquals(hard.toDoubleArray(), CategoricalVae.oneHotArgmax(soft).toDoubleArray(), 0.0);
        }
    }

    /**
     * Straight-through: the decoder and the KL see the one-hot codes, and the encoder gets the gradient
     * with respect to those codes passed back through the relaxed draw, as if it were the relaxed one.
     * Built here by hand in two pieces: the loss at the one-hot codes held as a leaf, and the
     * vector-Jacobian product of the relaxed draw with that leaf's gradient.
     */
    @Test
    void straightThroughGradientIsTheRelaxedDrawsJacobianAtTheHardCodesGradient() {
        double tau = 0.6;
        CategoricalVae vae = small(17);
        List<Parameter> params = vae.parameters();
        List<Tensor> st = vae.step(X, tau, Estimator.STRAIGHT_THROUGH, new Rng(18)).gradients();

        Var data = Var.constant(X);
        Var logitsA = vae.logits(data);
        Tensor hard = CategoricalVae.oneHotArgmax(vae.codes(logitsA, tau, Estimator.GUMBEL_SOFTMAX, new Rng(18)).value());
        Var hardLeaf = Var.param(hard);
        Var loss = vae.logLikelihood(data, hardLeaf).sub(vae.klToUniform(logitsA)).sum().mul(-1.0 / B);
        Var[] wrt = new Var[params.size() + 1];
        wrt[0] = hardLeaf;
        for (int i = 0; i < params.size(); i++) wrt[i + 1] = params.get(i).var();
        Tensor[] direct = Tape.grad(loss, wrt);

        Var soft = vae.codes(vae.logits(data), tau, Estimator.GUMBEL_SOFTMAX, new Rng(18));
        Var[] phi = new Var[params.size()];
        for (int i = 0; i < phi.length; i++) phi[i] = params.get(i).var();
        Tensor[] throughSoft = Tape.vjp(soft, direct[0], false, phi);

        for (int i = 0; i < params.size(); i++) {
            Tensor expected = direct[i + 1].add(throughSoft[i]);
            assertArrayEquals(expected.toDoubleArray(), st.get(i).toDoubleArray(), 1e-12, params.get(i).name());
        }
        // The two estimators differ (the decoder sees other codes), or the test would show nothing.
        List<Tensor> relaxed = vae.step(X, tau, Estimator.GUMBEL_SOFTMAX, new Rng(18)).gradients();
        assertTrue(relaxed.get(0).sub(st.get(0)).abs().sumAll() > 1e-6);
    }

    @Test
    void klToUniformIsTheCategoricalKlAndItsMonteCarloEstimate() {
        Tensor logits = new Rng(19).normal(DType.F64, 4, 5, 6).mul(2.0);     // B = 4 images, N = 5 variables, K = 6
        CategoricalVae vae = new CategoricalVae(PIXELS, 5, 6, new int[] {}, new int[] {}, DType.F64, new Rng(20));
        Tensor kl = vae.klToUniform(Var.constant(logits)).value();
        assertArrayEquals(new int[] {4}, kl.shape());
        Tensor uniform = Tensor.full(1.0 / 6, DType.F64, 6);
        Tensor closed = KL.divergence(Categorical.ofLogits(Var.constant(logits)), Categorical.ofProbs(Var.constant(uniform))).value().sum(-1);
        assertArrayEquals(closed.toDoubleArray(), kl.toDoubleArray(), 1e-12);

        // Monte Carlo: KL = E_q[log q(z) + log K], from draws of each categorical.
        Categorical q = Categorical.ofLogits(Var.constant(logits));
        int draws = 20_000;
        Tensor z = q.sample(new Rng(21), draws);                                 // [draws, 4, 5]
        Tensor terms = q.logProb(Var.constant(z)).value().add(Math.log(6)).sum(-1);  // [draws, 4]
        for (int b = 0; b < 4; b++) {
            double mean = 0, square = 0;
            for (int s = 0; s < draws; s++) {
                double t = terms.get(s, b);
                mean += t;
                square += t * t;
            }
            mean /= draws;
            double se = Math.sqrt((square / draws - mean * mean) / draws);
            assertEquals(kl.getFlat(b), mean, 4 * se, "image " + b);
        }

        // The bounds: 0 at the uniform q, N log K at a one-hot q.
        assertEquals(0.0, vae.klToUniform(Var.constant(Tensor.zeros(DType.F64, 1, 5, 6))).item(), 1e-14);
        Tensor peaked = Tensor.zeros(DType.F64, 1, 5, 6);
        for (int n = 0; n < 5; n++) peaked.set(60.0, 0, n, n);
        assertEquals(5 * Math.log(6), vae.klToUniform(Var.constant(peaked)).item(), 1e-12);
    }

    @Test
    void evaluationScoresTheRelaxedCodesAndTheirArgmaxFromTheSameNoise() {
        CategoricalVae vae = small(22);
        double tau = 0.8;
        CategoricalVae.Evaluation e = vae.evaluate(X, tau, new Rng(23));
        assertEquals(B, e.images());
        assertEquals(vae.elbo(Var.constant(X), tau, Estimator.GUMBEL_SOFTMAX, new Rng(23)).value().sumAll() / B, e.elbo(), 1e-12);
        // Straight-through's forward pass is the objective at the argmax codes.
        assertEquals(vae.elbo(Var.constant(X), tau, Estimator.STRAIGHT_THROUGH, new Rng(23)).value().sumAll() / B, e.elboHard(), 1e-12);
        assertEquals(e.elbo(), e.logLikelihood() - e.kl(), 1e-12);
        assertEquals(e.elboHard(), e.logLikelihoodHard() - e.kl(), 1e-12);
        assertTrue(e.kl() >= 0);
    }

    @Test
    void evaluationInChunksCoversEveryImage() {
        CategoricalVae vae = small(24);
        Tensor many = new Rng(25).uniform(DType.F64, 1203, PIXELS).gt(Tensor.scalar(0.5, DType.F64));
        CategoricalVae.Evaluation e = vae.evaluate(many, 1.0, new Rng(26));
        assertEquals(1203, e.images());
        // The KL needs no noise: the chunked mean equals the mean over all images at once.
        assertEquals(vae.klToUniform(vae.logits(Var.constant(many))).value().sumAll() / 1203, e.kl(), 1e-12);
    }

    /** A confident float32 encoder, whose softmax underflows to exact zeros, still trains and evaluates (gumbel-vae's run reached this in epoch 18). */
    @Test
    void float32EncoderWithUnderflowingProbabilitiesStillWorks() {
        CategoricalVae vae = new CategoricalVae(PIXELS, N, K, new int[] {5}, new int[] {4}, DType.F32, new Rng(27));
        Tensor bias = vae.parameter("encoder.2.bias").value();
        for (int i = 0; i < bias.size(); i++) bias.setFlat(i, i % K == 0 ? 150 : -150);
        Tensor x = X.to(DType.F32);
        Tensor probs = vae.logits(Var.constant(x)).value().softmax(-1);
        assertEquals(0.0, probs.getFlat(1), 0.0, "the premise: a probability underflows");
        CategoricalVae.Step s = vae.step(x, 0.5, Estimator.STRAIGHT_THROUGH, new Rng(28));
        assertTrue(s.isFinite() && Double.isFinite(s.elbo()), s.toString());
        assertEquals(N * Math.log(K), s.kl(), 1e-4, "q is one-hot: the KL to uniform is N log K");
        CategoricalVae.Evaluation e = vae.evaluate(x, 0.5, new Rng(29));
        assertTrue(Double.isFinite(e.elbo()) && Double.isFinite(e.elboHard()), e.toString());
    }

    @Test
    void temperatureFollowsJangsScheduleInStepsOfAThousand() {
        AnnealedTemperature t = AnnealedTemperature.jang2017();
        assertEquals(1.0, t.at(0), 0.0);
        assertEquals(1.0, t.at(999), 0.0);
        assertEquals(Math.exp(-0.03), t.at(1000), 1e-15);
        assertEquals(Math.exp(-0.03), t.at(1999), 1e-15);
        assertEquals(Math.exp(-0.3), t.at(10_500), 1e-15);
        assertEquals(Math.exp(-3e-5 * 23_000), t.at(23_999), 1e-15);   // 0.5016, the last value above the floor
        assertTrue(t.at(23_999) > 0.5);
        assertEquals(0.5, t.at(24_000), 0.0);
        assertEquals(0.5, t.at(1_000_000), 0.0);
        assertEquals(24_000, t.floorStep());
        assertEquals(0, new AnnealedTemperature(0.5, 0.5, 3e-5, 1000).floorStep());
        assertEquals(-1, new AnnealedTemperature(1, 0.5, 0, 1000).floorStep());
        assertEquals(2, new AnnealedTemperature(1, 0.25, Math.log(2), 1).floorStep());
        assertThrows(IllegalArgumentException.class, () -> new AnnealedTemperature(1, 2, 3e-5, 1000));
        assertThrows(IllegalArgumentException.class, () -> new AnnealedTemperature(1, 0.5, 3e-5, 0));
        assertThrows(IllegalArgumentException.class, () -> t.at(-1));
    }

    @Test
    void estimatorLabels() {
        assertEquals(Estimator.GUMBEL_SOFTMAX, Estimator.of("Gumbel-Softmax"));
        assertEquals(Estimator.STRAIGHT_THROUGH, Estimator.of("st"));
        assertThrows(IllegalArgumentException.class, () -> Estimator.of("reinforce"));
    }
}
