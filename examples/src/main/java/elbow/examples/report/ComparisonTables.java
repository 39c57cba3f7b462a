package elbow.examples.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The comparisons the report sets side by side, read from the runs' files: the BBVI estimators against
 * CAVI, CAVI against the exact posterior, the fitted mixture against the truth, gradient descent against
 * natural-gradient descent, Gumbel-Softmax frequencies against the probabilities, and the MNIST runs'
 * {@code results.csv} (which the vae and iwae commands write with Burda et al.'s Table 1 beside them).
 */
final class ComparisonTables {
    private ComparisonTables() {}

    /** How results.csv's columns are headed on the page; other columns keep their names. */
    private static final Map<String, String> RESULT_COLUMNS = Map.ofEntries(
            Map.entry("objective", "model"), Map.entry("test_elbo", "test ELBO"), Map.entry("test_iwelbo", "test IWELBO"),
            Map.entry("test_nll", "test NLL"), Map.entry("active_units", "active units"), Map.entry("burda_nll", "Burda et al. NLL"),
            Map.entry("burda_active_units", "Burda et al. active units"), Map.entry("samples_per_s", "samples/s"));

    static List<Table> of(String command, List<CommandRun> runs) {
        switch (command) {
            case "bbvi": return List.of(bbvi(runs));
            case "cavi": return List.of(cavi(summary(runs.get(0))));
            case "gmm": return List.of(gmm(summary(runs.get(0))));
            case "ngd": return List.of(ngd(summary(runs.get(0))));
            case "gumbel": return List.of(gumbel(summary(runs.get(0))));
            case "vae": return results(runs.get(0), "VAE: the standard gradient against STL (same seed, weights and batches)");
            case "iwae": return results(runs.get(0), "VAE against IWAE for each k, beside Burda et al. (2015), Table 1");
            case "gumbel-vae": return results(runs.get(0), "Gumbel-Softmax against straight-through Gumbel-Softmax (results.csv)");
            default: return results(runs.get(0), "Results (results.csv)");
        }
    }

    private static Table bbvi(List<CommandRun> runs) {
        List<List<String>> rows = new ArrayList<>();
        JsonObject any = null;
        for (CommandRun r : runs) {
            JsonObject s = summary(r);
            any = s;
            rows.add(List.of(r.label(), Table.num(d(s, "samples")), Table.num(d(s, "iterations")),
                    Table.fixed(d(s, "E_mu"), 5), percent(d(s, "rel_error_E_mu")), Table.fixed(d(s, "E_tau"), 5), percent(d(s, "rel_error_E_tau")),
                    Table.fixed(d(s, "elbo_final"), 4), Table.num(d(s, "cavi_elbo") - d(s, "elbo_final")),
                    Table.num(meanOfSecondHalf(r.dir().resolve("metrics.csv"), "grad_variance")), Table.fixed(r.seconds(), 1)));
        }
        rows.add(List.of("CAVI fixed point", "", "", Table.fixed(d(any, "cavi_E_mu"), 5), "", Table.fixed(d(any, "cavi_E_tau"), 5), "",
                Table.fixed(d(any, "cavi_elbo"), 4), "0", "", ""));
        return new Table("BBVI estimators against CAVI", List.of("estimator", "S", "iterations", "E_q[mu]", "off CAVI", "E_q[tau]", "off CAVI",
                "ELBO at the reported q", "CAVI ELBO - ELBO", "gradient variance (mean, 2nd half)", "time (s)"), rows,
                String.format(Locale.ROOT, "log p(X) = %.4f (exact). Reported q: %s. The gradient variance is each estimator's own,"
                        + " at its own iterates; the variance plots compare all three at the same iterates.", d(any, "log_evidence"), str(any, "reported")));
    }

    private static Table cavi(JsonObject s) {
        List<List<String>> rows = new ArrayList<>();
        for (JsonElement e : array(s, "results")) {
            JsonObject r = e.getAsJsonObject(), post = r.getAsJsonObject("posterior");
            rows.add(List.of(Table.num(d(r, "n")), Table.fixed(d(r, "elbo"), 4), Table.fixed(d(r, "log_evidence"), 4), Table.num(d(r, "kl_gap")),
                    Table.fixed(d(r, "E_mu"), 5), Table.fixed(d(post, "mu_n"), 5), Table.fixed(d(r, "E_tau"), 5), Table.fixed(d(post, "a_n") / d(post, "b_n"), 5)));
        }
        return new Table("CAVI against the exact posterior", List.of("N", "ELBO", "log p(X)", "log p(X) - ELBO = KL", "E_q[mu]", "posterior E[mu]",
                "E_q[tau]", "posterior E[tau]"), rows, "The KL gap shrinks with N: mean field loses the posterior correlation of mu and tau, which fades as the data grow.");
    }

    private static Table gmm(JsonObject s) {
        JsonArray w = array(s, "true_weights"), m = array(s, "true_means"), fm = array(s, "fitted_means"), fmsd = array(s, "fitted_means_sd");
        JsonArray t = array(s, "true_precisions"), ft = array(s, "fitted_precisions"), ftsd = array(s, "fitted_precisions_sd");
        List<List<String>> rows = new ArrayList<>();
        for (int k = 0; k < w.size(); k++) {
            rows.add(List.of(Integer.toString(k + 1), Table.num(w.get(k).getAsDouble()), Table.num(m.get(k).getAsDouble()),
                    Table.fixed(fm.get(k).getAsDouble(), 4) + " +- " + Table.fixed(fmsd.get(k).getAsDouble(), 4), Table.num(t.get(k).getAsDouble()),
                    Table.fixed(ft.get(k).getAsDouble(), 4) + " +- " + Table.fixed(ftsd.get(k).getAsDouble(), 4)));
        }
        return new Table("The fitted mixture against the true one", List.of("component", "weight pi (known)", "true mean", "E_q[mu_k] +- sd",
                "true precision", "E_q[tau_k] +- sd"), rows,
                String.format(Locale.ROOT, "Best of %d initialisations: ELBO %.4f after %s sweeps.", array(s, "initialisations").size(), d(s, "elbo"), Table.num(d(s, "sweeps"))));
    }

    private static Table ngd(JsonObject s) {
        JsonObject gd = s.getAsJsonObject("gd_final"), ngd = s.getAsJsonObject("ngd_final"), settings = s.getAsJsonObject("settings");
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("gradient descent", Table.num(d(s, "gd_iterations")), Table.fixed(d(gd, "alpha"), 6), Table.fixed(d(gd, "beta"), 6),
                Table.num(d(gd, "nll_gap")), Table.num(d(gd, "step_halvings"))));
        rows.add(List.of("natural-gradient descent", Table.num(d(s, "ngd_iterations")), Table.fixed(d(ngd, "alpha"), 6), Table.fixed(d(ngd, "beta"), 6),
                Table.num(d(ngd, "nll_gap")), Table.num(d(ngd, "step_halvings"))));
        rows.add(List.of("maximum likelihood", "", Table.fixed(d(s, "mle_alpha"), 6), Table.fixed(d(s, "mle_beta"), 6), "0", ""));
        return new Table("Gradient descent against natural-gradient descent", List.of("method", "iterations to within " + Table.num(d(settings, "tolerance"))
                + " of NLL(MLE)", "final alpha", "final beta", "NLL - NLL(MLE)", "step halvings"), rows,
                String.format(Locale.ROOT, "From alpha = %s, beta = %s, step %s (GD) and %s (NGD), %s iterations. Positivity: %s.", Table.num(d(settings, "alpha0")),
                        Table.num(d(settings, "beta0")), Table.num(d(settings, "gd_lr")), Table.num(d(settings, "ngd_lr")), Table.num(d(settings, "iterations")),
                        str(s, "positivity")));
    }

    private static Table gumbel(JsonObject s) {
        JsonArray p = array(s, "probs"), arg = array(s, "argmax_freq"), direct = array(s, "direct_freq"), mean = array(s, "relaxed_mean");
        List<List<String>> rows = new ArrayList<>();
        for (int k = 0; k < p.size(); k++) {
            rows.add(List.of(Integer.toString(k + 1), Table.num(p.get(k).getAsDouble()), Table.fixed(arg.get(k).getAsDouble(), 3),
                    Table.fixed(direct.get(k).getAsDouble(), 3), Table.fixed(mean.get(k).getAsDouble(), 4)));
        }
        JsonObject settings = s.getAsJsonObject("settings");
        return new Table("Gumbel-Softmax samples against direct sampling", List.of("class", "probability", "argmax of relaxed samples", "direct samples",
                "mean of relaxed samples"), rows,
                String.format(Locale.ROOT, "N = %s at temperature %s. Chi-squared against the probabilities: argmax %.3f (p = %.3f), direct %.3f (p = %.3f).",
                        Table.num(d(settings, "n")), Table.num(d(settings, "temperature")), d(s, "chi2_argmax"), d(s, "p_value_argmax"),
                        d(s, "chi2_direct"), d(s, "p_value_direct")));
    }

    /** The run's results.csv, if it wrote one. */
    private static List<Table> results(CommandRun run, String title) {
        Path file = run.dir().resolve("results.csv");
        if (!Files.isRegularFile(file)) return List.of();
        List<String[]> csv = csv(file);
        List<String> header = new ArrayList<>();
        for (String h : csv.get(0)) header.add(RESULT_COLUMNS.getOrDefault(h, h.replace('_', ' ')));
        List<List<String>> rows = new ArrayList<>();
        for (String[] row : csv.subList(1, csv.size())) {
            List<String> cells = new ArrayList<>();
            for (String c : row) cells.add(cell(c));
            while (cells.size() < header.size()) cells.add("");
            rows.add(cells.subList(0, header.size()));
        }
        String note = "";
        if (Files.isRegularFile(run.dir().resolve("summary.json"))) {
            JsonObject s = KeyNumbers.read(run.dir().resolve("summary.json"));
            JsonArray runs = s.has("runs") && s.get("runs").isJsonArray() ? s.getAsJsonArray("runs") : new JsonArray();
            if (!runs.isEmpty() && runs.get(0).isJsonObject() && runs.get(0).getAsJsonObject().has("eval_k")) {
                JsonObject first = runs.get(0).getAsJsonObject();
                note = String.format(Locale.ROOT, "Test NLL: -log p(x) estimated with k = %s importance samples on the first %s test images, after %s training steps."
                                + " Burda et al. trained for 3280 epochs and evaluated on all 10,000 test images.",
                        Table.num(d(first, "eval_k")), Table.num(d(first, "eval_images")), Table.num(d(first, "steps")));
            }
        }
        return List.of(new Table(title, header, rows, note));
    }

    // ---------------------------------------------------------------- reading

    private static JsonObject summary(CommandRun run) {
        return KeyNumbers.read(run.dir().resolve("summary.json"));
    }

    /** A number from a summary, NaN when absent: a table with a gap is better than no table. */
    private static double d(JsonObject o, String key) {
        if (o == null) return Double.NaN;
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonPrimitive()) return Double.NaN;
        try {
            return e.getAsDouble();
        } catch (NumberFormatException x) {
            return Double.NaN;
        }
    }

    private static String str(JsonObject o, String key) {
        JsonElement e = o == null ? null : o.get(key);
        return e == null || e.isJsonNull() ? "" : e.isJsonPrimitive() ? e.getAsString() : e.toString();
    }

    private static JsonArray array(JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonArray()) throw new ReportException("summary.json has no list '" + key + "'", null);
        return e.getAsJsonArray();
    }

    private static String percent(double fraction) {
        return Double.isFinite(fraction) ? String.format(Locale.ROOT, "%.2f %%", 100 * fraction) : "";
    }

    private static String cell(String raw) {
        if (raw.isEmpty()) return "";
        try {
            return Table.num(Double.parseDouble(raw));
        } catch (NumberFormatException e) {
            return raw;
        }
    }

    /** The workbench's CSV files: a header line, then comma-separated numbers or plain words (no quoting). */
    static List<String[]> csv(Path file) {
        try {
            List<String[]> rows = new ArrayList<>();
            for (String line : Files.readAllLines(file)) if (!line.isBlank()) rows.add(line.split(",", -1));
            if (rows.isEmpty()) throw new ReportException(file + " is empty", null);
            return rows;
        } catch (IOException e) {
            throw new ReportException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The mean of a column over the second half of the rows (NaN if the column is missing). */
    static double meanOfSecondHalf(Path file, String column) {
        if (!Files.isRegularFile(file)) return Double.NaN;
        List<String[]> rows = csv(file);
        int c = List.of(rows.get(0)).indexOf(column);
        if (c < 0 || rows.size() < 2) return Double.NaN;
        double sum = 0;
        int n = 0;
        for (int i = 1 + (rows.size() - 1) / 2; i < rows.size(); i++) {
            double v = Double.parseDouble(rows.get(i)[c]);
            if (Double.isFinite(v)) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}
