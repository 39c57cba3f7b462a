package elbow.examples;

import elbow.examples.cli.CommonOptions;
import elbow.examples.cli.ErrorReporter;
import elbow.examples.cli.Header;
import elbow.examples.cli.LibraryNotice;
import elbow.examples.cli.VectorModuleLauncher;
import elbow.examples.cli.Version;
import elbow.tensor.Parallel;
import java.util.List;
import java.util.OptionalInt;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExecutionException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.RunLast;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The workbench's entry point: {@code java -jar examples.jar <command> [options]}.
 *
 * <p>A new command is one more class in {@code subcommands}; it inherits {@code --help},
 * {@code --version}, {@code --threads} and {@code --debug}, and gets the header line printed before it
 * runs.
 */
@Command(name = "java -jar examples.jar",
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = Version.Provider.class,
        usageHelpAutoWidth = true,
        description = "elbow: variational inference on the JVM. Runs the workbench's experiments and checks.",
        footerHeading = "%n",
        footer = {
            "JVM settings go before -jar, e.g. java -Delbow.simd=0 -jar examples.jar info",
            "  -Delbow.simd=0|128|256|512  scalar kernels, or the vector width in bits",
            "  -Delbow.threads=N           default thread count",
        },
        subcommands = {
            InfoCommand.class,
            elbow.examples.experiments.BbviCommand.class,
            elbow.examples.experiments.CaviCommand.class,
            elbow.examples.experiments.GmmCommand.class,
            elbow.examples.experiments.NgdCommand.class,
            elbow.examples.experiments.GumbelCommand.class,
            elbow.examples.experiments.GumbelVaeCommand.class,
            elbow.examples.experiments.MnistInfoCommand.class,
            elbow.examples.experiments.VaeCommand.class,
            elbow.examples.experiments.IwaeCommand.class,
            elbow.examples.report.ReportCommand.class,
        })
public final class Main implements Runnable {
    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command");
    }

    public static void main(String[] args) {
        LibraryNotice.useOneLineFormat();
        // Decided before any tensor class is touched: the kernels are chosen once per JVM, on first use.
        OptionalInt child = VectorModuleLauncher.relaunchIfNeeded(Main.class, args, System.err);
        System.exit(child.isPresent() ? child.getAsInt() : run(args));
    }

    /** Runs one command line in this JVM and returns its exit status. */
    public static int run(String... args) {
        try {
            return commandLine().execute(args);
        } catch (RuntimeException | Error e) {
            // picocli hands anything thrown outside parsing and the command itself straight to the caller.
            Throwable cause = ErrorReporter.rootOfWrappers(e);
            if (CommonOptions.debugRequested(null)) e.printStackTrace();
            else System.err.println("elbow: " + ErrorReporter.describe(cause) + "  (ELBOW_DEBUG=1 shows the stack trace)");
            return ErrorReporter.FAILURE;
        }
    }

    /** The configured command line; tests use it to capture output. */
    public static CommandLine commandLine() {
        CommandLine cmd = new CommandLine(new Main());
        ErrorReporter errors = new ErrorReporter();
        cmd.setParameterExceptionHandler(errors);
        cmd.setExecutionExceptionHandler(errors);
        cmd.setExecutionStrategy(Main::executeWithHeader);
        return cmd;
    }

    private static int executeWithHeader(ParseResult parseResult) {
        Integer helpExit = CommandLine.executeHelpRequest(parseResult);
        if (helpExit != null) return helpExit;
        List<CommandLine> path = parseResult.asCommandLineList();
        CommandLine leaf = path.get(path.size() - 1);
        try {
            if (parseResult.hasSubcommand()) {
                Integer threads = CommonOptions.matched(parseResult, CommonOptions.THREADS, null);
                if (threads != null) Parallel.setThreads(threads);
                leaf.getOut().println(Header.line());
                leaf.getOut().flush();
            }
            return new RunLast().execute(parseResult);
        } catch (ParameterException | ExecutionException e) {
            throw e;
        } catch (RuntimeException | Error e) {
            // Errors (a failed class initialisation, OutOfMemoryError) would otherwise bypass the handler.
            throw new ExecutionException(leaf, e.toString(), e);
        }
    }
}
