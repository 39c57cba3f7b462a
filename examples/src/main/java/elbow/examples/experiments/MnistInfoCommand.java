package elbow.examples.experiments;

import elbow.examples.mnist.DataLocation;
import elbow.examples.mnist.MnistData;
import elbow.examples.mnist.MnistOptions;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Finds and fully validates the MNIST files, and prints what the experiments will train on: the folder
 * and why it was chosen, each file (gzipped or not, and whether it is byte-for-byte the published
 * original), the counts, the mean grey level and the label histogram. Missing or damaged data exit with
 * status 2 and a message saying how to fetch them (a {@code DataException} through the error reporter).
 */
@Command(name = "mnist-info",
        description = "Locate and validate the MNIST data; print the folder, counts, mean pixel value and label histogram (exit status 2 if missing or damaged).")
public final class MnistInfoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    MnistOptions mnist;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        DataLocation.Place place = mnist.locate();
        long started = System.nanoTime();
        MnistData data = MnistData.load(place, mnist.trainLimit(), mnist.testLimit());
        double seconds = (System.nanoTime() - started) * 1e-9;
        out.println(row("data", place.toString()));
        for (MnistData.Split split : new MnistData.Split[] {data.train(), data.test()}) {
            out.println(row(split.name(), split.count() + " images of " + MnistData.ROWS + "x" + MnistData.COLUMNS
                    + (split.count() < split.available() ? " (first " + split.count() + " of " + split.available() + ")" : "")
                    + String.format(Locale.ROOT, ", mean pixel %.4f", mean(split.images()))));
            out.println(row("", "labels " + histogram(split.labels())));
            file(out, split.imageFile());
            file(out, split.labelFile());
        }
        out.println(row("read", String.format(Locale.ROOT, "all four files validated in %.2f s", seconds)));
        out.flush();
        return 0;
    }

    private static void file(PrintWriter out, MnistData.FileInfo file) {
        String origin = file.isPublishedOriginal() ? "SHA-256 matches the published file" : "SHA-256 " + file.sha256() + " differs from the published file";
        out.println(row("", file.path().getFileName() + (file.gzipped() ? " (gzip)" : "") + ": " + origin));
    }

    private static double mean(float[] values) {
        double sum = 0;
        for (float v : values) sum += v;
        return values.length == 0 ? Double.NaN : sum / values.length;
    }

    private static String histogram(int[] labels) {
        int[] counts = new int[MnistData.CLASSES];
        for (int label : labels) counts[label]++;
        StringBuilder s = new StringBuilder();
        for (int c = 0; c < counts.length; c++) s.append(c == 0 ? "" : "  ").append(c).append(':').append(counts[c]);
        return s.toString();
    }

    private static String row(String label, String value) {
        return String.format(Locale.ROOT, "%-6s %s", label, value);
    }
}
