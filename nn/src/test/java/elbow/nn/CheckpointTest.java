package elbow.nn;

import elbow.autograd.Var;
import elbow.tensor.DType;
import elbow.tensor.Rng;
import elbow.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointTest {
    @TempDir
    Path dir;

    static Mlp model(DType dtype, long seed) {
        return new Mlp(new int[] {6, 8, 3}, Activation.Kind.TANH, false, dtype, new Rng(seed));
    }

    static void train(Mlp model, Optimizer opt, int steps, long seed) {
        Rng rng = new Rng(seed);
        for (int t = 0; t < steps; t++) {
            Tensor x = rng.normal(model.parameters().get(0).dtype(), 4, 6);
            opt.zeroGrad();
            model.forward(x).square().sum().backward();
            opt.step();
        }
    }

    static List<Tensor> snapshot(Mlp model, Optimizer opt) {
        List<Tensor> all = new ArrayList<>();
        for (Parameter p : model.parameters()) all.add(p.value().copy());
        if (opt != null) for (Tensor t : opt.state().values()) all.add(t.copy());
        return all;
    }

    static void assertSameBits(List<Tensor> want, List<Tensor> got) {
        assertEquals(want.size(), got.size());
        for (int i = 0; i < want.size(); i++) SafetensorsTest.assertBitsEqual(want.get(i), got.get(i), "tensor " + i);
    }

    /** Save after some steps, load into a differently initialised copy: parameters, state and step count bit for bit, and training continues identically. */
    @Test
    void roundTripAndResumeAreBitExact() throws IOException {
        List<BiFunction<List<Parameter>, Double, Optimizer>> makers = List.of(
                (p, lr) -> new Adam(p, lr, 0.9, 0.999, 1e-4),
                (p, lr) -> new Sgd(p, lr, 0.9, true),
                (p, lr) -> new AdaGrad(p, lr));
        for (DType dtype : DType.values()) {
            for (BiFunction<List<Parameter>, Double, Optimizer> make : makers) {
                Mlp a = model(dtype, 1);
                Optimizer optA = make.apply(a.parameters(), 0.01);
                train(a, optA, 7, 100);
                Path file = dir.resolve(dtype + "-" + optA.kind() + ".safetensors");
                Checkpoint.save(file, a, optA, Map.of("epoch", "3"));

                Mlp b = model(dtype, 2);
                Optimizer optB = make.apply(b.parameters(), 0.01);
                Map<String, String> meta = Checkpoint.load(file, b, optB);
                assertEquals("3", meta.get("epoch"));
                assertEquals("pt", meta.get("format"));
                assertEquals("7", meta.get("optimizer.step"));
                assertEquals(7, optB.steps());
                assertSameBits(snapshot(a, optA), snapshot(b, optB));

                train(a, optA, 5, 200);
                train(b, optB, 5, 200);
                assertSameBits(snapshot(a, optA), snapshot(b, optB));
            }
        }
    }

    @Test
    void weightsOnlyFileHasPyTorchKeysAndLoadsWithoutOptimizer() throws IOException {
        Mlp a = model(DType.F32, 1);
        Adam adam = new Adam(a.parameters(), 0.01);
        train(a, adam, 2, 1);
        Path weights = dir.resolve("weights.safetensors"), full = dir.resolve("full.safetensors");
        Checkpoint.save(weights, a);
        Checkpoint.save(full, a, adam);
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), List.copyOf(Safetensors.read(weights).tensors().keySet()));
        assertEquals(Map.of("format", "pt"), Safetensors.read(weights).metadata());
        TensorFile f = Safetensors.read(full);
        assertTrue(f.tensors().containsKey("optimizer.adam.m.0.weight") && f.tensors().containsKey("optimizer.adam.v.2.bias"), f.tensors().keySet().toString());
        assertEquals("adam", f.metadata().get("optimizer"));
        assertEquals("1.0E-4", new Adam(a.parameters(), 0.01, 0.9, 0.999, 1e-4).stateMetadata().get("optimizer.adam.eps"));

        Mlp b = model(DType.F32, 5);
        Checkpoint.load(full, b); // optimizer state in the file is ignored when no optimizer is given
        assertSameBits(snapshot(a, null), snapshot(b, null));
        Mlp c = model(DType.F32, 6);
        Adam fresh = new Adam(c.parameters(), 0.01);
        TensorFileException e = assertThrows(TensorFileException.class, () -> Checkpoint.load(weights, c, fresh));
        assertTrue(e.getMessage().contains("optimizer"), e.getMessage());
    }

    /** A file that does not fit the model changes nothing, and the message names the file, the tensor and both shapes or dtypes. */
    @Test
    void mismatchesNameFileTensorAndBothShapes() throws IOException {
        Path file = dir.resolve("small.safetensors");
        Mlp small = model(DType.F32, 1);
        Checkpoint.save(file, small, new Adam(small.parameters(), 0.1));

        Mlp wider = new Mlp(new int[] {6, 9, 3}, Activation.Kind.TANH, false, DType.F32, new Rng(3));
        List<Tensor> before = snapshot(wider, null);
        TensorFileException e = assertThrows(TensorFileException.class, () -> Checkpoint.load(file, wider));
        assertMentions(e, file.toString(), "'0.weight'", "[8, 6]", "[9, 6]");
        assertEquals("0.weight", e.tensor());
        assertSameBits(before, snapshot(wider, null));

        Mlp doubles = model(DType.F64, 1);
        e = assertThrows(TensorFileException.class, () -> Checkpoint.load(file, doubles));
        assertMentions(e, file.toString(), "'0.weight'", "F32[8, 6]", "F64[8, 6]");

        Mlp deeper = new Mlp(new int[] {6, 8, 3, 2}, Activation.Kind.TANH, false, DType.F32, new Rng(3));
        e = assertThrows(TensorFileException.class, () -> Checkpoint.load(file, deeper));
        assertMentions(e, file.toString(), "4.weight", "not in the file");

        Sequential fewer = new Sequential(new Linear(6, 8, DType.F32, new Rng(1)));
        e = assertThrows(TensorFileException.class, () -> Checkpoint.load(file, fewer));
        assertMentions(e, file.toString(), "'2.weight'", "no parameter for");

        Mlp same = model(DType.F32, 4);
        List<Tensor> sameBefore = snapshot(same, null);
        Sgd sgd = new Sgd(same.parameters(), 0.1, 0.9, false);
        e = assertThrows(TensorFileException.class, () -> Checkpoint.load(file, same, sgd));
        assertMentions(e, file.toString(), "adam", "sgd");
        assertSameBits(sameBefore, snapshot(same, null));
        assertEquals(0, sgd.steps());
    }

    @Test
    void optimizerStateShapeMismatch() throws IOException {
        Path file = dir.resolve("state.safetensors");
        Parameter p = Parameter.of("w", Tensor.zeros(DType.F32, 2, 3));
        Adam adam = new Adam(List.of(p), 0.1);
        Tensor wrong = Tensor.zeros(DType.F32, 3, 2);
        Safetensors.write(file, Map.of("w", Tensor.zeros(DType.F32, 2, 3), "optimizer.adam.m.w", wrong, "optimizer.adam.v.w", Tensor.zeros(DType.F32, 2, 3)),
                Map.of("optimizer", "adam", "optimizer.step", "4"));
        TensorFileException e = assertThrows(TensorFileException.class, () -> Checkpoint.load(file, List.of(p), adam));
        assertMentions(e, file.toString(), "optimizer.adam.m.w", "[3, 2]", "[2, 3]");
        assertEquals(0, adam.steps());
    }

    @Test
    void truncatedCheckpointLeavesTheModelAlone() throws IOException {
        Path file = dir.resolve("cut.safetensors");
        Mlp a = model(DType.F32, 1);
        Checkpoint.save(file, a);
        byte[] all = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(all, all.length - 10));
        Mlp b = model(DType.F32, 2);
        List<Tensor> before = snapshot(b, null);
        TensorFileException e = assertThrows(TensorFileException.class, () -> Checkpoint.load(file, b));
        assertMentions(e, file.toString(), "truncated");
        assertSameBits(before, snapshot(b, null));
    }

    @Test
    void reservedNamesAndKeys() {
        Path file = dir.resolve("reserved.safetensors");
        Mlp a = model(DType.F32, 1);
        assertThrows(TensorFileException.class, () -> Checkpoint.save(file, a, null, Map.of("format", "tf")));
        assertThrows(TensorFileException.class, () -> Checkpoint.save(file, List.of(Parameter.of("optimizer.x", Var.param(Tensor.of(1f)))), null, Map.of()));
        assertFalse(Files.exists(file));
    }

    static void assertMentions(Exception e, String... parts) {
        for (String s : parts) assertTrue(e.getMessage().contains(s), "message should mention '" + s + "': " + e.getMessage());
    }
}
