package elbow.tensor.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import elbow.tensor.BinaryOp;
import elbow.tensor.Tensor;
import elbow.tensor.UnaryOp;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vector kernels give the same bits whichever way the JVM runs them. The Vector API has two
 * implementations of every operation: a Java fallback (interpreter, C1, and C2 before it intrinsifies)
 * and the C2 intrinsic. SPEC requires a seed and a thread count to fix every result, so the kernels may
 * only use operations both implement identically. A child JVM runs them with {@code -Xint} (fallback
 * only) and another with {@code -XX:TieredStopAtLevel=1} (C1, fallback compiled); this JVM runs them
 * after a warm-up long enough for C2; all outputs must be byte-identical. (A JVM of the same binary
 * and class path, started as {@code EmbeddedWithoutVectorModuleTest} does.)
 */
class VectorMathDeterminismTest {
    private static final int N = 4096 + 5;

    /** Special values, a sweep through every binade, and uniform values over the saturation ranges. */
    static float[] input() {
        SplittableRandom r = new SplittableRandom(42);
        float[] x = new float[N];
        float[] specials = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 88.72283f, 88.72284f, -103.97208f, -1f, 1f, 9f};
        System.arraycopy(specials, 0, x, 0, specials.length);
        for (int i = specials.length; i < N; i++) {
            x[i] = i % 3 == 0 ? Float.intBitsToFloat(r.nextInt()) : (float) r.nextDouble(-120, 120) / (i % 3 == 1 ? 1 : 100);
        }
        return x;
    }

    /** Every unary and binary float op of the vector kernels on {@link #input()}, concatenated. */
    static float[] compute() {
        Kernels k = new VectorKernels();
        float[] x = input(), b = new float[N];
        for (int i = 0; i < N; i++) b[i] = x[(i * 7 + 3) % N];
        UnaryOp[] u = UnaryOp.values();
        BinaryOp[] bin = BinaryOp.values();
        float[] out = new float[(u.length + 2 * bin.length) * N];
        int o = 0;
        for (UnaryOp op : u) { k.unary(op, 0.7, x, 0, out, o, N); o += N; }
        for (BinaryOp op : bin) {
            k.binary(op, x, 0, 1, b, 0, 1, out, o, N); o += N;
            k.binary(op, x, 0, 1, b, 5, 0, out, o, N); o += N;
        }
        return out;
    }

    /** Child JVM entry: writes {@link #compute()} as raw float bits to the file named by args[0]. */
    public static void main(String[] args) throws IOException {
        float[] out = compute();
        try (DataOutputStream s = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(Path.of(args[0]))))) {
            for (float v : out) s.writeInt(Float.floatToRawIntBits(v));
        }
    }

    @Test
    void interpreterC1AndC2GiveIdenticalBits(@TempDir Path dir) throws Exception {
        assumeTrue(Simd.MODULE_PRESENT);
        float[] cold = compute();
        for (int round = 0; round < 400; round++) compute();
        float[] hot = compute();
        assertBitsEqual(cold, hot, "first call vs after warm-up in this JVM");
        for (String mode : new String[] {"-Xint", "-XX:TieredStopAtLevel=1"}) {
            assertBitsEqual(child(dir, mode), hot, "child JVM " + mode + " vs this JVM after warm-up");
        }
    }

    private static void assertBitsEqual(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        UnaryOp[] u = UnaryOp.values();
        for (int i = 0; i < expected.length; i++) {
            int e = Float.floatToRawIntBits(expected[i]), a = Float.floatToRawIntBits(actual[i]);
            // NaN payloads are not specified by Java arithmetic; any NaN is the same result.
            if (e != a && !(Float.isNaN(expected[i]) && Float.isNaN(actual[i]))) {
                int block = i / N;
                String op = block < u.length ? u[block].toString() : BinaryOp.values()[(block - u.length) / 2].toString();
                fail(what + ": " + op + " at x=" + input()[i % N] + ": " + expected[i] + " vs " + actual[i]);
            }
        }
    }

    private static float[] child(Path dir, String mode) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        String classPath = location(VectorMathDeterminismTest.class) + File.pathSeparator + location(Tensor.class);
        Path out = dir.resolve("bits" + mode.hashCode()), log = dir.resolve("log" + mode.hashCode());
        ProcessBuilder builder = new ProcessBuilder(java.toString(), mode, "--add-modules", "jdk.incubator.vector",
                "-cp", classPath, VectorMathDeterminismTest.class.getName(), out.toString());
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        Process p = builder.start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("child JVM " + mode + " did not finish within 300 s");
        }
        assertEquals(0, p.exitValue(), "child " + mode + " exit status\n" + Files.readString(log));
        float[] bits = new float[(int) (Files.size(out) / 4)];
        try (InputStream in = Files.newInputStream(out); DataInputStream s = new DataInputStream(new java.io.BufferedInputStream(in))) {
            for (int i = 0; i < bits.length; i++) bits[i] = Float.intBitsToFloat(s.readInt());
        }
        assertTrue(bits.length > 0);
        return bits;
    }

    private static String location(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
