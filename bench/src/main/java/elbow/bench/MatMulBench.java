package elbow.bench;

import elbow.tensor.Parallel;
import elbow.tensor.simd.Gemm;
import elbow.tensor.simd.Simd;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The float matrix multiply at the MNIST VAE's layer shapes: a batch of {@code batch} rows through a
 * weight of {@code weight} = K x N, forward (Y = X·W) and both backward forms (dX = dY·Wᵀ, and
 * dW = Xᵀ·dY, whose reduction runs over the batch), on 1 and 2 threads.
 *
 * <p>JMH reports microseconds per call; GFLOP/s = 2·m·n·k / (1000 · µs). The {@link #main} runner
 * prints GFLOP/s directly, for every shape, in the format that {@code bench/matmul-vs-openblas.sh}
 * puts beside OpenBLAS:
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar MatMulBench -p batch=100 -prof gc
 * java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar elbow.bench.MatMulBench --threads 1,2
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", Jvm.TRAP_LIMIT})
public class MatMulBench {
    @Param({"20", "100", "1000", "5000"})
    public int batch;

    /** K x N of the weight: encoder 784-200-200, latent heads 200-50, decoder 50-200-200-784. */
    @Param({"784x200", "200x200", "200x100", "50x200", "200x784"})
    public String weight;

    @Param({"1", "2"})
    public int threads;

    private int k, n;
    private float[] x, w, y, dy, dx, dw;
    private int savedThreads;

    @Setup(Level.Trial)
    public void setUp() {
        String[] kn = weight.split("x");
        k = Integer.parseInt(kn[0]);
        n = Integer.parseInt(kn[1]);
        SplittableRandom r = new SplittableRandom(1);
        x = random(r, batch * k);
        w = random(r, k * n);
        dy = random(r, batch * n);
        y = new float[batch * n];
        dx = new float[batch * k];
        dw = new float[k * n];
        savedThreads = Parallel.threads();
        Parallel.setThreads(threads);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        Parallel.setThreads(savedThreads);
    }

    /** Y (batch x N) = X (batch x K) · W (K x N). */
    @Benchmark
    public float[] forward() {
        Gemm.sgemm(false, false, batch, n, k, x, 0, k, w, 0, n, y, 0, n, false);
        return y;
    }

    /** dX (batch x K) = dY (batch x N) · Wᵀ. */
    @Benchmark
    public float[] backwardInput() {
        Gemm.sgemm(false, true, batch, k, n, dy, 0, n, w, 0, n, dx, 0, k, false);
        return dx;
    }

    /** dW (K x N) = Xᵀ (K x batch) · dY (batch x N). */
    @Benchmark
    public float[] backwardWeight() {
        Gemm.sgemm(true, false, k, n, batch, x, 0, k, dy, 0, n, dw, 0, n, false);
        return dw;
    }

    private static float[] random(SplittableRandom r, int size) {
        float[] a = new float[size];
        for (int i = 0; i < size; i++) a[i] = (float) r.nextDouble(-1, 1);
        return a;
    }

    // ---------------------------------------------------------------- the GFLOP/s runner

    static final int[] BATCHES = {20, 100, 1000, 5000};
    static final int[][] WEIGHTS = {{784, 200}, {200, 200}, {200, 100}, {50, 200}, {200, 784}};

    /** One product: form NN (forward), NT (dX = dY·Wᵀ) or TN (dW = Xᵀ·dY), and its m, n, k. */
    record Case(String form, int m, int n, int k) {}

    /** Per batch, per weight, NN then NT then TN: the order of bench/sgemm_openblas.py. */
    static List<Case> cases(int[] batches, List<String> forms) {
        List<Case> out = new ArrayList<>();
        for (int b : batches) {
            for (int[] kn : WEIGHTS) {
                if (forms.contains("NN")) out.add(new Case("NN", b, kn[1], kn[0]));
                if (forms.contains("NT")) out.add(new Case("NT", b, kn[0], kn[1]));
                if (forms.contains("TN")) out.add(new Case("TN", kn[0], kn[1], b));
            }
        }
        return out;
    }

    /** Median GFLOP/s of 7 timed repeats of about {@code seconds} each, after a warm-up. */
    static double gflops(Case c, double seconds) {
        boolean transA = c.form.charAt(0) == 'T', transB = c.form.charAt(1) == 'T';
        SplittableRandom r = new SplittableRandom(1);
        float[] a = random(r, c.m * c.k), b = random(r, c.k * c.n), out = new float[c.m * c.n];
        int lda = transA ? c.m : c.k, ldb = transB ? c.k : c.n;
        long start = System.nanoTime();
        int calls = 0;
        while (calls < 3 || System.nanoTime() - start < 2e9 * seconds) {
            Gemm.sgemm(transA, transB, c.m, c.n, c.k, a, 0, lda, b, 0, ldb, out, 0, c.n, false);
            calls++;
        }
        int reps = (int) Math.max(1, calls * seconds * 1e9 / (System.nanoTime() - start));
        double[] t = new double[7];
        for (int s = 0; s < t.length; s++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < reps; i++) Gemm.sgemm(transA, transB, c.m, c.n, c.k, a, 0, lda, b, 0, ldb, out, 0, c.n, false);
            t[s] = (System.nanoTime() - t0) / (double) reps;
        }
        Arrays.sort(t);
        return 2.0 * c.m * c.n * c.k / t[t.length / 2];
    }

    /**
     * Prints {@code ELBOW <form> <m> <n> <k> <threads> <GFLOP/s>} per case.
     * Options: --threads 1,2 (default 1 and all cores), --batches 20,100,1000,5000, --forms NN,NT,TN,
     * --seconds 0.05 (one timed repeat).
     */
    public static void main(String[] args) {
        String threadList = "1," + Runtime.getRuntime().availableProcessors();
        String batchList = "20,100,1000,5000", formList = "NN,NT,TN";
        double seconds = 0.05;
        for (int i = 0; i < args.length; i++) {
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--threads": threadList = v; i++; break;
                case "--batches": batchList = v; i++; break;
                case "--forms": formList = v; i++; break;
                case "--seconds": seconds = Double.parseDouble(v); i++; break;
                default:
                    System.err.println("usage: MatMulBench [--threads 1,2] [--batches 20,100,1000,5000] [--forms NN,NT,TN] [--seconds 0.05]");
                    System.exit(2);
            }
        }
        int[] threads = Arrays.stream(threadList.split(",")).mapToInt(Integer::parseInt).toArray();
        int[] batches = Arrays.stream(batchList.split(",")).mapToInt(Integer::parseInt).toArray();
        List<Case> cases = cases(batches, Arrays.asList(formList.split(",")));
        System.out.println("# elbow sgemm, JDK " + Runtime.version() + " (" + System.getProperty("java.vm.name") + "), "
                + Simd.describe() + ", " + Runtime.getRuntime().availableProcessors() + " cores");
        // Run every case a few times before the first measurement: C2 needs some thousands of calls, and
        // it recompiles the driver when a later case takes a branch that no earlier one took.
        for (int round = 0; round < 6; round++) {
            for (Case c : cases) gflops(c, 0.02);
        }
        for (int t : threads) {
            Parallel.setThreads(t);
            for (Case c : cases) {
                System.out.printf("ELBOW %s %d %d %d %d %.1f%n", c.form, c.m, c.n, c.k, t, gflops(c, seconds));
            }
        }
    }
}
