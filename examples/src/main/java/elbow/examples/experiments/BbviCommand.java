package elbow.examples.experiments;

import elbow.examples.cli.Header;
import elbow.examples.output.LinePlot;
import elbow.examples.output.Progress;
import elbow.examples.output.RunOutput;
import elbow.nn.AdaGrad;
import elbow.nn.Parameter;
import elbow.tensor.Rng;
import elbow.tensor.Tensor;
import elbow.vi.inference.ElboEstimate;
import elbow.vi.inference.ElboEstimator;
import elbow.vi.inference.LogJoint;
import elbow.vi.inference.MeanField;
import elbow.vi.inference.ScoreFunctionEstimator;
import elbow.vi.models.NormalGammaModel;
import elbow.vi.models.NormalGammaVariational;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Black-box VI on the Normal–Gamma model (Ranganath et al. 2014): Algorithm 1 (REINFORCE with AdaGrad),
 * or Algorithm 2's control variates, with or without Rao-Blackwellization. Every iteration also measures
 * the gradient variance of all three estimators at the current parameters, so one run draws the
 * comparison.
 */
@Command(name = "bbvi", description = "Black-box VI (score-function gradient, AdaGrad) on the Normal-Gamma model, against CAVI and the exact posterior.")
public final class BbviCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    NormalGammaData data;

    @Option(names = "--n", defaultValue = "100", description = "Number of data points (default: ${DEFAULT-VALUE}).")
    int n;

    @Option(names = {"-S", "--samples"}, defaultValue = "2000", description = "Monte Carlo samples of q per iteration (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--iterations", defaultValue = "6000", description = "Iterations (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--lr", defaultValue = "0.5", description = "AdaGrad step size eta (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--control-variates", description = "Algorithm 2 without Rao-Blackwellization: control variates per factor.")
    boolean controlVariates;

    @Option(names = "--rao-blackwell", description = "Algorithm 2: Rao-Blackwellization and control variates.")
    boolean raoBlackwell;

    @Option(names = "--variance-every", defaultValue = "25", description = "Measure the three estimators' variance every k iterations (default: ${DEFAULT-VALUE}; 0 = never).")
    int varianceEvery;

    @Option(names = "--average-from", defaultValue = "0.25", description = "Report q at the average of the parameters over the iterations after this fraction of the run (Polyak-Ruppert; default: ${DEFAULT-VALUE}; 1 = the last iterate).")
    double averageFrom;

    @Option(names = "--seed", defaultValue = "1", description = "Seed for the data and the sampler (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", description = "Output folder (default: out/bbvi).")
    Path outDir;

    @Override
    public Integer call() {
        if (n < 1 || samples < 3 || iterations < 1 || !(lr > 0) || varianceEvery < 0 || !(averageFrom >= 0 && averageFrom <= 1)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "need --n >= 1, --samples >= 3, --iterations >= 1, --lr > 0, --variance-every >= 0, 0 <= --average-from <= 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        long start = System.nanoTime();
        RunOutput run = new RunOutput(outDir != null ? outDir : Path.of("out", "bbvi"));

        NormalGammaModel model = data.model(n, seed);
        NormalGammaData.writeData(run, "data.csv", model);
        NormalGammaModel.MeanField cavi = model.caviFixedPoint(new NormalGammaModel.MeanField(0, 1, 1, 1), 1e-12, 10_000);
        double logEvidence = model.logEvidence(), caviElbo = model.elbo(cavi);

        LogJoint logJoint = NormalGammaVariational.logJoint(model);
        MeanField q = NormalGammaVariational.family(0, 1, 1, 1);
        ElboEstimator estimator = raoBlackwell ? ScoreFunctionEstimator.raoBlackwellized()
                : controlVariates ? ScoreFunctionEstimator.controlVariates() : ScoreFunctionEstimator.reinforce();
        ElboEstimator[] variants = {ScoreFunctionEstimator.reinforce(), ScoreFunctionEstimator.controlVariates(), ScoreFunctionEstimator.raoBlackwellized()};
        List<Parameter> params = List.of(Parameter.of("q.mu", q.parameters().get(0)), Parameter.of("q.tau", q.parameters().get(1)));
        AdaGrad optimizer = new AdaGrad(params, lr);
        Rng rng = new Rng(seed ^ 0x5DEECE66DL), varianceRng = rng.split();

        double[] it = new double[iterations], estimate = new double[iterations], exact = new double[iterations];
        double[] meanMu = new double[iterations], meanTau = new double[iterations], variance = new double[iterations];
        double[] avgMu = new double[iterations], avgTau = new double[iterations]; // of the running parameter average (NaN before it starts)
        List<double[]> varianceRows = new ArrayList<>();
        // Iterate averaging: the score-function gradient is noisy enough that the last iterate wanders
        // around the optimum by several per cent; the mean of the unconstrained parameters over the
        // second part of the run does not (Polyak and Juditsky 1992).
        int averageStart = Math.min(iterations - 1, (int) Math.floor(averageFrom * iterations));
        double[] sumMu = new double[2], sumTau = new double[2];
        try (Progress progress = new Progress("bbvi " + estimator.name(), iterations)) {
            for (int t = 0; t < iterations; t++) {
                ElboEstimate e = estimator.estimate(logJoint, q, samples, rng);
                if (varianceEvery > 0 && t % varianceEvery == 0) {
                    double[] row = new double[variants.length + 1];
                    row[0] = t;
                    for (int v = 0; v < variants.length; v++) row[v + 1] = variants[v].estimate(logJoint, q, samples, varianceRng).variance();
                    varianceRows.add(row);
                }
                ascend(e, optimizer);
                NormalGammaModel.MeanField current = meanField(q);
                avgMu[t] = avgTau[t] = Double.NaN;
                if (t >= averageStart) {
                    for (int j = 0; j < 2; j++) {
                        sumMu[j] += q.parameters().get(0).value().getFlat(j);
                        sumTau[j] += q.parameters().get(1).value().getFlat(j);
                    }
                    int c = t - averageStart + 1;
                    NormalGammaModel.MeanField avg = NormalGammaVariational.toMeanField(
                            new double[] {sumMu[0] / c, sumMu[1] / c}, new double[] {sumTau[0] / c, sumTau[1] / c});
                    avgMu[t] = avg.meanMu();
                    avgTau[t] = avg.meanTau();
                }
                it[t] = t + 1;
                estimate[t] = e.elbo();
                exact[t] = model.elbo(current);
                meanMu[t] = current.meanMu();
                meanTau[t] = current.meanTau();
                variance[t] = e.variance();
                if (!Double.isFinite(exact[t])) {
                    throw new IllegalStateException("the ELBO became " + exact[t] + " at iteration " + (t + 1) + "; try a smaller --lr or more --samples");
                }
                progress.step(String.format("ELBO %.3f", exact[t]));
            }
        }

        run.csv("metrics.csv", new String[] {"iteration", "elbo_estimate", "elbo_exact", "E_mu", "E_tau", "grad_variance", "E_mu_averaged", "E_tau_averaged"},
                it, estimate, exact, meanMu, meanTau, variance, avgMu, avgTau);
        double[][] vcols = columns(varianceRows, variants.length + 1);
        run.csv("variance.csv", new String[] {"iteration", "reinforce", "control_variates", "rao_blackwell"}, vcols);

        new LinePlot("BBVI (" + estimator.name() + ", S = " + samples + "): ELBO", "iteration", "ELBO")
                .trace("ELBO estimate", it, estimate, LinePlot.PALETTE[0])
                .trace("exact ELBO at q_t", it, exact, LinePlot.PALETTE[1])
                .reference(String.format(java.util.Locale.ROOT, "log p(X) = %.3f", logEvidence), logEvidence, LinePlot.PALETTE[6])
                .reference(String.format(java.util.Locale.ROOT, "CAVI optimum = %.3f", caviElbo), caviElbo, LinePlot.PALETTE[2])
                .yRangeAfter(0.05, exact, new double[] {logEvidence})
                .save(run.dir(), "elbo");
        new LinePlot("BBVI (" + estimator.name() + "): E_q[μ] and E_q[τ]", "iteration", "expectation under q")
                .trace("E_q[μ]", it, meanMu, LinePlot.PALETTE[0])
                .trace("E_q[τ]", it, meanTau, LinePlot.PALETTE[1])
                .line("E_q[μ], averaged λ (reported)", tail(it, averageStart), tail(avgMu, averageStart), LinePlot.PALETTE[6])
                .line("E_q[τ], averaged λ (reported)", tail(it, averageStart), tail(avgTau, averageStart), LinePlot.PALETTE[3])
                .reference(String.format(java.util.Locale.ROOT, "CAVI E[μ] = %.4f", cavi.meanMu()), cavi.meanMu(), LinePlot.PALETTE[0])
                .reference(String.format(java.util.Locale.ROOT, "CAVI E[τ] = %.4f", cavi.meanTau()), cavi.meanTau(), LinePlot.PALETTE[1])
                .save(run.dir(), "expectations");
        if (!varianceRows.isEmpty()) {
            LinePlot vp = new LinePlot("Gradient variance at q_t (S = " + samples + ")", "iteration", "variance of the gradient estimate").logY();
            String[] names = {"REINFORCE", "control variates", "Rao-Blackwell + control variates"};
            for (int v = 0; v < variants.length; v++) vp.trace(names[v], vcols[0], vcols[v + 1], LinePlot.PALETTE[v]);
            vp.save(run.dir(), "variance");
        }

        NormalGammaModel.MeanField lastIterate = meanField(q);
        int averaged = iterations - averageStart;
        NormalGammaModel.MeanField last = NormalGammaVariational.toMeanField(
                new double[] {sumMu[0] / averaged, sumMu[1] / averaged}, new double[] {sumTau[0] / averaged, sumTau[1] / averaged});
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("experiment", "bbvi");
        summary.put("estimator", estimator.name());
        summary.put("samples", samples);
        summary.put("iterations", iterations);
        summary.put("lr", lr);
        summary.put("seed", seed);
        summary.put("n", n);
        summary.put("data", data.settings());
        summary.put("init", Map.of("m", 0, "s", 1, "a", 1, "b", 1));
        summary.put("parameterization", "q(mu) = N(m, exp(log_s)^2), q(tau) = Gamma(exp(log_a), rate exp(log_b))");
        summary.put("reported", averaged == 1 ? "last iterate" : "q at the mean of the unconstrained parameters over the last " + averaged + " iterations");
        summary.put("E_mu", last.meanMu());
        summary.put("E_tau", last.meanTau());
        summary.put("q", Map.of("m", last.m(), "precision", last.ell(), "a", last.a(), "b", last.b()));
        summary.put("last_iterate_E_mu", lastIterate.meanMu());
        summary.put("last_iterate_E_tau", lastIterate.meanTau());
        summary.put("last_iterate_elbo", model.elbo(lastIterate));
        summary.put("cavi_E_mu", cavi.meanMu());
        summary.put("cavi_E_tau", cavi.meanTau());
        summary.put("cavi_elbo", caviElbo);
        summary.put("log_evidence", logEvidence);
        summary.put("elbo_final", model.elbo(last));
        summary.put("rel_error_E_mu", Math.abs(last.meanMu() / cavi.meanMu() - 1));
        summary.put("rel_error_E_tau", Math.abs(last.meanTau() / cavi.meanTau() - 1));
        summary.put("wall_seconds", seconds);
        run.json("summary.json", summary);

        out.printf("estimator %s, S = %d, %d iterations, AdaGrad eta = %s, seed %d%n", estimator.name(), samples, iterations, lr, seed);
        out.printf("E_q[mu]  = %.5f   (CAVI %.5f, %.2f %% off)%n", last.meanMu(), cavi.meanMu(), 100 * Math.abs(last.meanMu() / cavi.meanMu() - 1));
        out.printf("E_q[tau] = %.5f   (CAVI %.5f, %.2f %% off)%n", last.meanTau(), cavi.meanTau(), 100 * Math.abs(last.meanTau() / cavi.meanTau() - 1));
        out.printf("ELBO     = %.4f   (CAVI optimum %.4f, log p(X) %.4f)%n", model.elbo(last), caviElbo, logEvidence);
        if (averaged > 1) {
            out.printf("(q averaged over the last %d iterations; the last iterate has E_q[mu] %.5f, E_q[tau] %.5f, ELBO %.4f)%n",
                    averaged, lastIterate.meanMu(), lastIterate.meanTau(), model.elbo(lastIterate));
        }
        out.printf("wrote %s in %.1f s%n", run.dir(), seconds);
        out.flush();
        return 0;
    }

    /** The optimiser minimises, so it is handed −ĝ: ascent on the ELBO. */
    static void ascend(ElboEstimate e, AdaGrad optimizer) {
        List<Tensor> descent = new ArrayList<>();
        for (Tensor g : e.gradient()) descent.add(g.neg());
        optimizer.step(descent);
    }

    static NormalGammaModel.MeanField meanField(MeanField q) {
        Tensor mu = q.parameters().get(0).value(), tau = q.parameters().get(1).value();
        return NormalGammaVariational.toMeanField(mu.toDoubleArray(), tau.toDoubleArray());
    }

    private static double[] tail(double[] a, int from) {
        return java.util.Arrays.copyOfRange(a, from, a.length);
    }

    private static double[][] columns(List<double[]> rows, int width) {
        double[][] c = new double[width][rows.size()];
        for (int r = 0; r < rows.size(); r++) for (int j = 0; j < width; j++) c[j][r] = rows.get(r)[j];
        return c;
    }
}
