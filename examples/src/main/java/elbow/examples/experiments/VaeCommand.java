package elbow.examples.experiments;

import elbow.examples.mnist.MnistData;
import elbow.examples.output.RunOutput;
import elbow.vi.amortized.AmortizedObjective;
import elbow.vi.inference.PathwiseGradient;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The MNIST VAE (Burda et al. 2015, §5.1, one stochastic layer) trained on the ELBO twice, with the
 * standard reparameterized gradient and with Sticking the Landing (Roeder et al. 2017, Algorithm 2),
 * everything else equal: same seed, same initial weights, same batches. Each run in its own folder
 * ({@code standard/}, {@code stl/}); on top, both ELBO curves on one plot and the table of results.
 */
@Command(name = "vae",
        description = "MNIST VAE (Burda et al. 2015, one stochastic layer): the ELBO trained with the standard reparameterized gradient"
                + " and with STL (Roeder et al. 2017); test ELBO, test NLL (k = 5000), active units, samples per second.")
public final class VaeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    VaeOptions training;

    @Option(names = "--k", paramLabel = "K", defaultValue = "1", converter = elbow.examples.cli.CommonOptions.PositiveInt.class,
            description = "Particles per image in the ELBO (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--estimator", paramLabel = "standard|stl|dreg",
            description = "Train only with this gradient (default: standard and STL, one run each; dreg of the ELBO is STL).")
    String estimator;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: out/vae).")
    Path outDir;

    @Override
    public Integer call() throws Exception {
        training.validate(spec);
        List<PathwiseGradient> estimators = estimator == null ? List.of(PathwiseGradient.STANDARD, PathwiseGradient.STL) : List.of(parse(estimator));
        PrintWriter out = spec.commandLine().getOut();
        MnistData data = training.mnist.load();
        RunOutput top = new RunOutput(outDir != null ? outDir : Path.of("out", "vae"));
        List<VaeTraining.Result> runs = new ArrayList<>();
        for (PathwiseGradient g : estimators) {
            VaeTraining.Settings s = training.settings(AmortizedObjective.Bound.ELBO, g, k);
            runs.add(VaeTraining.run(top.dir().resolve(g.label()), data, s, training.resume, out));
        }
        List<VaeComparison.Curve> curves = new ArrayList<>();
        for (VaeTraining.Result r : runs) {
            TrainingLog.Series s = VaeComparison.series(r);
            curves.add(VaeComparison.thinned(VaeComparison.display(r.settings().estimator()) + " gradient", s.step(), s.elbo()));
        }
        VaeComparison.traces(top.dir(), "elbo", "MNIST VAE (k = " + k + "): ELBO of the training batches", "ELBO (nats per image)", curves);
        VaeComparison.table(top, "vae", runs, out);
        VaeComparison.printModel(out, runs.get(runs.size() - 1).settings());
        out.printf("wrote %s%n", top.dir());
        out.flush();
        return 0;
    }

    private PathwiseGradient parse(String label) {
        try {
            return PathwiseGradient.of(label);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--estimator: " + e.getMessage());
        }
    }
}
