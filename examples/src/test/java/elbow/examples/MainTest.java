package elbow.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import elbow.examples.cli.Version;
import elbow.tensor.Parallel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The command line as a user meets it, run in this JVM with its output captured. */
class MainTest {
    private final int threadsBefore = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(threadsBefore);
    }

    record Run(int status, String out, String err) {
        String both() {
            return "\n--- stdout:\n" + out + "--- stderr:\n" + err;
        }
    }

    private static Run run(CommandLine cmd, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int status = cmd.execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    private static Run run(String... args) {
        return run(Main.commandLine(), args);
    }

    @Command(name = "fail", description = "Throws, as a broken experiment would.")
    static final class Failing implements Callable<Integer> {
        @Option(names = "--error", description = "Throw an Error instead of an exception.")
        boolean error;

        @Override
        public Integer call() {
            if (error) throw new ExceptionInInitializerError(new IllegalArgumentException("bad setting"));
            throw new IllegalStateException("the experiment broke");
        }
    }

    private static CommandLine withFailingCommand() {
        CommandLine cmd = Main.commandLine();
        cmd.addSubcommand(new Failing());
        return cmd;
    }

    private static void assertNoStackTrace(Run r) {
        assertFalse(r.err().contains("\tat "), "no stack trace" + r.both());
        assertFalse(r.out().contains("\tat "), "no stack trace" + r.both());
    }

    @Test
    void helpListsTheCommandsAndExitsZero() {
        Run r = run("--help");
        assertEquals(0, r.status(), r.both());
        assertTrue(r.out().startsWith("Usage: java -jar examples.jar"), r.both());
        assertTrue(r.out().contains("info"), r.both());
        assertTrue(r.out().contains("--threads=N"), r.both());
    }

    @Test
    void everySubcommandHasHelpAndTheCommonOptions() {
        Run r = run("info", "--help");
        assertEquals(0, r.status(), r.both());
        assertTrue(r.out().startsWith("Usage: java -jar examples.jar info"), r.both());
        assertTrue(r.out().contains("--threads=N") && r.out().contains("--debug") && r.out().contains("--version"), r.both());
        assertFalse(r.out().contains("| SIMD"), "no header on help" + r.both());
    }

    @Test
    void versionNamesTheProjectVersion() {
        Run r = run("--version");
        assertEquals(0, r.status(), r.both());
        assertTrue(r.out().startsWith("elbow " + Version.current() + System.lineSeparator()), r.both());
        assertFalse(Version.current().contains("${"), "version is filtered in: " + Version.current());
    }

    @Test
    void unknownCommandIsAUsageError() {
        Run r = run("bbvvi");
        assertEquals(2, r.status(), r.both());
        assertTrue(r.err().startsWith("elbow: unknown command 'bbvvi' (commands: info"), r.both());
        assertTrue(r.err().contains("Usage: java -jar examples.jar"), r.both());
        assertTrue(r.err().contains("--help' for more information."), r.both());
        assertNoStackTrace(r);
    }

    @Test
    void unknownOptionIsAUsageErrorWithTheCommandsUsageLine() {
        Run r = run("info", "--bogus");
        assertEquals(2, r.status(), r.both());
        assertTrue(r.err().startsWith("elbow: Unknown option: '--bogus'"), r.both());
        assertTrue(r.err().contains("Usage: java -jar examples.jar info"), r.both());
        assertEquals("", r.out(), r.both());
        assertNoStackTrace(r);
    }

    @Test
    void missingCommandIsAUsageError() {
        Run r = run();
        assertEquals(2, r.status(), r.both());
        assertTrue(r.err().startsWith("elbow: missing command"), r.both());
    }

    @Test
    void threadCountBelowOneIsAUsageError() {
        for (String bad : new String[] {"0", "-3", "two"}) {
            Run r = run("info", "--threads", bad);
            assertEquals(2, r.status(), bad + r.both());
            assertTrue(r.err().startsWith("elbow: Invalid value for option '--threads'"), r.both());
            assertNoStackTrace(r);
        }
    }

    @Test
    void threadsOptionWorksBeforeAndAfterTheCommandName() {
        Run after = run(withFailingCommand(), "fail", "--threads", "3");
        assertTrue(after.out().contains("| 3 threads"), after.both());
        assertEquals(3, Parallel.threads());
        Run before = run(withFailingCommand(), "--threads", "1", "fail");
        assertTrue(before.out().contains("| 1 thread"), before.both());
        assertEquals(1, Parallel.threads());
    }

    @Test
    void aFailingCommandPrintsOneLineAndExitsOne() {
        Run r = run(withFailingCommand(), "fail");
        assertEquals(1, r.status(), r.both());
        assertEquals(1, r.err().lines().count(), r.both());
        assertTrue(r.err().startsWith("elbow: fail: the experiment broke"), r.both());
        assertTrue(r.out().startsWith("elbow "), "header printed before the command runs" + r.both());
        assertNoStackTrace(r);
    }

    @Test
    void anErrorIsReportedLikeAnException() {
        Run r = run(withFailingCommand(), "fail", "--error");
        assertEquals(1, r.status(), r.both());
        assertTrue(r.err().startsWith("elbow: fail: bad setting"), r.both());
        assertNoStackTrace(r);
    }

    @Test
    void debugShowsTheStackTrace() {
        Run r = run(withFailingCommand(), "--debug", "fail");
        assertEquals(1, r.status(), r.both());
        assertTrue(r.err().startsWith("java.lang.IllegalStateException: the experiment broke"), r.both());
        assertTrue(r.err().contains("\tat "), r.both());
    }

    @Test
    void infoPrintsTheHeaderAndPassesItsSelfCheck() {
        Run r = run("info", "--threads", "2");
        assertEquals(0, r.status(), r.both());
        String header = r.out().lines().findFirst().orElse("");
        assertTrue(header.matches("elbow \\S+ \\| JDK \\S+ \\(.+\\) \\| SIMD .+ \\| 2 threads"), header);
        assertTrue(r.out().contains("available processors"), r.both());
        assertTrue(r.out().contains("heap      max "), r.both());
        assertTrue(r.out().contains("matmul    ok (37x53 times 53x29 float32"), r.both());
        assertTrue(r.out().contains("gradient  ok (logsumexp(tanh(x W + b))"), r.both());
        assertTrue(r.out().strip().endsWith("self-check passed"), r.both());
        assertEquals("", r.err(), r.both());
    }

    @Test
    void matmulCheckRejectsAWrongEntry() {
        int m = 5, k = 7, n = 3;
        java.util.Random random = new java.util.Random(9);
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        for (int i = 0; i < a.length; i++) a[i] = random.nextFloat() * 2 - 1;
        for (int i = 0; i < b.length; i++) b[i] = random.nextFloat() * 2 - 1;
        float[] c = elbow.tensor.Tensor.wrap(a, m, k).matmul(elbow.tensor.Tensor.wrap(b, k, n)).toFloatArray();
        assertTrue(InfoCommand.relativeError(a, b, c, m, k, n) <= InfoCommand.tolerance(k));

        float[] off = c.clone();
        off[7] += 1e-3f;
        assertTrue(InfoCommand.relativeError(a, b, off, m, k, n) > InfoCommand.tolerance(k));
        off[7] = Float.NaN;
        assertFalse(InfoCommand.relativeError(a, b, off, m, k, n) <= InfoCommand.tolerance(k));
    }
}
