package elbow.tensor;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The thread count every multi-threaded kernel uses. System property {@code elbow.threads}
 * (default: all available processors); {@link #setThreads} changes it at run time (the command line's
 * {@code --threads}). Work is always split into the same pieces for the same thread count, so results
 * are deterministic for a given seed and thread count.
 *
 * <p>{@link #run} runs a job's tasks on a static pool of daemon workers plus the calling thread. A
 * kernel call is often only tens of microseconds long, so workers spin for a short while after each
 * job before parking (a wake-up from park costs several microseconds), and a job allocates nothing.
 * One job runs at a time: a call made while another is running (from another thread, or from inside a
 * task) runs its tasks on the calling thread, which gives the same results, only later.
 */
public final class Parallel {
    private Parallel() {}

    private static volatile int threads = initialThreads();

    private static int initialThreads() {
        String v = System.getProperty("elbow.threads");
        if (v == null || v.isBlank()) return Runtime.getRuntime().availableProcessors();
        try {
            int t = Integer.parseInt(v.trim());
            if (t >= 1) return t;
        } catch (NumberFormatException ignored) {
            // message below
        }
        throw new IllegalArgumentException("-Delbow.threads=" + v + ": expected a positive integer");
    }

    public static int threads() {
        return threads;
    }

    public static void setThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("thread count must be at least 1, got " + n);
        threads = n;
    }

    /** One task of a job: it must touch only its own part of the output. */
    @FunctionalInterface
    public interface Task {
        void run(int index);
    }

    /** How long an idle worker stays awake after a job: about the gap between two kernels of a training step. */
    private static final long SPIN_NANOS = 50_000;
    /** Busy-wait iterations before a waiting thread starts yielding its core (to a worker that needs it). */
    private static final int SPINS_BEFORE_YIELD = 200;

    private static final AtomicBoolean BUSY = new AtomicBoolean();
    /** The job's generation (high 32 bits) and the next unclaimed task index (low 32 bits). */
    private static final AtomicLong CLAIM = new AtomicLong();
    private static final AtomicInteger DONE = new AtomicInteger();
    private static Worker[] workers = new Worker[0];
    // Written by the caller before the volatile write of CLAIM that opens the job. A worker reads them
    // after reading CLAIM and uses them only if its claim (a CAS on that same value) succeeds, which
    // can only happen while the job is still open, i.e. before the caller can write the next job's.
    private static Task jobTask;
    private static int jobCount;
    private static int generation;
    private static volatile Throwable failure;

    /**
     * Runs {@code task.run(i)} for i in [0, tasks) on up to {@link #threads()} threads, the calling
     * thread included, and returns when all have finished. Tasks are claimed in order by whichever
     * thread is free, so a worker that is slow to wake (or has no core) only does fewer of them. The
     * first exception thrown by a task is rethrown here, after the other tasks have finished.
     */
    public static void run(int tasks, Task task) {
        int t = Math.min(threads, tasks);
        if (t <= 1 || !BUSY.compareAndSet(false, true)) {
            for (int i = 0; i < tasks; i++) task.run(i);
            return;
        }
        try {
            Worker[] ws = workers(t - 1);
            jobTask = task;
            jobCount = tasks;
            failure = null;
            DONE.set(0);
            int g = ++generation;
            CLAIM.set((long) g << 32);
            for (int w = 0; w < t - 1; w++) {
                Worker worker = ws[w];
                worker.assigned = g;
                if (worker.parked) LockSupport.unpark(worker);
            }
            work(g);
            for (int spins = 0; DONE.get() < tasks; spins++) {
                if (spins < SPINS_BEFORE_YIELD) Thread.onSpinWait();
                else Thread.yield();
            }
            Throwable f = failure;
            if (f != null) {
                failure = null;
                if (f instanceof RuntimeException) throw (RuntimeException) f;
                if (f instanceof Error) throw (Error) f;
                throw new RuntimeException(f);
            }
        } finally {
            jobTask = null;
            BUSY.set(false);
        }
    }

    /** Claims and runs tasks of job {@code g} until none is left. */
    private static void work(int g) {
        while (true) {
            long v = CLAIM.get();
            if ((int) (v >>> 32) != g) return;
            Task task = jobTask;
            int count = jobCount, i = (int) v;
            if (i >= count) return;
            if (!CLAIM.compareAndSet(v, v + 1)) continue;
            try {
                task.run(i);
            } catch (Throwable e) {
                if (failure == null) failure = e;
            }
            DONE.incrementAndGet();
        }
    }

    private static Worker[] workers(int n) {
        Worker[] ws = workers;
        if (ws.length >= n) return ws;
        Worker[] grown = java.util.Arrays.copyOf(ws, n);
        for (int i = ws.length; i < n; i++) {
            grown[i] = new Worker(i);
            grown[i].start();
        }
        workers = grown;
        return grown;
    }

    private static final class Worker extends Thread {
        private int seen;
        /** The generation of the last job handed to this worker. */
        volatile int assigned;
        volatile boolean parked;

        Worker(int id) {
            super("elbow-worker-" + id);
            setDaemon(true);
        }

        @Override
        public void run() {
            while (true) {
                seen = awaitJob();
                work(seen);
            }
        }

        private int awaitJob() {
            long start = System.nanoTime();
            for (int spins = 0; ; spins++) {
                int g = assigned;
                if (g != seen) return g;
                if (spins < SPINS_BEFORE_YIELD) {
                    Thread.onSpinWait();
                } else if (System.nanoTime() - start < SPIN_NANOS) {
                    Thread.yield();
                } else {
                    parked = true;
                    // Re-check after publishing `parked`: the caller may have assigned a job just before.
                    if (assigned == seen) LockSupport.park(this);
                    parked = false;
                    start = System.nanoTime();
                    spins = 0;
                }
            }
        }
    }
}
