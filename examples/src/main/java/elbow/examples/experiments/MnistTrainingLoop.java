package elbow.examples.experiments;

import com.google.gson.Gson;
import elbow.examples.cli.Header;
import elbow.examples.mnist.Batches;
import elbow.examples.mnist.DynamicBinarization;
import elbow.examples.mnist.MnistData;
import elbow.examples.output.Progress;
import elbow.nn.Adam;
import elbow.nn.Checkpoint;
import elbow.nn.Parameter;
import elbow.tensor.Parallel;
import elbow.tensor.Rng;
import elbow.tensor.Tensor;
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
 * The training loop of both MNIST experiments ({@code vae}/{@code iwae} through {@link VaeTraining},
 * {@code gumbel-vae} through {@link GumbelVaeTraining}): each step's batch (the epoch's order, the copy,
 * the dynamic binarization), the model's step and Adam's, the timing, a checkpoint after every epoch
 * and at the last step, resuming, and the failure that says where to resume from. What a model does
 * differently (its step, what a step logs, its evaluation at an epoch's end) comes from a {@link Model}.
 *
 * <h2>Seeding</h2>
 * Every random number of step s comes from a generator seeded by (seed, stream, s) ({@link #streamSeed}),
 * the batch order of epoch e from (seed, e): nothing depends on generator state carried across steps,
 * so a run resumed from its checkpoint takes the steps the uninterrupted run would have taken.
 *
 * <h2>Throughput</h2>
 * Samples per second count training examples (not particles) over the time spent in training steps
 * only: batch assembly, binarization, forward, backward and the Adam update; evaluation and file
 * writing are excluded. The total is kept in the checkpoint, so a resumed run reports all its steps.
 */
final class MnistTrainingLoop {
    static final int PIXELS = MnistData.PIXELS;

    private MnistTrainingLoop() {}

    /** A model's part of the loop; R is what its training step returns. */
    interface Model<R> {
        /** The training step on {@code batch} [size, 784] of binarized images, drawing from {@code rng}. */
        R step(Tensor batch, long step, Rng rng);

        /** Null when the step's loss is finite; else what became non-finite, for the failure message. */
        String nonFinite(R result);

        /** The gradients of the loss, in the order of the parameters Adam was given. */
        List<Tensor> gradients(R result);

        /** The row of metrics.csv after {@code step} steps. */
        String metricsRow(long step, int epoch, R result);

        /** The progress bar's label after this step. */
        String progress(R result);

        /** After the last step of epoch {@code epoch} (from 1): evaluate, log and report. */
        void endOfEpoch(int epoch, long step, double epochSeconds, double samplesPerSecond) throws IOException;
    }

    /** What the loop needs of a run: its data, batches, optimiser and the checkpoint's identity. */
    record Plan(String title, MnistData.Split train, Batches batches, int batch, long seed, long trainStream, long lastStep,
                List<Parameter> params, Adam adam, Map<String, String> identity, double lr, Path checkpoint, Path metrics) {
        /**
         * The plan of {@code epochs} epochs of {@code batch} images (at most {@code maxSteps} steps; 0: no
         * cap) in {@code dir}, with its checkpoint there and {@code metricsFile} as the per-step log.
         */
        static Plan of(String title, MnistData.Split train, int batch, int epochs, long maxSteps, long seed, long trainStream,
                       List<Parameter> params, Adam adam, Map<String, String> identity, double lr, Path dir, String checkpointFile,
                       String metricsFile) {
            Batches batches = new Batches(train.count(), batch, seed);
            long planned = (long) epochs * batches.batchesPerEpoch();
            long last = maxSteps > 0 ? Math.min(planned, maxSteps) : planned;
            return new Plan(title, train, batches, batch, seed, trainStream, last, params, adam, identity, lr,
                    dir.resolve(checkpointFile), dir.resolve(metricsFile));
        }

        int perEpoch() {
            return batches.batchesPerEpoch();
        }
    }

    /** A run's logs, which a fresh start creates and a resumed run cuts back to its checkpoint's rows. */
    interface Logs {
        /** The files with their headers only. */
        void start() throws IOException;

        /** Keeps the first {@code steps} per-step rows and {@code epochs} per-epoch rows. */
        void keepFirst(long steps, long epochs) throws IOException;
    }

    /** Where a run starts, or, when it is already trained and evaluated, its stored summary. */
    record Start(Position at, Map<String, Object> finishedSummary) {}

    /**
     * Starts the run in {@code dir}: with {@code resume} and a checkpoint there, from the checkpoint
     * (its logs cut back to it), unless its summary says it is complete with the same evaluation
     * settings ({@code evaluation}: summary key and number); otherwise from the beginning, with fresh
     * logs and no old checkpoint or summary left.
     */
    static Start start(Plan plan, boolean resume, Path dir, Map<String, Double> evaluation, Logs logs, PrintWriter out) throws IOException {
        int perEpoch = plan.perEpoch();
        try {
            if (resume && Files.exists(plan.checkpoint())) {
                Position at = resume(plan);
                Map<String, Object> done = finishedSummary(dir, at.step, plan.lastStep(), evaluation);
                if (done != null) {
                    out.printf(Locale.ROOT, "%s: already trained (step %d) and evaluated; %s is kept%n", plan.title(), at.step, dir.resolve("summary.json"));
                    return new Start(at, done);
                }
                logs.keepFirst(at.step, at.step / perEpoch);
                out.printf(Locale.ROOT, "%s: resuming from %s at step %d (epoch %d)%n", plan.title(), plan.checkpoint(), at.step, at.step / perEpoch);
                return new Start(at, null);
            }
            if (resume) out.printf(Locale.ROOT, "%s: no checkpoint in %s, starting from the beginning%n", plan.title(), dir);
            Files.deleteIfExists(plan.checkpoint());
            Files.deleteIfExists(dir.resolve("summary.json"));
            logs.start();
            return new Start(new Position(), null);
        } finally {
            out.flush();
        }
    }

    /**
     * Where a run stands: steps taken, images trained on and seconds spent in training steps over every
     * session, and the step of the last checkpoint (-1 before the first); then this session's totals.
     */
    static final class Position {
        long step, samples, checkpointStep = -1;
        double trainSeconds;
        Long resumedFrom;
        long sessionNanos, sessionSamples;
        // The session's totals when its second half of steps began: the steady rate leaves out the first
        // half, in which the JIT compiles the kernels (the first seconds run interpreted).
        long halfNanos, halfSamples;

        /** A run from the beginning. */
        Position() {}

        /** Images per second over all the run's training steps. */
        double samplesPerSecond() {
            return trainSeconds > 0 ? samples / trainSeconds : Double.NaN;
        }

        double sessionRate() {
            return sessionNanos > 0 ? sessionSamples / (sessionNanos * 1e-9) : Double.NaN;
        }

        /** Images per second over the second half of this session's steps. */
        double steadyRate() {
            return sessionNanos > halfNanos ? (sessionSamples - halfSamples) / ((sessionNanos - halfNanos) * 1e-9) : Double.NaN;
        }
    }

    /**
     * Loads {@code checkpoint} into the parameters and Adam's state, after checking that it was written
     * with the same settings, and returns where it stands.
     */
    private static Position resume(Plan plan) throws IOException {
        Map<String, String> meta = Checkpoint.load(plan.checkpoint(), plan.params(), plan.adam());
        checkIdentity(plan.checkpoint(), plan.identity(), meta);
        Position at = new Position();
        at.step = Long.parseLong(meta.get("step"));
        at.samples = Long.parseLong(meta.get("train_samples"));
        at.trainSeconds = Double.parseDouble(meta.get("train_seconds"));
        at.resumedFrom = at.step;
        at.checkpointStep = at.step;
        return at;
    }

    /** Trains from {@code at} to the plan's last step, appending to metrics.csv; {@code at} moves along. */
    static <R> void train(Plan plan, Model<R> model, Position at) throws IOException {
        if (at.step >= plan.lastStep()) return;
        int perEpoch = plan.perEpoch();
        long halfStep = at.step + (plan.lastStep() - at.step) / 2;
        float[] full = new float[plan.batch() * PIXELS];
        int[] order = new int[plan.train().count()];
        int orderEpoch = -1;
        double epochSeconds = 0;
        long epochSamples = 0;
        try (TrainingLog.Steps metrics = TrainingLog.Steps.appendingTo(plan.metrics());
             Progress progress = new Progress(plan.title(), plan.lastStep() - at.step)) {
            while (at.step < plan.lastStep()) {
                int epoch = (int) (at.step / perEpoch), b = (int) (at.step % perEpoch);
                if (epoch != orderEpoch) {
                    plan.batches().order(epoch, order);
                    orderEpoch = epoch;
                }
                long t0 = System.nanoTime();
                int size = plan.batches().size(b);
                float[] buffer = size == plan.batch() ? full : new float[size * PIXELS];
                Batches.copyRows(plan.train().images(), PIXELS, order, plan.batches().start(b), size, buffer);
                Rng rng = new Rng(streamSeed(plan.seed(), plan.trainStream(), at.step));
                DynamicBinarization.sampleInPlace(buffer, size * PIXELS, rng);
                R result;
                try {
                    result = model.step(Tensor.wrap(buffer, size, PIXELS), at.step, rng);
                } catch (IllegalArgumentException failure) {
                    metrics.flush();
                    throw failure(at.step + 1, epoch, failure.getMessage(), plan, at);
                }
                String nonFinite = model.nonFinite(result);
                if (nonFinite != null) {
                    metrics.flush();
                    throw failure(at.step + 1, epoch, nonFinite, plan, at);
                }
                plan.adam().step(model.gradients(result));
                long nanos = System.nanoTime() - t0;
                at.sessionNanos += nanos;
                at.sessionSamples += size;
                at.samples += size;
                epochSeconds += nanos * 1e-9;
                epochSamples += size;
                at.step++;
                if (at.step == halfStep) {
                    at.halfNanos = at.sessionNanos;
                    at.halfSamples = at.sessionSamples;
                }
                metrics.row(model.metricsRow(at.step, epoch, result));
                progress.step(model.progress(result));

                boolean epochEnd = at.step % perEpoch == 0;
                if (epochEnd || at.step == plan.lastStep()) {
                    metrics.flush();
                    if (epochEnd) {
                        model.endOfEpoch(epoch + 1, at.step, epochSeconds, epochSamples / epochSeconds);
                        epochSeconds = 0;
                        epochSamples = 0;
                    }
                    if (!allFinite(plan.params())) throw failure(at.step, epoch, "a parameter became non-finite", plan, at);
                    Map<String, String> meta = new LinkedHashMap<>(plan.identity());
                    meta.put("step", Long.toString(at.step));
                    meta.put("epoch", Long.toString(at.step / perEpoch));
                    meta.put("lr", Double.toString(plan.lr()));
                    meta.put("train_samples", Long.toString(at.samples));
                    meta.put("train_seconds", Double.toString(at.trainSeconds + at.sessionNanos * 1e-9));
                    Checkpoint.save(plan.checkpoint(), plan.params(), plan.adam(), meta);
                    at.checkpointStep = at.step;
                }
            }
        } finally {
            at.trainSeconds += at.sessionNanos * 1e-9;
        }
    }

    /** The trained weights, without Adam's state, in {@code model.safetensors} beside the checkpoint. */
    static void saveWeights(Plan plan, long step) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>(plan.identity());
        meta.put("step", Long.toString(step));
        Checkpoint.save(plan.checkpoint().resolveSibling("model.safetensors"), plan.params(), null, meta);
    }

    /** The summary's entries on the training itself: throughput, where it resumed, the machine, wall time since {@code wallStart}. */
    static void putTraining(Map<String, Object> summary, Plan plan, Position at, long wallStart) {
        summary.put("samples_per_s", at.samplesPerSecond());
        summary.put("samples_per_s_this_session", at.sessionRate());
        summary.put("samples_per_s_steady", at.steadyRate());
        summary.put("train_seconds", at.trainSeconds);
        summary.put("train_samples", at.samples);
        summary.put("resumed_from_step", at.resumedFrom);
        summary.put("checkpoint", plan.checkpoint().toString());
        summary.put("threads", Parallel.threads());
        summary.put("jdk", Header.jdk());
        summary.put("simd", Header.simd());
        summary.put("wall_seconds", (System.nanoTime() - wallStart) * 1e-9);
    }

    /** A run that produced NaN or an infinity, or failed inside a step: where, and what to resume from. */
    static final class TrainingFailure extends RuntimeException {
        TrainingFailure(String message) {
            super(message);
        }
    }

    /** The failure at {@code step} (in epoch {@code epoch}, from 0), naming the checkpoint to resume from. */
    static TrainingFailure failure(long step, int epoch, String what, Plan plan, Position at) {
        String resume = at.checkpointStep < 0
                ? "no checkpoint has been written yet (the first comes at the end of epoch 1), so a rerun starts from the beginning"
                : "the last good checkpoint is " + plan.checkpoint() + " (step " + at.checkpointStep + ", epoch " + at.checkpointStep / plan.perEpoch()
                + "); rerun with --resume to continue from it";
        return new TrainingFailure("training stopped at step " + step + " (epoch " + (epoch + 1) + "): " + what + "; " + resume + ", perhaps with a smaller --lr");
    }

    /** The failure of an evaluation after {@code step} steps. */
    static TrainingFailure evaluationFailure(long step, String what, Plan plan, Position at) {
        return failure(step, (int) (Math.max(0, step - 1) / plan.perEpoch()), what, plan, at);
    }

    /** The first {@code limit} test images, binarized once with a generator of the seed, as [n, 784]. */
    static Tensor binarizedTestSet(MnistData.Split test, int limit, long seed, long stream) {
        int n = Math.min(limit, test.count());
        float[] pixels = new float[n * PIXELS];
        DynamicBinarization.sample(test.images(), 0, pixels, 0, pixels.length, new Rng(streamSeed(seed, stream, 0)));
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

    /**
     * The stored summary of a run whose checkpoint is at its last step, when the summary records that
     * many steps and the same evaluation settings ({@code expected}: key and number); else null.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> finishedSummary(Path dir, long step, long last, Map<String, Double> expected) throws IOException {
        Path file = dir.resolve("summary.json");
        if (step < last || !Files.exists(file)) return null;
        Map<String, Object> summary = new Gson().fromJson(Files.readString(file, StandardCharsets.UTF_8), Map.class);
        if (summary == null || number(summary.get("steps")) != step) return null;
        for (Map.Entry<String, Double> e : expected.entrySet()) if (number(summary.get(e.getKey())) != e.getValue()) return null;
        return summary;
    }

    /** A JSON number as a double; NaN for anything else. */
    static double number(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
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
