package elbow.examples.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import elbow.examples.Main;
import elbow.nn.Safetensors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run stopped after a checkpoint and resumed with {@code --resume} continues where it was: its
 * {@code metrics.csv} has every step once, in order, with the numbers of a run never stopped — whether
 * it was stopped by {@code --max-steps} and left rows past its checkpoint as a killed run does, or was
 * really killed with SIGKILL in another JVM (then byte for byte).
 */
class VaeResumeTest {
    @TempDir
    Path tmp;

    /** 60 training images in batches of 10: 6 steps an epoch, 2 epochs; {@code more} adds flags or replaces these values. */
    private static List<String> args(Path data, Path out, String... more) {
        java.util.Map<String, String> options = new java.util.LinkedHashMap<>();
        String[] base = {"--estimator", "standard", "--data", data.toString(), "--train-limit", "60", "--batch", "10", "--epochs", "2",
            "--eval-limit", "8", "--eval-k", "10", "--threads", "1", "--seed", "11", "--out", out.toString()};
        for (int i = 0; i < base.length; i += 2) options.put(base[i], base[i + 1]);
        List<String> flags = new ArrayList<>();
        for (int i = 0; i < more.length; i++) {
            if (i + 1 < more.length && !more[i + 1].startsWith("--")) options.put(more[i], more[++i]);
            else flags.add(more[i]);
        }
        List<String> a = new ArrayList<>(List.of("vae"));
        options.forEach((k, v) -> a.addAll(List.of(k, v)));
        a.addAll(flags);
        return a;
    }

    private static SyntheticMnist.Run run(List<String> args) {
        return SyntheticMnist.run(args.toArray(new String[0]));
    }

    @Test
    void rowsWrittenAfterTheCheckpointAreDroppedAndTheRunContinuesAsIfNeverStopped() throws IOException {
        Path data = SyntheticMnist.folder(tmp.resolve("data"), 60, 10);
        Path whole = tmp.resolve("whole"), stopped = tmp.resolve("stopped");
        assertEquals(0, run(args(data, whole)).status());
        assertEquals(0, run(args(data, stopped, "--max-steps", "6")).status());           // checkpoint at the end of epoch 1
        Path metrics = stopped.resolve("standard").resolve(TrainingLog.METRICS);
        List<String> before = Files.readAllLines(metrics);
        // What a run killed during epoch 2 leaves: rows past its checkpoint, the last one half written.
        Files.writeString(metrics, "7,1,-550.1,-550.1\n8,1,-549.9,-549.9\n9,1,-54", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        SyntheticMnist.Run resumed = run(args(data, stopped, "--resume"));
        assertEquals(0, resumed.status(), resumed.both());
        assertTrue(resumed.out().contains("resuming from " + stopped.resolve("standard").resolve(VaeTraining.CHECKPOINT) + " at step 6 (epoch 1)"), resumed.both());
        List<String> after = Files.readAllLines(metrics), reference = Files.readAllLines(whole.resolve("standard/metrics.csv"));
        assertEquals(before, after.subList(0, before.size()), "the rows up to the checkpoint are kept as they were");
        assertEquals(reference.size(), after.size());
        for (int i = 1; i < after.size(); i++) {
            String[] a = after.get(i).split(","), r = reference.get(i).split(",");
            assertEquals(i + "," + (i - 1) / 6, a[0] + "," + a[1], "no gap, no repeat");
            // Bit for bit within one JVM only up to the vector kernels' last bits (see the SIGKILL test, which is exact).
            for (int c = 2; c < 4; c++) assertEquals(Double.parseDouble(r[c]), Double.parseDouble(a[c]), 1e-4 * Math.abs(Double.parseDouble(r[c])), "row " + i);
        }
        assertEquals(firstColumns(whole.resolve("standard/epochs.csv"), 2), firstColumns(stopped.resolve("standard/epochs.csv"), 2));
        String summary = Files.readString(stopped.resolve("standard/summary.json"));
        assertTrue(summary.contains("\"resumed_from_step\": 6"), summary);
    }

    @Test
    void resumingWithOtherSettingsIsRefused() {
        Path data = SyntheticMnist.folder(tmp.resolve("data"), 60, 10), out = tmp.resolve("out");
        assertEquals(0, run(args(data, out, "--max-steps", "6")).status());
        SyntheticMnist.Run r = run(args(data, out, "--resume", "--k", "3"));
        assertEquals(1, r.status(), r.both());
        assertTrue(r.err().contains("cannot resume from") && r.err().contains("k 1 in the checkpoint, 3 now"), r.both());
    }

    @Test
    void aFinishedRunIsNotRepeated() {
        Path data = SyntheticMnist.folder(tmp.resolve("data"), 60, 10), out = tmp.resolve("out");
        assertEquals(0, run(args(data, out)).status());
        SyntheticMnist.Run again = run(args(data, out, "--resume"));
        assertEquals(0, again.status(), again.both());
        assertTrue(again.out().contains("already trained (step 12) and evaluated"), again.both());
    }

    @Test
    void aRunKilledWithSigkillMidEpochResumesWithoutAGapOrARepeat() throws Exception {
        // All three runs in child JVMs on the scalar kernels: the vector kernels' transcendental functions
        // give other last bits once C2 has compiled them, so only the scalar kernels repeat a run bit for bit
        // across JVM launches. Slow enough steps (k = 10, scalar) that the kill, right after the first
        // checkpoint, lands inside epoch 2.
        Path data = SyntheticMnist.folder(tmp.resolve("data"), 200, 10);
        Path whole = tmp.resolve("whole"), killed = tmp.resolve("killed");
        String[] more = {"--k", "10", "--train-limit", "200", "--epochs", "3"};
        Path checkpoint = killed.resolve("standard").resolve(VaeTraining.CHECKPOINT);
        Process child = workbench(args(data, killed, more), "killed");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(checkpoint) && child.isAlive() && System.nanoTime() < deadline) Thread.sleep(5);
        assertTrue(Files.exists(checkpoint) && child.isAlive(), "the child wrote its first checkpoint and is still training");
        child.destroyForcibly();                                     // SIGKILL: no shutdown hook, no flush
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        long stepAtKill = Long.parseLong(Safetensors.read(checkpoint).metadata().get("step"));
        assertEquals(20, stepAtKill, "killed after the checkpoint of epoch 1 and before that of epoch 2");

        assertEquals(0, finish(workbench(args(data, killed, concat(more, "--resume")), "resumed")));
        assertTrue(Files.readString(tmp.resolve("resumed.out")).contains("at step 20 (epoch 1)"));
        assertEquals(0, finish(workbench(args(data, whole, more), "whole")));
        List<String> rows = Files.readAllLines(killed.resolve("standard/metrics.csv"));
        for (int i = 1; i < rows.size(); i++) assertTrue(rows.get(i).startsWith(i + ","), "row " + i + " is " + rows.get(i));
        assertEquals(1 + 3 * 20, rows.size());
        assertArrayEquals(Files.readAllBytes(whole.resolve("standard/metrics.csv")), Files.readAllBytes(killed.resolve("standard/metrics.csv")));
    }

    /** The workbench in a child JVM on the scalar kernels, with the Vector API module present (so it does not re-launch itself). */
    private Process workbench(List<String> args, String name) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Delbow.simd=0", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        return builder.redirectOutput(tmp.resolve(name + ".out").toFile()).redirectError(tmp.resolve(name + ".err").toFile()).start();
    }

    private static int finish(Process p) throws InterruptedException {
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the child did not finish in 3 minutes");
        }
        return p.exitValue();
    }

    private static List<String> firstColumns(Path csv, int n) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(csv)) out.add(String.join(",", java.util.Arrays.copyOf(line.split(","), n)));
        return out;
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
