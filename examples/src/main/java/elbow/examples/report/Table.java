package elbow.examples.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A table for the page: a title, a header row, rows of cells already formatted, and a note under it.
 *
 * @param title shown above the table ("" for none)
 * @param header the column names
 * @param rows the cells, one list per row, as wide as the header
 * @param note shown under the table ("" for none)
 */
record Table(String title, List<String> header, List<List<String>> rows, String note) {
    Table {
        header = List.copyOf(header);
        List<List<String>> copy = new ArrayList<>();
        for (List<String> row : rows) {
            if (row.size() != header.size()) throw new IllegalArgumentException(title + ": a row of " + row.size() + " cells under " + header.size() + " columns");
            copy.add(List.copyOf(row));
        }
        rows = List.copyOf(copy);
    }

    /** A number as a table shows it: whole numbers whole, others to 6 significant digits. */
    static String num(double v) {
        if (Double.isNaN(v)) return "NaN";
        if (Double.isInfinite(v)) return v > 0 ? "Infinity" : "-Infinity";
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        double a = Math.abs(v);
        if (a >= 1e-4 && a < 1e7) {
            String s = String.format(Locale.ROOT, "%.6g", v);
            return s.contains(".") && !s.contains("e") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
        }
        return String.format(Locale.ROOT, "%.4e", v);
    }

    /** A number with a fixed count of decimals. */
    static String fixed(double v, int decimals) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + decimals + "f", v) : num(v);
    }
}
