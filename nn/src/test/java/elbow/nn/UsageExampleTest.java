package elbow.nn;

import elbow.autograd.Var;
import elbow.tensor.DType;
import elbow.tensor.Rng;
import elbow.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The package's usage example, run: the MNIST encoder, one Adam step, a checkpoint and a resume. */
class UsageExampleTest {
    @TempDir
    Path dir;

    @Test
    void encoderAdamStepCheckpoint() throws Exception {
        Rng rng = new Rng(1);
        Mlp encoder = new Mlp(new int[] {784, 200, 200, 100}, Activation.Kind.TANH, false, DType.F32, rng); // 50 means, 50 log-variances
        Adam adam = new Adam(encoder.parameters(), 1e-3, 0.9, 0.999, 1e-4);
        adam.schedule(LearningRateSchedule.iwae().perEpoch(60_000 / 20));
        Tensor batch = rng.uniform(DType.F32, 20, 784);

        adam.zeroGrad();
        Var[] heads = encoder.forward(batch).split(1, 50, 50);
        Var kl = heads[1].exp().add(heads[0].square()).sub(heads[1]).sub(1.0).sum().mul(0.5 / 20); // KL(q ‖ N(0, I)) per example
        kl.backward();
        adam.step();
        Checkpoint.save(dir.resolve("encoder.safetensors"), encoder, adam, Map.of("epoch", "0"));

        String summary = ModelSummary.of(encoder, 20, 784).toString();
        assertTrue(summary.contains("Total params: 217,300"), summary);
        Mlp resumed = new Mlp(new int[] {784, 200, 200, 100}, Activation.Kind.TANH, false, DType.F32, new Rng(2));
        Adam resumedAdam = new Adam(resumed.parameters(), 1e-3, 0.9, 0.999, 1e-4);
        Checkpoint.load(dir.resolve("encoder.safetensors"), resumed, resumedAdam);
        assertEquals(1, resumedAdam.steps());
        assertEquals(encoder.parameter("4.bias").value().getFlat(7), resumed.parameter("4.bias").value().getFlat(7));
    }
}
