package elbow.examples.experiments;

import elbow.examples.output.RunOutput;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The two CSV logs of a {@link VaeTraining} run: {@code metrics.csv}, one row per step (step, epoch, the
 * ELBO and IWELBO of the batch), and {@code epochs.csv}, one row per epoch (test bounds, training time
 * and throughput). Both are appended to as the run goes, so a killed run keeps what it logged; on
 * resume both are cut back to the rows of the checkpoint's steps and epochs. A third, {@code heap.csv},
 * records the live heap after the last garbage collection at each epoch's end: the evidence that
 * training keeps no growing state (it should be flat across epochs).
 */
final class TrainingLog implements MnistTrainingLoop.Logs {
    static final String METRICS = "metrics.csv";
    static final String EPOCHS = "epochs.csv";
    static final String METRICS_HEADER = "step,epoch,elbo,iwelbo";
    static final String EPOCHS_HEADER = "epoch,step,test_elbo,test_iwelbo,epoch_train_seconds,epoch_samples_per_s";
    static final String HEAP = "heap.csv";
    static final String HEAP_HEADER = "epoch,step,heap_after_gc_mb,heap_committed_mb";
    /** metrics.csv is flushed every 2 s besides at the end of each epoch, so that a long epoch can be followed (tail -f). */
    private static final long FLUSH_NANOS = 2_000_000_000L;

    private final Path dir;

    TrainingLog(Path dir) {
        this.dir = dir;
    }

    /** Both files with their header only: a run from the beginning. */
    @Override
    public void start() {
        RunOutput out = new RunOutput(dir);
        out.text(METRICS, METRICS_HEADER + "\n");
        out.text(EPOCHS, EPOCHS_HEADER + "\n");
        out.text(HEAP, HEAP_HEADER + "\n");
    }

    /** Keeps the first {@code steps} rows of metrics.csv and {@code epochs} rows of epochs.csv: those of the checkpoint resumed from. */
    @Override
    public void keepFirst(long steps, long epochs) throws IOException {
        keepFirstRows(dir.resolve(METRICS), METRICS_HEADER, steps, "step");
        keepFirstRows(dir.resolve(EPOCHS), EPOCHS_HEADER, epochs, "epoch");
        // Diagnostic only: runs from before it have none, and a row missing after a kill is no gap in the metrics.
        Path heap = dir.resolve(HEAP);
        List<String> rows = Files.exists(heap) ? Files.readAllLines(heap, StandardCharsets.UTF_8) : List.of();
        StringBuilder kept = new StringBuilder(HEAP_HEADER).append('\n');
        for (String row : rows.subList(Math.min(1, rows.size()), rows.size())) {
            String[] cells = row.split(",");
            if (cells.length == 4 && Long.parseLong(cells[0]) <= epochs) kept.append(row).append('\n');
        }
        new RunOutput(dir).text(HEAP, kept.toString());
    }

    /** Appends one row of heap.csv: the heap in use right after the last collection, and the heap's size. */
    void appendHeap(long epoch, long step) {
        long live = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage afterGc = pool.getType() == MemoryType.HEAP ? pool.getCollectionUsage() : null;
            if (afterGc != null) live += afterGc.getUsed();
        }
        long committed = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
        String line = epoch + "," + step + "," + RunOutput.number(live / 1048576.0) + "," + RunOutput.number(committed / 1048576.0) + "\n";
        try {
            Files.writeString(dir.resolve(HEAP), line, StandardCharsets.UTF_8, StandardOpenOption.APPEND, StandardOpenOption.CREATE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(HEAP) + ": " + e.getMessage(), e);
        }
    }

    /** The row of metrics.csv after {@code step} steps: the batch's two bounds. */
    static String metricsRow(long step, int epoch, double elbo, double iwelbo) {
        return step + "," + epoch + "," + RunOutput.number(elbo) + "," + RunOutput.number(iwelbo);
    }

    /** Appends (and writes out at once) one row of epochs.csv. */
    void appendEpoch(long epoch, long step, double testElbo, double testIwelbo, double seconds, double samplesPerSecond) {
        String line = epoch + "," + step + "," + RunOutput.number(testElbo) + "," + RunOutput.number(testIwelbo) + "," + RunOutput.number(seconds)
                + "," + RunOutput.number(samplesPerSecond) + "\n";
        try {
            Files.writeString(dir.resolve(EPOCHS), line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(EPOCHS) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Rows of a per-step log (metrics.csv of either experiment), appended and buffered; flushed every 2 s
     * and at each checkpoint ({@link #flush()}).
     */
    static final class Steps implements AutoCloseable {
        private final BufferedWriter out;
        private long lastFlush = System.nanoTime();

        private Steps(BufferedWriter out) {
            this.out = out;
        }

        static Steps appendingTo(Path file) throws IOException {
            return new Steps(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND));
        }

        void row(String line) throws IOException {
            out.write(line);
            out.write('\n');
            if (System.nanoTime() - lastFlush > FLUSH_NANOS) flush();
        }

        void flush() throws IOException {
            out.flush();
            lastFlush = System.nanoTime();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /** A run's per-step and per-epoch series, read back from its files (so a resumed run's plots span every session). */
    record Series(double[] step, double[] elbo, double[] iwelbo, double[] epochStep, double[] testElbo, double[] testIwelbo) {}

    static Series read(Path dir) throws IOException {
        double[][] m = columns(dir.resolve(METRICS), 4);
        double[][] e = columns(dir.resolve(EPOCHS), 6);
        return new Series(m[0], m[2], m[3], e[1], e[2], e[3]);
    }

    static double[][] columns(Path file, int width) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        double[][] c = new double[width][lines.size() - 1];
        for (int r = 1; r < lines.size(); r++) {
            String[] cells = lines.get(r).split(",");
            for (int j = 0; j < width; j++) c[j][r - 1] = Double.parseDouble(cells[j]);
        }
        return c;
    }

    /**
     * Keeps the header and the first {@code rows} rows of a CSV file whose first column counts 1, 2, ...
     * (rows a killed run wrote after its checkpoint, possibly a half-written last line, go), and fails if
     * fewer rows are there: continuing would leave a gap. Rewritten atomically.
     */
    static void keepFirstRows(Path file, String header, long rows, String what) throws IOException {
        List<String> lines = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        if (lines.isEmpty() || !lines.get(0).equals(header)) {
            throw new IllegalStateException("cannot resume: " + file + " is missing or has another header (expected '" + header + "')");
        }
        int columns = header.split(",").length;
        StringBuilder kept = new StringBuilder(header).append('\n');
        for (long r = 1; r <= rows; r++) {
            String line = r < lines.size() ? lines.get((int) r) : null;
            if (line == null || !line.split(",", 2)[0].equals(Long.toString(r)) || line.split(",").length != columns) {
                throw new IllegalStateException("cannot resume: " + file + " should hold " + what + "s 1 to " + rows + " (the checkpoint's), but "
                        + (line == null ? "ends after " + (r - 1) : "row " + r + " is '" + line + "'"));
            }
            kept.append(line).append('\n');
        }
        new RunOutput(file.getParent()).text(file.getFileName().toString(), kept.toString());
    }
}
