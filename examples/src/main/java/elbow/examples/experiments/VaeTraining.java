package elbow.examples.experiments;

import com.google.gson.Gson;
import elbow.examples.cli.Header;
import elbow.examples.mnist.Batches;
import elbow.examples.mnist.DynamicBinarization;
import elbow.examples.mnist.MnistData;
import elbow.examples.output.LinePlot;
import elbow.examples.output.Progress;
import elbow.examples.output.RunOutput;
import elbow.nn.Adam;
import elbow.nn.Checkpoint;
import elbow.nn.ModelSummary;
import elbow.nn.Parameter;
import elbow.tensor.Parallel;
import elbow.tensor.Rng;
import elbow.tensor.Tensor;
import elbow.vi.amortized.AmortizedEvaluation;
import elbow.vi.amortized.AmortizedObjective;
import elbow.vi.inference.PathwiseGradient;
import elbow.vi.models.BernoulliVae;
import elbow.vi.models.BernoulliVaeStep;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One training run of the MNIST VAE or IWAE of Burda et al. (2015, §5.1), as the {@code vae} and
 * {@code iwae} commands run it: {@link BernoulliVae}, dynamically binarized batches, an
 * {@link AmortizedObjective} and Adam, then the evaluation of their §5.
 *
 * <h2>What a run folder holds</h2>
 * {@code metrics.csv} and {@code epochs.csv} ({@link TrainingLog}),
 * {@code checkpoint.safetensors} (model, Adam state and where the run is, after every epoch and at the
 * last step; written atomically), {@code model.safetensors} (weights only, loadable by PyTorch),
 * {@code model.txt}, {@code summary.json} and the plot {@code bounds}.
 *
 * <h2>Resuming</h2>
 * Every random number of step s comes from a generator seeded by (seed, s), the batch order of epoch e
 * from (seed, e), and the test set's binarization from the seed: nothing depends on generator state
 * carried across steps. So a run resumed from the checkpoint at step s (model and Adam state restored
 * bit for bit) takes the steps the uninterrupted run would have taken (bit for bit on the scalar
 * kernels; the vector kernels' transcendental functions can change their last bits when the JIT
 * compiles them); {@code metrics.csv} is cut back to its first s rows (a killed run may have written
 * rows past its checkpoint) and continues from there, without a gap or a repeat. The checkpoint records
 * the settings that shape the trajectory; resuming with different ones is refused, except for the
 * learning rate.
 *
 * <h2>Throughput</h2>
 * Samples per second count training examples (not particles) over the time spent in training steps
 * only: batch assembly, binarization, forward, backward and the Adam update; evaluation and file
 * writing are excluded. The total is kept in the checkpoint, so a resumed run reports all its steps.
 */
final class VaeTraining {
    static final String CHECKPOINT = "checkpoint.safetensors";
    /** Adam's ε in Burda et al.'s training procedure (and SPEC.md), against PyTorch's default 1e-8. */
    static final double ADAM_EPS = 1e-4;
    static final int PIXELS = MnistData.PIXELS;

    // Streams of the per-run random numbers: each (stream, index) pair seeds its own generator.
    private static final long TRAIN_STREAM = 1, EPOCH_EVAL_STREAM = 2, TEST_BINARIZATION_STREAM = 3, NLL_STREAM = 4, FINAL_EVAL_STREAM = 5;

    /** The settings of one run. {@code maxSteps} 0 means no cap. */
    record Settings(AmortizedObjective.Bound bound, PathwiseGradient estimator, int k, int batch, int epochs, double lr,
                    long seed, long maxSteps, int evalK, int evalLimit) {
        /** "vae" or "iwae". */
        String objective() {
            return bound.modelName();
        }

        /** e.g. "IWAE (k = 5, dreg)". */
        String title() {
            return objective().toUpperCase(Locale.ROOT) + " (k = " + k + ", " + VaeComparison.display(estimator) + ")";
        }

        /**
         * What a checkpoint must agree with to be resumed: what shapes the sequence of steps. The learning
         * rate is left out on purpose: resuming from the last good checkpoint with a smaller one is the
         * remedy for a run that diverged.
         */
        Map<String, String> identity(int trainImages) {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("objective", objective());
            m.put("estimator", estimator.label());
            m.put("k", Integer.toString(k));
            m.put("batch", Integer.toString(batch));
            m.put("adam_eps", Double.toString(ADAM_EPS));
            m.put("seed", Long.toString(seed));
            m.put("train_images", Integer.toString(trainImages));
            m.put("model", "BernoulliVae 784-200-200-50 float32");
            return m;
        }
    }

    /** A finished run: its folder and summary. */
    record Result(Path dir, Settings settings, Map<String, Object> summary) {}

    /** A run that produced NaN or an infinity, or failed inside a step: where, and what to resume from. */
    static final class TrainingFailure extends RuntimeException {
        TrainingFailure(String message) {
            super(message);
        }
    }

    private VaeTraining() {}

    /**
     * Trains (or, with {@code resume}, continues training) in {@code dir}, evaluates, writes the run's
     * files and returns its summary. A run whose checkpoint is already at its last step and whose
     * summary matches the evaluation settings is not evaluated again.
     */
    static Result run(Path dir, MnistData data, Settings s, boolean resume, PrintWriter out) throws IOException {
        long wallStart = System.nanoTime();
        RunOutput output = new RunOutput(dir);
        MnistData.Split train = data.train();
        BernoulliVae model = BernoulliVae.burda2015(new Rng(s.seed()));
        List<Parameter> params = AmortizedObjective.parameters(model);
        Adam adam = new Adam(params, s.lr(), 0.9, 0.999, ADAM_EPS);
        AmortizedObjective objective = new AmortizedObjective(s.bound(), s.estimator(), s.k());
        BernoulliVaeStep trainingStep = new BernoulliVaeStep(model, objective);
        Batches batches = new Batches(train.count(), s.batch(), s.seed());
        int perEpoch = batches.batchesPerEpoch();
        long planned = (long) s.epochs() * perEpoch;
        long last = s.maxSteps() > 0 ? Math.min(planned, s.maxSteps()) : planned;
        Map<String, String> identity = s.identity(train.count());
        Path checkpoint = dir.resolve(CHECKPOINT);
        TrainingLog log = new TrainingLog(dir);

        long step = 0, samples = 0;
        double trainSeconds = 0;
        Long resumedFrom = null;
        if (resume && Files.exists(checkpoint)) {
            Map<String, String> meta = Checkpoint.load(checkpoint, params, adam);
            checkIdentity(checkpoint, identity, meta);
            step = Long.parseLong(meta.get("step"));
            samples = Long.parseLong(meta.get("train_samples"));
            trainSeconds = Double.parseDouble(meta.get("train_seconds"));
            resumedFrom = step;
            Map<String, Object> done = finishedSummary(dir, step, last, s, Math.min(s.evalLimit(), data.test().count()));
            if (done != null) {
                out.printf(Locale.ROOT, "%s: already trained (step %d) and evaluated; %s is kept%n", s.title(), step, dir.resolve("summary.json"));
                return new Result(dir, s, done);
            }
            log.keepFirst(step, step / perEpoch);
            out.printf(Locale.ROOT, "%s: resuming from %s at step %d (epoch %d)%n", s.title(), checkpoint, step, step / perEpoch);
        } else {
            if (resume) out.printf(Locale.ROOT, "%s: no checkpoint in %s, starting from the beginning%n", s.title(), dir);
            Files.deleteIfExists(checkpoint);
            Files.deleteIfExists(dir.resolve("summary.json"));
            log.start();
        }
        out.flush();

        Tensor testImages = binarizedTestSet(data.test(), s.evalLimit(), s.seed());
        long checkpointStep = resumedFrom == null ? -1 : resumedFrom;
        AmortizedEvaluation.Bounds lastTest = null;
        long lastTestStep = -1;
        long sessionNanos = 0, sessionSamples = 0;
        // The session's totals when its second half of steps begins: the steady rate leaves out the first
        // half, in which the JIT compiles the kernels (the first seconds run interpreted).
        long halfStep = step + (last - step) / 2, halfNanos = 0, halfSamples = 0;
        float[] full = new float[s.batch() * PIXELS];
        int[] order = new int[train.count()];
        int orderEpoch = -1;
        double epochSeconds = 0;
        long epochSamples = 0;
        double runningElbo = Double.NaN;
        if (step < last) {
            try (TrainingLog.Steps metrics = log.steps(); Progress progress = new Progress(s.title(), last - step)) {
                while (step < last) {
                    int epoch = (int) (step / perEpoch), b = (int) (step % perEpoch);
                    if (epoch != orderEpoch) {
                        batches.order(epoch, order);
                        orderEpoch = epoch;
                    }
                    long t0 = System.nanoTime();
                    int size = batches.size(b);
                    float[] buffer = size == s.batch() ? full : new float[size * PIXELS];
                    Batches.copyRows(train.images(), PIXELS, order, batches.start(b), size, buffer);
                    Rng rng = new Rng(streamSeed(s.seed(), TRAIN_STREAM, step));
                    DynamicBinarization.sampleInPlace(buffer, size * PIXELS, rng);
                    AmortizedObjective.Estimate e;
                    try {
                        e = trainingStep.estimate(Tensor.wrap(buffer, size, PIXELS), rng);
                    } catch (IllegalArgumentException failure) {
                        metrics.flush();
                        throw failure(step + 1, epoch, failure.getMessage(), checkpoint, checkpointStep, perEpoch);
                    }
                    if (!e.isFinite()) {
                        metrics.flush();
                        throw failure(step + 1, epoch, String.format(Locale.ROOT, "the loss became non-finite (ELBO %s, IWELBO %s)", e.elbo(), e.iwelbo()),
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
                    if (step == halfStep) {
                        halfNanos = sessionNanos;
                        halfSamples = sessionSamples;
                    }
                    metrics.append(step, epoch, e.elbo(), e.iwelbo());
                    runningElbo = Double.isNaN(runningElbo) ? e.elbo() : 0.99 * runningElbo + 0.01 * e.elbo();
                    progress.step(String.format(Locale.ROOT, "ELBO %.2f", runningElbo));

                    boolean epochEnd = step % perEpoch == 0;
                    if (epochEnd || step == last) {
                        metrics.flush();
                        if (epochEnd) {
                            lastTest = testBounds(model, testImages, s, EPOCH_EVAL_STREAM, epoch + 1, step, checkpoint, checkpointStep, perEpoch);
                            lastTestStep = step;
                            double rate = epochSamples / epochSeconds;
                            log.appendEpoch(epoch + 1, step, lastTest.meanElbo(), lastTest.meanIwelbo(), epochSeconds, rate);
                            log.appendHeap(epoch + 1, step);
                            out.printf(Locale.ROOT, "%s epoch %d: test ELBO %.3f, test IWELBO %.3f (%d images), %.0f samples/s%n",
                                    s.title(), epoch + 1, lastTest.meanElbo(), lastTest.meanIwelbo(), testImages.dim(0), rate);
                            out.flush();
                            epochSeconds = 0;
                            epochSamples = 0;
                        }
                        if (!allFinite(params)) {
                            throw failure(step, epoch, "a parameter became non-finite", checkpoint, checkpointStep, perEpoch);
                        }
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

        // Evaluation (Burda et al. §5): the run's bounds on the test prefix, log p(x) with eval-k particles, active units.
        if (lastTest == null || lastTestStep != step) {
            // Not at the end of an epoch in this session (stopped by --max-steps, or resumed with nothing left to train).
            lastTest = testBounds(model, testImages, s, FINAL_EVAL_STREAM, step, step, checkpoint, checkpointStep, perEpoch);
        }
        out.printf(Locale.ROOT, "%s: estimating the test log-likelihood with k = %d on %d test images ...%n", s.title(), s.evalK(), testImages.dim(0));
        out.flush();
        long evalStart = System.nanoTime();
        double[] logLikelihood = AmortizedEvaluation.logLikelihood(model, testImages, s.evalK(), new Rng(streamSeed(s.seed(), NLL_STREAM, 0)));
        double nll = -mean(logLikelihood);
        double evalSeconds = (System.nanoTime() - evalStart) * 1e-9;
        AmortizedEvaluation.ActiveUnits units = AmortizedEvaluation.activeUnits(model, testImages, 1000, AmortizedEvaluation.ACTIVE_THRESHOLD);
        ModelSummary modelSummary = ModelSummary.of(model, model.summaryShapes(s.batch(), s.k()));
        output.text("model.txt", modelSummary.toString());
        Map<String, String> weightsMeta = new LinkedHashMap<>(identity);
        weightsMeta.put("step", Long.toString(step));
        Checkpoint.save(dir.resolve("model.safetensors"), params, null, weightsMeta);

        double samplesPerSecond = trainSeconds > 0 ? samples / trainSeconds : Double.NaN;
        double sessionRate = sessionNanos > 0 ? sessionSamples / (sessionNanos * 1e-9) : Double.NaN;
        double steadyRate = sessionNanos > halfNanos ? (sessionSamples - halfSamples) / ((sessionNanos - halfNanos) * 1e-9) : Double.NaN;
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("experiment", s.objective());
        summary.put("objective", s.objective());
        summary.put("bound", s.bound().label());
        summary.put("estimator", s.estimator().label());
        summary.put("k", s.k());
        summary.put("batch", s.batch());
        summary.put("epochs", s.epochs());
        summary.put("epochs_completed", step / (double) perEpoch);
        summary.put("steps", step);
        summary.put("steps_per_epoch", perEpoch);
        summary.put("max_steps", s.maxSteps());
        summary.put("lr", s.lr());
        summary.put("adam", Map.of("beta1", 0.9, "beta2", 0.999, "eps", ADAM_EPS));
        summary.put("seed", s.seed());
        summary.put("train_images", train.count());
        summary.put("eval_images", testImages.dim(0));
        summary.put("eval_k", s.evalK());
        summary.put("binarization", "dynamic (training); test prefix binarized once from the seed");
        summary.put("test_elbo", lastTest.meanElbo());
        summary.put("test_iwelbo", lastTest.meanIwelbo());
        summary.put("test_bounds_k", s.k());
        summary.put("test_nll", nll);
        summary.put("test_nll_seconds", evalSeconds);
        summary.put("active_units", units.count());
        summary.put("active_unit_threshold", units.threshold());
        summary.put("active_unit_variances", units.variances());
        summary.put("samples_per_s", samplesPerSecond);
        summary.put("samples_per_s_this_session", sessionRate);
        summary.put("samples_per_s_steady", steadyRate);
        summary.put("train_seconds", trainSeconds);
        summary.put("train_samples", samples);
        summary.put("parameters", modelSummary.totalParameters());
        summary.put("resumed_from_step", resumedFrom);
        summary.put("checkpoint", checkpoint.toString());
        summary.put("threads", Parallel.threads());
        summary.put("jdk", Header.jdk());
        summary.put("simd", Header.simd());
        summary.put("wall_seconds", (System.nanoTime() - wallStart) * 1e-9);
        output.json("summary.json", summary);
        plotRun(dir, s);
        out.printf(Locale.ROOT, "%s: test ELBO %.3f, test IWELBO %.3f, test NLL %.3f (k = %d, %d images), %d active units, %.0f samples/s%n",
                s.title(), lastTest.meanElbo(), lastTest.meanIwelbo(), nll, s.evalK(), testImages.dim(0), units.count(), samplesPerSecond);
        out.flush();
        return new Result(dir, s, summary);
    }

    /**
     * The run's bounds on the test prefix, from a generator of (seed, stream, index); a model that has
     * diverged without a NaN in its training loss (a log-variance so large or small that σ is 0 or ∞)
     * fails here, and is reported as the training failure it is.
     */
    private static AmortizedEvaluation.Bounds testBounds(BernoulliVae model, Tensor testImages, Settings s, long stream, long index, long step,
                                                         Path checkpoint, long checkpointStep, int perEpoch) {
        int epoch = (int) ((step - 1) / perEpoch);
        AmortizedEvaluation.Bounds b;
        try {
            b = AmortizedEvaluation.bounds(model, testImages, s.k(), new Rng(streamSeed(s.seed(), stream, index)));
        } catch (IllegalArgumentException e) {
            throw failure(step, epoch, "evaluating the test bounds failed: " + e.getMessage(), checkpoint, checkpointStep, perEpoch);
        }
        if (!Double.isFinite(b.meanElbo()) || !Double.isFinite(b.meanIwelbo())) {
            throw failure(step, epoch, "the test bounds became non-finite (ELBO " + b.meanElbo() + ", IWELBO " + b.meanIwelbo() + ")", checkpoint, checkpointStep, perEpoch);
        }
        return b;
    }

    /** The layers, output shapes (for a batch and its K particles) and parameter counts of the model a run trains. */
    static ModelSummary modelSummary(Settings s) {
        BernoulliVae model = BernoulliVae.burda2015(new Rng(s.seed()));
        return ModelSummary.of(model, model.summaryShapes(s.batch(), s.k()));
    }

    /** The run's own plot: ELBO and IWELBO of the training batches over the steps, test bounds per epoch. */
    private static void plotRun(Path dir, Settings s) throws IOException {
        TrainingLog.Series r = TrainingLog.read(dir);
        VaeComparison.Curve elbo = VaeComparison.thinned("ELBO (batch)", r.step(), r.elbo()), iwelbo = VaeComparison.thinned("IWELBO (batch)", r.step(), r.iwelbo());
        LinePlot plot = new LinePlot(s.title() + ": bounds during training", "step", "nats per image")
                .trace(elbo.name(), elbo.step(), elbo.values(), LinePlot.PALETTE[0]);
        // With one particle the two bounds are the same number.
        if (s.k() > 1) plot.trace(iwelbo.name(), iwelbo.step(), iwelbo.values(), LinePlot.PALETTE[1]);
        if (r.epochStep().length > 0) {
            plot.line("test ELBO", r.epochStep(), r.testElbo(), LinePlot.PALETTE[2]);
            if (s.k() > 1) plot.line("test IWELBO", r.epochStep(), r.testIwelbo(), LinePlot.PALETTE[3]);
        }
        plot.yRangeAfter(0.1, elbo.values(), iwelbo.values()).save(dir, "bounds");
    }

    // ---------------------------------------------------------------- helpers

    /** The first {@code limit} test images, binarized once with a generator of the seed, as [n, 784]. */
    static Tensor binarizedTestSet(MnistData.Split test, int limit, long seed) {
        int n = Math.min(limit, test.count());
        float[] pixels = new float[n * PIXELS];
        DynamicBinarization.sample(test.images(), 0, pixels, 0, pixels.length, new Rng(streamSeed(seed, TEST_BINARIZATION_STREAM, 0)));
        return Tensor.wrap(pixels, n, PIXELS);
    }

    /** A well-mixed seed per (run seed, stream, index) (SplitMix64's finaliser), so neighbouring indices give unrelated generators. */
    static long streamSeed(long seed, long stream, long index) {
        return mix64(seed ^ mix64(stream * 0x9E3779B97F4A7C15L ^ mix64(index + 0x632BE59BD9B4E019L)));
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static void checkIdentity(Path checkpoint, Map<String, String> identity, Map<String, String> meta) {
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, String> e : identity.entrySet()) {
            String saved = meta.get(e.getKey());
            if (!e.getValue().equals(saved)) differences.add(e.getKey() + " " + saved + " in the checkpoint, " + e.getValue() + " now");
        }
        if (!differences.isEmpty() || meta.get("step") == null) {
            throw new IllegalStateException("cannot resume from " + checkpoint + ": it was written with other settings ("
                    + (differences.isEmpty() ? "no step recorded" : String.join("; ", differences)) + "); rerun with the same settings, or use another --out");
        }
    }

    /** The stored summary of a run that is complete at {@code last} steps with the same evaluation settings, or null. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> finishedSummary(Path dir, long step, long last, Settings s, int evalImages) throws IOException {
        Path file = dir.resolve("summary.json");
        if (step < last || !Files.exists(file)) return null;
        Map<String, Object> summary = new Gson().fromJson(Files.readString(file, StandardCharsets.UTF_8), Map.class);
        if (summary == null) return null;
        boolean same = number(summary.get("steps")) == step && number(summary.get("eval_k")) == s.evalK() && number(summary.get("eval_images")) == evalImages;
        return same ? summary : null;
    }

    private static double number(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private static TrainingFailure failure(long step, int epoch, String what, Path checkpoint, long checkpointStep, int perEpoch) {
        String resume = checkpointStep < 0
                ? "no checkpoint has been written yet (the first comes at the end of epoch 1), so a rerun starts from the beginning"
                : "the last good checkpoint is " + checkpoint + " (step " + checkpointStep + ", epoch " + checkpointStep / perEpoch + "); rerun with --resume to continue from it";
        return new TrainingFailure("training stopped at step " + step + " (epoch " + (epoch + 1) + "): " + what + "; " + resume + ", perhaps with a smaller --lr");
    }

    private static boolean allFinite(List<Parameter> params) {
        for (Parameter p : params) {
            Tensor t = p.value();
            float[] a = t.data32();
            for (int i = 0; i < t.size(); i++) if (!Float.isFinite(a[i])) return false;
        }
        return true;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }
}
