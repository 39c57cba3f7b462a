package elbow.examples.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import elbow.examples.mnist.MnistData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code iwae} end to end on a small synthetic MNIST. */
class IwaeCommandTest {
    @TempDir
    Path tmp;

    private String[] quick(Path data, Path out, String... more) {
        String[] base = {"iwae", "--data", data.toString(), "--train-limit", "30", "--batch", "10", "--epochs", "1",
            "--eval-limit", "8", "--eval-k", "20", "--threads", "1", "--out", out.toString()};
        String[] all = Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void trainsAVaeAndAnIwaePerKWithBothBoundsLogged() throws IOException {
        Path data = SyntheticMnist.folder(tmp.resolve("data"), 40, 10), out = tmp.resolve("out");
        SyntheticMnist.Run r = SyntheticMnist.run(quick(data, out, "--k", "1,3"));
        assertEquals(0, r.status(), r.both());
        for (String k : List.of("k1", "k3")) {
            for (String f : List.of("bounds.png", "bounds.svg")) assertTrue(Files.size(out.resolve(k).resolve(f)) > 0, k + "/" + f);
            for (String model : List.of("vae", "iwae")) {
                Path dir = out.resolve(k).resolve(model);
                String summary = Files.readString(dir.resolve("summary.json"));
                assertTrue(summary.contains("\"objective\": \"" + model + "\"") && summary.contains("\"k\": " + k.substring(1)), summary);
                List<String> rows = Files.readAllLines(dir.resolve("metrics.csv"));
                assertEquals(1 + 3, rows.size());
                for (String row : rows.subList(1, rows.size())) {
                    String[] c = row.split(",");
                    double elbo = Double.parseDouble(c[2]), iwelbo = Double.parseDouble(c[3]);
                    // Jensen, on the same particles; equal with one particle.
                    if (k.equals("k1")) assertEquals(elbo, iwelbo, 1e-9, row);
                    else assertTrue(iwelbo >= elbo, row);
                }
            }
        }
        for (String f : List.of("combined.png", "combined.svg", "results.csv", "summary.json")) assertTrue(Files.size(out.resolve(f)) > 0, f);
        List<String> table = Files.readAllLines(out.resolve("results.csv"));
        assertEquals(5, table.size());
        assertTrue(table.get(4).startsWith("iwae,standard,3,"), table.toString());
        assertTrue(r.out().contains("Burda NLL"), r.both());
    }

    @Test
    void oneObjectiveWithDreg() throws IOException {
        Path data = SyntheticMnist.folder(tmp.resolve("data"), 40, 10), out = tmp.resolve("out");
        SyntheticMnist.Run r = SyntheticMnist.run(quick(data, out, "--k", "4", "--objective", "iwae", "--estimator", "dreg"));
        assertEquals(0, r.status(), r.both());
        assertTrue(Files.readString(out.resolve("k4/iwae/summary.json")).contains("\"estimator\": \"dreg\""));
        assertFalse(Files.exists(out.resolve("k4/vae")));
    }

    @Test
    void corruptTestLabelsExitTwoWithTheFileAndTheFetchCommand() {
        Path data = SyntheticMnist.folder(tmp.resolve("data"), 40, 10);
        Path labels = data.resolve(MnistData.TEST_LABELS);
        byte[] bad = SyntheticMnist.idx(new int[] {10}, new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, (byte) 200});
        SyntheticMnist.write(labels, bad);
        SyntheticMnist.Run r = SyntheticMnist.run(quick(data, tmp.resolve("out")));
        assertEquals(2, r.status(), r.both());
        assertTrue(r.err().startsWith("elbow: iwae: MNIST file " + labels), r.both());
        assertTrue(r.err().contains("label 200") && r.err().contains("scripts/fetch-mnist.sh"), r.both());
    }

    @Test
    void badFlagsExitTwo() {
        Path data = tmp.resolve("data");
        for (String[] bad : List.of(new String[] {"--objective", "gan"}, new String[] {"--k", "1,0"}, new String[] {"--estimator", "score"},
                new String[] {"--epochs", "0"})) {
            SyntheticMnist.Run r = SyntheticMnist.run(quick(data, tmp.resolve("out"), bad));
            assertEquals(2, r.status(), String.join(" ", bad) + r.both());
        }
    }
}
