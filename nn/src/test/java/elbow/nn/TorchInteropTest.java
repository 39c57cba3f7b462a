package elbow.nn;

import elbow.tensor.DType;
import elbow.tensor.Rng;
import elbow.tensor.Tensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The promise behind the [out, in] weight layout and the "0.weight" names: an elbow MLP's weights-only
 * checkpoint loads into the same {@code torch.nn.Sequential} with {@code load_state_dict(strict=True)},
 * no renaming or transposing, and computes the same outputs. Runs only where some python3 can import
 * torch (Debian's python3-torch, say); elsewhere it is reported as skipped with the reason.
 */
class TorchInteropTest {
    @TempDir
    Path dir;

    static String pythonWithTorch() {
        String chosen = System.getProperty("elbow.python");
        String[] candidates = chosen != null && !chosen.isBlank() ? new String[] {chosen} : new String[] {"python3", "/usr/bin/python3"};
        for (String candidate : candidates) {
            try {
                Process p = new ProcessBuilder(candidate, "-c", "import torch").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) return candidate;
            } catch (IOException e) {
                // not there; try the next
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    @Test
    void pyTorchLoadsElbowWeightsAndComputesTheSameOutputs() throws Exception {
        String python = pythonWithTorch();
        String reason = "SKIPPED: no python3 that can import torch, so the PyTorch load_state_dict check did not run";
        if (python == null) System.err.println(reason); // on the console too, not only in the report
        Assumptions.assumeTrue(python != null, reason);
        Rng rng = new Rng(23);
        Mlp mlp = new Mlp(new int[] {5, 7, 6, 3}, Activation.Kind.TANH, false, DType.F32, rng);
        for (Parameter p : mlp.parameters()) if (p.name().endsWith("bias")) p.value().assign(rng.normal(DType.F32, p.shape()));
        Tensor x = rng.normal(DType.F32, 4, 5);
        Tensor y = mlp.forward(x).value();
        Path weights = dir.resolve("mlp.safetensors"), io = dir.resolve("io.safetensors");
        Checkpoint.save(weights, mlp);
        Safetensors.write(io, Map.of("input", x, "output", y), Map.of());
        PythonReaderTest.script(dir, "read_safetensors.py");
        String out = PythonReaderTest.run(python, PythonReaderTest.script(dir, "torch_forward.py"), weights.toString(), io.toString(), "5", "7", "6", "3");
        double maxDiff = Double.parseDouble(out.trim());
        assertTrue(maxDiff < 1e-5, "PyTorch's outputs differ from elbow's by up to " + maxDiff);
    }
}
