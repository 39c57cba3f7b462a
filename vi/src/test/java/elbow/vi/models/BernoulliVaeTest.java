package elbow.vi.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import elbow.autograd.Var;
import elbow.nn.Parameter;
import elbow.tensor.DType;
import elbow.tensor.Rng;
import elbow.tensor.Tensor;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BernoulliVaeTest {
    @Test
    void burdasArchitectureWithPyTorchNames() {
        BernoulliVae vae = BernoulliVae.burda2015(new Rng(1));
        // 784·200+200 + 200·200+200 + 2·(200·50+50) + 50·200+200 + 200·200+200 + 200·784+784
        assertEquals(425_284, vae.parameterCount());
        assertEquals(List.of("encoder.0.weight", "encoder.0.bias", "encoder.2.weight", "encoder.2.bias", "mean.weight", "mean.bias",
                        "log_variance.weight", "log_variance.bias", "decoder.0.weight", "decoder.0.bias", "decoder.2.weight", "decoder.2.bias",
                        "decoder.4.weight", "decoder.4.bias"),
                vae.parameters().stream().map(Parameter::name).collect(Collectors.toList()));
        assertEquals(8, vae.encoderParameters().size());
        assertEquals(6, vae.decoderParameters().size());
        for (Parameter p : vae.parameters()) assertEquals(DType.F32, p.dtype(), p.name());
        // [out, in], PyTorch's layout
        assertArrayEquals(new int[] {200, 784}, vae.parameter("encoder.0.weight").shape());
        assertArrayEquals(new int[] {50, 200}, vae.parameter("log_variance.weight").shape());
        assertArrayEquals(new int[] {784, 200}, vae.parameter("decoder.4.weight").shape());
    }

    @Test
    void logJointIsTheStandardNormalPriorPlusTheBernoulliLikelihood() {
        BernoulliVae vae = new BernoulliVae(5, 4, 2, DType.F64, new Rng(3));
        Tensor x = Tensor.wrap(new double[] {1, 0, 1, 1, 0, 0, 0, 1, 0, 1}, 2, 5);
        Tensor z = new Rng(4).normal(DType.F64, 3, 2, 2);                    // K = 3 particles of B = 2 items
        Tensor joint = vae.logJoint(Var.constant(x), Var.constant(z)).value();
        assertArrayEquals(new int[] {3, 2}, joint.shape());
        Tensor logits = vae.logits(Var.constant(z)).value();                 // [3, 2, 5]
        for (int k = 0; k < 3; k++) {
            for (int b = 0; b < 2; b++) {
                double expected = 0;
                for (int d = 0; d < 2; d++) expected += -0.5 * z.get(k, b, d) * z.get(k, b, d) - 0.5 * Math.log(2 * Math.PI);
                for (int i = 0; i < 5; i++) {
                    double p = 1 / (1 + Math.exp(-logits.get(k, b, i)));
                    expected += x.get(b, i) == 1 ? Math.log(p) : Math.log(1 - p);
                }
                assertEquals(expected, joint.get(k, b), 1e-12);
            }
        }
    }

    @Test
    void encoderGivesMeanAndLogVarianceOfTheLatents() {
        BernoulliVae vae = new BernoulliVae(5, 4, 3, DType.F32, new Rng(3));
        Var[] enc = vae.encode(Var.constant(Tensor.zeros(DType.F32, 7, 5)));
        assertEquals(2, enc.length);
        assertArrayEquals(new int[] {7, 3}, enc[0].shape());
        assertArrayEquals(new int[] {7, 3}, enc[1].shape());
        var q = vae.posterior(enc);
        assertArrayEquals(new int[] {7}, q.batchShape());
        assertArrayEquals(new int[] {3}, q.eventShape());
        assertArrayEquals(new int[] {11, 7, 3}, q.rsample(new Rng(1), 11).shape());
    }
}
