package elbow.bench;

import elbow.tensor.Rng;
import elbow.tensor.Tensor;
import elbow.vi.amortized.AmortizedObjective;
import elbow.vi.amortized.AmortizedObjective.Bound;
import elbow.vi.inference.PathwiseGradient;
import elbow.vi.models.BernoulliVae;
import elbow.vi.models.BernoulliVaeStep;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One MNIST VAE/IWAE training step's estimate (forward, both bounds, backward to every parameter) on
 * Burda et al.'s model: the fused {@link BernoulliVaeStep} the workbench trains with, and the tape
 * ({@link AmortizedObjective#estimate}) it replaced, on the same batch. The optimiser update is not
 * included (it is the same for both). With {@code -prof gc}, {@code fused} shows what a step allocates
 * once its buffers exist: a few hundred bytes of bookkeeping, against megabytes for {@code tape}.
 *
 * <pre>
 *   java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar VaeStepBench -prof gc
 *   java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar VaeStepBench -p config=50x100
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", Jvm.TRAP_LIMIT})
public class VaeStepBench {
    /** K x batch. */
    @Param({"1x20", "1x100", "5x100", "50x100"})
    public String config;

    @Param({"iwelbo"})
    public String bound;

    private BernoulliVae model;
    private AmortizedObjective objective;
    private BernoulliVaeStep step;
    private Tensor x;
    private Rng rng;

    @Setup
    public void setup() {
        String[] kb = config.split("x");
        int k = Integer.parseInt(kb[0]), b = Integer.parseInt(kb[1]);
        model = BernoulliVae.burda2015(new Rng(1));
        objective = new AmortizedObjective(Bound.valueOf(bound.toUpperCase(java.util.Locale.ROOT)), PathwiseGradient.STANDARD, k);
        step = new BernoulliVaeStep(model, objective);
        rng = new Rng(2);
        float[] pixels = new float[b * 784];
        for (int i = 0; i < pixels.length; i++) pixels[i] = rng.bernoulli(0.13) ? 1f : 0f;
        x = Tensor.wrap(pixels, b, 784);
    }

    @Benchmark
    public AmortizedObjective.Estimate fused() {
        return step.estimate(x, rng);
    }

    @Benchmark
    public AmortizedObjective.Estimate tape() {
        return objective.estimate(model, x, rng);
    }
}
