package elbow.examples.report;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One experiment's part of the page, gathered from what its runs wrote: status, the runs and their
 * settings, the comparison tables, every figure, the numbers of its summaries, the model summaries and
 * what it printed.
 *
 * @param command the experiment's command
 * @param description the command's own one-line description
 * @param status how it went
 * @param message why it failed or was skipped ("" when it ran)
 * @param settingsNote which settings (quick or full) and what they mean for its numbers
 * @param runs the command runs, in order
 * @param dir the experiment's folder
 * @param comparisons the tables that set results side by side
 * @param figures every SVG the runs wrote, top folder first
 * @param keyNumbers the summaries' numbers
 * @param texts model summaries and other text files worth showing whole
 * @param seconds wall time of all runs
 */
record ReportSection(String command, String description, Status status, String message, String settingsNote, List<CommandRun> runs, Path dir,
                     List<Table> comparisons, List<Path> figures, List<Table> keyNumbers, List<TextFile> texts, double seconds) {

    enum Status { OK, FAILED, SKIPPED }

    /** A text file shown verbatim, e.g. a model summary; {@code files} lists every run folder holding the same text. */
    record TextFile(String title, List<String> files, String text) {}

    /** A section whose runs did not start; {@code planned} holds them as they would have run (status -1). */
    static ReportSection skipped(String command, String description, String reason, String settingsNote, List<CommandRun> planned, Path dir) {
        return new ReportSection(command, description, Status.SKIPPED, reason, settingsNote, planned, dir, List.of(), List.of(), List.of(), List.of(), 0);
    }

    /** Gathers the section from the runs' folders; a file it cannot read becomes part of the message, not an exception. */
    static ReportSection of(String command, String description, String settingsNote, List<CommandRun> runs, Path dir) {
        double seconds = 0;
        List<String> problems = new ArrayList<>();
        for (CommandRun r : runs) {
            seconds += r.seconds();
            if (!r.ok()) problems.add((r.label().isEmpty() ? command : r.label()) + " exited with status " + r.status() + ": " + lastLine(r.console()));
        }
        List<Table> comparisons = List.of(), keyNumbers = new ArrayList<>();
        if (problems.isEmpty()) {
            try {
                comparisons = ComparisonTables.of(command, runs);
            } catch (RuntimeException e) {
                problems.add("the comparison tables could not be built: " + e.getMessage());
            }
        }
        try {
            List<String> labels = new ArrayList<>();
            List<JsonObject> summaries = new ArrayList<>();
            for (CommandRun r : runs) {
                Path s = r.dir().resolve("summary.json");
                if (!Files.isRegularFile(s)) continue;
                labels.add(r.label());
                summaries.add(KeyNumbers.read(s));
            }
            if (!summaries.isEmpty()) keyNumbers = KeyNumbers.tables(labels, summaries);
        } catch (RuntimeException e) {
            problems.add("a summary.json could not be read: " + e.getMessage());
        }
        List<Path> figures = new ArrayList<>();
        for (Path f : inRunOrder(files(dir, ".svg"), runs, dir)) {
            String problem = InlineSvg.problem(f);
            if (problem == null) figures.add(f);
            else problems.add(problem);
        }
        List<TextFile> texts = new ArrayList<>(sameTexts("Model summary", files(dir, "model.txt"), dir));
        texts.addAll(sameTexts("Bayes net (Graphviz DOT)", files(dir, ".dot"), dir));
        Status status = problems.isEmpty() ? Status.OK : Status.FAILED;
        return new ReportSection(command, description, status, String.join("; ", problems), settingsNote, runs, dir, comparisons, figures, keyNumbers, texts, seconds);
    }

    /** Files under {@code dir} whose names end with {@code suffix}: the top folder's first, then by path. */
    static List<Path> files(Path dir, String suffix) {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(suffix))
                    .sorted(Comparator.comparingInt(Path::getNameCount).thenComparing(Path::toString))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The experiment's own files first, then each run's, in the order the runs ran (bbvi's REINFORCE before its variants). */
    private static List<Path> inRunOrder(List<Path> files, List<CommandRun> runs, Path dir) {
        List<Path> ordered = new ArrayList<>();
        for (Path f : files) if (runs.stream().noneMatch(r -> !r.dir().equals(dir) && f.startsWith(r.dir()))) ordered.add(f);
        for (CommandRun r : runs) {
            if (r.dir().equals(dir)) continue;
            for (Path f : files) if (f.startsWith(r.dir()) && !ordered.contains(f)) ordered.add(f);
        }
        return ordered;
    }

    /** One entry per distinct content, naming every file that holds it (the vae runs share one model). */
    private static List<TextFile> sameTexts(String title, List<Path> files, Path dir) {
        Map<String, List<String>> byText = new LinkedHashMap<>();
        for (Path f : files) {
            try {
                byText.computeIfAbsent(Files.readString(f), t -> new ArrayList<>()).add(dir.relativize(f).toString());
            } catch (IOException e) {
                byText.computeIfAbsent("(cannot read: " + e.getMessage() + ")", t -> new ArrayList<>()).add(dir.relativize(f).toString());
            }
        }
        List<TextFile> out = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : byText.entrySet()) out.add(new TextFile(title, e.getValue(), e.getKey()));
        return out;
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines.length == 0 || lines[lines.length - 1].isBlank() ? "(no output)" : lines[lines.length - 1].strip();
    }
}
