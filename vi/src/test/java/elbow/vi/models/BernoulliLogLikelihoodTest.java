package elbow.vi.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import elbow.autograd.GradCheck;
import elbow.autograd.Var;
import elbow.tensor.DType;
import elbow.tensor.Parallel;
import elbow.tensor.Rng;
import elbow.tensor.Tensor;
import org.junit.jupiter.api.Test;

class BernoulliLogLikelihoodTest {
    private static Var apply(Var logits, Var targets) {
        return new BernoulliLogLikelihood().apply(logits, targets);
    }

    @Test
    void equalsTheComposedBinaryCrossEntropyWithTargetsSharedByTheParticles() {
        // Logits reaching ±40, where a naive log σ(l) would round to log 0; sizes around the vector length and tails.
        Rng rng = new Rng(5);
        for (DType dtype : DType.values()) {
            for (int pixels : new int[] {1, 15, 16, 17, 33, 784}) {
                Tensor logits = rng.normal(DType.F64, 3, 70, pixels).mul(12.0).to(dtype);   // 210 rows: several parallel tasks
                Tensor targets = rng.uniform(DType.F64, 70, pixels).to(dtype);
                Tensor fused = apply(Var.constant(logits), Var.constant(targets)).value();
                Tensor composed = Var.constant(logits).binaryCrossEntropyWithLogits(Var.constant(targets)).sum(2).neg().value();
                assertArrayEquals(new int[] {3, 70}, fused.shape());
                double tol = dtype == DType.F32 ? 2e-6 * pixels * 40 : 1e-9;
                assertEquals(true, fused.allClose(composed, 1e-5, tol), dtype + ", " + pixels + " pixels");
            }
        }
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Rng rng = new Rng(6);
        // particles [2, 3, 4] with shared targets [3, 4]; and targets of the same shape as the logits
        GradCheck.assertGradients(x -> apply(x[0], x[1]), rng.normal(DType.F64, 2, 3, 4).mul(3.0), rng.uniform(DType.F64, 3, 4));
        GradCheck.assertGradients(x -> apply(x[0], x[1]), rng.normal(DType.F64, 5, 6).mul(3.0), rng.uniform(DType.F64, 5, 6));
        // large enough for projections and several parallel tasks
        GradCheck.assertGradients(x -> apply(x[0], x[1]), rng.normal(DType.F64, 3, 40, 20).mul(3.0), rng.uniform(DType.F64, 40, 20));
    }

    @Test
    void sameResultForEveryThreadCount() {
        Rng rng = new Rng(7);
        Tensor logits = rng.normal(DType.F32, 5, 40, 784).mul(4.0), targets = rng.uniform(DType.F32, 40, 784);
        int before = Parallel.threads();
        try {
            Parallel.setThreads(1);
            Tensor one = apply(Var.constant(logits), Var.constant(targets)).value();
            Parallel.setThreads(2);
            Tensor two = apply(Var.constant(logits), Var.constant(targets)).value();
            assertArrayEquals(one.toFloatArray(), two.toFloatArray());
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void targetsThatAreNotTheTrailingAxesAreRejectedNamingBothShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> apply(Var.constant(Tensor.zeros(DType.F32, 2, 3, 4)), Var.constant(Tensor.zeros(DType.F32, 2, 4))));
        assertEquals(true, e.getMessage().contains("[2, 4]") && e.getMessage().contains("[2, 3, 4]"), e.getMessage());
    }
}
