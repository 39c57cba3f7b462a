package elbow.examples.experiments;

import elbow.examples.output.LinePlot;
import elbow.examples.output.RunOutput;
import java.awt.Color;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Several {@link VaeTraining} runs side by side: the table of final numbers (printed, and as
 * {@code results.csv}), the top-level {@code summary.json} listing every run's summary, and curves of
 * several runs on one plot.
 */
final class VaeComparison {
    private VaeComparison() {}

    /**
     * Burda, Grosse and Salakhutdinov (2015), Table 1, MNIST, one stochastic layer: test NLL (k = 5000,
     * whole test set) and active units after 3280 epochs, keyed "vae-k1", "iwae-k5", ...
     */
    static final Map<String, double[]> BURDA_TABLE_1 = Map.of(
            "vae-k1", new double[] {86.76, 19}, "vae-k5", new double[] {86.47, 20}, "vae-k50", new double[] {86.35, 20},
            "iwae-k1", new double[] {86.76, 19}, "iwae-k5", new double[] {85.54, 22}, "iwae-k50", new double[] {84.78, 25});

    /** Writes results.csv and summary.json in {@code top}, and prints the table. */
    static void table(RunOutput top, String experiment, List<VaeTraining.Result> runs, PrintWriter out) {
        String[] header = {"objective", "estimator", "k", "steps", "test_elbo", "test_iwelbo", "test_nll", "active_units", "burda_nll", "burda_active_units", "samples_per_s"};
        StringBuilder csv = new StringBuilder(String.join(",", header)).append('\n');
        out.println();
        out.printf(Locale.ROOT, "%-6s %-9s %4s %7s %10s %10s %9s %7s %11s %13s %10s%n",
                "model", "estimator", "k", "steps", "test ELBO", "test IWELBO", "test NLL", "active", "Burda NLL", "Burda active", "samples/s");
        List<Map<String, Object>> summaries = new ArrayList<>();
        for (VaeTraining.Result r : runs) {
            Map<String, Object> s = r.summary();
            summaries.add(s);
            VaeTraining.Settings st = r.settings();
            double[] burda = BURDA_TABLE_1.get(st.objective() + "-k" + st.k());
            String burdaNll = burda == null ? "" : RunOutput.number(burda[0]), burdaUnits = burda == null ? "" : RunOutput.number(burda[1]);
            csv.append(String.join(",", st.objective(), st.estimator().label(), Integer.toString(st.k()), RunOutput.number(number(s, "steps")),
                    RunOutput.number(number(s, "test_elbo")), RunOutput.number(number(s, "test_iwelbo")), RunOutput.number(number(s, "test_nll")),
                    RunOutput.number(number(s, "active_units")), burdaNll, burdaUnits, RunOutput.number(number(s, "samples_per_s")))).append('\n');
            out.printf(Locale.ROOT, "%-6s %-9s %4d %7.0f %10.3f %10.3f %9.3f %7.0f %11s %13s %10.0f%n",
                    st.objective().toUpperCase(Locale.ROOT), st.estimator().label(), st.k(), number(s, "steps"), number(s, "test_elbo"), number(s, "test_iwelbo"),
                    number(s, "test_nll"), number(s, "active_units"), burdaNll, burdaUnits, number(s, "samples_per_s"));
        }
        out.println("(test NLL: -log p(x) estimated with the eval-k importance samples on the eval-limit test prefix;"
                + " Burda et al.'s Table 1 trained 3280 epochs and used the whole test set)");
        top.text("results.csv", csv.toString());
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("experiment", experiment);
        summary.put("runs", summaries);
        top.json("summary.json", summary);
    }

    /** How plots and titles name a gradient estimator. */
    static String display(elbow.vi.inference.PathwiseGradient g) {
        switch (g) {
            case STL: return "STL";
            case DREG: return "DReG";
            default: return "standard";
        }
    }

    /** The model summary, printed once after the table, with its tree drawn in ASCII (consoles without UTF-8 show box characters as '?'). */
    static void printModel(PrintWriter out, VaeTraining.Settings s) {
        out.println();
        out.print(VaeTraining.modelSummary(s).toString().replace("\u251c\u2500", "|-").replace("\u2514\u2500", "`-").replace("\u2502", "|"));
    }

    private static double number(Map<String, Object> s, String key) {
        Object v = s.get(key);
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** One run's series for a plot, thinned to at most {@value #PLOT_POINTS} points. */
    record Curve(String name, double[] step, double[] values) {}

    /** Plots hold at most this many points per series: 60,000 steps would make SVGs of tens of megabytes. */
    static final int PLOT_POINTS = 1500;

    /** Every {@code stride}-th point, so long runs keep their raw scatter but stay small (the smoothing sees the same thinning). */
    static Curve thinned(String name, double[] x, double[] y) {
        int stride = Math.max(1, (x.length + PLOT_POINTS - 1) / PLOT_POINTS);
        if (stride == 1) return new Curve(name, x, y);
        int n = (x.length + stride - 1) / stride;
        double[] tx = new double[n], ty = new double[n];
        for (int i = 0; i < n; i++) {
            tx[i] = x[i * stride];
            ty[i] = y[i * stride];
        }
        return new Curve(name, tx, ty);
    }

    /** Noisy curves of several runs on one plot: each raw and faint, smoothed on top. */
    static void traces(Path dir, String file, String title, String yLabel, List<Curve> curves) {
        LinePlot plot = new LinePlot(title, "step", yLabel);
        List<double[]> all = new ArrayList<>();
        for (int i = 0; i < curves.size(); i++) {
            Curve c = curves.get(i);
            plot.trace(c.name(), c.step(), c.values(), LinePlot.PALETTE[i % LinePlot.PALETTE.length]);
            all.add(c.values());
        }
        plot.yRangeAfter(0.1, all.toArray(new double[0][])).save(dir, file);
    }

    /** Smoothed curves only, solid or dashed, in given colours: for plots of many runs where raw traces would hide each other. */
    static void smoothed(Path dir, String file, String title, String yLabel, List<Curve> curves, List<Color> colours, List<Boolean> dashed) {
        LinePlot plot = new LinePlot(title, "step", yLabel);
        List<double[]> all = new ArrayList<>();
        for (int i = 0; i < curves.size(); i++) {
            Curve c = curves.get(i);
            double[] y = LinePlot.smooth(c.values(), Math.max(1, c.values().length / 60));
            if (dashed.get(i)) plot.dashed(c.name(), c.step(), y, colours.get(i));
            else plot.line(c.name(), c.step(), y, colours.get(i));
            all.add(y);
        }
        plot.yRangeAfter(0.1, all.toArray(new double[0][])).save(dir, file);
    }

    static TrainingLog.Series series(VaeTraining.Result r) {
        try {
            return TrainingLog.read(r.dir());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read the metrics of " + r.dir() + ": " + e.getMessage(), e);
        }
    }
}
