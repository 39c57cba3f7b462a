package elbow.examples.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The numbers of one or more runs' {@code summary.json} as tables: nested objects flattened to dotted
 * keys, one column per run; short lists inline, long ones counted; a list of objects (CAVI's result per
 * N, the MNIST runs, GMM's initialisations) as a table of its own with one column per entry.
 */
final class KeyNumbers {
    /** Lists longer than this are counted, not shown: e.g. 50 active-unit variances. */
    static final int INLINE_LIST = 10;
    /** Keys whose values name an entry of a list of objects, in the order they label its column. */
    private static final List<String> LABEL_KEYS = List.of("objective", "estimator", "k", "n", "init");

    private KeyNumbers() {}

    static JsonObject read(Path summary) {
        try {
            JsonElement e = JsonParser.parseString(Files.readString(summary));
            if (!e.isJsonObject()) throw new ReportException(summary + " does not hold a JSON object", null);
            return e.getAsJsonObject();
        } catch (IOException | RuntimeException e) {
            if (e instanceof ReportException r) throw r;
            throw new ReportException("cannot read " + summary + ": " + e.getMessage(), e);
        }
    }

    /** Tables of the summaries, one column per run; {@code labels} name the columns. */
    static List<Table> tables(List<String> labels, List<JsonObject> summaries) {
        List<Map<String, String>> flat = new ArrayList<>();
        Map<String, List<JsonObject>> lists = new LinkedHashMap<>();
        for (JsonObject s : summaries) {
            Map<String, String> values = new LinkedHashMap<>();
            flatten("", s, values, summaries.size() == 1 ? lists : null);
            flat.add(values);
        }
        List<Table> tables = new ArrayList<>();
        tables.add(table("", labels, flat));
        for (Map.Entry<String, List<JsonObject>> e : lists.entrySet()) {
            List<String> entryLabels = new ArrayList<>();
            List<Map<String, String>> entries = new ArrayList<>();
            for (int i = 0; i < e.getValue().size(); i++) {
                JsonObject o = e.getValue().get(i);
                entryLabels.add(label(o, i));
                Map<String, String> values = new LinkedHashMap<>();
                flatten("", o, values, null);
                entries.add(values);
            }
            tables.add(table(e.getKey(), entryLabels, entries));
        }
        return tables;
    }

    private static Table table(String title, List<String> columns, List<Map<String, String>> values) {
        Set<String> keys = new LinkedHashSet<>();
        for (Map<String, String> v : values) keys.addAll(v.keySet());
        List<String> header = new ArrayList<>();
        header.add("key");
        if (columns.size() == 1 && columns.get(0).isEmpty()) header.add("value");
        else header.addAll(columns);
        List<List<String>> rows = new ArrayList<>();
        for (String k : keys) {
            List<String> row = new ArrayList<>();
            row.add(k);
            for (Map<String, String> v : values) row.add(v.getOrDefault(k, ""));
            rows.add(row);
        }
        return new Table(title, header, rows, "");
    }

    private static void flatten(String prefix, JsonObject o, Map<String, String> out, Map<String, List<JsonObject>> lists) {
        for (Map.Entry<String, JsonElement> e : o.entrySet()) {
            String key = prefix + e.getKey();
            JsonElement v = e.getValue();
            if (v.isJsonObject()) {
                flatten(key + ".", v.getAsJsonObject(), out, lists);
            } else if (v.isJsonArray()) {
                JsonArray a = v.getAsJsonArray();
                if (a.size() > 0 && allObjects(a)) {
                    if (lists != null) {
                        List<JsonObject> entries = new ArrayList<>();
                        for (JsonElement x : a) entries.add(x.getAsJsonObject());
                        lists.put(key, entries);
                    } else {
                        out.put(key, "(" + a.size() + " entries, see summary.json)");
                    }
                } else if (a.size() > INLINE_LIST) {
                    out.put(key, "(" + a.size() + " values, see summary.json)");
                } else {
                    List<String> parts = new ArrayList<>();
                    for (JsonElement x : a) parts.add(scalar(x));
                    out.put(key, "[" + String.join(", ", parts) + "]");
                }
            } else {
                out.put(key, scalar(v));
            }
        }
    }

    private static boolean allObjects(JsonArray a) {
        for (JsonElement x : a) if (!x.isJsonObject()) return false;
        return true;
    }

    static String scalar(JsonElement v) {
        if (v == null || v.isJsonNull()) return "null";
        if (!v.isJsonPrimitive()) return v.toString();
        JsonPrimitive p = v.getAsJsonPrimitive();
        if (p.isNumber()) return Table.num(p.getAsDouble());
        return p.getAsString();
    }

    private static String label(JsonObject o, int index) {
        List<String> parts = new ArrayList<>();
        for (String k : LABEL_KEYS) {
            JsonElement v = o.get(k);
            if (v == null || !v.isJsonPrimitive()) continue;
            String s = scalar(v);
            parts.add(k.equals("objective") || k.equals("estimator") ? s : k + " = " + s);
        }
        return parts.isEmpty() ? "#" + (index + 1) : String.join(", ", parts);
    }
}
