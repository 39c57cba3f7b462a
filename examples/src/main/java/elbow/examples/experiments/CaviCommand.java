package elbow.examples.experiments;

import elbow.examples.cli.Header;
import elbow.examples.output.LinePlot;
import elbow.examples.output.RunOutput;
import elbow.vi.models.NormalGammaModel;
import java.awt.Color;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.commons.numbers.gamma.LogGamma;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * CAVI on the Normal–Gamma model (Bishop §10.1.3) for several data sizes: the ELBO per iteration (it
 * never decreases), the fixed point, and q(μ), q(τ) beside the exact posterior marginals — μ | X is a
 * Student-t with 2aN degrees of freedom, τ | X is Gamma(aN, bN) — which shows what mean field loses
 * (the posterior correlation of μ and τ) and how that shrinks with N.
 */
@Command(name = "cavi", description = "CAVI on the Normal-Gamma model for N = 10, 100, 1000: ELBO per iteration and q against the exact posterior.")
public final class CaviCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    NormalGammaData data;

    @Option(names = "--n", split = ",", defaultValue = "10,100,1000", description = "Data sizes, comma-separated (default: ${DEFAULT-VALUE}).")
    int[] sizes;

    @Option(names = "--iterations", defaultValue = "30", description = "CAVI sweeps (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--seed", defaultValue = "1", description = "Seed for the data (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", description = "Output folder (default: out/cavi).")
    Path outDir;

    @Override
    public Integer call() {
        if (iterations < 1) throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--iterations must be at least 1");
        for (int n : sizes) if (n < 1) throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--n sizes must be at least 1, got " + n);
        PrintWriter out = spec.commandLine().getOut();
        long start = System.nanoTime();
        RunOutput run = new RunOutput(outDir != null ? outDir : Path.of("out", "cavi"));

        List<double[]> rows = new ArrayList<>();
        LinePlot gapPlot = new LinePlot("CAVI: log p(X) − ELBO (= KL(q ‖ posterior))", "iteration", "log p(X) − ELBO").logY();
        LinePlot muPlot = new LinePlot("q(μ) (solid) against the exact posterior p(μ | X) (dashed)", "μ", "density");
        LinePlot tauPlot = new LinePlot("q(τ) (solid) against the exact posterior p(τ | X) (dashed)", "τ", "density");
        List<Map<String, Object>> results = new ArrayList<>();
        for (int k = 0; k < sizes.length; k++) {
            int n = sizes[k];
            NormalGammaModel model = data.model(n, seed + k);
            NormalGammaData.writeData(run, "data_n" + n + ".csv", model);
            if (n == 100 || sizes.length == 1) NormalGammaData.writeData(run, "data.csv", model);
            NormalGammaModel.MeanField q = new NormalGammaModel.MeanField(0, 1, 1, 1);
            double logEvidence = model.logEvidence();
            double[] iter = new double[iterations + 1], gap = new double[iterations + 1];
            for (int t = 0; t <= iterations; t++) {
                if (t > 0) q = model.caviStep(q);
                double elbo = model.elbo(q);
                iter[t] = t;
                gap[t] = logEvidence - elbo;
                rows.add(new double[] {n, t, elbo, logEvidence, q.m(), q.ell(), q.a(), q.b(), q.meanMu(), q.meanTau()});
            }
            Color c = LinePlot.PALETTE[k % LinePlot.PALETTE.length];
            gapPlot.line("N = " + n, iter, gap, c);
            double[] post = model.posterior();
            densities(muPlot, tauPlot, n, q, post, c);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("n", n);
            r.put("elbo", model.elbo(q));
            r.put("log_evidence", logEvidence);
            r.put("kl_gap", logEvidence - model.elbo(q));
            r.put("q", Map.of("m", q.m(), "precision", q.ell(), "a", q.a(), "b", q.b()));
            r.put("E_mu", q.meanMu());
            r.put("E_tau", q.meanTau());
            r.put("posterior", Map.of("mu_n", post[0], "lambda_n", post[1], "a_n", post[2], "b_n", post[3]));
            results.add(r);
            out.printf("N = %4d: ELBO %.4f, log p(X) %.4f, gap %.2e; E_q[mu] %.4f, E_q[tau] %.4f (posterior E[tau] %.4f)%n",
                    n, model.elbo(q), logEvidence, logEvidence - model.elbo(q), q.meanMu(), q.meanTau(), post[2] / post[3]);
        }
        String[] header = {"n", "iteration", "elbo", "log_evidence", "m", "precision", "a", "b", "E_mu", "E_tau"};
        double[][] cols = new double[header.length][rows.size()];
        for (int r = 0; r < rows.size(); r++) for (int j = 0; j < header.length; j++) cols[j][r] = rows.get(r)[j];
        run.csv("metrics.csv", header, cols);
        gapPlot.save(run.dir(), "elbo_gap");
        muPlot.save(run.dir(), "posterior_mu");
        tauPlot.save(run.dir(), "posterior_tau");

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("experiment", "cavi");
        summary.put("seed", seed);
        summary.put("iterations", iterations);
        summary.put("data", data.settings());
        summary.put("init", Map.of("m", 0, "precision", 1, "a", 1, "b", 1));
        summary.put("results", results);
        summary.put("wall_seconds", (System.nanoTime() - start) / 1e9);
        run.json("summary.json", summary);
        out.printf("wrote %s%n", run.dir());
        out.flush();
        return 0;
    }

    private static void densities(LinePlot muPlot, LinePlot tauPlot, int n, NormalGammaModel.MeanField q, double[] post, Color c) {
        double muN = post[0], lambdaN = post[1], aN = post[2], bN = post[3];
        // μ | X ~ Student-t(ν = 2aN, loc μN, scale² = bN / (aN λN)).
        double nu = 2 * aN, scale = Math.sqrt(bN / (aN * lambdaN));
        double sdQ = 1 / Math.sqrt(q.ell());
        double lo = Math.min(muN - 5 * scale, q.m() - 5 * sdQ), hi = Math.max(muN + 5 * scale, q.m() + 5 * sdQ);
        int points = 400;
        double[] mu = new double[points], qMu = new double[points], pMu = new double[points];
        double logNorm = LogGamma.value((nu + 1) / 2) - LogGamma.value(nu / 2) - 0.5 * Math.log(nu * Math.PI) - Math.log(scale);
        for (int i = 0; i < points; i++) {
            mu[i] = lo + (hi - lo) * i / (points - 1);
            double zq = (mu[i] - q.m()) / sdQ, zp = (mu[i] - muN) / scale;
            qMu[i] = Math.exp(-0.5 * zq * zq) / (sdQ * Math.sqrt(2 * Math.PI));
            pMu[i] = Math.exp(logNorm - (nu + 1) / 2 * Math.log1p(zp * zp / nu));
        }
        muPlot.line("q(μ), N = " + n, mu, qMu, c);
        muPlot.dashed("p(μ | X), N = " + n, mu, pMu, c.darker().darker());
        double meanT = aN / bN, sdT = Math.sqrt(aN) / bN;
        double tlo = Math.max(1e-9, meanT - 5 * sdT), thi = meanT + 5 * sdT;
        double[] tau = new double[points], qTau = new double[points], pTau = new double[points];
        for (int i = 0; i < points; i++) {
            tau[i] = tlo + (thi - tlo) * i / (points - 1);
            qTau[i] = Math.exp(gammaLogPdf(tau[i], q.a(), q.b()));
            pTau[i] = Math.exp(gammaLogPdf(tau[i], aN, bN));
        }
        tauPlot.line("q(τ), N = " + n, tau, qTau, c);
        tauPlot.dashed("p(τ | X), N = " + n, tau, pTau, c.darker().darker());
    }

    private static double gammaLogPdf(double x, double a, double b) {
        return a * Math.log(b) - LogGamma.value(a) + (a - 1) * Math.log(x) - b * x;
    }
}
