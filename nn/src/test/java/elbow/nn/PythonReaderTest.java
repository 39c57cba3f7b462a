package elbow.nn;

import elbow.tensor.DType;
import elbow.tensor.Rng;
import elbow.tensor.Tensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A file written by elbow, read by an independent reader: {@code read_safetensors.py}, written from the
 * format's specification with Python's standard library only. It checks the layout (header length,
 * JSON, offsets tiling the data, alignment) and returns every value, which must match bit for bit. The
 * same script then writes the tensors back in its own style (no padding, other order, indented JSON),
 * and elbow must read that file too. Without a python3 on the PATH the test is reported as skipped,
 * with the reason, never as passed.
 */
class PythonReaderTest {
    @TempDir
    Path dir;

    /** The first of -Delbow.python, python3, python on the PATH that runs Python 3; null when none does. */
    static String python() {
        String chosen = System.getProperty("elbow.python");
        String[] candidates = chosen != null && !chosen.isBlank() ? new String[] {chosen} : new String[] {"python3", "python"};
        for (String candidate : candidates) {
            try {
                Process p = new ProcessBuilder(candidate, "-c", "import sys, json, struct; sys.exit(0 if sys.version_info[0] == 3 else 1)").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) return candidate;
            } catch (IOException e) {
                // not installed; try the next name
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    static Path script(Path dir, String name) throws IOException {
        Path s = dir.resolve(name);
        try (InputStream in = PythonReaderTest.class.getResourceAsStream(name)) {
            Files.copy(in, s);
        }
        return s;
    }

    /** Runs a python script; returns its standard output, failing the test with its error output when it fails. */
    static String run(String python, Path script, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(python, script.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "python did not finish");
        assertEquals(0, p.exitValue(), "python failed: " + new String(err, StandardCharsets.UTF_8));
        return new String(out, StandardCharsets.UTF_8);
    }

    @Test
    void pythonStandardLibraryReaderReadsWhatElbowWrites() throws Exception {
        String python = python();
        String reason = "SKIPPED: no python3 on the PATH (or at -Delbow.python), so the independent safetensors reader (read_safetensors.py) did not run";
        if (python == null) System.err.println(reason); // on the console too, not only in the report
        Assumptions.assumeTrue(python != null, reason);

        Rng rng = new Rng(17);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("encoder.0.weight", rng.normal(DType.F32, 5, 3));
        tensors.put("encoder.0.bias", rng.normal(DType.F32, 5));
        tensors.put("odd", rng.normal(DType.F32, 3)); // 12 bytes: the float64 tensors after it would be misaligned were they not written first
        tensors.put("double", rng.normal(DType.F64, 2, 2));
        tensors.put("scalar", Tensor.scalar(Math.PI, DType.F64));
        tensors.put("empty", Tensor.zeros(DType.F32, 0, 4));
        tensors.put("special", Tensor.of(-0.0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE, Float.MAX_VALUE, 1e-40f, Float.NaN));
        tensors.put("naïve \"quoted\" \\ name", Tensor.of(1.0, -1.0));
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        metadata.put("note", "línea 1\nline \"2\"");
        Path file = dir.resolve("elbow.safetensors"), rewritten = dir.resolve("python.safetensors");
        Safetensors.write(file, tensors, metadata);

        String json = run(python, script(dir, "read_safetensors.py"), file.toString(), rewritten.toString());
        Map<?, ?> result = (Map<?, ?>) HeaderJson.parse(json.trim());
        assertEquals(metadata, result.get("metadata"));
        Map<?, ?> read = (Map<?, ?>) result.get("tensors");
        assertEquals(tensors.keySet(), new java.util.HashSet<>(read.keySet()));
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Map<?, ?> t = (Map<?, ?>) read.get(e.getKey());
            Tensor expected = e.getValue();
            assertEquals(Safetensors.dtypeName(expected.dtype()), t.get("dtype"), e.getKey());
            List<?> shape = (List<?>) t.get("shape");
            assertEquals(expected.rank(), shape.size(), e.getKey());
            for (int i = 0; i < shape.size(); i++) assertEquals((long) expected.shape()[i], shape.get(i), e.getKey());
            List<?> values = (List<?>) t.get("values");
            assertEquals(expected.size(), values.size(), e.getKey());
            for (int i = 0; i < values.size(); i++) {
                double v = parsePythonRepr((String) values.get(i)), want = expected.getFlat(i);
                if (Double.isNaN(want)) assertTrue(Double.isNaN(v), e.getKey() + "[" + i + "]");
                else assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(v), e.getKey() + "[" + i + "]: " + want + " vs " + v);
            }
        }

        // and elbow reads what the independent writer wrote
        TensorFile back = Safetensors.read(rewritten);
        assertEquals(metadata, back.metadata());
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor got = back.get(e.getKey()), want = e.getValue();
            assertEquals(want.dtype(), got.dtype(), e.getKey());
            assertTrue(got.sameShape(want), e.getKey());
            for (int i = 0; i < want.size(); i++) {
                if (Double.isNaN(want.getFlat(i))) assertTrue(Double.isNaN(got.getFlat(i)));
                else assertEquals(Double.doubleToRawLongBits(want.getFlat(i)), Double.doubleToRawLongBits(got.getFlat(i)), e.getKey() + "[" + i + "]");
            }
        }
    }

    /** Python's repr of a float: shortest round-trip decimal, or inf, -inf, nan. */
    static double parsePythonRepr(String s) {
        switch (s) {
            case "inf": return Double.POSITIVE_INFINITY;
            case "-inf": return Double.NEGATIVE_INFINITY;
            case "nan": return Double.NaN;
            default: return Double.parseDouble(s);
        }
    }
}
