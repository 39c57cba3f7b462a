package elbow.examples.mnist;

import java.nio.file.Path;
import picocli.CommandLine.IExitCodeGenerator;

/**
 * A data file that is missing, truncated or malformed. The message is meant for the person at the
 * terminal: the file, what is wrong with it, and the command that fetches a good copy. It is bad input,
 * not a bug, so the workbench exits with status 2 ({@link IExitCodeGenerator}) and shows no stack trace.
 */
public final class DataException extends RuntimeException implements IExitCodeGenerator {
    /** Exit status for bad or missing input data, the same as for a bad command line. */
    public static final int EXIT_STATUS = 2;

    public static final String FETCH_SCRIPT = "scripts/fetch-mnist.sh";

    private final Path file;

    /** {@code what} completes "MNIST file F ..."; {@code folder} is where a fresh copy belongs. */
    public DataException(Path file, String what, Path folder) {
        this("MNIST file " + file + " " + what + ". " + fetchAdvice(folder), file, null);
    }

    public DataException(Path file, String what, Path folder, Throwable cause) {
        this("MNIST file " + file + " " + what + ". " + fetchAdvice(folder), file, cause);
    }

    private DataException(String message, Path file, Throwable cause) {
        super(message, cause);
        this.file = file;
    }

    /** For a problem that is not one file's, e.g. no data in any of the places looked at. */
    public static DataException general(String message) {
        return new DataException(message, null, null);
    }

    /** The offending file; null when the problem is not one file's. */
    public Path file() {
        return file;
    }

    @Override
    public int getExitCode() {
        return EXIT_STATUS;
    }

    /**
     * The exact command that puts verified files into {@code folder}; without a folder, the script's default
     * ($ELBOW_DATA, else the cache folder), which is also where the workbench looks.
     */
    public static String fetchCommand(Path folder) {
        return folder == null ? FETCH_SCRIPT : FETCH_SCRIPT + " " + shellQuote(folder.toString());
    }

    static String fetchAdvice(Path folder) {
        return "Fetch and verify it from the elbow checkout with: " + fetchCommand(folder);
    }

    private static String shellQuote(String s) {
        if (s.matches("[A-Za-z0-9_./:@%+=,-]+")) return s;
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
