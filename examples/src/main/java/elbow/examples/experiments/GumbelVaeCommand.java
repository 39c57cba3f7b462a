package elbow.examples.experiments;

import elbow.examples.cli.CommonOptions;
import elbow.examples.mnist.MnistData;
import elbow.examples.mnist.MnistOptions;
import elbow.examples.output.LinePlot;
import elbow.examples.output.RunOutput;
import elbow.tensor.Rng;
import elbow.vi.models.AnnealedTemperature;
import elbow.vi.models.CategoricalVae;
import elbow.vi.models.CategoricalVae.Estimator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The categorical VAE of Jang, Gu and Poole (2017) on MNIST, trained twice with everything else equal
 * (seed, initial weights, batches, noise): through Gumbel-Softmax relaxed codes and through
 * straight-through one-hot codes. Each run in its own folder ({@code gumbel-softmax/},
 * {@code straight-through/}, see {@link GumbelVaeTraining}); on top, the negative ELBO of both on one
 * plot, {@code results.csv} and {@code summary.json}.
 */
@Command(name = "gumbel-vae",
        description = {
            "Categorical VAE on MNIST (Jang et al. 2017): 30 categorical latents x 10 classes, encoder 784-512-256-300 and decoder"
                    + " 300-256-512-784 (ReLU, Bernoulli pixels), uniform prior with the analytic KL, dynamically binarized data, Adam."
                    + " Trained with Gumbel-Softmax and with straight-through Gumbel-Softmax from the same seed; temperature"
                    + " tau = max(tau-min, tau-initial * exp(-r t)), t updated every --anneal-every steps. Reports the test ELBO with relaxed"
                    + " codes and with their argmax (one-hot) codes.",
            "Time: the default, 2 x 40 epochs (2 x 24,000 steps), took 34 minutes on a 2-core AVX-512 machine that ran"
                    + " another training all along, at 1,300 to 6,700 samples/s as that load varied; alone it is faster."
                    + " --epochs 5 takes a few minutes."})
public final class GumbelVaeCommand implements Callable<Integer> {
    /** Long enough for the temperature to come down to its floor: 0.502 from step 23,000 (epoch 39 at batch 100), 0.5 from 24,000. */
    static final String DEFAULT_EPOCHS = "40";

    @Spec
    CommandSpec spec;

    @Mixin
    MnistOptions mnist;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = DEFAULT_EPOCHS, converter = CommonOptions.PositiveInt.class,
            description = "Passes over the training set per estimator (default: ${DEFAULT-VALUE}; at batch 100 that is 24,000 steps,"
                    + " tau 0.502 over the last 1000 of them).")
    int epochs;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "100", converter = CommonOptions.PositiveInt.class,
            description = "Images per training step (default: ${DEFAULT-VALUE}, as Jang et al.).")
    int batch;

    @Option(names = "--lr", paramLabel = "RATE", defaultValue = "1e-3",
            description = "Adam learning rate; beta = (0.9, 0.999), eps = 1e-8 (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "1",
            description = "Seed for the initial weights, batch order, binarization and Gumbel noise, the same for both estimators (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--max-steps", paramLabel = "N", converter = CommonOptions.PositiveInt.class,
            description = "Stop each training after N steps (for smoke runs; default: all epochs).")
    Integer maxSteps;

    @Option(names = "--eval-limit", paramLabel = "N", defaultValue = "10000", converter = CommonOptions.PositiveInt.class,
            description = "Evaluate on the first N test images, after every epoch and at the end (default: ${DEFAULT-VALUE}, the whole test set).")
    int evalLimit;

    @Option(names = "--estimator", paramLabel = "gumbel-softmax|straight-through",
            description = "Train only with this estimator (default: both, one run each).")
    String estimator;

    @Option(names = "--tau-initial", paramLabel = "TAU", defaultValue = "1.0", description = "Temperature at step 0 (default: ${DEFAULT-VALUE}).")
    double tauInitial;

    @Option(names = "--tau-min", paramLabel = "TAU", defaultValue = "0.5", description = "Floor of the temperature (default: ${DEFAULT-VALUE}).")
    double tauMin;

    @Option(names = "--anneal-rate", paramLabel = "R", defaultValue = "3e-5", description = "r in tau = max(tau-min, tau-initial exp(-r t)), per step (default: ${DEFAULT-VALUE}).")
    double annealRate;

    @Option(names = "--anneal-every", paramLabel = "N", defaultValue = "1000", converter = CommonOptions.PositiveInt.class,
            description = "Steps between temperature updates (default: ${DEFAULT-VALUE}).")
    int annealEvery;

    @Option(names = "--resume", description = "Continue each run from the checkpoint in its output folder (written after every epoch); a finished run is not repeated.")
    boolean resume;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: out/gumbel-vae).")
    Path outDir;

    @Override
    public Integer call() throws IOException {
        AnnealedTemperature temperature = validate();
        List<Estimator> estimators = estimator == null ? List.of(Estimator.GUMBEL_SOFTMAX, Estimator.STRAIGHT_THROUGH) : List.of(parse(estimator));
        PrintWriter out = spec.commandLine().getOut();
        MnistData data = mnist.load();
        RunOutput top = new RunOutput(outDir != null ? outDir : Path.of("out", "gumbel-vae"));
        out.println("model: " + CategoricalVae.jang2017(new Rng(seed)).architecture());
        out.flush();
        List<GumbelVaeTraining.Result> runs = new ArrayList<>();
        for (Estimator e : estimators) {
            GumbelVaeTraining.Settings s = new GumbelVaeTraining.Settings(e, batch, epochs, lr, seed, maxSteps == null ? 0 : maxSteps, evalLimit, temperature);
            runs.add(GumbelVaeTraining.run(top.dir().resolve(e.label()), data, s, resume, out));
        }
        plot(top.dir(), runs);
        table(top, runs, out);
        out.printf("wrote %s%n", top.dir());
        out.flush();
        return 0;
    }

    private AnnealedTemperature validate() {
        if (!(lr > 0) || Double.isInfinite(lr)) throw new ParameterException(spec.commandLine(), "--lr must be positive and finite, got " + lr);
        try {
            return new AnnealedTemperature(tauInitial, tauMin, annealRate, annealEvery);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--tau-initial/--tau-min/--anneal-rate: " + e.getMessage());
        }
    }

    private Estimator parse(String label) {
        try {
            return Estimator.of(label);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--estimator: " + e.getMessage());
        }
    }

    /** Negative ELBO of the training batches of every run, raw and faint with the smoothed curve on top; the test values per epoch (argmax codes) dashed. */
    private static void plot(Path dir, List<GumbelVaeTraining.Result> runs) {
        LinePlot plot = new LinePlot("Categorical VAE on MNIST (30 x 10): -ELBO, relaxed (Gumbel-Softmax) vs one-hot (straight-through) codes",
                "step", "-ELBO (nats per image)");
        List<double[]> all = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            GumbelVaeTraining.Result r = runs.get(i);
            GumbelVaeTraining.Series s;
            try {
                s = GumbelVaeTraining.read(r.dir());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the logs of " + r.dir() + ": " + e.getMessage(), e);
            }
            Estimator e = r.settings().estimator();
            String name = e == Estimator.STRAIGHT_THROUGH ? "straight-through" : "Gumbel-Softmax";
            VaeComparison.Curve c = VaeComparison.thinned(name + ", training", s.step(), negate(s.elbo()));
            plot.trace(c.name(), c.step(), c.values(), LinePlot.PALETTE[i % LinePlot.PALETTE.length]);
            // The first 2 % of the steps (from about 545 nats down to 180) would set the top of the axis and flatten the rest.
            all.add(Arrays.copyOfRange(c.values(), c.values().length / 50, c.values().length));
            if (s.epochStep().length > 0) {
                plot.dashed(name + ", test (argmax codes)", s.epochStep(), negate(s.testElboHard()), LinePlot.PALETTE[i % LinePlot.PALETTE.length]);
                all.add(negate(s.testElboHard()));
            }
        }
        plot.yRangeAfter(0.1, all.toArray(new double[0][])).save(dir, "negative_elbo");
    }

    private static double[] negate(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = -v[i];
        return out;
    }

    private static void table(RunOutput top, List<GumbelVaeTraining.Result> runs, PrintWriter out) {
        String[] header = {"estimator", "steps", "tau_final", "test_elbo", "test_elbo_hard", "test_kl", "samples_per_s"};
        StringBuilder csv = new StringBuilder(String.join(",", header)).append('\n');
        out.println();
        out.printf(Locale.ROOT, "%-17s %7s %9s %16s %16s %9s %10s%n", "estimator", "steps", "tau final", "test ELBO relax", "test ELBO argmax", "test KL", "samples/s");
        List<Map<String, Object>> summaries = new ArrayList<>();
        for (GumbelVaeTraining.Result r : runs) {
            Map<String, Object> s = r.summary();
            summaries.add(s);
            double steps = GumbelVaeTraining.number(s.get("steps")), tau = GumbelVaeTraining.number(s.get("tau_final")),
                    elbo = GumbelVaeTraining.number(s.get("test_elbo")), hard = GumbelVaeTraining.number(s.get("test_elbo_hard")),
                    kl = GumbelVaeTraining.number(s.get("test_kl")), rate = GumbelVaeTraining.number(s.get("samples_per_s"));
            csv.append(String.join(",", r.settings().estimator().label(), RunOutput.number(steps), RunOutput.number(tau), RunOutput.number(elbo),
                    RunOutput.number(hard), RunOutput.number(kl), RunOutput.number(rate))).append('\n');
            out.printf(Locale.ROOT, "%-17s %7.0f %9.4f %16.3f %16.3f %9.3f %10.0f%n", r.settings().estimator().label(), steps, tau, elbo, hard, kl, rate);
        }
        out.println("(test ELBO per image, one draw of the codes per test image at the final temperature: relaxed codes, and their argmax,"
                + " which is an exact draw from q and gives the discrete model's ELBO)");
        top.text("results.csv", csv.toString());
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("experiment", "gumbel-vae");
        summary.put("runs", summaries);
        top.json("summary.json", summary);
    }
}
