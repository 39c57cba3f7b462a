package elbow.examples.experiments;

import elbow.examples.mnist.MnistData;
import elbow.examples.output.RunOutput;
import elbow.nn.Adam;
import elbow.nn.ModelSummary;
import elbow.nn.Parameter;
import elbow.tensor.Rng;
import elbow.tensor.Tensor;
import elbow.vi.models.AnnealedTemperature;
import elbow.vi.models.CategoricalVae;
import elbow.vi.models.CategoricalVae.Estimator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One training run of the categorical VAE ({@link CategoricalVae}, Jang et al. 2017) as {@code gumbel-vae}
 * runs it: dynamically binarized MNIST batches, the annealed temperature, Adam, a test evaluation with
 * relaxed and with argmax codes after every epoch.
 *
 * <p>A run folder holds {@code metrics.csv} (per step: temperature, the batch's objective and its two
 * terms), {@code epochs.csv} (per epoch: the test numbers, time and throughput), {@code summary.json},
 * {@code model.txt}, {@code model.safetensors} and {@code checkpoint.safetensors} (after every epoch and
 * at the last step, written atomically).
 *
 * <p>The loop is {@link MnistTrainingLoop}'s, as for {@link VaeTraining}, and so is resuming: every
 * random number of step s comes from a generator of (seed, s), the batch order of epoch e from
 * (seed, e), the temperature from s alone, so a run continued from its checkpoint takes the steps it
 * would have taken; the logs are cut back to the checkpoint's rows first. Two runs with the same seed
 * (the two estimators) start from the same weights and see the same batches, binarizations and Gumbel
 * noise.
 */
final class GumbelVaeTraining {
    static final String CHECKPOINT = "checkpoint.safetensors";
    static final String METRICS = "metrics.csv", EPOCHS = "epochs.csv";
    static final String METRICS_HEADER = "step,epoch,tau,elbo,log_likelihood,kl";
    static final String EPOCHS_HEADER = "epoch,step,tau,test_elbo,test_elbo_hard,test_log_likelihood,test_log_likelihood_hard,test_kl,epoch_train_seconds,epoch_samples_per_s";
    /** Adam's ε: TensorFlow's and PyTorch's default, which Jang et al.'s code used. */
    static final double ADAM_EPS = 1e-8;

    // Stream numbers of VaeTraining.streamSeed, apart from those VaeTraining uses (1 to 5).
    private static final long TRAIN_STREAM = 21, EPOCH_EVAL_STREAM = 22, FINAL_EVAL_STREAM = 23;

    /** The settings of one run; {@code maxSteps} 0 means no cap. */
    record Settings(Estimator estimator, int batch, int epochs, double lr, long seed, long maxSteps, int evalLimit, AnnealedTemperature temperature) {
        String title() {
            return estimator.display();
        }

        /** What a checkpoint must agree with to be resumed (the learning rate may change: the remedy for a diverged run). */
        Map<String, String> identity(int trainImages) {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("experiment", "gumbel-vae");
            m.put("estimator", estimator.label());
            m.put("batch", Integer.toString(batch));
            m.put("adam_eps", Double.toString(ADAM_EPS));
            m.put("seed", Long.toString(seed));
            m.put("train_images", Integer.toString(trainImages));
            m.put("temperature", temperature.toString());
            m.put("model", "CategoricalVae 784-512-256-30x10-256-512-784 float32");
            return m;
        }
    }

    record Result(Path dir, Settings settings, Map<String, Object> summary) {}

    private GumbelVaeTraining() {}

    static Result run(Path dir, MnistData data, Settings s, boolean resume, PrintWriter out) throws IOException {
        long wallStart = System.nanoTime();
        RunOutput output = new RunOutput(dir);
        MnistData.Split train = data.train();
        CategoricalVae model = CategoricalVae.jang2017(new Rng(s.seed()));
        List<Parameter> params = model.parameters();
        Adam adam = new Adam(params, s.lr(), 0.9, 0.999, ADAM_EPS);
        MnistTrainingLoop.Plan plan = MnistTrainingLoop.Plan.of(s.title(), train, s.batch(), s.epochs(), s.maxSteps(), s.seed(), TRAIN_STREAM,
                params, adam, s.identity(train.count()), s.lr(), dir, CHECKPOINT, METRICS);
        int perEpoch = plan.perEpoch();
        MnistTrainingLoop.Logs logs = new MnistTrainingLoop.Logs() {
            @Override
            public void start() {
                output.text(METRICS, METRICS_HEADER + "\n");
                output.text(EPOCHS, EPOCHS_HEADER + "\n");
            }

            @Override
            public void keepFirst(long steps, long epochs) throws IOException {
                TrainingLog.keepFirstRows(dir.resolve(METRICS), METRICS_HEADER, steps, "step");
                TrainingLog.keepFirstRows(dir.resolve(EPOCHS), EPOCHS_HEADER, epochs, "epoch");
            }
        };
        MnistTrainingLoop.Start start = MnistTrainingLoop.start(plan, resume, dir,
                Map.of("eval_images", (double) Math.min(s.evalLimit(), data.test().count())), logs, out);
        if (start.finishedSummary() != null) return new Result(dir, s, start.finishedSummary());
        MnistTrainingLoop.Position at = start.at();

        Tensor testImages = VaeTraining.binarizedTestSet(data.test(), s.evalLimit(), s.seed());
        Steps steps = new Steps(s, model, testImages, dir, plan, at, out);
        MnistTrainingLoop.train(plan, steps, at);
        long step = at.step;
        // The temperature of the last step taken: the relaxed test codes are drawn at it.
        double tauFinal = s.temperature().at(Math.max(0, step - 1));
        CategoricalVae.Evaluation test = steps.lastTest;
        if (test == null || steps.lastTestStep != step) {
            test = evaluate(model, testImages, s, tauFinal, FINAL_EVAL_STREAM, step, step, plan, at);
        }

        ModelSummary modelSummary = ModelSummary.of(model, model.summaryShapes(s.batch()));
        output.text("model.txt", modelSummary.toString());
        MnistTrainingLoop.saveWeights(plan, step);

        AnnealedTemperature t = s.temperature();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("experiment", "gumbel-vae");
        summary.put("estimator", s.estimator().label());
        summary.put("model", model.architecture());
        summary.put("parameters", modelSummary.totalParameters());
        summary.put("kl", "analytic KL(q(z|x) || uniform categorical), summed over the 30 variables");
        summary.put("batch", s.batch());
        summary.put("epochs", s.epochs());
        summary.put("epochs_completed", step / (double) perEpoch);
        summary.put("steps", step);
        summary.put("steps_per_epoch", perEpoch);
        summary.put("max_steps", s.maxSteps());
        summary.put("lr", s.lr());
        summary.put("adam", Map.of("beta1", 0.9, "beta2", 0.999, "eps", ADAM_EPS));
        summary.put("seed", s.seed());
        summary.put("tau_initial", t.initial());
        summary.put("tau_min", t.min());
        summary.put("anneal_rate", t.rate());
        summary.put("anneal_every", t.every());
        summary.put("tau_final", tauFinal);
        summary.put("train_images", train.count());
        summary.put("eval_images", test.images());
        summary.put("binarization", "dynamic (training); test prefix binarized once from the seed");
        summary.put("test_elbo", test.elbo());
        summary.put("test_elbo_hard", test.elboHard());
        summary.put("test_log_likelihood", test.logLikelihood());
        summary.put("test_log_likelihood_hard", test.logLikelihoodHard());
        summary.put("test_kl", test.kl());
        summary.put("test_codes", "one draw per image at tau_final: relaxed (test_elbo) and its one-hot argmax, an exact draw from q (test_elbo_hard)");
        MnistTrainingLoop.putTraining(summary, plan, at, wallStart);
        output.json("summary.json", summary);
        out.printf(Locale.ROOT, "%s: test ELBO %.3f (relaxed codes, tau %.4f), %.3f (argmax codes), KL %.3f, %.0f samples/s%n",
                s.title(), test.elbo(), tauFinal, test.elboHard(), test.kl(), summary.get("samples_per_s"));
        out.flush();
        return new Result(dir, s, summary);
    }

    /** A step of the model and the temperature it ran at. */
    private record TauStep(double tau, CategoricalVae.Step step) {}

    /** The categorical VAE's part of the training loop; it keeps the last evaluation on the test prefix. */
    private static final class Steps implements MnistTrainingLoop.Model<TauStep> {
        private final Settings s;
        private final CategoricalVae model;
        private final Tensor testImages;
        private final Path dir;
        private final MnistTrainingLoop.Plan plan;
        private final MnistTrainingLoop.Position at;
        private final PrintWriter out;
        private double runningLoss = Double.NaN, tau;
        CategoricalVae.Evaluation lastTest;
        long lastTestStep = -1;

        Steps(Settings s, CategoricalVae model, Tensor testImages, Path dir, MnistTrainingLoop.Plan plan, MnistTrainingLoop.Position at, PrintWriter out) {
            this.s = s;
            this.model = model;
            this.testImages = testImages;
            this.dir = dir;
            this.plan = plan;
            this.at = at;
            this.out = out;
        }

        @Override
        public TauStep step(Tensor batch, long step, Rng rng) {
            tau = s.temperature().at(step);
            return new TauStep(tau, model.step(batch, tau, s.estimator(), rng));
        }

        @Override
        public String nonFinite(TauStep r) {
            CategoricalVae.Step e = r.step();
            return e.isFinite() ? null : String.format(Locale.ROOT, "the loss became non-finite (ELBO %s, KL %s)", e.elbo(), e.kl());
        }

        @Override
        public List<Tensor> gradients(TauStep r) {
            return r.step().gradients();
        }

        @Override
        public String metricsRow(long step, int epoch, TauStep r) {
            CategoricalVae.Step e = r.step();
            return step + "," + epoch + "," + RunOutput.number(r.tau()) + "," + RunOutput.number(e.elbo()) + ","
                    + RunOutput.number(e.logLikelihood()) + "," + RunOutput.number(e.kl());
        }

        @Override
        public String progress(TauStep r) {
            runningLoss = Double.isNaN(runningLoss) ? -r.step().elbo() : 0.99 * runningLoss - 0.01 * r.step().elbo();
            return String.format(Locale.ROOT, "-ELBO %.2f tau %.3f", runningLoss, r.tau());
        }

        @Override
        public void endOfEpoch(int epoch, long step, double seconds, double rate) {
            lastTest = evaluate(model, testImages, s, tau, EPOCH_EVAL_STREAM, epoch, step, plan, at);
            lastTestStep = step;
            appendEpoch(dir, epoch, step, tau, lastTest, seconds, rate);
            out.printf(Locale.ROOT, "%s epoch %d: tau %.4f, test ELBO %.3f (relaxed codes), %.3f (argmax codes), KL %.3f (%d images), %.0f samples/s%n",
                    s.title(), epoch, tau, lastTest.elbo(), lastTest.elboHard(), lastTest.kl(), lastTest.images(), rate);
            out.flush();
        }
    }

    private static CategoricalVae.Evaluation evaluate(CategoricalVae model, Tensor testImages, Settings s, double tau, long stream, long index, long step,
                                                      MnistTrainingLoop.Plan plan, MnistTrainingLoop.Position at) {
        CategoricalVae.Evaluation e;
        try {
            e = model.evaluate(testImages, tau, new Rng(VaeTraining.streamSeed(s.seed(), stream, index)));
        } catch (IllegalArgumentException failure) {
            throw MnistTrainingLoop.evaluationFailure(step, "evaluating on the test images failed: " + failure.getMessage(), plan, at);
        }
        if (!Double.isFinite(e.elbo()) || !Double.isFinite(e.elboHard())) {
            throw MnistTrainingLoop.evaluationFailure(step, "the test ELBO became non-finite (" + e.elbo() + ", argmax codes " + e.elboHard() + ")", plan, at);
        }
        return e;
    }

    private static void appendEpoch(Path dir, int epoch, long step, double tau, CategoricalVae.Evaluation e, double seconds, double rate) {
        String line = String.join(",", Integer.toString(epoch), Long.toString(step), RunOutput.number(tau), RunOutput.number(e.elbo()),
                RunOutput.number(e.elboHard()), RunOutput.number(e.logLikelihood()), RunOutput.number(e.logLikelihoodHard()), RunOutput.number(e.kl()),
                RunOutput.number(seconds), RunOutput.number(rate)) + "\n";
        try {
            Files.writeString(dir.resolve(EPOCHS), line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write " + dir.resolve(EPOCHS) + ": " + ex.getMessage(), ex);
        }
    }

    /** A run's logs read back for plots: per step and per epoch. */
    record Series(double[] step, double[] elbo, double[] epochStep, double[] testElbo, double[] testElboHard) {}

    static Series read(Path dir) throws IOException {
        double[][] m = TrainingLog.columns(dir.resolve(METRICS), 6), e = TrainingLog.columns(dir.resolve(EPOCHS), 10);
        return new Series(m[0], m[3], e[1], e[3], e[4]);
    }



    static double number(Object o) {
        return MnistTrainingLoop.number(o);
    }
}
