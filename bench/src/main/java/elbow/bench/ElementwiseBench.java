package elbow.bench;

import elbow.tensor.BinaryOp;
import elbow.tensor.UnaryOp;
import elbow.tensor.simd.Kernels;
import elbow.tensor.simd.Simd;
import java.util.SplittableRandom;
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
 * The main elementwise kernels through {@link Simd#KERNELS} (the ones in use: vector unless
 * {@code -Delbow.simd=0}) over float arrays of the sizes a VAE step touches: a batch-20 activation
 * (20 x 200), a large weight (784 x 200), and a batch-5000 activation (5000 x 200). Nanoseconds per
 * call; divide by {@code size} for time per element. With {@code -prof gc} every kernel should show
 * about 0 B/op. Run the scalar oracle for comparison with {@code -jvmArgsAppend -Delbow.simd=0}.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar ElementwiseBench -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", Jvm.TRAP_LIMIT})
public class ElementwiseBench {
    @Param({"4000", "156800", "1000000"})
    public int size;

    private final Kernels kernels = Simd.KERNELS;
    private float[] x, z, y, targets;

    @Setup
    public void setUp() {
        SplittableRandom r = new SplittableRandom(1);
        x = new float[size];
        z = new float[size];
        y = new float[size];
        targets = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) r.nextDouble(-4, 4);
            z[i] = (float) r.nextDouble(-4, 4);
            targets[i] = r.nextDouble() < 0.13 ? 1f : 0f;
        }
    }

    @Benchmark
    public float[] exp() {
        kernels.unary(UnaryOp.EXP, 0, x, 0, y, 0, size);
        return y;
    }

    @Benchmark
    public float[] tanh() {
        kernels.unary(UnaryOp.TANH, 0, x, 0, y, 0, size);
        return y;
    }

    @Benchmark
    public float[] sigmoid() {
        kernels.unary(UnaryOp.SIGMOID, 0, x, 0, y, 0, size);
        return y;
    }

    @Benchmark
    public float[] softplus() {
        kernels.unary(UnaryOp.SOFTPLUS, 0, x, 0, y, 0, size);
        return y;
    }

    @Benchmark
    public float[] add() {
        kernels.binary(BinaryOp.ADD, x, 0, 1, z, 0, 1, y, 0, size);
        return y;
    }

    @Benchmark
    public float[] mul() {
        kernels.binary(BinaryOp.MUL, x, 0, 1, z, 0, 1, y, 0, size);
        return y;
    }

    /** x + b with b one value read with stride 0 (a broadcast bias element). */
    @Benchmark
    public float[] addBroadcast() {
        kernels.binary(BinaryOp.ADD, x, 0, 1, z, 0, 0, y, 0, size);
        return y;
    }

    @Benchmark
    public float[] mulBroadcast() {
        kernels.binary(BinaryOp.MUL, x, 0, 1, z, 0, 0, y, 0, size);
        return y;
    }

    @Benchmark
    public float sum() {
        return kernels.sum(x, 0, size);
    }

    /** The fused hidden-layer pass: y = tanh(x + bias) in rows of 200 (the model's hidden width). */
    @Benchmark
    public float[] biasTanh() {
        System.arraycopy(x, 0, y, 0, size);
        kernels.biasTanh(y, 0, size / 200, 200, z);
        return y;
    }

    /**
     * The fused Bernoulli log-likelihood and its gradient, in rows of 784 (one image's pixels); the
     * logits are copied first because the kernel overwrites them (the copy is in the time of both
     * kernels alike).
     */
    @Benchmark
    public float bernoulliLogLikelihood() {
        System.arraycopy(x, 0, y, 0, size);
        float s = 0;
        for (int r = 0; r + 784 <= size; r += 784) s += kernels.bernoulliLogLikelihood(y, r, targets, r, 784);
        return s;
    }

    /**
     * The same floats through System.arraycopy: a reference for the memory-bound kernels (add, sum) that
     * no JIT decision changes, where the scalar loops' speed depends on whether C2 auto-vectorized them.
     */
    @Benchmark
    public float[] copy() {
        System.arraycopy(x, 0, y, 0, size);
        return y;
    }

    /** y += 0.5·x, in place. */
    @Benchmark
    public float[] axpy() {
        kernels.axpy(0.5f, x, 0, y, 0, size);
        return y;
    }
}
