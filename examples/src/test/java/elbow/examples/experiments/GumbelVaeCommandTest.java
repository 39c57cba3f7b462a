package elbow.examples.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import elbow.examples.mnist.MnistData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gumbel-vae} end to end on a small synthetic MNIST: outputs, the temperature, same start for both estimators, resume, bad data, bad flags. */
class GumbelVaeCommandTest {
    @TempDir
    Path tmp;

    /**
     * 40 training images in batches of 10: 4 steps an epoch, 2 epochs; a 10-image test prefix; the
     * temperature updated every 2 steps at r = 0.1, so that it moves and reaches its floor of 0.5 at step 8.
     */
    private static String[] quick(Path data, Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("gumbel-vae", "--data", data.toString(), "--train-limit", "40", "--batch", "10",
                "--eval-limit", "10", "--anneal-every", "2", "--anneal-rate", "0.1", "--threads", "1", "--out", out.toString()));
        if (!Arrays.asList(more).contains("--epochs")) args.addAll(List.of("--epochs", "2"));
        args.addAll(List.of(more));
        return args.toArray(new String[0]);
    }

    @Test
    void trainsBothEstimatorsAndWritesEveryOutput() throws IOException {
        Path data = SyntheticMnist.folder(tmp.resolve("data"), 50, 12), out = tmp.resolve("out");
        SyntheticMnist.Run r = SyntheticMnist.run(quick(data, out));
        assertEquals(0, r.status(), r.both());
        for (String run : List.of("gumbel-softmax", "straight-through")) {
            Path dir = out.resolve(run);
            for (String f : List.of("metrics.csv", "epochs.csv", "checkpoint.safetensors", "model.safetensors", "model.txt", "summary.json")) {
                assertTrue(Files.size(dir.resolve(f)) > 0, run + "/" + f);
            }
            List<String> metrics = Files.readAllLines(dir.resolve("metrics.csv"));
            assertEquals(GumbelVaeTraining.METRICS_HEADER, metrics.get(0));
            assertEquals(1 + 8, metrics.size(), "one row per step: 2 epochs of 4");
            double[] expectedTau = {1, 1, Math.exp(-0.2), Math.exp(-0.2), Math.exp(-0.4), Math.exp(-0.4), Math.exp(-0.6), Math.exp(-0.6)};
            for (int i = 1; i < metrics.size(); i++) {
                String[] cells = metrics.get(i).split(",");
                assertEquals(i + "," + (i - 1) / 4, cells[0] + "," + cells[1]);
                assertEquals(expectedTau[i - 1], Double.parseDouble(cells[2]), 1e-15, "tau at step " + i);
                // elbo = log-likelihood - KL, the KL of 30 categoricals of 10 classes between 0 and 30 log 10
                assertEquals(Double.parseDouble(cells[4]) - Double.parseDouble(cells[5]), Double.parseDouble(cells[3]), 1e-3);
                double kl = Double.parseDouble(cells[5]);
                assertTrue(kl >= 0 && kl <= 30 * Math.log(10) + 1e-3, metrics.get(i));
            }
            assertEquals(1 + 2, Files.readAllLines(dir.resolve("epochs.csv")).size(), "one row per epoch");
            String summary = Files.readString(dir.resolve("summary.json"));
            for (String key : List.of("\"samples_per_s\"", "\"test_elbo\"", "\"test_elbo_hard\"", "\"test_kl\"", "\"tau_final\"", "\"batch\": 10",
                    "\"epochs\": 2", "\"steps\": 8", "\"estimator\": \"" + run + "\"", "\"eval_images\": 10", "\"experiment\": \"gumbel-vae\"", "\"parameters\": 1221180")) {
                assertTrue(summary.contains(key), run + ": summary.json lacks " + key + "\n" + summary);
            }
            assertEquals(Math.exp(-0.6), VaeCommandTest.number(summary, "tau_final"), 1e-12);
            assertTrue(VaeCommandTest.number(summary, "samples_per_s") > 0);
            // Binary images under a Bernoulli decoder: every ELBO is negative.
            assertTrue(VaeCommandTest.number(summary, "test_elbo") < 0 && VaeCommandTest.number(summary, "test_elbo_hard") < 0, summary);
        }
        for (String f : List.of("negative_elbo.png", "negative_elbo.svg", "results.csv", "summary.json")) assertTrue(Files.size(out.resolve(f)) > 0, f);
        List<String> results = Files.readAllLines(out.resolve("results.csv"));
        assertEquals(3, results.size());
        assertTrue(results.get(1).startsWith("gumbel-softmax,8,") && results.get(2).startsWith("straight-through,8,"), results.toString());
        assertTrue(r.out().contains("test ELBO"), r.both());
        assertTrue(r.out().chars().allMatch(c -> c < 128), "console output is ASCII" + r.both());
    }

    /** Both estimators start from the same weights and see the same first batch: the KL term of their first step is the same number. */
    @Test
    void bothEstimatorsStartFromTheSameModelAndBatch() throws IOException {
        Path data = SyntheticMnist.folder(tmp.resolve("data"), 50, 12), out = tmp.resolve("out");
        assertEquals(0, SyntheticMnist.run(quick(data, out, "--epochs", "1")).status());
        String[] gs = Files.readAllLines(out.resolve("gumbel-softmax/metrics.csv")).get(1).split(",");
        String[] st = Files.readAllLines(out.resolve("straight-through/metrics.csv")).get(1).split(",");
        // Equal up to the last bits, which the vector kernels may change when the JIT compiles them between the two runs.
        assertEquals(Double.parseDouble(gs[5]), Double.parseDouble(st[5]), 1e-6 * Math.abs(Double.parseDouble(gs[5])), "KL of step 1");
        assertTrue(Math.abs(Double.parseDouble(gs[4]) - Double.parseDouble(st[4])) > 1e-3, "the decoder sees relaxed codes in one and one-hot codes in the other");
    }

    @Test
    void aStoppedRunResumesAsIfNeverStopped() throws IOException {
        Path data = SyntheticMnist.folder(tmp.resolve("data"), 50, 12);
        Path whole = tmp.resolve("whole"), stopped = tmp.resolve("stopped");
        assertEquals(0, SyntheticMnist.run(quick(data, whole, "--estimator", "st")).status());
        assertEquals(0, SyntheticMnist.run(quick(data, stopped, "--estimator", "st", "--max-steps", "4")).status());
        Path metrics = stopped.resolve("straight-through").resolve(GumbelVaeTraining.METRICS);
        // What a run killed during epoch 2 leaves: rows past its checkpoint, the last one half written.
        Files.writeString(metrics, "5,1,1,-500,-490,10\n6,1,0.9", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        SyntheticMnist.Run resumed = SyntheticMnist.run(quick(data, stopped, "--estimator", "st", "--resume"));
        assertEquals(0, resumed.status(), resumed.both());
        assertTrue(resumed.out().contains("resuming from " + stopped.resolve("straight-through").resolve(GumbelVaeTraining.CHECKPOINT) + " at step 4 (epoch 1)"), resumed.both());
        List<String> after = Files.readAllLines(metrics), reference = Files.readAllLines(whole.resolve("straight-through/metrics.csv"));
        assertEquals(reference.size(), after.size());
        for (int i = 1; i < after.size(); i++) {
            String[] a = after.get(i).split(","), ref = reference.get(i).split(",");
            assertEquals(ref[0] + "," + ref[1] + "," + ref[2], a[0] + "," + a[1] + "," + a[2], "no gap, no repeat, the same temperature");
            // The vector kernels may change their last bits when the JIT compiles them (see VaeResumeTest).
            assertEquals(Double.parseDouble(ref[3]), Double.parseDouble(a[3]), 1e-4 * Math.abs(Double.parseDouble(ref[3])), "row " + i);
        }
        assertTrue(Files.readString(stopped.resolve("straight-through/summary.json")).contains("\"resumed_from_step\": 4"));
        // Resuming a finished run keeps it.
        SyntheticMnist.Run again = SyntheticMnist.run(quick(data, stopped, "--estimator", "st", "--resume"));
        assertEquals(0, again.status(), again.both());
        assertTrue(again.out().contains("already trained (step 8)"), again.both());
        // Other settings are refused, with the reason.
        SyntheticMnist.Run other = SyntheticMnist.run(quick(data, stopped, "--estimator", "st", "--resume", "--seed", "9"));
        assertEquals(1, other.status(), other.both());
        assertTrue(other.err().contains("cannot resume from") && other.err().contains("seed 1 in the checkpoint, 9 now"), other.both());
    }

    @Test
    void missingDataExitsTwoWithWhereItLookedAndTheFetchCommand() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        SyntheticMnist.Run r = SyntheticMnist.run(quick(empty, tmp.resolve("out")));
        assertEquals(2, r.status(), r.both());
        assertTrue(r.err().startsWith("elbow: gumbel-vae: No MNIST files found. Looked in: " + empty), r.both());
        assertTrue(r.err().contains("scripts/fetch-mnist.sh"), r.both());
        assertEquals(1, r.err().lines().count(), "one line" + r.both());
        assertFalse(Files.exists(tmp.resolve("out")), "nothing written");

        Path partial = SyntheticMnist.folder(tmp.resolve("partial"), 50, 12);
        Files.delete(partial.resolve(MnistData.TEST_LABELS));
        r = SyntheticMnist.run(quick(partial, tmp.resolve("out")));
        assertEquals(2, r.status(), r.both());
        assertTrue(r.err().startsWith("elbow: gumbel-vae: MNIST file " + partial.toAbsolutePath().normalize().resolve(MnistData.TEST_LABELS) + " is missing"), r.both());
        assertTrue(r.err().contains("scripts/fetch-mnist.sh"), r.both());
    }

    @Test
    void badFlagsExitTwo() {
        Path data = tmp.resolve("data");
        for (String[] bad : List.of(new String[] {"--estimator", "reinforce"}, new String[] {"--lr", "0"}, new String[] {"--tau-min", "2"},
                new String[] {"--anneal-rate", "-1"}, new String[] {"--tau-initial", "0"}, new String[] {"--batch", "0"},
                new String[] {"--anneal-every", "0"}, new String[] {"--eval-limit", "x"}, new String[] {"--epochs", "-1"})) {
            SyntheticMnist.Run r = SyntheticMnist.run(quick(data, tmp.resolve("out"), bad));
            assertEquals(2, r.status(), String.join(" ", bad) + r.both());
            assertTrue(r.err().contains("Usage:"), r.both());
        }
    }

    @Test
    void helpStatesTheDefaultsAndTheTime() {
        SyntheticMnist.Run r = SyntheticMnist.run("gumbel-vae", "--help");
        assertEquals(0, r.status(), r.both());
        for (String s : List.of("--tau-min", "--anneal-rate", "--estimator", "--resume", "default: " + GumbelVaeCommand.DEFAULT_EPOCHS, "minutes")) {
            assertTrue(r.out().replaceAll("\\s+", " ").contains(s), s + r.both());
        }
        assertTrue(r.out().chars().allMatch(c -> c < 128), "help is ASCII" + r.both());
    }
}
