package elbow.examples;

import elbow.autograd.GradCheck;
import elbow.examples.cli.VectorModuleLauncher;
import elbow.tensor.DType;
import elbow.tensor.Tensor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What this machine and JVM give elbow, and a quick check that the kernels compute correctly here.
 * The checks use their own plain loops as the reference, not the library's scalar kernels, so they also
 * catch a fault shared by both kernel sets.
 */
@Command(name = "info",
        description = "Show the JDK, SIMD width, threads, CPU and heap, and run a short self-check (exit status 1 if it fails).")
public final class InfoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Runtime rt = Runtime.getRuntime();
        out.println(row("cpu", cpuModel().map(name -> name + ", ").orElse("") + System.getProperty("os.arch") + ", "
                + rt.availableProcessors() + " available processors"));
        out.println(row("os", System.getProperty("os.name") + " " + System.getProperty("os.version")));
        out.println(row("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version")
                + ", java.home " + System.getProperty("java.home")));
        out.println(row("heap", "max " + bytes(rt.maxMemory())));
        out.println(row("launch", launch()));
        vmOption("PerMethodTrapLimit").ifPresent(limit -> out.println(row("jit", "PerMethodTrapLimit " + limit
                + (Integer.parseInt(limit) >= 10000 ? "" : " (below 10000, JDK 17's C2 boxes vectors in the training step; "
                + "the workbench's re-launch sets " + VectorModuleLauncher.TRAP_LIMIT_OPTION + ")")
                + vmOption("Tier4MinInvocationThreshold").map(v -> ", Tier4MinInvocationThreshold " + v).orElse("")
                + vmOption("Tier4BackEdgeThreshold").map(v -> ", Tier4BackEdgeThreshold " + v).orElse(""))));

        boolean ok = true;
        ok &= report(out, matmulCheck(37, 53, 29, 1));
        ok &= report(out, matmulCheck(181, 257, 139, 2));
        ok &= report(out, gradientCheck(3));
        out.println(ok ? "self-check passed" : "self-check FAILED");
        out.flush();
        return ok ? 0 : 1;
    }

    record Check(String name, boolean passed, String detail) {}

    private static boolean report(PrintWriter out, Check check) {
        out.println(row(check.name(), (check.passed() ? "ok" : "FAILED") + " (" + check.detail() + ")"));
        return check.passed();
    }

    /**
     * {@code Tensor.matmul} on random float32 matrices against a triple loop accumulating in double. The
     * error of each entry is measured against the sum of its products' magnitudes, and allowed up to the
     * worst-case bound of a float32 dot product of length k, about k·2⁻²⁴, doubled for the final rounding.
     * The sizes are primes, multiples of no vector length or block size, so every kernel runs its tails.
     */
    static Check matmulCheck(int m, int k, int n, long seed) {
        Random random = new Random(seed);
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        for (int i = 0; i < a.length; i++) a[i] = random.nextFloat() * 2 - 1;
        for (int i = 0; i < b.length; i++) b[i] = random.nextFloat() * 2 - 1;
        String name = "matmul";
        String shapes = m + "x" + k + " times " + k + "x" + n + " float32";

        Tensor c = Tensor.wrap(a, m, k).matmul(Tensor.wrap(b, k, n));
        if (c.rank() != 2 || c.dim(0) != m || c.dim(1) != n) {
            return new Check(name, false, shapes + ": result has shape " + java.util.Arrays.toString(c.shape()));
        }
        double worst = relativeError(a, b, c.toFloatArray(), m, k, n);
        double tolerance = tolerance(k);
        boolean passed = worst <= tolerance;
        return new Check(name, passed, String.format(Locale.ROOT, "%s, largest relative error %.1e, allowed %.1e", shapes, worst, tolerance));
    }

    /**
     * The tape's gradients of a small network layer, logsumexp(tanh(x·W + b)) over each row, against
     * central differences of the whole Jacobian, in float64 with PyTorch gradcheck's tolerances.
     */
    static Check gradientCheck(long seed) {
        Random random = new Random(seed);
        Tensor x = normal(random, 5, 7);
        Tensor w = normal(random, 7, 3);
        Tensor b = normal(random, 3);
        String what = "logsumexp(tanh(x W + b)), x 5x7, W 7x3, float64, full Jacobian against central differences";
        try {
            GradCheck.defaults().check(v -> v[0].matmul(v[1]).add(v[2]).tanh().logSumExp(1), x, w, b);
            return new Check("gradient", true, what);
        } catch (AssertionError e) {
            return new Check("gradient", false, what + ": " + e.getMessage());
        }
    }

    private static Tensor normal(Random random, int... shape) {
        Tensor t = Tensor.zeros(DType.F64, shape);
        for (int i = 0; i < t.size(); i++) t.setFlat(i, random.nextGaussian());
        return t;
    }

    /** Largest |c − a·b| of an entry over the sum of its products' magnitudes; NaN if any entry is NaN. */
    static double relativeError(float[] a, float[] b, float[] c, int m, int k, int n) {
        double worst = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double exact = 0, magnitude = 0;
                for (int p = 0; p < k; p++) {
                    double product = (double) a[i * k + p] * b[p * n + j];
                    exact += product;
                    magnitude += Math.abs(product);
                }
                double error = Math.abs(c[i * n + j] - exact) / Math.max(magnitude, Double.MIN_NORMAL);
                if (Double.isNaN(error)) return Double.NaN;
                worst = Math.max(worst, error);
            }
        }
        return worst;
    }

    static double tolerance(int k) {
        return 2.0 * k * 0x1p-24;
    }

    private static String launch() {
        boolean module = ModuleLayer.boot().findModule(VectorModuleLauncher.MODULE).isPresent();
        if (VectorModuleLauncher.isRelaunched()) return "re-launched by the workbench with --add-modules " + VectorModuleLauncher.MODULE;
        return module ? "started with --add-modules " + VectorModuleLauncher.MODULE : "without " + VectorModuleLauncher.MODULE;
    }

    /** HotSpot's value of a JIT option the workbench's re-launch sets ({@link VectorModuleLauncher}); empty on other JVMs. */
    private static Optional<String> vmOption(String name) {
        try {
            var hotSpot = java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            return hotSpot == null ? Optional.empty() : Optional.of(hotSpot.getVMOption(name).getValue());
        } catch (IllegalArgumentException | LinkageError e) {
            return Optional.empty();
        }
    }

    private static Optional<String> cpuModel() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(cpuinfo)) return Optional.empty();
        try (var lines = Files.lines(cpuinfo)) {
            return lines.filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst();
        } catch (IOException | java.io.UncheckedIOException e) {
            return Optional.empty();
        }
    }

    private static String bytes(long n) {
        if (n == Long.MAX_VALUE) return "unlimited";
        if (n >= 1L << 30) return String.format(Locale.ROOT, "%.1f GiB", n / (double) (1L << 30));
        return String.format(Locale.ROOT, "%.0f MiB", n / (double) (1L << 20));
    }

    private static String row(String label, String value) {
        return String.format(Locale.ROOT, "%-9s %s", label, value);
    }
}
