package elbow.examples.cli;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ExecutionException;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns failures into what a person at a terminal can act on: a bad command line gets one message, the
 * usage line and exit status 2; a failing command gets one line and exit status 1, or the status its
 * exception carries as a {@link CommandLine.IExitCodeGenerator} (2 for missing or damaged data). Stack
 * traces only on request ({@code --debug} or {@code ELBOW_DEBUG=1}).
 */
public final class ErrorReporter implements IParameterExceptionHandler, IExecutionExceptionHandler {
    public static final int USAGE = CommandLine.ExitCode.USAGE;
    public static final int FAILURE = CommandLine.ExitCode.SOFTWARE;

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(cmd.getColorScheme().errorText("elbow: " + message(ex)));
        UnmatchedArgumentException.printSuggestions(ex, err);
        err.print(cmd.getHelp().fullSynopsis());
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return USAGE;
    }

    private static String message(ParameterException ex) {
        CommandLine cmd = ex.getCommandLine();
        if (ex instanceof UnmatchedArgumentException unmatched && !cmd.getSubcommands().isEmpty()) {
            List<String> rest = unmatched.getUnmatched();
            // A word where a command name belongs: say so, rather than picocli's "unmatched argument at index 0".
            if (!rest.isEmpty() && !rest.get(0).startsWith("-")) {
                return "unknown command '" + rest.get(0) + "' (commands: " + String.join(", ", cmd.getSubcommands().keySet()) + ")";
            }
        }
        return ex.getMessage();
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        Throwable cause = rootOfWrappers(ex);
        if (CommonOptions.debugRequested(parseResult)) {
            cause.printStackTrace(err);
        } else {
            String where = cmd.getParent() == null ? "" : cmd.getCommandName() + ": ";
            err.println(cmd.getColorScheme().errorText("elbow: " + where + describe(cause)
                    + "  (" + CommonOptions.DEBUG + " shows the stack trace)"));
        }
        err.flush();
        // A failure that carries its own status, such as bad input data (2), keeps it.
        return cause instanceof CommandLine.IExitCodeGenerator generator ? generator.getExitCode() : FAILURE;
    }

    /** Strips the layers that only say "this happened while calling": picocli's, reflection's, class init's. */
    public static Throwable rootOfWrappers(Throwable t) {
        while (t.getCause() != null && t != t.getCause()
                && (t instanceof ExecutionException || t instanceof InvocationTargetException || t instanceof ExceptionInInitializerError)) {
            t = t.getCause();
        }
        return t;
    }

    /** The message alone when there is one; the type's name says more for those without (NullPointerException). */
    public static String describe(Throwable t) {
        String message = t.getMessage();
        if (message == null || message.isBlank()) return t.getClass().getName();
        if (t instanceof Error) return t.getClass().getSimpleName() + ": " + message;
        return message;
    }
}
