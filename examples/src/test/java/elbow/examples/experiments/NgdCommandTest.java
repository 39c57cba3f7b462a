package elbow.examples.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import elbow.examples.Main;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ngd command end to end: outputs, iteration counts, positivity, determinism, bad flags. */
class NgdCommandTest {
    @TempDir
    Path tmp;

    @Test
    void naturalGradientNeedsFarFewerIterationsAndEveryOutputIsWritten() throws IOException {
        Path a = tmp.resolve("a"), b = tmp.resolve("b");
        assertEquals(0, Main.run("ngd", "--out", a.toString()));
        assertEquals(0, Main.run("ngd", "--out", b.toString()));
        for (String f : List.of("metrics.csv", "summary.json", "data.csv", "alpha.png", "alpha.svg", "beta.png", "beta.svg", "nll_gap.png", "nll_gap.svg", "paths.png", "paths.svg")) {
            assertTrue(Files.size(a.resolve(f)) > 0, f);
        }
        assertArrayEquals(Files.readAllBytes(a.resolve("metrics.csv")), Files.readAllBytes(b.resolve("metrics.csv")));
        assertEquals(1001, Files.readAllLines(a.resolve("data.csv")).size());
        assertEquals(1002, Files.readAllLines(a.resolve("metrics.csv")).size());

        JsonObject s = JsonParser.parseString(Files.readString(a.resolve("summary.json"))).getAsJsonObject();
        int gd = s.get("gd_iterations").getAsInt(), ngd = s.get("ngd_iterations").getAsInt();
        assertTrue(ngd > 0 && 10 * ngd < gd, "gradient descent " + gd + ", natural gradient " + ngd);
        double mleAlpha = s.get("mle_alpha").getAsDouble(), mleBeta = s.get("mle_beta").getAsDouble();
        // The MLE is near the truth (3, 2): 4 sds of its sampling distribution at N = 1000 (F⁻¹/N).
        assertEquals(3, mleAlpha, 4 * 0.13);
        assertEquals(2, mleBeta, 4 * 0.095);
        for (String method : List.of("gd_final", "ngd_final")) {
            JsonObject f = s.getAsJsonObject(method);
            assertEquals(mleAlpha, f.get("alpha").getAsDouble(), 1e-6, method);
            assertEquals(mleBeta, f.get("beta").getAsDouble(), 1e-6, method);
        }
        assertTrue(s.get("positivity").getAsString().startsWith("step halving"));
        assertEveryIteratePositive(a);
    }

    @Test
    void hugeStepsAreHalvedAndNoIterateLeavesThePositiveQuadrant() throws IOException {
        Path out = tmp.resolve("huge");
        assertEquals(0, Main.run("ngd", "--gd-lr", "100", "--ngd-lr", "50", "--iterations", "200", "--out", out.toString()));
        assertEveryIteratePositive(out);
        JsonObject s = JsonParser.parseString(Files.readString(out.resolve("summary.json"))).getAsJsonObject();
        assertTrue(s.getAsJsonObject("gd_final").get("step_halvings").getAsInt() > 0);
    }

    private static void assertEveryIteratePositive(Path dir) throws IOException {
        List<String> rows = Files.readAllLines(dir.resolve("metrics.csv"));
        List<String> header = List.of(rows.get(0).split(","));
        int[] cols = {header.indexOf("gd_alpha"), header.indexOf("gd_beta"), header.indexOf("ngd_alpha"), header.indexOf("ngd_beta")};
        for (String row : rows.subList(1, rows.size())) {
            String[] c = row.split(",");
            for (int col : cols) assertTrue(Double.parseDouble(c[col]) > 0, "iterate outside the positive quadrant: " + row);
        }
    }

    @Test
    void badFlagsGetExitStatusTwo() {
        assertEquals(2, Main.run("ngd", "--alpha0", "0"));
        assertEquals(2, Main.run("ngd", "--beta0", "-1"));
        assertEquals(2, Main.run("ngd", "--gd-lr", "0"));
        assertEquals(2, Main.run("ngd", "--iterations", "x"));
    }
}
