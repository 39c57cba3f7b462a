package elbow.examples.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;

/**
 * Options every command accepts, before or after the command's name ({@code --threads 2 info} and
 * {@code info --threads 2} alike). Mixed into the top command with inherited scope, so a new subcommand
 * gets them without declaring anything.
 */
public final class CommonOptions {
    public static final String THREADS = "--threads";
    public static final String DEBUG = "--debug";

    @Option(names = THREADS, paramLabel = "N", scope = ScopeType.INHERIT, converter = PositiveInt.class,
            description = "Threads for the kernels; default: all processors, or -Delbow.threads=N.")
    Integer threads;

    @Option(names = DEBUG, scope = ScopeType.INHERIT,
            description = "Print the stack trace of an error (also: environment variable ELBOW_DEBUG=1).")
    boolean debug;

    /**
     * The value given on the command line, at whichever level it was typed (the last one wins). Read
     * from the parse result, so that it does not matter which command object picocli bound it to.
     */
    public static <T> T matched(ParseResult parseResult, String option, T otherwise) {
        T value = otherwise;
        for (ParseResult level = parseResult; level != null; level = level.hasSubcommand() ? level.subcommand() : null) {
            if (level.hasMatchedOption(option)) value = level.matchedOptionValue(option, otherwise);
        }
        return value;
    }

    public static boolean debugRequested(ParseResult parseResult) {
        String env = System.getenv("ELBOW_DEBUG");
        if (env != null && !env.isBlank() && !env.equals("0") && !env.equalsIgnoreCase("false")) return true;
        return parseResult != null && matched(parseResult, DEBUG, Boolean.FALSE);
    }

    /** Rejects 0 and negative counts while parsing, so they get the usage message and exit status 2. */
    public static final class PositiveInt implements picocli.CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int n;
            try {
                n = Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not a whole number");
            }
            if (n < 1) throw new picocli.CommandLine.TypeConversionException("must be at least 1, got " + n);
            return n;
        }
    }
}
