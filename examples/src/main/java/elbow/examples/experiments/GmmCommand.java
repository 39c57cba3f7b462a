package elbow.examples.experiments;

import elbow.examples.output.LinePlot;
import elbow.examples.output.RunOutput;
import elbow.tensor.Rng;
import elbow.vi.models.GaussianMixtureModel;
import elbow.vi.models.GaussianMixtureModel.CaviRun;
import elbow.vi.models.GaussianMixtureModel.MeanField;
import java.awt.Color;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * CAVI for the 1-D Gaussian mixture with known weights and unknown means and precisions under a
 * NormalGamma prior (assignment 1AD, 1.D.4), fully factorised q(z) Π q(μ_k) q(τ_k): synthetic
 * well-separated data, several seeded initialisations, the best ELBO kept; the ELBO per iteration,
 * the fitted mixture over the data's histogram, and the Bayes net as Graphviz DOT.
 */
@Command(name = "gmm", description = "CAVI for a 1-D Gaussian mixture with known weights and unknown means and precisions (NormalGamma prior).")
public final class GmmCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--n", defaultValue = "500", description = "Number of data points (default: ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--weights", split = ",", defaultValue = "0.2,0.5,0.3", description = "Known mixture weights pi, comma-separated; also those the data are drawn with (default: ${DEFAULT-VALUE}).")
    double[] weights;

    @Option(names = "--true-means", split = ",", defaultValue = "-5,0,9", description = "Component means the data are drawn with (default: ${DEFAULT-VALUE}; negative values as --true-means=-5,0,9).")
    double[] trueMeans;

    @Option(names = "--true-precisions", split = ",", defaultValue = "4,1,0.25", description = "Component precisions tau the data are drawn with (default: ${DEFAULT-VALUE}; sd = 1/sqrt tau).")
    double[] truePrecisions;

    @Option(names = "--m0", defaultValue = "0", description = "Prior mean m0 (default: ${DEFAULT-VALUE}).")
    double m0;

    @Option(names = "--lambda0", defaultValue = "0.01", description = "Prior precision scale lambda0 (default: ${DEFAULT-VALUE}).")
    double lambda0;

    @Option(names = "--a0", defaultValue = "1", description = "Prior Gamma shape a0 (default: ${DEFAULT-VALUE}).")
    double a0;

    @Option(names = "--b0", defaultValue = "1", description = "Prior Gamma rate b0 (default: ${DEFAULT-VALUE}).")
    double b0;

    @Option(names = "--restarts", defaultValue = "5", description = "Seeded initialisations; the best ELBO is kept (default: ${DEFAULT-VALUE}).")
    int restarts;

    @Option(names = "--max-iterations", defaultValue = "300", description = "CAVI sweeps at most, per initialisation (default: ${DEFAULT-VALUE}).")
    int maxIterations;

    @Option(names = "--tolerance", defaultValue = "1e-12", description = "Stop when a sweep raises the ELBO by less than this times |ELBO| (default: ${DEFAULT-VALUE}).")
    double tolerance;

    @Option(names = "--bins", defaultValue = "50", description = "Histogram bins in the mixture plot (default: ${DEFAULT-VALUE}).")
    int bins;

    @Option(names = "--seed", defaultValue = "1", description = "Seed for the data and the initialisations (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", description = "Output folder (default: out/gmm).")
    Path outDir;

    @Override
    public Integer call() {
        validate();
        PrintWriter out = spec.commandLine().getOut();
        long start = System.nanoTime();
        RunOutput run = new RunOutput(outDir != null ? outDir : Path.of("out", "gmm"));
        int k = weights.length;

        Rng rng = new Rng(seed);
        GaussianMixtureModel.Sample data = GaussianMixtureModel.sample(weights, trueMeans, truePrecisions, n, rng.split());
        GaussianMixtureModel model = new GaussianMixtureModel(data.x(), weights, m0, lambda0, a0, b0);
        double[] index = new double[n], label = new double[n];
        for (int i = 0; i < n; i++) {
            index[i] = i;
            label[i] = data.z()[i];
        }
        run.csv("data.csv", new String[] {"index", "x", "component"}, index, data.x(), label);

        Rng init = rng.split();
        List<CaviRun> runs = new ArrayList<>();
        int best = 0;
        for (int r = 0; r < restarts; r++) {
            runs.add(model.cavi(model.initialise(init), maxIterations, tolerance));
            if (runs.get(r).finalElbo() > runs.get(best).finalElbo()) best = r;
        }
        CaviRun fit = runs.get(best);
        MeanField q = fit.q();

        writeMetrics(run, runs, best);
        plotElbo(run, runs, best);
        plotMixture(run, model, data.x(), q);
        run.text("model.dot", GmmBayesNet.dot(n, k));

        double seconds = (System.nanoTime() - start) / 1e9;
        run.json("summary.json", summary(runs, best, q, seconds));

        out.printf(Locale.ROOT, "GMM, K = %d, N = %d, %d initialisations (seed %d)%n", k, n, restarts, seed);
        for (int r = 0; r < runs.size(); r++) {
            CaviRun c = runs.get(r);
            out.printf(Locale.ROOT, "  init %d: ELBO %.6f after %d sweeps%s%s%n", r + 1, c.finalElbo(), c.sweeps(), c.converged() ? "" : " (not converged)", r == best ? "  <- best" : "");
        }
        out.printf(Locale.ROOT, "  k   pi     true mu   E_q[mu] (sd)          true tau   E_q[tau] (sd)%n");
        for (int j = 0; j < k; j++) {
            out.printf(Locale.ROOT, "  %d  %.3f  %8.3f   %8.4f (%.4f)   %8.4f   %8.4f (%.4f)%n", j + 1, weights[j], trueMeans[j], q.meanMu(j), 1 / Math.sqrt(q.ell(j)),
                    truePrecisions[j], q.meanTau(j), Math.sqrt(q.a(j)) / q.b(j));
        }
        out.printf(Locale.ROOT, "wrote %s in %.1f s%n", run.dir(), seconds);
        out.flush();
        return 0;
    }

    private void validate() {
        String problem = null;
        int k = weights.length;
        double sum = 0;
        for (double w : weights) {
            if (!(w > 0)) problem = "--weights must all be positive";
            sum += w;
        }
        if (problem == null && Math.abs(sum - 1) > 1e-9) problem = "--weights must sum to 1, they sum to " + sum;
        if (trueMeans.length != k || truePrecisions.length != k) problem = "--weights, --true-means and --true-precisions need one value per component; got " + k + ", " + trueMeans.length + ", " + truePrecisions.length;
        for (double t : truePrecisions) if (!(t > 0) || Double.isInfinite(t)) problem = "--true-precisions must be positive and finite";
        for (double m : trueMeans) if (!Double.isFinite(m)) problem = "--true-means must be finite";
        if (n < 1) problem = "--n must be at least 1";
        if (!(lambda0 > 0 && a0 > 0 && b0 > 0) || !Double.isFinite(m0)) problem = "need --lambda0, --a0, --b0 > 0 and a finite --m0";
        if (restarts < 1 || maxIterations < 1 || bins < 1) problem = "need --restarts, --max-iterations and --bins >= 1";
        if (!(tolerance >= 0)) problem = "--tolerance must be >= 0";
        if (problem != null) throw new ParameterException(spec.commandLine(), problem);
    }

    private static void writeMetrics(RunOutput run, List<CaviRun> runs, int best) {
        int rows = 0;
        for (CaviRun c : runs) rows += c.elbo().length;
        double[] restart = new double[rows], iteration = new double[rows], elbo = new double[rows], isBest = new double[rows];
        int i = 0;
        for (int r = 0; r < runs.size(); r++) {
            for (int t = 0; t < runs.get(r).elbo().length; t++, i++) {
                restart[i] = r + 1;
                iteration[i] = t;
                elbo[i] = runs.get(r).elbo()[t];
                isBest[i] = r == best ? 1 : 0;
            }
        }
        run.csv("metrics.csv", new String[] {"init", "iteration", "elbo", "best"}, restart, iteration, elbo, isBest);
    }

    private static void plotElbo(RunOutput run, List<CaviRun> runs, int best) {
        LinePlot plot = new LinePlot("CAVI on the Gaussian mixture: ELBO per iteration, from each initialisation", "iteration (CAVI sweep)", "ELBO");
        List<double[]> all = new ArrayList<>();
        for (int r = 0; r < runs.size(); r++) {
            double[] e = runs.get(r).elbo(), t = new double[e.length];
            for (int i = 0; i < e.length; i++) t[i] = i;
            String name = String.format(Locale.ROOT, "init %d: %.2f%s", r + 1, e[e.length - 1], r == best ? " (best)" : "");
            if (r == best) plot.line(name, t, e, LinePlot.PALETTE[0]);
            else plot.dashed(name, t, e, LinePlot.PALETTE[1 + (r % (LinePlot.PALETTE.length - 2))]);
            all.add(e);
        }
        // Leave out the first sweeps' far lower values so the plateaus can be told apart.
        plot.yRangeAfter(0.1, all.toArray(new double[0][])).save(run.dir(), "elbo");

        // The same on a log scale, as the distance below the best ELBO found: how fast each run
        // converges, and where a run stops at a worse fixed point. A run's curve ends where the gap
        // reaches rounding level (1e-13 of the ELBO), drawn at that level.
        double top = runs.get(best).finalElbo(), floor = 1e-13 * Math.abs(top);
        LinePlot gap = new LinePlot("CAVI on the Gaussian mixture: best ELBO − ELBO per iteration", "iteration (CAVI sweep)", "best ELBO − ELBO").logY();
        for (int r = 0; r < runs.size(); r++) {
            double[] e = runs.get(r).elbo();
            int end = e.length;
            for (int i = 0; i < e.length; i++) if (top - e[i] <= floor) { end = i + 1; break; }
            double[] t = new double[end], g = new double[end];
            for (int i = 0; i < end; i++) {
                t[i] = i;
                g[i] = Math.max(top - e[i], floor);
            }
            String name = "init " + (r + 1) + (r == best ? " (best)" : "");
            if (r == best) gap.line(name, t, g, LinePlot.PALETTE[0]);
            else gap.dashed(name, t, g, LinePlot.PALETTE[1 + (r % (LinePlot.PALETTE.length - 2))]);
        }
        gap.save(run.dir(), "elbo_gap");
    }

    private void plotMixture(RunOutput run, GaussianMixtureModel model, double[] x, MeanField q) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        double pad = 0.05 * (hi - lo) + 1e-9;
        lo -= pad;
        hi += pad;
        double[] edges = new double[bins + 1], heights = new double[bins];
        for (int b = 0; b <= bins; b++) edges[b] = lo + (hi - lo) * b / bins;
        double width = (hi - lo) / bins;
        for (double v : x) heights[Math.min(bins - 1, (int) ((v - lo) / width))] += 1.0 / (x.length * width);

        int points = 600;
        double[] grid = new double[points], fitted = new double[points], truth = new double[points];
        for (int i = 0; i < points; i++) {
            grid[i] = lo + (hi - lo) * i / (points - 1);
            fitted[i] = model.fittedDensity(grid[i], q);
            truth[i] = GaussianMixtureModel.density(grid[i], weights, trueMeans, truePrecisions);
        }
        new LinePlot("Fitted mixture Σ π_k N(x | E_q[μ_k], 1/E_q[τ_k]) over the data (N = " + x.length + ")", "x", "density")
                .histogram("data", edges, heights, new Color(150, 150, 150), true)
                .line("fitted by CAVI", grid, fitted, LinePlot.PALETTE[0])
                .dashed("true mixture", grid, truth, LinePlot.PALETTE[1])
                .save(run.dir(), "mixture");
    }

    private Map<String, Object> summary(List<CaviRun> runs, int best, MeanField q, double seconds) {
        int k = weights.length;
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("experiment", "gmm");
        s.put("seed", seed);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("n", n);
        settings.put("k", k);
        settings.put("m0", m0);
        settings.put("lambda0", lambda0);
        settings.put("a0", a0);
        settings.put("b0", b0);
        settings.put("restarts", restarts);
        settings.put("max_iterations", maxIterations);
        settings.put("tolerance", tolerance);
        settings.put("initialisation", "greedy k-means++ seeding of K centres; the largest cluster to the largest weight; q(tau_k), q(mu_k) from the hard clusters");
        s.put("settings", settings);
        s.put("true_weights", weights);
        s.put("true_means", trueMeans);
        s.put("true_precisions", truePrecisions);
        List<Map<String, Object>> inits = new ArrayList<>();
        for (int r = 0; r < runs.size(); r++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("init", r + 1);
            m.put("elbo", runs.get(r).finalElbo());
            m.put("sweeps", runs.get(r).sweeps());
            m.put("converged", runs.get(r).converged());
            inits.add(m);
        }
        s.put("initialisations", inits);
        s.put("best_init", best + 1);
        s.put("elbo", runs.get(best).finalElbo());
        s.put("sweeps", runs.get(best).sweeps());
        double[] mean = new double[k], sdMean = new double[k], tau = new double[k], sdTau = new double[k], count = new double[k];
        double[] ell = new double[k], a = new double[k], b = new double[k];
        for (int j = 0; j < k; j++) {
            mean[j] = q.meanMu(j);
            sdMean[j] = 1 / Math.sqrt(q.ell(j));
            tau[j] = q.meanTau(j);
            sdTau[j] = Math.sqrt(q.a(j)) / q.b(j);
            count[j] = q.count(j);
            ell[j] = q.ell(j);
            a[j] = q.a(j);
            b[j] = q.b(j);
        }
        s.put("fitted_means", mean);
        s.put("fitted_means_sd", sdMean);
        s.put("fitted_precisions", tau);
        s.put("fitted_precisions_sd", sdTau);
        s.put("expected_counts", count);
        Map<String, Object> qParams = new LinkedHashMap<>(); // ordered, unlike Map.of
        qParams.put("m", mean);
        qParams.put("precision", ell);
        qParams.put("a", a);
        qParams.put("b", b);
        s.put("q", qParams);
        s.put("wall_seconds", seconds);
        return s;
    }
}
