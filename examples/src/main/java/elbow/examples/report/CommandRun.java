package elbow.examples.report;

import elbow.examples.Main;
import elbow.examples.cli.ErrorReporter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * One experiment command run in this JVM through the workbench's own command line ({@link Main#commandLine()}),
 * as {@code java -jar examples.jar <args>} would run it, with what it printed captured.
 *
 * @param label the run's name on the page ("" for an experiment's only run)
 * @param args the command line after {@code examples.jar}
 * @param dir the run's output folder
 * @param status the exit status
 * @param seconds wall-clock time
 * @param console everything the command printed (its progress bars go to the terminal)
 * @param settings every option's value as the command saw it, defaults included, by option name
 */
record CommandRun(String label, List<String> args, Path dir, int status, double seconds, String console, Map<String, String> settings) {

    static CommandRun execute(String label, List<String> args, Path dir) {
        CommandLine cmd = Main.commandLine();
        StringWriter text = new StringWriter();
        PrintWriter printer = new PrintWriter(text, true);
        cmd.setOut(printer);
        cmd.setErr(printer);
        long start = System.nanoTime();
        int status;
        try {
            status = cmd.execute(args.toArray(new String[0]));
        } catch (RuntimeException | Error e) {
            // What Main.run does for errors thrown outside the command: one line, the report goes on.
            printer.println("elbow: " + ErrorReporter.describe(ErrorReporter.rootOfWrappers(e)));
            status = ErrorReporter.FAILURE;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        printer.flush();
        return new CommandRun(label, List.copyOf(args), dir, status, seconds, text.toString(), settings(cmd.getParseResult()));
    }

    /** The command's options after parsing, without help, version and the options every command inherits. */
    private static Map<String, String> settings(ParseResult top) {
        Map<String, String> values = new LinkedHashMap<>();
        if (top == null || !top.hasSubcommand()) return values;
        for (OptionSpec o : top.subcommand().commandSpec().options()) {
            if (o.usageHelp() || o.versionHelp() || o.inherited()) continue;
            values.put(o.longestName(), show(o.getValue()));
        }
        return values;
    }

    private static String show(Object value) {
        if (value == null) return "(not set)";
        if (value.getClass().isArray()) {
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < Array.getLength(value); i++) parts.add(String.valueOf(Array.get(value, i)));
            return String.join(",", parts);
        }
        if (value instanceof List<?> list) {
            List<String> parts = new ArrayList<>();
            for (Object o : list) parts.add(String.valueOf(o));
            return String.join(",", parts);
        }
        return String.valueOf(value);
    }

    boolean ok() {
        return status == 0;
    }

    /** The command line a person would type for this run. */
    String commandLine() {
        StringBuilder b = new StringBuilder("java -jar examples.jar");
        for (String a : args) b.append(' ').append(a.isEmpty() || a.matches(".*[\\s'\"$\\\\].*") ? "'" + a.replace("'", "'\\''") + "'" : a);
        return b.toString();
    }
}
