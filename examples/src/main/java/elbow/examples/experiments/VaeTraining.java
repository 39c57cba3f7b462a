package elbow.examples.experiments;

import elbow.examples.mnist.MnistData;
import elbow.examples.output.LinePlot;
import elbow.examples.output.RunOutput;
import elbow.nn.Adam;
import elbow.nn.ModelSummary;
import elbow.nn.Parameter;
import elbow.tensor.Rng;
import elbow.tensor.Tensor;
import elbow.vi.amortized.AmortizedEvaluation;
import elbow.vi.amortized.AmortizedObjective;
import elbow.vi.inference.PathwiseGradient;
import elbow.vi.models.BernoulliVae;
import elbow.vi.models.BernoulliVaeStep;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
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
 * <p>The loop itself (batches, seeding, checkpoints, failures, throughput) is {@link MnistTrainingLoop}'s,
 * shared with {@link GumbelVaeTraining}.
 */
final class VaeTraining {
    static final String CHECKPOINT = "checkpoint.safetensors";
    /** Adam's ε in Burda et al.'s training procedure (and SPEC.md), against PyTorch's default 1e-8. */
    static final double ADAM_EPS = 1e-4;

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
        MnistTrainingLoop.Plan plan = MnistTrainingLoop.Plan.of(s.title(), train, s.batch(), s.epochs(), s.maxSteps(), s.seed(), TRAIN_STREAM,
                params, adam, s.identity(train.count()), s.lr(), dir, CHECKPOINT, TrainingLog.METRICS);
        int perEpoch = plan.perEpoch();
        TrainingLog log = new TrainingLog(dir);
        MnistTrainingLoop.Start start = MnistTrainingLoop.start(plan, resume, dir,
                Map.of("eval_k", (double) s.evalK(), "eval_images", (double) Math.min(s.evalLimit(), data.test().count())), log, out);
        if (start.finishedSummary() != null) return new Result(dir, s, start.finishedSummary());
        MnistTrainingLoop.Position at = start.at();

        Tensor testImages = binarizedTestSet(data.test(), s.evalLimit(), s.seed());
        Steps steps = new Steps(s, model, trainingStep, testImages, log, plan, at, out);
        MnistTrainingLoop.train(plan, steps, at);
        long step = at.step;

        // Evaluation (Burda et al. §5): the run's bounds on the test prefix, log p(x) with eval-k particles, active units.
        AmortizedEvaluation.Bounds test = steps.lastTest;
        if (test == null || steps.lastTestStep != step) {
            // Not at the end of an epoch in this session (stopped by --max-steps, or resumed with nothing left to train).
            test = testBounds(model, testImages, s, FINAL_EVAL_STREAM, step, step, plan, at);
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
        MnistTrainingLoop.saveWeights(plan, step);

        double samplesPerSecond = at.samplesPerSecond();
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
        summary.put("test_elbo", test.meanElbo());
        summary.put("test_iwelbo", test.meanIwelbo());
        summary.put("test_bounds_k", s.k());
        summary.put("test_nll", nll);
        summary.put("test_nll_seconds", evalSeconds);
        summary.put("active_units", units.count());
        summary.put("active_unit_threshold", units.threshold());
        summary.put("active_unit_variances", units.variances());
        summary.put("parameters", modelSummary.totalParameters());
        MnistTrainingLoop.putTraining(summary, plan, at, wallStart);
        output.json("summary.json", summary);
        plotRun(dir, s);
        out.printf(Locale.ROOT, "%s: test ELBO %.3f, test IWELBO %.3f, test NLL %.3f (k = %d, %d images), %d active units, %.0f samples/s%n",
                s.title(), test.meanElbo(), test.meanIwelbo(), nll, s.evalK(), testImages.dim(0), units.count(), samplesPerSecond);
        out.flush();
        return new Result(dir, s, summary);
    }

    /** The VAE's part of the training loop; it keeps the last evaluation on the test prefix. */
    private static final class Steps implements MnistTrainingLoop.Model<AmortizedObjective.Estimate> {
        private final Settings s;
        private final BernoulliVae model;
        private final BernoulliVaeStep trainingStep;
        private final Tensor testImages;
        private final TrainingLog log;
        private final MnistTrainingLoop.Plan plan;
        private final MnistTrainingLoop.Position at;
        private final PrintWriter out;
        private double runningElbo = Double.NaN;
        AmortizedEvaluation.Bounds lastTest;
        long lastTestStep = -1;

        Steps(Settings s, BernoulliVae model, BernoulliVaeStep trainingStep, Tensor testImages, TrainingLog log,
              MnistTrainingLoop.Plan plan, MnistTrainingLoop.Position at, PrintWriter out) {
            this.s = s;
            this.model = model;
            this.trainingStep = trainingStep;
            this.testImages = testImages;
            this.log = log;
            this.plan = plan;
            this.at = at;
            this.out = out;
        }

        @Override
        public AmortizedObjective.Estimate step(Tensor batch, long step, Rng rng) {
            return trainingStep.estimate(batch, rng);
        }

        @Override
        public String nonFinite(AmortizedObjective.Estimate e) {
            return e.isFinite() ? null : String.format(Locale.ROOT, "the loss became non-finite (ELBO %s, IWELBO %s)", e.elbo(), e.iwelbo());
        }

        @Override
        public List<Tensor> gradients(AmortizedObjective.Estimate e) {
            return e.gradients();
        }

        @Override
        public String metricsRow(long step, int epoch, AmortizedObjective.Estimate e) {
            return TrainingLog.metricsRow(step, epoch, e.elbo(), e.iwelbo());
        }

        @Override
        public String progress(AmortizedObjective.Estimate e) {
            runningElbo = Double.isNaN(runningElbo) ? e.elbo() : 0.99 * runningElbo + 0.01 * e.elbo();
            return String.format(Locale.ROOT, "ELBO %.2f", runningElbo);
        }

        @Override
        public void endOfEpoch(int epoch, long step, double seconds, double rate) {
            lastTest = testBounds(model, testImages, s, EPOCH_EVAL_STREAM, epoch, step, plan, at);
            lastTestStep = step;
            log.appendEpoch(epoch, step, lastTest.meanElbo(), lastTest.meanIwelbo(), seconds, rate);
            log.appendHeap(epoch, step);
            out.printf(Locale.ROOT, "%s epoch %d: test ELBO %.3f, test IWELBO %.3f (%d images), %.0f samples/s%n",
                    s.title(), epoch, lastTest.meanElbo(), lastTest.meanIwelbo(), testImages.dim(0), rate);
            out.flush();
        }
    }

    /**
     * The run's bounds on the test prefix, from a generator of (seed, stream, index); a model that has
     * diverged without a NaN in its training loss (a log-variance so large or small that σ is 0 or ∞)
     * fails here, and is reported as the training failure it is.
     */
    private static AmortizedEvaluation.Bounds testBounds(BernoulliVae model, Tensor testImages, Settings s, long stream, long index, long step,
                                                         MnistTrainingLoop.Plan plan, MnistTrainingLoop.Position at) {
        AmortizedEvaluation.Bounds b;
        try {
            b = AmortizedEvaluation.bounds(model, testImages, s.k(), new Rng(streamSeed(s.seed(), stream, index)));
        } catch (IllegalArgumentException e) {
            throw MnistTrainingLoop.evaluationFailure(step, "evaluating the test bounds failed: " + e.getMessage(), plan, at);
        }
        if (!Double.isFinite(b.meanElbo()) || !Double.isFinite(b.meanIwelbo())) {
            throw MnistTrainingLoop.evaluationFailure(step, "the test bounds became non-finite (ELBO " + b.meanElbo() + ", IWELBO " + b.meanIwelbo() + ")", plan, at);
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
        return MnistTrainingLoop.binarizedTestSet(test, limit, seed, TEST_BINARIZATION_STREAM);
    }

    static long streamSeed(long seed, long stream, long index) {
        return MnistTrainingLoop.streamSeed(seed, stream, index);
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }
}
