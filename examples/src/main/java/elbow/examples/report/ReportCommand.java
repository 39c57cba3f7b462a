package elbow.examples.report;

import elbow.examples.Main;
import elbow.examples.cli.Header;
import elbow.examples.mnist.DataException;
import elbow.examples.mnist.DataLocation;
import elbow.examples.output.RunOutput;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Runs every experiment and the theory checks and writes {@code out/report/index.html}. It is a thin
 * orchestrator: each experiment runs in this JVM through the workbench's own command line, exactly as
 * {@code java -jar examples.jar <command> --out out/report/<command> ...} would run it (the page shows
 * that command line), and the page is built from the files the runs wrote.
 */
@Command(name = "report",
        description = "Runs every experiment (quick settings, minutes; --full: SPEC.md's settings, hours) and the theory checks,"
                + " and writes one self-contained page, out/report/index.html.",
        footerHeading = "%n",
        footer = {
            "Each experiment prints one line when it starts and one when it ends; what it",
            "printed itself is in the page and in console.txt in its folder.",
            "Exit status: 0 when every experiment ran and every theory check passed;",
            "1 when one failed (the page says which); 2 when the MNIST data are missing:",
            "the page is still written, and its MNIST sections say how to fetch them",
            "(scripts/fetch-mnist.sh). --no-mnist leaves the MNIST experiments out.",
        })
public final class ReportCommand implements Callable<Integer> {
    /** Exit status when MNIST is missing: the MNIST commands' own status for missing data. */
    static final int MISSING_DATA = DataException.EXIT_STATUS;

    @Spec
    CommandSpec spec;

    @Option(names = "--full", description = "Each experiment with its own defaults, SPEC.md's settings (hours: the MNIST models train 20 epochs each).")
    boolean full;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "1", description = "Seed passed to every experiment and used by the theory checks (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Output folder (default: out/report): index.html, summary.json, and one folder per experiment, emptied before it runs unless --resume.")
    Path outDir;

    @Option(names = "--data", paramLabel = "DIR", description = "MNIST folder for the MNIST experiments (default: where they look, $ELBOW_DATA, then the cache folder).")
    Path data;

    @Option(names = "--no-mnist", description = "Leave the MNIST experiments out, e.g. where the data cannot be fetched.")
    boolean noMnist;

    @Option(names = "--only", paramLabel = "EXPERIMENT", split = ",",
            description = "Run only these experiments, e.g. --only vae,iwae (default: all); the page then has their sections and the theory checks.")
    List<String> only;

    @Option(names = "--resume", description = "Keep the experiments' folders and pass --resume to the commands that take it: an interrupted --full report continues.")
    boolean resume;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        long start = System.nanoTime();
        Map<String, CommandLine> commands = Main.commandLine().getSubcommands();
        List<ReportPlan.Experiment> plan = new ArrayList<>();
        for (ReportPlan.Experiment e : ReportPlan.EXPERIMENTS) if (commands.containsKey(e.command()) && (only == null || only.contains(e.command()))) plan.add(e);
        if (only != null) {
            for (String name : only) {
                if (plan.stream().noneMatch(e -> e.command().equals(name))) {
                    List<String> known = new ArrayList<>();
                    for (ReportPlan.Experiment e : ReportPlan.EXPERIMENTS) if (commands.containsKey(e.command())) known.add(e.command());
                    throw new CommandLine.ParameterException(spec.commandLine(), "--only: no experiment '" + name + "' (experiments: " + String.join(", ", known) + ")");
                }
            }
        }

        Path dir = outDir != null ? outDir : Path.of("out", "report");
        createDirectories(dir);

        String mnistProblem = null;
        if (!noMnist && plan.stream().anyMatch(e -> isMnist(commands.get(e.command()).getCommandSpec()))) {
            try {
                DataLocation.find(data, System::getenv);
            } catch (DataException e) {
                mnistProblem = e.getMessage();
            }
        }

        int total = plan.size() + 1;
        List<ReportSection> sections = new ArrayList<>();
        for (int i = 0; i < plan.size(); i++) {
            ReportPlan.Experiment e = plan.get(i);
            CommandSpec command = commands.get(e.command()).getCommandSpec();
            String description = String.join(" ", command.usageMessage().description());
            Path expDir = dir.resolve(e.command());
            boolean mnist = isMnist(command);
            List<String> labels = new ArrayList<>();
            List<List<String>> argLists = new ArrayList<>();
            List<Path> runDirs = new ArrayList<>();
            for (ReportPlan.Variant v : e.variants()) {
                Path runDir = v.folder().isEmpty() ? expDir : expDir.resolve(v.folder());
                labels.add(v.label());
                argLists.add(arguments(e, v, command, runDir));
                runDirs.add(runDir);
            }
            String prefix = String.format(Locale.ROOT, "report [%d/%d] %s", i + 1, total, e.command());
            String note = settingsNote(e, command, mnist);
            if (mnist && (noMnist || mnistProblem != null)) {
                String reason = noMnist ? "left out with --no-mnist."
                        : mnistProblem + " Then run the report again: java -jar examples.jar report" + (full ? " --full" : "");
                List<CommandRun> planned = new ArrayList<>();
                for (int v = 0; v < argLists.size(); v++) planned.add(new CommandRun(labels.get(v), argLists.get(v), runDirs.get(v), -1, 0, "", Map.of()));
                sections.add(ReportSection.skipped(e.command(), description, reason, note, planned, expDir));
                out.println(prefix + ": skipped, " + (noMnist ? "--no-mnist" : "no MNIST data"));
                out.flush();
                continue;
            }
            out.println(prefix + ": running " + argLists.size() + (argLists.size() == 1 ? " run" : " runs") + (full ? " (full settings)" : " (quick settings)"));
            out.flush();
            if (!resume) deleteRecursively(expDir);
            List<CommandRun> runs = new ArrayList<>();
            for (int v = 0; v < argLists.size(); v++) runs.add(CommandRun.execute(labels.get(v), argLists.get(v), runDirs.get(v)));
            for (CommandRun r : runs) writeConsole(r);
            ReportSection section = ReportSection.of(e.command(), description, note, runs, expDir);
            sections.add(section);
            out.println(section.status() == ReportSection.Status.OK
                    ? String.format(Locale.ROOT, "%s: ok in %.1f s, %d figures", prefix, section.seconds(), section.figures().size())
                    : String.format(Locale.ROOT, "%s: FAILED after %.1f s: %s", prefix, section.seconds(), section.message()));
            out.flush();
        }

        out.println(String.format(Locale.ROOT, "report [%d/%d] theory checks: running", total, total));
        out.flush();
        long theoryStart = System.nanoTime();
        List<TheoryChecks.Check> checks = TheoryChecks.run(seed);
        double theorySeconds = (System.nanoTime() - theoryStart) / 1e9;
        long passed = checks.stream().filter(TheoryChecks.Check::passed).count();
        out.println(String.format(Locale.ROOT, "report [%d/%d] theory checks: %d of %d passed in %.1f s", total, total, passed, checks.size(), theorySeconds));
        for (TheoryChecks.Check c : checks) if (!c.passed()) out.println("  FAILED: " + c.claim() + " -- " + c.numbers());

        double seconds = (System.nanoTime() - start) / 1e9;
        Path page = dir.resolve("index.html");
        ReportPage.Report report = new ReportPage.Report(Header.line(), "java -jar examples.jar " + String.join(" ", spec.commandLine().getParseResult().originalArgs()),
                full, seed, ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", Locale.ROOT)), seconds, sections, checks, theorySeconds, dir);
        int figures = ReportPage.write(page, report);
        new RunOutput(dir).json("summary.json", summary(report));

        long failed = sections.stream().filter(s -> s.status() == ReportSection.Status.FAILED).count();
        long skipped = sections.stream().filter(s -> s.status() == ReportSection.Status.SKIPPED).count();
        out.println(String.format(Locale.ROOT, "report: wrote %s: %d experiments (%d failed, %d skipped), %d figures, theory checks %d of %d passed, %.1f s",
                page, sections.size(), failed, skipped, figures, passed, checks.size(), seconds));
        out.flush();
        if (failed > 0 || passed < checks.size()) return 1;
        if (mnistProblem != null && !noMnist) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("elbow: report: the MNIST experiments did not run: no MNIST data. Fetch them with scripts/fetch-mnist.sh and run the report again"
                    + " (or leave them out with --no-mnist). The rest of the report is written.");
            err.flush();
            return MISSING_DATA;
        }
        return 0;
    }

    /** The experiment's command line for one run: its quick flags unless --full, the run's own, then seed, data, resume and output folder. */
    private List<String> arguments(ReportPlan.Experiment e, ReportPlan.Variant v, CommandSpec command, Path runDir) {
        List<String> args = new ArrayList<>(List.of(e.command()));
        args.addAll(e.args(v, full, command));
        if (command.findOption("--seed") != null) args.addAll(List.of("--seed", Long.toString(seed)));
        if (data != null && command.findOption("--data") != null) args.addAll(List.of("--data", data.toString()));
        if (resume && command.findOption("--resume") != null) args.add("--resume");
        args.addAll(List.of("--out", runDir.toString()));
        return args;
    }

    private String settingsNote(ReportPlan.Experiment e, CommandSpec command, boolean mnist) {
        if (full) return "Full settings: the command's own defaults, SPEC.md's settings.";
        List<String> quick = new ArrayList<>();
        for (Map.Entry<String, String> f : e.quick().entrySet()) {
            if (command.findOption(f.getKey()) != null) quick.add(f.getKey() + (f.getValue() == null ? "" : " " + f.getValue()));
        }
        if (quick.isEmpty()) return "Quick and full settings are the same here: the experiment takes seconds at SPEC.md's settings.";
        return "Quick settings: " + String.join(" ", quick) + "; report --full runs the command's own defaults, SPEC.md's settings."
                + (mnist ? " With this little training the MNIST numbers show the pipeline working end to end, not what the models reach." : "");
    }

    /** An experiment reads MNIST when its command takes the MNIST folder. */
    private static boolean isMnist(CommandSpec command) {
        return command.findOption("--data") != null;
    }

    private static void writeConsole(CommandRun r) {
        if (Files.isDirectory(r.dir())) new RunOutput(r.dir()).text("console.txt", r.console());
    }

    private static Map<String, Object> summary(ReportPage.Report r) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("experiment", "report");
        s.put("settings", r.full() ? "full" : "quick");
        s.put("seed", r.seed());
        s.put("generated", r.generated());
        s.put("header", r.header());
        List<Map<String, Object>> sections = new ArrayList<>();
        for (ReportSection sec : r.sections()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("experiment", sec.command());
            m.put("status", sec.status().name().toLowerCase(Locale.ROOT));
            m.put("message", sec.message());
            m.put("seconds", sec.seconds());
            m.put("figures", sec.figures().size());
            List<Map<String, Object>> runs = new ArrayList<>();
            for (CommandRun run : sec.runs()) {
                if (sec.status() == ReportSection.Status.SKIPPED) continue;
                Map<String, Object> rm = new LinkedHashMap<>();
                rm.put("command", run.commandLine());
                rm.put("status", run.status());
                rm.put("seconds", run.seconds());
                runs.add(rm);
            }
            m.put("runs", runs);
            sections.add(m);
        }
        s.put("sections", sections);
        List<Map<String, Object>> checks = new ArrayList<>();
        for (TheoryChecks.Check c : r.checks()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("claim", c.claim());
            m.put("passed", c.passed());
            m.put("numbers", c.numbers());
            m.put("test", c.test());
            checks.add(m);
        }
        s.put("theory_checks", checks);
        s.put("theory_seconds", r.theorySeconds());
        s.put("wall_seconds", r.seconds());
        return s;
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Removes an experiment's folder from an earlier report, so the page shows only what this run wrote. */
    private static void deleteRecursively(Path dir) {
        if (!Files.isDirectory(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot empty " + dir + " from an earlier report: " + e.getMessage(), e);
        }
    }
}
