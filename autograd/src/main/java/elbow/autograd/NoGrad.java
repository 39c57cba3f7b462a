package elbow.autograd;

/**
 * A scope in which operations are not recorded: results are constants, nothing is saved for a backward
 * pass. For evaluation, sampling and optimiser updates.
 *
 * <pre>{@code
 * try (NoGrad off = NoGrad.enter()) {
 *     Var testLoss = model.loss(testBatch);   // no tape, no saved buffers
 * }
 * }</pre>
 *
 * <p>The state is per thread (a depth counter, so scopes nest), which lets one thread evaluate while
 * another trains. A scope must be closed on the thread that entered it; closing twice is harmless.
 */
public final class NoGrad implements AutoCloseable {
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private final Thread owner = Thread.currentThread();
    private boolean closed;

    private NoGrad() {}

    /** Stops recording on this thread until the returned scope is closed. */
    public static NoGrad enter() {
        DEPTH.get()[0]++;
        return new NoGrad();
    }

    /** True inside a {@link #enter} scope on this thread. */
    public static boolean isActive() {
        return DEPTH.get()[0] > 0;
    }

    @Override
    public void close() {
        if (closed) return;
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("NoGrad scope entered on thread " + owner.getName() + " closed on " + Thread.currentThread().getName());
        }
        closed = true;
        DEPTH.get()[0]--;
    }
}
