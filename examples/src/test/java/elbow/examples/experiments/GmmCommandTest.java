package elbow.examples.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import elbow.examples.Main;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gmm command end to end: outputs, the ELBO's monotonicity in its metrics, the fit, determinism, bad flags. */
class GmmCommandTest {
    @TempDir
    Path tmp;

    @Test
    void writesEveryOutputFitsTheTruthAndIsDeterministic() throws IOException {
        Path a = tmp.resolve("a"), b = tmp.resolve("b");
        assertEquals(0, Main.run("gmm", "--seed", "3", "--out", a.toString()));
        assertEquals(0, Main.run("gmm", "--seed", "3", "--out", b.toString()));
        for (String f : List.of("metrics.csv", "summary.json", "data.csv", "model.dot", "elbo.png", "elbo.svg", "elbo_gap.png", "elbo_gap.svg", "mixture.png", "mixture.svg")) {
            assertTrue(Files.size(a.resolve(f)) > 0, f);
        }
        assertArrayEquals(Files.readAllBytes(a.resolve("metrics.csv")), Files.readAllBytes(b.resolve("metrics.csv")));
        assertArrayEquals(Files.readAllBytes(a.resolve("data.csv")), Files.readAllBytes(b.resolve("data.csv")));
        assertEquals(501, Files.readAllLines(a.resolve("data.csv")).size());

        JsonObject s = JsonParser.parseString(Files.readString(a.resolve("summary.json"))).getAsJsonObject();
        double[] pi = doubles(s.getAsJsonArray("true_weights")), mu = doubles(s.getAsJsonArray("true_means")), tau = doubles(s.getAsJsonArray("true_precisions"));
        double[] fitMu = doubles(s.getAsJsonArray("fitted_means")), fitTau = doubles(s.getAsJsonArray("fitted_precisions"));
        int n = s.getAsJsonObject("settings").get("n").getAsInt();
        for (int k = 0; k < pi.length; k++) {
            // 4 sampling sds of the estimates: σ_k/√(N π_k) for a mean, τ_k √(2/(N π_k)) for a precision.
            assertEquals(mu[k], fitMu[k], 4 / Math.sqrt(tau[k] * n * pi[k]), "mean " + k);
            assertEquals(tau[k], fitTau[k], 4 * tau[k] * Math.sqrt(2 / (n * pi[k])), "precision " + k);
        }
        assertEquals(3, s.get("seed").getAsInt());
        assertTrue(s.get("wall_seconds").getAsDouble() >= 0);
        String dot = Files.readString(a.resolve("model.dot"));
        assertTrue(dot.startsWith("//") && dot.contains("digraph gmm {"), dot);
        for (String edge : List.of("z -> x", "mu -> x", "tau -> x", "tau -> mu", "pi -> z")) assertTrue(dot.contains(edge), edge);
    }

    @Test
    void elboNeverDecreasesInItsMetricsOnSeveralSeeds() throws IOException {
        for (String seed : List.of("1", "2", "5")) {
            // Overlapping components make CAVI work for many sweeps.
            Path out = tmp.resolve("seed" + seed);
            assertEquals(0, Main.run("gmm", "--seed", seed, "--true-means=-1,0,2", "--restarts", "3", "--out", out.toString()));
            List<String> rows = Files.readAllLines(out.resolve("metrics.csv"));
            assertEquals("init,iteration,elbo,best", rows.get(0));
            double prev = Double.NEGATIVE_INFINITY;
            int init = -1, longest = 0, sweeps = 0;
            for (String row : rows.subList(1, rows.size())) {
                String[] c = row.split(",");
                int i = Integer.parseInt(c[0]);
                double elbo = Double.parseDouble(c[2]);
                if (i != init) {
                    prev = Double.NEGATIVE_INFINITY;
                    init = i;
                    sweeps = 0;
                }
                assertTrue(elbo >= prev - 1e-12 * Math.abs(prev), "seed " + seed + ": ELBO decreased at " + row);
                prev = elbo;
                longest = Math.max(longest, ++sweeps);
            }
            assertTrue(longest > 5, "seed " + seed + ": the runs were too short to test anything");
        }
    }

    @Test
    void badFlagsGetExitStatusTwo() {
        assertEquals(2, Main.run("gmm", "--weights", "0.5,0.6,0.1"));
        assertEquals(2, Main.run("gmm", "--weights", "0.5,0.5"));
        assertEquals(2, Main.run("gmm", "--true-precisions", "1,0,1"));
        assertEquals(2, Main.run("gmm", "--restarts", "0"));
        assertEquals(2, Main.run("gmm", "--n", "many"));
    }

    static double[] doubles(JsonArray a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).getAsDouble();
        return out;
    }
}
