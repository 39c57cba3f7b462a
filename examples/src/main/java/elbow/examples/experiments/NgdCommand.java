package elbow.examples.experiments;

import elbow.examples.output.ContourPlot;
import elbow.examples.output.LinePlot;
import elbow.examples.output.RunOutput;
import elbow.tensor.Rng;
import elbow.vi.models.GammaDescent;
import elbow.vi.models.GammaDescent.Iterate;
import elbow.vi.models.GammaDescent.Method;
import elbow.vi.models.GammaLikelihood;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.knowm.xchart.style.markers.SeriesMarkers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Gradient descent against natural-gradient descent on the average negative log-likelihood of a
 * Gamma(shape α, scale β) sample (assignment 1AD, 1.C.4): the same start, the same positivity
 * safeguard (step halving), the closed-form inverse Fisher F(α, β)⁻¹ as the only difference.
 */
@Command(name = "ngd", description = "Gradient vs natural-gradient descent (closed-form Fisher) on the Gamma distribution's negative log-likelihood.")
public final class NgdCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--n", defaultValue = "1000", description = "Number of samples (default: ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--true-alpha", defaultValue = "3", description = "Shape alpha* the data are drawn with (default: ${DEFAULT-VALUE}).")
    double trueAlpha;

    @Option(names = "--true-beta", defaultValue = "2", description = "Scale beta* the data are drawn with (default: ${DEFAULT-VALUE}).")
    double trueBeta;

    @Option(names = "--alpha0", defaultValue = "0.5", description = "Starting shape (default: ${DEFAULT-VALUE}).")
    double alpha0;

    @Option(names = "--beta0", defaultValue = "10", description = "Starting scale (default: ${DEFAULT-VALUE}).")
    double beta0;

    @Option(names = "--iterations", defaultValue = "1000", description = "Iterations of each method (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--gd-lr", defaultValue = "1", description = "Step size of gradient descent (default: ${DEFAULT-VALUE}).")
    double gdLr;

    @Option(names = "--ngd-lr", defaultValue = "1", description = "Step size of natural-gradient descent (default: ${DEFAULT-VALUE}).")
    double ngdLr;

    @Option(names = "--tolerance", defaultValue = "1e-6", description = "Count the iterations until NLL - NLL(MLE) <= this (default: ${DEFAULT-VALUE}).")
    double tolerance;

    @Option(names = "--seed", defaultValue = "1", description = "Seed for the data (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", description = "Output folder (default: out/ngd).")
    Path outDir;

    static final String POSITIVITY = "step halving: when theta - lr * direction would make alpha or beta non-positive, the step is halved"
            + " (for that iteration) until both stay positive; the same rule for both methods";

    @Override
    public Integer call() {
        if (n < 2 || iterations < 1 || !(trueAlpha > 0 && trueBeta > 0 && alpha0 > 0 && beta0 > 0) || !(gdLr > 0 && ngdLr > 0) || !(tolerance > 0)
                || Double.isInfinite(trueAlpha + trueBeta + alpha0 + beta0 + gdLr + ngdLr)) {
            throw new ParameterException(spec.commandLine(),
                    "need --n >= 2, --iterations >= 1, positive finite --true-alpha, --true-beta, --alpha0, --beta0, --gd-lr, --ngd-lr and --tolerance > 0");
        }
        PrintWriter out = spec.commandLine().getOut();
        long start = System.nanoTime();
        RunOutput run = new RunOutput(outDir != null ? outDir : Path.of("out", "ngd"));

        Rng rng = new Rng(seed);
        double[] x = new double[n], index = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = trueBeta * rng.gamma(trueAlpha); // scale β: x = β · Gamma(α, 1)
            index[i] = i;
        }
        run.csv("data.csv", new String[] {"index", "x"}, index, x);

        GammaLikelihood lik = new GammaLikelihood(x);
        double[] mle = lik.mle();
        double best = lik.nll(mle[0], mle[1]);
        List<Iterate> gd = new GammaDescent(lik, Method.GRADIENT, gdLr).run(alpha0, beta0, iterations);
        List<Iterate> ngd = new GammaDescent(lik, Method.NATURAL_GRADIENT, ngdLr).run(alpha0, beta0, iterations);
        int tGd = GammaDescent.iterationsToReach(gd, best, tolerance), tNgd = GammaDescent.iterationsToReach(ngd, best, tolerance);

        writeMetrics(run, gd, ngd, best);
        plots(run, lik, mle, best, gd, ngd);

        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("experiment", "ngd");
        s.put("seed", seed);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("n", n);
        settings.put("true_alpha", trueAlpha);
        settings.put("true_beta", trueBeta);
        settings.put("alpha0", alpha0);
        settings.put("beta0", beta0);
        settings.put("iterations", iterations);
        settings.put("gd_lr", gdLr);
        settings.put("ngd_lr", ngdLr);
        settings.put("tolerance", tolerance);
        settings.put("parameterization", "Gamma(shape alpha, scale beta)");
        s.put("settings", settings);
        s.put("positivity", POSITIVITY);
        s.put("mle_alpha", mle[0]);
        s.put("mle_beta", mle[1]);
        s.put("mle_nll", best);
        s.put("gd_iterations", tGd >= 0 ? tGd : null);
        s.put("ngd_iterations", tNgd >= 0 ? tNgd : null);
        s.put("gd_final", finalValues(gd, best));
        s.put("ngd_final", finalValues(ngd, best));
        s.put("wall_seconds", seconds);
        run.json("summary.json", s);

        out.printf(Locale.ROOT, "Gamma(shape %s, scale %s), N = %d (seed %d); start alpha = %s, beta = %s%n", trueAlpha, trueBeta, n, seed, alpha0, beta0);
        out.printf(Locale.ROOT, "MLE: alpha = %.10f, beta = %.10f, NLL = %.10f%n", mle[0], mle[1], best);
        report(out, "gradient descent        ", gdLr, tGd, gd, best);
        report(out, "natural-gradient descent", ngdLr, tNgd, ngd, best);
        out.printf(Locale.ROOT, "positivity: %s%n", POSITIVITY);
        out.printf(Locale.ROOT, "wrote %s in %.1f s%n", run.dir(), seconds);
        out.flush();
        return 0;
    }

    private void report(PrintWriter out, String name, double lr, int reached, List<Iterate> path, double best) {
        Iterate last = path.get(path.size() - 1);
        String tol = RunOutput.number(tolerance);
        String when = reached >= 0 ? "reaches NLL(MLE) + " + tol + " after " + reached + " iterations" : "does not reach NLL(MLE) + " + tol + " in " + iterations + " iterations";
        out.printf(Locale.ROOT, "%s (lr %s): %s; final alpha = %.6f, beta = %.6f, NLL - NLL(MLE) = %.2e; %d step halvings%n",
                name, lr, when, last.alpha(), last.beta(), last.nll() - best, halvings(path));
    }

    /** The length of the prefix of v up to and including its first entry at or below {@code floor}. */
    private static int untilBelow(double[] v, double floor) {
        for (int i = 0; i < v.length; i++) if (v[i] <= floor) return i + 1;
        return v.length;
    }

    private static double[] prefix(double[] v, int length) {
        return java.util.Arrays.copyOf(v, length);
    }

    private static double[] atLeast(double[] v, double floor) {
        double[] out = v.clone();
        for (int i = 0; i < out.length; i++) out[i] = Math.max(out[i], floor);
        return out;
    }

    private static int halvings(List<Iterate> path) {
        int h = 0;
        for (Iterate it : path) h += it.halvings();
        return h;
    }

    private static Map<String, Object> finalValues(List<Iterate> path, double best) {
        Iterate last = path.get(path.size() - 1);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("alpha", last.alpha());
        m.put("beta", last.beta());
        m.put("nll", last.nll());
        m.put("nll_gap", last.nll() - best);
        m.put("step_halvings", halvings(path));
        return m;
    }

    private static void writeMetrics(RunOutput run, List<Iterate> gd, List<Iterate> ngd, double best) {
        int rows = gd.size();
        String[] header = {"iteration", "gd_alpha", "gd_beta", "gd_nll", "gd_nll_gap", "gd_halvings", "ngd_alpha", "ngd_beta", "ngd_nll", "ngd_nll_gap", "ngd_halvings"};
        double[][] c = new double[header.length][rows];
        for (int t = 0; t < rows; t++) {
            Iterate g = gd.get(t), h = ngd.get(t);
            double[] row = {t, g.alpha(), g.beta(), g.nll(), g.nll() - best, g.halvings(), h.alpha(), h.beta(), h.nll(), h.nll() - best, h.halvings()};
            for (int j = 0; j < row.length; j++) c[j][t] = row[j];
        }
        run.csv("metrics.csv", header, c);
    }

    private void plots(RunOutput run, GammaLikelihood lik, double[] mle, double best, List<Iterate> gd, List<Iterate> ngd) {
        int rows = gd.size();
        // x = t + 1 on a log axis: natural-gradient descent is done in a handful of steps, gradient
        // descent takes hundreds, and the start θ_0 (t = 0) stays on the plot.
        double[] t1 = new double[rows], gdA = new double[rows], gdB = new double[rows], ngdA = new double[rows], ngdB = new double[rows];
        double[] gdGap = new double[rows], ngdGap = new double[rows];
        for (int i = 0; i < rows; i++) {
            t1[i] = i + 1;
            gdA[i] = gd.get(i).alpha();
            gdB[i] = gd.get(i).beta();
            ngdA[i] = ngd.get(i).alpha();
            ngdB[i] = ngd.get(i).beta();
            gdGap[i] = gd.get(i).nll() - best;
            ngdGap[i] = ngd.get(i).nll() - best;
        }
        String gdName = "gradient descent (lr " + RunOutput.number(gdLr) + ")", ngdName = "natural-gradient descent (lr " + RunOutput.number(ngdLr) + ")";
        new LinePlot("Shape α_t: gradient vs natural-gradient descent", "iteration t + 1 (log scale)", "α_t").logX()
                .line(gdName, t1, gdA, LinePlot.PALETTE[1])
                .line(ngdName, t1, ngdA, LinePlot.PALETTE[0])
                .reference(String.format(Locale.ROOT, "MLE α = %.4f", mle[0]), mle[0], LinePlot.PALETTE[6])
                .save(run.dir(), "alpha");
        new LinePlot("Scale β_t: gradient vs natural-gradient descent", "iteration t + 1 (log scale)", "β_t").logX()
                .line(gdName, t1, gdB, LinePlot.PALETTE[1])
                .line(ngdName, t1, ngdB, LinePlot.PALETTE[0])
                .reference(String.format(Locale.ROOT, "MLE β = %.4f", mle[1]), mle[1], LinePlot.PALETTE[6])
                .save(run.dir(), "beta");
        // Each curve ends where the gap first reaches rounding level (1e-13 of the NLL), drawn at that
        // level: after it the gap is noise between 0 and a few 1e-16 that says nothing about the method.
        double floor = 1e-13 * Math.max(1, Math.abs(best));
        int gdEnd = untilBelow(gdGap, floor), ngdEnd = untilBelow(ngdGap, floor);
        new LinePlot("NLL(α_t, β_t) − NLL(MLE), each curve until it reaches rounding level", "iteration t + 1 (log scale)", "NLL − NLL(MLE)").logX().logY()
                .line(gdName, prefix(t1, gdEnd), atLeast(prefix(gdGap, gdEnd), floor), LinePlot.PALETTE[1])
                .line(ngdName, prefix(t1, ngdEnd), atLeast(prefix(ngdGap, ngdEnd), floor), LinePlot.PALETTE[0])
                .reference("tolerance " + RunOutput.number(tolerance), tolerance, LinePlot.PALETTE[6])
                .save(run.dir(), "nll_gap");

        // The window holds the start, the MLE and the truth, with a margin.
        double aMax = 1.25 * Math.max(Math.max(alpha0, mle[0]), trueAlpha), bMax = 1.15 * Math.max(Math.max(beta0, mle[1]), trueBeta);
        double[] gaps = {0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3};
        double[] levels = new double[gaps.length];
        for (int i = 0; i < gaps.length; i++) levels[i] = best + gaps[i];
        new ContourPlot("Paths in the (α, β) plane over contours of NLL − NLL(MLE)", "shape α", "scale β", 0, aMax, 0, bMax)
                .contours((a, b) -> a > 0 && b > 0 ? lik.nll(a, b) : Double.NaN, 300, 300, levels, "NLL − NLL(MLE) = 0.001, 0.003, …, 3")
                .path(gdName, gdA, gdB, LinePlot.PALETTE[1], false)
                .path(ngdName, ngdA, ngdB, LinePlot.PALETTE[0], true)
                .point("start", alpha0, beta0, LinePlot.PALETTE[6], SeriesMarkers.SQUARE)
                .point(String.format(Locale.ROOT, "MLE (%.3f, %.3f)", mle[0], mle[1]), mle[0], mle[1], LinePlot.PALETTE[6], SeriesMarkers.DIAMOND)
                .save(run.dir(), "paths");
    }
}
