package elbow.examples.experiments;

import elbow.examples.mnist.MnistData;
import elbow.examples.output.LinePlot;
import elbow.examples.output.RunOutput;
import elbow.vi.amortized.AmortizedObjective;
import elbow.vi.inference.PathwiseGradient;
import java.awt.Color;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Burda et al.'s comparison (2015, §5, Table 1, one stochastic layer): for each k, the same model trained
 * on the k-sample ELBO (VAE) and on the importance-weighted bound L_k (IWAE), everything else equal.
 * Each run in {@code k<K>/vae} or {@code k<K>/iwae}; per k, a plot of both bounds of both runs; on top, the
 * IWELBO of every run on one plot and the table beside Burda et al.'s numbers.
 */
@Command(name = "iwae",
        description = "MNIST VAE against IWAE (Burda et al. 2015, Table 1, one stochastic layer) for k = 1, 5, 50:"
                + " ELBO and IWELBO per step, test bounds per epoch, test NLL (k = 5000), active units, samples per second.")
public final class IwaeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    VaeOptions training;

    @Option(names = "--k", split = ",", defaultValue = "1,5,50", paramLabel = "K",
            description = "Particles per image; one VAE and one IWAE per value (default: ${DEFAULT-VALUE}).")
    List<Integer> ks;

    @Option(names = "--objective", paramLabel = "vae|iwae", description = "Train only this objective (default: both).")
    String objective;

    @Option(names = "--estimator", defaultValue = "standard", paramLabel = "standard|stl|dreg",
            description = "Gradient: standard, stl (Roeder et al. 2017; biased for the IWAE bound when k > 1) or dreg (Tucker et al. 2018; for the VAE bound it is STL)"
                    + " (default: ${DEFAULT-VALUE}).")
    String estimator;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: out/iwae, or out/iwae-<estimator> for another estimator).")
    Path outDir;

    @Override
    public Integer call() throws Exception {
        training.validate(spec);
        PathwiseGradient g;
        try {
            g = PathwiseGradient.of(estimator);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--estimator: " + e.getMessage());
        }
        List<AmortizedObjective.Bound> bounds = objectives();
        List<Integer> particles = new ArrayList<>(new LinkedHashSet<>(ks));
        for (int k : particles) if (k < 1) throw new ParameterException(spec.commandLine(), "--k values must be at least 1, got " + k);
        PrintWriter out = spec.commandLine().getOut();
        MnistData data = training.mnist.load();
        RunOutput top = new RunOutput(outDir != null ? outDir : Path.of("out", g == PathwiseGradient.STANDARD ? "iwae" : "iwae-" + g.label()));

        List<VaeTraining.Result> runs = new ArrayList<>();
        List<VaeComparison.Curve> all = new ArrayList<>();
        List<Color> colours = new ArrayList<>();
        List<Boolean> dashed = new ArrayList<>();
        for (int ki = 0; ki < particles.size(); ki++) {
            int k = particles.get(ki);
            Path kDir = top.dir().resolve("k" + k);
            List<VaeComparison.Curve> curves = new ArrayList<>();
            for (AmortizedObjective.Bound b : bounds) {
                VaeTraining.Result r = VaeTraining.run(kDir.resolve(b.modelName()), data, training.settings(b, g, k), training.resume, out);
                runs.add(r);
                TrainingLog.Series s = VaeComparison.series(r);
                String model = b.modelName().toUpperCase(Locale.ROOT);
                curves.add(VaeComparison.thinned(model + " ELBO", s.step(), s.elbo()));
                curves.add(VaeComparison.thinned(model + " IWELBO", s.step(), s.iwelbo()));
                all.add(VaeComparison.thinned(model + " k = " + k, s.step(), s.iwelbo()));
                colours.add(LinePlot.PALETTE[ki % LinePlot.PALETTE.length]);
                dashed.add(b == AmortizedObjective.Bound.ELBO);
            }
            VaeComparison.traces(kDir, "bounds", "k = " + k + ": ELBO and IWELBO of the training batches, VAE against IWAE (" + VaeComparison.display(g) + " gradient)",
                    "nats per image", curves);
        }
        VaeComparison.smoothed(top.dir(), "combined", "IWELBO of the training batches (smoothed): IWAE solid, VAE dashed (" + VaeComparison.display(g) + " gradient)",
                "IWELBO (nats per image)", all, colours, dashed);
        VaeComparison.table(top, "iwae", runs, out);
        VaeComparison.printModel(out, runs.get(runs.size() - 1).settings());
        out.printf("wrote %s%n", top.dir());
        out.flush();
        return 0;
    }

    private List<AmortizedObjective.Bound> objectives() {
        if (objective == null) return List.of(AmortizedObjective.Bound.ELBO, AmortizedObjective.Bound.IWELBO);
        switch (objective.trim().toLowerCase(Locale.ROOT)) {
            case "vae": return List.of(AmortizedObjective.Bound.ELBO);
            case "iwae": return List.of(AmortizedObjective.Bound.IWELBO);
            default: throw new ParameterException(spec.commandLine(), "--objective must be vae or iwae, got '" + objective + "'");
        }
    }
}
