package elbow.nn;

import elbow.tensor.Parallel;
import elbow.tensor.Shape;
import elbow.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A first-order optimiser over a fixed list of named parameters: {@link #step()} reads each parameter's
 * gradient and updates its tensor in place.
 *
 * <pre>{@code
 * Adam adam = new Adam(model.parameters(), 1e-3, 0.9, 0.999, 1e-4);
 * for (...) {
 *     adam.zeroGrad();
 *     loss(model, batch).backward();
 *     adam.step();
 * }
 * }</pre>
 *
 * <p>The hot path allocates nothing: state buffers (Adam's moments, the momentum, AdaGrad's sums) are
 * allocated once, in the constructor, in each parameter's dtype, and every update is a flat loop over the
 * parameter's own array, its gradient and its state, which the JIT compiles to vector instructions.
 * Parameters are cut into chunks of {@value #CHUNK} elements once, and a step over more than
 * {@value #PARALLEL_MIN} elements in all runs the chunks on {@link Parallel}'s workers: every element is
 * updated independently, so the result is the same for every thread count.
 *
 * <p>State is exposed for {@link Checkpoint} as named tensors, {@code optimizer.<kind>.<buffer>.<parameter>}
 * (for example "optimizer.adam.m.encoder.0.weight"), with the step count and the settings as metadata.
 *
 * <p>A parameter whose gradient is null at a step (no backward pass reached it) is skipped, state and
 * all, as PyTorch skips it; the step count is the optimiser's, one for all parameters.
 */
public abstract class Optimizer {
    /** Elements per chunk of work: about 32k floats, so a chunk's four arrays stream through L2 in tens of microseconds. */
    static final int CHUNK = 1 << 15;
    /** Below this many elements in all a step runs on the calling thread: waking a worker would cost more. */
    static final int PARALLEL_MIN = 1 << 16;

    private final List<Parameter> params;
    private final Tensor[] values;
    private final List<String> bufferNames = new ArrayList<>();
    private final List<Tensor[]> buffers = new ArrayList<>();
    private final int[] chunkParam, chunkFrom, chunkTo;
    private final boolean parallel;
    private final Parallel.Task chunkTask;
    private LearningRateSchedule schedule;
    private long steps;
    // the step in progress, read by the chunk tasks
    private final Tensor[] stepGrads;
    private double stepRate;
    private long stepNumber;

    // kind() is called for messages (subclasses return a constant) and the chunk task is made once here,
    // so that a step allocates nothing; neither reads a subclass's state before it is initialised.
    @SuppressWarnings("this-escape")
    protected Optimizer(List<Parameter> parameters, double learningRate) {
        if (parameters.isEmpty()) throw new IllegalArgumentException(kind() + ": no parameters to optimise");
        this.params = List.copyOf(parameters);
        this.values = new Tensor[params.size()];
        Set<String> names = new HashSet<>();
        long total = 0;
        List<int[]> chunks = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            if (!names.add(p.name())) throw new IllegalArgumentException(kind() + ": two parameters are named '" + p.name() + "'");
            values[i] = p.value();
            for (int from = 0; from < p.size(); from += CHUNK) chunks.add(new int[] {i, from, Math.min(p.size(), from + CHUNK)});
            total += p.size();
        }
        chunkParam = new int[chunks.size()];
        chunkFrom = new int[chunks.size()];
        chunkTo = new int[chunks.size()];
        for (int c = 0; c < chunks.size(); c++) {
            chunkParam[c] = chunks.get(c)[0];
            chunkFrom[c] = chunks.get(c)[1];
            chunkTo[c] = chunks.get(c)[2];
        }
        parallel = total >= PARALLEL_MIN;
        stepGrads = new Tensor[params.size()];
        this.schedule = LearningRateSchedule.constant(learningRate);
        chunkTask = this::runChunk;
    }

    // ---------------------------------------------------------------- what subclasses write

    /** Short lower-case name used in state names: "sgd", "adam", "adagrad". */
    public abstract String kind();

    /**
     * Updates elements [from, to) of parameter {@code index} (its tensor {@code param}, gradient
     * {@code grad}, and the state buffers the subclass allocated) for update number {@code t} (1 for the
     * first) at learning rate {@code lr}. Called concurrently for disjoint ranges: touch only [from, to).
     */
    protected abstract void update(int index, Tensor param, Tensor grad, int from, int to, double lr, long t);

    /** The settings, for the checkpoint's metadata ("beta1" → "0.9"). */
    protected abstract Map<String, String> settings();

    /** Allocates a zero state buffer like each parameter, saved and loaded under {@code name}; call from the constructor. */
    protected final Tensor[] addState(String name) {
        Tensor[] b = new Tensor[params.size()];
        for (int i = 0; i < b.length; i++) b[i] = Tensor.zerosLike(values[i]);
        bufferNames.add(name);
        buffers.add(b);
        return b;
    }

    // ---------------------------------------------------------------- stepping

    /** One update of every parameter from its accumulated gradient ({@link Parameter#grad()}). */
    public final void step() {
        for (int i = 0; i < params.size(); i++) stepGrads[i] = params.get(i).grad();
        run();
    }

    /**
     * One update from explicit gradients, in the order of {@link #parameters()} (a null entry skips that
     * parameter): for estimators that compute gradients with {@code Tape.grad} rather than
     * {@code backward()}.
     */
    public final void step(List<Tensor> gradients) {
        if (gradients.size() != params.size()) {
            throw new IllegalArgumentException(kind() + ".step: " + gradients.size() + " gradients for " + params.size() + " parameters");
        }
        for (int i = 0; i < params.size(); i++) stepGrads[i] = gradients.get(i);
        run();
    }

    private void run() {
        try {
            for (int i = 0; i < params.size(); i++) {
                Tensor g = stepGrads[i];
                if (g == null) continue;
                Tensor p = values[i];
                if (!g.sameShape(p) || g.dtype() != p.dtype()) {
                    throw new IllegalArgumentException(kind() + ": gradient " + g.dtype() + Shape.str(g.shape()) + " for parameter " + params.get(i).name()
                            + " of " + p.dtype() + Shape.str(p.shape()));
                }
            }
            stepRate = schedule.at(steps);
            stepNumber = steps + 1;
            if (!(stepRate >= 0) || Double.isInfinite(stepRate)) throw new IllegalStateException(kind() + ": the schedule gave learning rate " + stepRate + " at step " + steps);
            if (parallel) Parallel.run(chunkParam.length, chunkTask);
            else for (int c = 0; c < chunkParam.length; c++) runChunk(c);
            steps++;
        } finally {
            java.util.Arrays.fill(stepGrads, null);
        }
    }

    private void runChunk(int c) {
        int i = chunkParam[c];
        Tensor g = stepGrads[i];
        if (g != null) update(i, values[i], g, chunkFrom[c], chunkTo[c], stepRate, stepNumber);
    }

    /** Forgets every parameter's gradient (see {@link Module#zeroGrad()}): the next backward stores a fresh one. */
    public final void zeroGrad() {
        for (Parameter p : params) p.var().clearGrad();
    }

    // ---------------------------------------------------------------- learning rate

    /** Replaces the learning-rate schedule; it is read at the step count, so it may be set mid-run. */
    public final Optimizer schedule(LearningRateSchedule schedule) {
        this.schedule = java.util.Objects.requireNonNull(schedule, "schedule");
        return this;
    }

    /** The rate the next step will use. */
    public final double learningRate() {
        return schedule.at(steps);
    }

    /** Number of steps taken (restored by {@link #loadState}). */
    public final long steps() {
        return steps;
    }

    public final List<Parameter> parameters() {
        return params;
    }

    // ---------------------------------------------------------------- state

    /** The state buffers by name, "optimizer.adam.m.encoder.0.weight" and so on: the live tensors, not copies. */
    public final Map<String, Tensor> state() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int b = 0; b < buffers.size(); b++) {
            for (int i = 0; i < params.size(); i++) out.put(stateName(bufferNames.get(b), params.get(i).name()), buffers.get(b)[i]);
        }
        return Collections.unmodifiableMap(out);
    }

    /** "optimizer" → kind, "optimizer.step" → the step count, and "optimizer.&lt;kind&gt;.&lt;setting&gt;" for each setting. */
    public final Map<String, String> stateMetadata() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("optimizer", kind());
        out.put("optimizer.step", Long.toString(steps));
        out.put("optimizer." + kind() + ".lr", Double.toString(learningRate()));
        for (Map.Entry<String, String> e : settings().entrySet()) out.put("optimizer." + kind() + "." + e.getKey(), e.getValue());
        return out;
    }

    /**
     * Restores the state saved from an optimiser of the same kind over parameters of the same names and
     * shapes: copies every buffer (bit for bit) and the step count. The settings of this optimiser are
     * kept: they belong to the code that built it. Nothing is changed when anything is missing or does
     * not fit; the message names the tensor and both shapes.
     */
    public final void loadState(Map<String, Tensor> tensors, Map<String, String> metadata) {
        String savedKind = metadata.get("optimizer");
        if (savedKind == null) throw new IllegalArgumentException("no optimizer state: the metadata has no 'optimizer' entry");
        if (!savedKind.equals(kind())) throw new IllegalArgumentException("the saved optimizer state is " + savedKind + "'s, this optimizer is " + kind());
        String stepText = metadata.get("optimizer.step");
        long savedSteps;
        try {
            savedSteps = Long.parseLong(stepText == null ? "" : stepText.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("optimizer.step in the metadata is '" + stepText + "', not a step count");
        }
        if (savedSteps < 0) throw new IllegalArgumentException("optimizer.step in the metadata is negative: " + savedSteps);
        Map<String, Tensor> own = state();
        for (Map.Entry<String, Tensor> e : own.entrySet()) {
            Tensor src = tensors.get(e.getKey()), dst = e.getValue();
            if (src == null) throw new IllegalArgumentException("optimizer state tensor " + e.getKey() + " is missing");
            if (!src.sameShape(dst)) {
                throw new IllegalArgumentException("optimizer state tensor " + e.getKey() + " has shape " + Shape.str(src.shape()) + " but the parameter has shape " + Shape.str(dst.shape()));
            }
            if (src.dtype() != dst.dtype()) {
                throw new IllegalArgumentException("optimizer state tensor " + e.getKey() + " is " + src.dtype() + Shape.str(src.shape()) + " but the parameter is " + dst.dtype() + Shape.str(dst.shape()));
            }
        }
        String prefix = "optimizer." + kind() + ".";
        for (String name : tensors.keySet()) {
            if (name.startsWith("optimizer.") && !own.containsKey(name)) {
                throw new IllegalArgumentException("optimizer state tensor " + name + " matches no parameter of this optimizer" + (name.startsWith(prefix) ? "" : " (it is not " + kind() + " state)"));
            }
        }
        for (Map.Entry<String, Tensor> e : own.entrySet()) e.getValue().assign(tensors.get(e.getKey()));
        steps = savedSteps;
    }

    private String stateName(String buffer, String parameter) {
        return "optimizer." + kind() + "." + buffer + "." + parameter;
    }
}
