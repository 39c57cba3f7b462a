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

/** The gumbel command end to end: outputs, frequencies against the probabilities, the simplex, determinism, bad flags. */
class GumbelCommandTest {
    @TempDir
    Path tmp;

    @Test
    void argmaxFrequenciesMatchTheProbabilitiesAndEveryOutputIsWritten() throws IOException {
        Path a = tmp.resolve("a"), b = tmp.resolve("b");
        assertEquals(0, Main.run("gumbel", "--out", a.toString()));
        assertEquals(0, Main.run("gumbel", "--out", b.toString()));
        for (String f : List.of("metrics.csv", "summary.json", "data.csv", "frequencies.png", "frequencies.svg", "sweep.png", "sweep.svg", "bias.png", "bias.svg", "corners.png", "corners.svg")) {
            assertTrue(Files.size(a.resolve(f)) > 0, f);
        }
        assertArrayEquals(Files.readAllBytes(a.resolve("metrics.csv")), Files.readAllBytes(b.resolve("metrics.csv")));
        assertArrayEquals(Files.readAllBytes(a.resolve("data.csv")), Files.readAllBytes(b.resolve("data.csv")));

        JsonObject s = JsonParser.parseString(Files.readString(a.resolve("summary.json"))).getAsJsonObject();
        double[] p = GmmCommandTest.doubles(s.getAsJsonArray("probs"));
        assertArrayEquals(new double[] {0.1, 0.2, 0.5, 0.2}, p);
        int n = s.getAsJsonObject("settings").get("n").getAsInt();
        for (String key : List.of("argmax_freq", "direct_freq")) {
            double[] f = GmmCommandTest.doubles(s.getAsJsonArray(key));
            // Pearson's χ² with 3 degrees of freedom below its 1 % critical value, 11.345.
            double chi2 = 0;
            for (int k = 0; k < p.length; k++) chi2 += n * (f[k] - p[k]) * (f[k] - p[k]) / p[k];
            assertTrue(chi2 < 11.345, key + ": chi2 = " + chi2);
        }
    }

    @Test
    void relaxedSamplesLieOnTheSimplexAndTheirArgmaxIsRecorded() throws IOException {
        Path out = tmp.resolve("t");
        assertEquals(0, Main.run("gumbel", "--n", "300", "--temperature", "0.5", "--sweep-points", "5", "--out", out.toString()));
        List<String> rows = Files.readAllLines(out.resolve("data.csv"));
        assertEquals("index,y_0,y_1,y_2,y_3,argmax,direct", rows.get(0));
        assertEquals(301, rows.size());
        for (String row : rows.subList(1, rows.size())) {
            String[] c = row.split(",");
            double sum = 0, max = -1;
            int arg = -1;
            for (int k = 0; k < 4; k++) {
                double y = Double.parseDouble(c[1 + k]);
                assertTrue(y >= 0 && y <= 1, row);
                sum += y;
                if (y > max) { max = y; arg = k; }
            }
            assertEquals(1, sum, 1e-12, row);
            assertEquals(arg, Integer.parseInt(c[5]), row);
        }
        // The sweep: the farther from the corners, the higher the temperature.
        List<String> sweep = Files.readAllLines(out.resolve("metrics.csv"));
        assertEquals(6, sweep.size());
        double prev = -1;
        for (String row : sweep.subList(1, sweep.size())) {
            double d = Double.parseDouble(row.split(",")[1]);
            assertTrue(d > prev, "corner distance does not grow with the temperature: " + row);
            prev = d;
        }
    }

    @Test
    void badFlagsGetExitStatusTwo() {
        assertEquals(2, Main.run("gumbel", "--probs", "0.5,0.6"));
        assertEquals(2, Main.run("gumbel", "--probs", "1,0"));
        assertEquals(2, Main.run("gumbel", "--temperature", "0"));
        assertEquals(2, Main.run("gumbel", "--sweep-min", "1", "--sweep-max", "0.1"));
    }
}
