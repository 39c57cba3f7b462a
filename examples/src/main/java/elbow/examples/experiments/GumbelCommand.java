package elbow.examples.experiments;

import elbow.examples.output.BarPlot;
import elbow.examples.output.LinePlot;
import elbow.examples.output.RunOutput;
import elbow.tensor.Rng;
import elbow.vi.models.GumbelSoftmaxStatistics;
import elbow.vi.models.GumbelSoftmaxStatistics.Draws;
import java.awt.Color;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The Gumbel-Softmax relaxation of a categorical (Jang et al. 2017; assignment 1AD, 1.B.1): relaxed,
 * differentiable draws at one temperature, their argmax against direct categorical sampling and the
 * true probabilities, and a temperature sweep of what the relaxation costs — how far the draws sit
 * from the simplex's corners and how biased their mean is.
 */
@Command(name = "gumbel", description = "Gumbel-Softmax relaxed samples of a categorical: argmax frequencies against direct sampling, and a temperature sweep.")
public final class GumbelCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--probs", split = ",", defaultValue = "0.1,0.2,0.5,0.2", description = "Class probabilities, comma-separated (default: ${DEFAULT-VALUE}).")
    double[] probs;

    @Option(names = "--n", defaultValue = "1000", description = "Samples, relaxed and direct, and per swept temperature (default: ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--temperature", defaultValue = "0.1", description = "Temperature of the relaxed samples (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--sweep-min", defaultValue = "0.01", description = "Lowest temperature of the sweep (default: ${DEFAULT-VALUE}).")
    double sweepMin;

    @Option(names = "--sweep-max", defaultValue = "100", description = "Highest temperature of the sweep (default: ${DEFAULT-VALUE}).")
    double sweepMax;

    @Option(names = "--sweep-points", defaultValue = "31", description = "Temperatures in the sweep, log-spaced (default: ${DEFAULT-VALUE}).")
    int sweepPoints;

    @Option(names = "--seed", defaultValue = "1", description = "Seed for the samples (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", description = "Output folder (default: out/gumbel).")
    Path outDir;

    @Override
    public Integer call() {
        validate();
        PrintWriter out = spec.commandLine().getOut();
        long start = System.nanoTime();
        RunOutput run = new RunOutput(outDir != null ? outDir : Path.of("out", "gumbel"));
        int k = probs.length;

        Rng rng = new Rng(seed);
        Draws relaxed = GumbelSoftmaxStatistics.relaxed(probs, temperature, n, rng.split());
        int[] direct = GumbelSoftmaxStatistics.categorical(probs, n, rng.split());
        int[] argmaxCounts = relaxed.argmaxCounts(), directCounts = GumbelSoftmaxStatistics.counts(direct, k);
        double[] argmaxFreq = frequencies(argmaxCounts), directFreq = frequencies(directCounts);
        double chiArgmax = GumbelSoftmaxStatistics.chiSquare(argmaxCounts, probs), chiDirect = GumbelSoftmaxStatistics.chiSquare(directCounts, probs);
        writeData(run, relaxed, direct);

        // The sweep draws its Gumbel noise from one seed at every temperature (common random numbers),
        // so the curves show the temperature's effect, not fresh sampling noise at every point.
        long sweepSeed = sweepSeed(seed);
        double[] temps = new double[sweepPoints], corner = new double[sweepPoints], largest = new double[sweepPoints], biasL1 = new double[sweepPoints];
        double[][] bias = new double[k][sweepPoints];
        for (int i = 0; i < sweepPoints; i++) {
            temps[i] = sweepPoints == 1 ? sweepMin : sweepMin * Math.pow(sweepMax / sweepMin, i / (double) (sweepPoints - 1));
            Draws d = GumbelSoftmaxStatistics.relaxed(probs, temps[i], n, new Rng(sweepSeed));
            corner[i] = mean(d.cornerDistances());
            largest[i] = mean(d.largestCoordinates());
            double[] b = d.meanBias(probs);
            for (int j = 0; j < k; j++) {
                bias[j][i] = b[j];
                biasL1[i] += Math.abs(b[j]);
            }
        }
        String[] header = new String[4 + k];
        double[][] cols = new double[4 + k][];
        header[0] = "temperature";
        header[1] = "mean_corner_distance";
        header[2] = "mean_max_coordinate";
        header[3] = "mean_bias_l1";
        cols[0] = temps;
        cols[1] = corner;
        cols[2] = largest;
        cols[3] = biasL1;
        for (int j = 0; j < k; j++) {
            header[4 + j] = "mean_bias_" + j;
            cols[4 + j] = bias[j];
        }
        run.csv("metrics.csv", header, cols);

        plots(run, relaxed, argmaxFreq, directFreq, chiArgmax, chiDirect, temps, corner, biasL1, bias);

        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("experiment", "gumbel");
        s.put("seed", seed);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("n", n);
        settings.put("temperature", temperature);
        settings.put("sweep_min", sweepMin);
        settings.put("sweep_max", sweepMax);
        settings.put("sweep_points", sweepPoints);
        s.put("settings", settings);
        s.put("probs", probs);
        s.put("argmax_counts", argmaxCounts);
        s.put("argmax_freq", argmaxFreq);
        s.put("direct_counts", directCounts);
        s.put("direct_freq", directFreq);
        s.put("chi2_argmax", chiArgmax);
        s.put("p_value_argmax", GumbelSoftmaxStatistics.chiSquarePValue(chiArgmax, k));
        s.put("chi2_direct", chiDirect);
        s.put("p_value_direct", GumbelSoftmaxStatistics.chiSquarePValue(chiDirect, k));
        s.put("relaxed_mean", relaxed.mean());
        s.put("relaxed_mean_bias", relaxed.meanBias(probs));
        s.put("mean_corner_distance", mean(relaxed.cornerDistances()));
        s.put("mean_max_coordinate", mean(relaxed.largestCoordinates()));
        s.put("wall_seconds", seconds);
        run.json("summary.json", s);

        out.printf(Locale.ROOT, "Categorical(%s), N = %d, temperature %s (seed %d)%n", join(probs, "%s"), n, RunOutput.number(temperature), seed);
        out.printf(Locale.ROOT, "  true probabilities         %s%n", join(probs, "%.3f"));
        out.printf(Locale.ROOT, "  argmax of Gumbel-Softmax   %s   chi2 = %.3f (%d df: p = %.3f)%n", join(argmaxFreq, "%.3f"), chiArgmax, k - 1,
                GumbelSoftmaxStatistics.chiSquarePValue(chiArgmax, k));
        out.printf(Locale.ROOT, "  direct categorical         %s   chi2 = %.3f (p = %.3f)%n", join(directFreq, "%.3f"), chiDirect, GumbelSoftmaxStatistics.chiSquarePValue(chiDirect, k));
        double biasAtTemperature = 0;
        for (double b : relaxed.meanBias(probs)) biasAtTemperature += Math.abs(b);
        out.printf(Locale.ROOT, "  mean of the relaxed draws  %s   (|E[y] - p|_1 = %.4f)%n", join(relaxed.mean(), "%.3f"), biasAtTemperature);
        out.printf(Locale.ROOT, "  mean distance to the nearest corner: %.4f at temperature %s; %.4f at %s, %.4f at %s%n",
                mean(relaxed.cornerDistances()), RunOutput.number(temperature), corner[0], RunOutput.number(temps[0]), corner[sweepPoints - 1], RunOutput.number(temps[sweepPoints - 1]));
        out.printf(Locale.ROOT, "wrote %s in %.1f s%n", run.dir(), seconds);
        out.flush();
        return 0;
    }

    private void validate() {
        String problem = null;
        double sum = 0;
        for (double p : probs) {
            if (!(p > 0)) problem = "--probs must all be positive (the relaxation needs every class)";
            sum += p;
        }
        if (problem == null && Math.abs(sum - 1) > 1e-9) problem = "--probs must sum to 1, they sum to " + sum;
        if (probs.length < 2) problem = "--probs needs at least two classes";
        if (n < 1) problem = "--n must be at least 1";
        if (!(temperature > 0) || Double.isInfinite(temperature)) problem = "--temperature must be positive";
        if (!(sweepMin > 0 && sweepMax >= sweepMin) || Double.isInfinite(sweepMax)) problem = "need 0 < --sweep-min <= --sweep-max";
        if (sweepPoints < 1) problem = "--sweep-points must be at least 1";
        if (problem != null) throw new ParameterException(spec.commandLine(), problem);
    }

    private double[] frequencies(int[] counts) {
        double[] f = new double[counts.length];
        for (int j = 0; j < counts.length; j++) f[j] = counts[j] / (double) n;
        return f;
    }

    private static void writeData(RunOutput run, Draws relaxed, int[] direct) {
        int n = relaxed.size(), k = relaxed.y()[0].length;
        String[] header = new String[k + 3];
        double[][] cols = new double[k + 3][n];
        header[0] = "index";
        for (int j = 0; j < k; j++) header[1 + j] = "y_" + j;
        header[k + 1] = "argmax";
        header[k + 2] = "direct";
        for (int i = 0; i < n; i++) {
            cols[0][i] = i;
            for (int j = 0; j < k; j++) cols[1 + j][i] = relaxed.y()[i][j];
            cols[k + 1][i] = relaxed.argmax()[i];
            cols[k + 2][i] = direct[i];
        }
        run.csv("data.csv", header, cols);
    }

    private void plots(RunOutput run, Draws relaxed, double[] argmaxFreq, double[] directFreq, double chiArgmax, double chiDirect,
                       double[] temps, double[] corner, double[] biasL1, double[][] bias) {
        int k = probs.length;
        String[] classes = new String[k];
        double[] se = new double[k];
        for (int j = 0; j < k; j++) {
            classes[j] = "class " + j;
            // ±2 binomial standard errors of a frequency of n draws with the true probability.
            se[j] = 2 * Math.sqrt(probs[j] * (1 - probs[j]) / n);
        }
        new BarPlot("Argmax of Gumbel-Softmax samples (τ = " + RunOutput.number(temperature) + ") vs direct sampling, N = " + n
                + " (error bars: ±2 binomial s.e.)", "class", "frequency")
                .bars("true probability", classes, probs, null, new Color(120, 120, 120))
                .bars(String.format(Locale.ROOT, "argmax of relaxed samples (χ² = %.2f, p = %.2f)", chiArgmax, GumbelSoftmaxStatistics.chiSquarePValue(chiArgmax, k)),
                        classes, argmaxFreq, se, LinePlot.PALETTE[0])
                .bars(String.format(Locale.ROOT, "direct categorical samples (χ² = %.2f, p = %.2f)", chiDirect, GumbelSoftmaxStatistics.chiSquarePValue(chiDirect, k)),
                        classes, directFreq, se, LinePlot.PALETTE[1])
                .save(run.dir(), "frequencies");

        new LinePlot("Temperature sweep: relaxed samples against one-hot ones (N = " + n + " per temperature)", "temperature τ (log scale)", "mean over samples").logX()
                .line("distance to the nearest corner ‖y − onehot(argmax y)‖", temps, corner, LinePlot.PALETTE[0])
                .line("bias of the relaxed mean ‖E[y] − p‖₁", temps, biasL1, LinePlot.PALETTE[1])
                .save(run.dir(), "sweep");

        LinePlot perClass = new LinePlot("Bias of the relaxed mean per class, E[y_k] − p_k", "temperature τ (log scale)", "E[y_k] − p_k").logX();
        for (int j = 0; j < k; j++) perClass.line(String.format(Locale.ROOT, "class %d (p = %s)", j, RunOutput.number(probs[j])), temps, bias[j], LinePlot.PALETTE[j % LinePlot.PALETTE.length]);
        perClass.reference("0", 0, new Color(150, 150, 150)).save(run.dir(), "bias");

        // How far the draws sit from the corners, as the fraction of draws within distance d of one:
        // the chosen temperature's draws and, with the sweep's noise, a few higher temperatures.
        LinePlot cdf = new LinePlot("Relaxed samples: fraction within distance d of a corner of the simplex (N = " + n + ")",
                "d = ‖y − onehot(argmax y)‖", "fraction of samples within d");
        cdf.line("τ = " + RunOutput.number(temperature), sortedDistances(relaxed), fractions(n), LinePlot.PALETTE[0]);
        double[] others = {0.5, 1, 5};
        for (int i = 0; i < others.length; i++) {
            if (others[i] == temperature) continue;
            Draws d = GumbelSoftmaxStatistics.relaxed(probs, others[i], n, new Rng(sweepSeed(seed)));
            cdf.line("τ = " + RunOutput.number(others[i]), sortedDistances(d), fractions(n), LinePlot.PALETTE[1 + i]);
        }
        cdf.save(run.dir(), "corners");
    }

    /** The sweep's seed: a stream apart from the main samples'. */
    private static long sweepSeed(long seed) {
        return seed ^ 0x6A09E667F3BCC909L;
    }

    private static double[] sortedDistances(Draws d) {
        double[] v = d.cornerDistances();
        java.util.Arrays.sort(v);
        return v;
    }

    private static double[] fractions(int n) {
        double[] f = new double[n];
        for (int i = 0; i < n; i++) f[i] = (i + 1) / (double) n;
        return f;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }

    private static String join(double[] v, String format) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) sb.append(i > 0 ? ", " : "").append(String.format(Locale.ROOT, format, v[i]));
        return sb.append(']').toString();
    }
}
