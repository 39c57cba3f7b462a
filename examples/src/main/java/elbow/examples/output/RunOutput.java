package elbow.examples.output;

import com.google.gson.GsonBuilder;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;

/**
 * The output folder of one experiment run: {@code metrics.csv} (one row per step), {@code summary.json},
 * other CSV tables, and plots. Numbers are written with {@code %.17g}-style round-trip precision and a
 * fixed locale, so the same seed gives byte-identical files. Files are written to a temporary name and
 * moved into place, so a killed run never leaves a half-written summary.
 */
public final class RunOutput {
    private final Path dir;

    public RunOutput(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create output folder " + dir + ": " + e.getMessage(), e);
        }
    }

    public Path dir() { return dir; }

    public Path file(String name) { return dir.resolve(name); }

    /** Writes a CSV table with a header and columns of equal length. */
    public void csv(String name, String[] header, double[]... columns) {
        int rows = columns.length == 0 ? 0 : columns[0].length;
        for (double[] c : columns) {
            if (c.length != rows) throw new IllegalArgumentException(name + ": columns of different lengths");
        }
        if (header.length != columns.length) throw new IllegalArgumentException(name + ": " + header.length + " names for " + columns.length + " columns");
        StringBuilder sb = new StringBuilder(String.join(",", header)).append('\n');
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns.length; c++) {
                if (c > 0) sb.append(',');
                sb.append(number(columns[c][r]));
            }
            sb.append('\n');
        }
        write(name, sb.toString());
    }

    /** Writes {@code summary.json} (or another JSON file) from a map of numbers, strings, lists and maps. */
    public void json(String name, Map<String, ?> values) {
        write(name, new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().serializeNulls().create().toJson(values) + "\n");
    }

    public void text(String name, String content) {
        write(name, content);
    }

    /** Shortest text that reads back as the same double. */
    public static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return Double.toString(v).toLowerCase(Locale.ROOT);
    }

    private void write(String name, String content) {
        Path target = dir.resolve(name), tmp = dir.resolve(name + ".tmp");
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            w.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }
}
