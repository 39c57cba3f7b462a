package elbow.examples.experiments;

import com.google.gson.Gson;
import elbow.examples.cli.Header;
import elbow.examples.mnist.Batches;
import elbow.examples.mnist.DynamicBinarization;
import elbow.examples.mnist.MnistData;
import elbow.examples.output.Progress;
import elbow.examples.output.RunOutput;
import elbow.nn.Adam;
import elbow.nn.Checkpoint;
import elbow.nn.ModelSummary;
import elbow.nn.Parameter;
import elbow.tensor.Parallel;
import elbow.tensor.Rng;
import elbow.tensor.Tensor;
import elbow.vi.models.AnnealedTemperature;
import elbow.vi.models.CategoricalVae;
import elbow.vi.models.CategoricalVae.Estimator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
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
 * <p>Resuming works as in {@link VaeTraining}, whose seeding it shares: every random number of step s
 * comes from a generator of (seed, s), the batch order of epoch e from (seed, e), the temperature from
 * s alone, so a run continued from its checkpoint takes the steps it would have taken; the logs are cut
 * back to the checkpoint's rows first. Two runs with the same seed (the two estimators) start from the
 * same weights and see the same batches, binarizations and Gumbel noise.
 */
final class GumbelVaeTraining {
    static final String CHECKPOINT = "checkpoint.safetensors";
    static final String METRICS = "metrics.csv", EPOCHS = "epochs.csv";
    static final String METRICS_HEADER = "step,epoch,tau,elbo,log_likelihood,kl";
    static final String EPOCHS_HEADER = "epoch,step,tau,test_elbo,test_elbo_hard,test_log_likelihood,test_log_likelihood_hard,test_kl,epoch_train_seconds,epoch_samples_per_s";
    /** Adam's ε: TensorFlow's and PyTorch's default, which Jang et al.'s code used. */
    static final double ADAM_EPS = 1e-8;
    static final int PIXELS = MnistData.PIXELS;
    /** Keeps metrics.csv followable (tail -f) during an epoch. */
    private static final long FLUSH_NANOS = 2_000_000_000L;

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
        Batches batches = new Batches(train.count(), s.batch(), s.seed());
        int perEpoch = batches.batchesPerEpoch();
        long planned = (long) s.epochs() * perEpoch;
        long last = s.maxSteps() > 0 ? Math.min(planned, s.maxSteps()) : planned;
        Map<String, String> identity = s.identity(train.count());
        Path checkpoint = dir.resolve(CHECKPOINT);
        int evalImages = Math.min(s.evalLimit(), data.test().count());

        long step = 0, samples = 0;
        double trainSeconds = 0;
        Long resumedFrom = null;
        if (resume && Files.exists(checkpoint)) {
            Map<String, String> meta = Checkpoint.load(checkpoint, params, adam);
            VaeTraining.checkIdentity(checkpoint, identity, meta);
            step = Long.parseLong(meta.get("step"));
            samples = Long.parseLong(meta.get("train_samples"));
            trainSeconds = Double.parseDouble(meta.get("train_seconds"));
            resumedFrom = step;
            Map<String, Object> done = finishedSummary(dir, step, last, evalImages);
            if (done != null) {
                out.printf(Locale.ROOT, "%s: already trained (step %d) and evaluated; %s is kept%n", s.title(), step, dir.resolve("summary.json"));
                return new Result(dir, s, done);
            }
            TrainingLog.keepFirstRows(dir.resolve(METRICS), METRICS_HEADER, step, "step");
            TrainingLog.keepFirstRows(dir.resolve(EPOCHS), EPOCHS_HEADER, step / perEpoch, "epoch");
            out.printf(Locale.ROOT, "%s: resuming from %s at step %d (epoch %d)%n", s.title(), checkpoint, step, step / perEpoch);
        } else {
            if (resume) out.printf(Locale.ROOT, "%s: no checkpoint in %s, starting from the beginning%n", s.title(), dir);
            Files.deleteIfExists(checkpoint);
            Files.deleteIfExists(dir.resolve("summary.json"));
            output.text(METRICS, METRICS_HEADER + "\n");
            output.text(EPOCHS, EPOCHS_HEADER + "\n");
        }
        out.flush();

        Tensor testImages = VaeTraining.binarizedTestSet(data.test(), s.evalLimit(), s.seed());
        long checkpointStep = resumedFrom == null ? -1 : resumedFrom;
        CategoricalVae.Evaluation lastTest = null;
        long lastTestStep = -1, sessionNanos = 0, sessionSamples = 0, epochSamples = 0;
        double epochSeconds = 0, runningLoss = Double.NaN;
        float[] full = new float[s.batch() * PIXELS];
        int[] order = new int[train.count()];
        int orderEpoch = -1;
        if (step < last) {
            try (BufferedWriter metrics = Files.newBufferedWriter(dir.resolve(METRICS), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
                 Progress progress = new Progress(s.title(), last - step)) {
                long lastFlush = System.nanoTime();
                while (step < last) {
                    int epoch = (int) (step / perEpoch), b = (int) (step % perEpoch);
                    if (epoch != orderEpoch) {
                        batches.order(epoch, order);
                        orderEpoch = epoch;
                    }
                    double tau = s.temperature().at(step);
                    long t0 = System.nanoTime();
                    int size = batches.size(b);
                    float[] buffer = size == s.batch() ? full : new float[size * PIXELS];
                    Batches.copyRows(train.images(), PIXELS, order, batches.start(b), size, buffer);
                    Rng rng = new Rng(VaeTraining.streamSeed(s.seed(), TRAIN_STREAM, step));
                    DynamicBinarization.sampleInPlace(buffer, size * PIXELS, rng);
                    CategoricalVae.Step e;
                    try {
                        e = model.step(Tensor.wrap(buffer, size, PIXELS), tau, s.estimator(), rng);
                    } catch (IllegalArgumentException failure) {
                        metrics.flush();
                        throw failure(step + 1, epoch, failure.getMessage(), checkpoint, checkpointStep, perEpoch);
                    }
                    if (!e.isFinite()) {
                        metrics.flush();
                        throw failure(step + 1, epoch, String.format(Locale.ROOT, "the loss became non-finite (ELBO %s, KL %s)", e.elbo(), e.kl()),
                                checkpoint, checkpointStep, perEpoch);
                    }
                    adam.step(e.gradients());
                    long nanos = System.nanoTime() - t0;
                    sessionNanos += nanos;
                    epochSeconds += nanos * 1e-9;
                    epochSamples += size;
                    sessionSamples += size;
                    samples += size;
                    step++;
                    metrics.write(step + "," + epoch + "," + RunOutput.number(tau) + "," + RunOutput.number(e.elbo()) + ","
                            + RunOutput.number(e.logLikelihood()) + "," + RunOutput.number(e.kl()) + "\n");
                    if (System.nanoTime() - lastFlush > FLUSH_NANOS) {
                        metrics.flush();
                        lastFlush = System.nanoTime();
                    }
                    runningLoss = Double.isNaN(runningLoss) ? -e.elbo() : 0.99 * runningLoss - 0.01 * e.elbo();
                    progress.step(String.format(Locale.ROOT, "-ELBO %.2f tau %.3f", runningLoss, tau));

                    boolean epochEnd = step % perEpoch == 0;
                    if (epochEnd || step == last) {
                        metrics.flush();
                        if (epochEnd) {
                            lastTest = evaluate(model, testImages, s, tau, EPOCH_EVAL_STREAM, epoch + 1, step, checkpoint, checkpointStep, perEpoch);
                            lastTestStep = step;
                            double rate = epochSamples / epochSeconds;
                            appendEpoch(dir, epoch + 1, step, tau, lastTest, epochSeconds, rate);
                            out.printf(Locale.ROOT, "%s epoch %d: tau %.4f, test ELBO %.3f (relaxed codes), %.3f (argmax codes), KL %.3f (%d images), %.0f samples/s%n",
                                    s.title(), epoch + 1, tau, lastTest.elbo(), lastTest.elboHard(), lastTest.kl(), lastTest.images(), rate);
                            out.flush();
                            epochSeconds = 0;
                            epochSamples = 0;
                        }
                        if (!allFinite(params)) throw failure(step, epoch, "a parameter became non-finite", checkpoint, checkpointStep, perEpoch);
                        Map<String, String> meta = new LinkedHashMap<>(identity);
                        meta.put("step", Long.toString(step));
                        meta.put("epoch", Long.toString(step / perEpoch));
                        meta.put("lr", Double.toString(s.lr()));
                        meta.put("train_samples", Long.toString(samples));
                        meta.put("train_seconds", Double.toString(trainSeconds + sessionNanos * 1e-9));
                        Checkpoint.save(checkpoint, params, adam, meta);
                        checkpointStep = step;
                    }
                }
            }
        }
        trainSeconds += sessionNanos * 1e-9;
        // The temperature of the last step taken: the relaxed test codes are drawn at it.
        double tauFinal = s.temperature().at(Math.max(0, step - 1));
        if (lastTest == null || lastTestStep != step) {
            lastTest = evaluate(model, testImages, s, tauFinal, FINAL_EVAL_STREAM, step, step, checkpoint, checkpointStep, perEpoch);
        }

        ModelSummary modelSummary = ModelSummary.of(model, model.summaryShapes(s.batch()));
        output.text("model.txt", modelSummary.toString());
        Map<String, String> weightsMeta = new LinkedHashMap<>(identity);
        weightsMeta.put("step", Long.toString(step));
        Checkpoint.save(dir.resolve("model.safetensors"), params, null, weightsMeta);

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
        summary.put("eval_images", lastTest.images());
        summary.put("binarization", "dynamic (training); test prefix binarized once from the seed");
        summary.put("test_elbo", lastTest.elbo());
        summary.put("test_elbo_hard", lastTest.elboHard());
        summary.put("test_log_likelihood", lastTest.logLikelihood());
        summary.put("test_log_likelihood_hard", lastTest.logLikelihoodHard());
        summary.put("test_kl", lastTest.kl());
        summary.put("test_codes", "one draw per image at tau_final: relaxed (test_elbo) and its one-hot argmax, an exact draw from q (test_elbo_hard)");
        summary.put("samples_per_s", trainSeconds > 0 ? samples / trainSeconds : Double.NaN);
        summary.put("samples_per_s_this_session", sessionNanos > 0 ? sessionSamples / (sessionNanos * 1e-9) : Double.NaN);
        summary.put("train_seconds", trainSeconds);
        summary.put("train_samples", samples);
        summary.put("resumed_from_step", resumedFrom);
        summary.put("checkpoint", checkpoint.toString());
        summary.put("threads", Parallel.threads());
        summary.put("jdk", Header.jdk());
        summary.put("simd", Header.simd());
        summary.put("wall_seconds", (System.nanoTime() - wallStart) * 1e-9);
        output.json("summary.json", summary);
        out.printf(Locale.ROOT, "%s: test ELBO %.3f (relaxed codes, tau %.4f), %.3f (argmax codes), KL %.3f, %.0f samples/s%n",
                s.title(), lastTest.elbo(), tauFinal, lastTest.elboHard(), lastTest.kl(), summary.get("samples_per_s"));
        out.flush();
        return new Result(dir, s, summary);
    }

    private static CategoricalVae.Evaluation evaluate(CategoricalVae model, Tensor testImages, Settings s, double tau, long stream, long index, long step,
                                                      Path checkpoint, long checkpointStep, int perEpoch) {
        int epoch = (int) (Math.max(0, step - 1) / perEpoch);
        CategoricalVae.Evaluation e;
        try {
            e = model.evaluate(testImages, tau, new Rng(VaeTraining.streamSeed(s.seed(), stream, index)));
        } catch (IllegalArgumentException failure) {
            throw failure(step, epoch, "evaluating on the test images failed: " + failure.getMessage(), checkpoint, checkpointStep, perEpoch);
        }
        if (!Double.isFinite(e.elbo()) || !Double.isFinite(e.elboHard())) {
            throw failure(step, epoch, "the test ELBO became non-finite (" + e.elbo() + ", argmax codes " + e.elboHard() + ")", checkpoint, checkpointStep, perEpoch);
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



    @SuppressWarnings("unchecked")
    private static Map<String, Object> finishedSummary(Path dir, long step, long last, int evalImages) throws IOException {
        Path file = dir.resolve("summary.json");
        if (step < last || !Files.exists(file)) return null;
        Map<String, Object> summary = new Gson().fromJson(Files.readString(file, StandardCharsets.UTF_8), Map.class);
        if (summary == null) return null;
        boolean same = number(summary.get("steps")) == step && number(summary.get("eval_images")) == evalImages;
        return same ? summary : null;
    }

    static double number(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private static RuntimeException failure(long step, int epoch, String what, Path checkpoint, long checkpointStep, int perEpoch) {
        String resume = checkpointStep < 0
                ? "no checkpoint has been written yet (the first comes at the end of epoch 1), so a rerun starts from the beginning"
                : "the last good checkpoint is " + checkpoint + " (step " + checkpointStep + ", epoch " + checkpointStep / perEpoch + "); rerun with --resume to continue from it";
        return new VaeTraining.TrainingFailure("training stopped at step " + step + " (epoch " + (epoch + 1) + "): " + what + "; " + resume + ", perhaps with a smaller --lr");
    }

    private static boolean allFinite(List<Parameter> params) {
        for (Parameter p : params) {
            Tensor t = p.value();
            float[] a = t.data32();
            for (int i = 0; i < t.size(); i++) if (!Float.isFinite(a[i])) return false;
        }
        return true;
    }
}
