package elbow.examples.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code index.html}: one self-contained page (inline SVG, an inline style sheet and script, no file or
 * network references) with an overview, a section per experiment and the theory checks.
 *
 * <p>The page checks itself when a browser renders it: a small script counts the figures, checks that
 * each holds an {@code <svg>} with drawn content and a non-empty box on the page, and writes the
 * result into the element {@code #render-check} as one line starting {@code RENDER-CHECK OK} or
 * {@code RENDER-CHECK FAIL}. {@code scripts/check-report.sh} reads that line from headless Chromium's
 * DOM.
 */
final class ReportPage {
    /** Everything the page shows. */
    record Report(String header, String commandLine, boolean full, long seed, String generated, double seconds,
                  List<ReportSection> sections, List<TheoryChecks.Check> checks, double theorySeconds, Path outDir) {}

    private static final String CSS = String.join("\n",
            "body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1100px; padding: 0 1em; color: #222; line-height: 1.4; }",
            "h1 { margin-bottom: 0.2em; } h2 { border-top: 2px solid #ccc; padding-top: 1em; margin-top: 2em; }",
            "table { border-collapse: collapse; margin: 0.5em 0 1em; font-size: 0.9em; }",
            "th, td { border: 1px solid #ccc; padding: 0.2em 0.5em; text-align: left; vertical-align: top; }",
            "th { background: #f0f0f0; } caption { text-align: left; font-weight: bold; padding: 0.3em 0; }",
            "td.num { text-align: right; font-variant-numeric: tabular-nums; }",
            "code, pre { font-family: ui-monospace, monospace; font-size: 0.85em; } pre { background: #f6f6f6; padding: 0.6em; overflow-x: auto; }",
            ".ok { color: #0a6b2d; font-weight: bold; } .failed { color: #b00020; font-weight: bold; } .skipped { color: #8a5a00; font-weight: bold; }",
            ".note { color: #555; font-size: 0.9em; } .box { border: 1px solid #d9a400; background: #fff8e0; padding: 0.6em 1em; }",
            "figure.plot { margin: 1em 0; } figure.plot svg { display: block; width: 100%; max-width: 960px; height: auto; border: 1px solid #eee; }",
            "figcaption { font-size: 0.85em; color: #555; } #render-check { font-family: ui-monospace, monospace; font-size: 0.8em; color: #777; }",
            "td code { overflow-wrap: anywhere; } table.theory td { font-size: 0.95em; } table.theory td.claim { min-width: 16em; }");

    /**
     * Counts the figures and checks each one's SVG: present, laid out with a non-empty box, and drawing
     * something besides its background rectangle with a non-empty extent; says so in #render-check.
     */
    private static final String RENDER_CHECK = String.join("\n",
            "(function () {",
            "  var figures = document.querySelectorAll('figure.plot');",
            "  var expected = Number(document.body.getAttribute('data-figures'));",
            "  var missing = [];",
            "  for (var i = 0; i < figures.length; i++) {",
            "    var svg = figures[i].querySelector('svg');",
            "    var box = svg ? svg.getBoundingClientRect() : null;",
            "    var drawn = svg ? svg.querySelectorAll('path, line, polyline, polygon, circle, ellipse, text').length : 0;",
            "    var content = svg && drawn ? svg.getBBox() : null;",
            "    var ok = box && box.width > 0 && box.height > 0 && content && content.width > 0 && content.height > 0;",
            "    if (!ok) missing.push(figures[i].getAttribute('data-file'));",
            "  }",
            "  var images = document.querySelectorAll('img');",
            "  for (var j = 0; j < images.length; j++) {",
            "    if (!(images[j].complete && images[j].naturalWidth > 0)) missing.push('img ' + images[j].getAttribute('src'));",
            "  }",
            "  var good = missing.length === 0 && figures.length === expected;",
            "  // The marker in two parts: only the result, not this script, then matches it in the DOM.",
            "  document.getElementById('render-check').textContent = 'RENDER' + '-CHECK ' + (good ? 'OK' : 'FAIL') + ' figures=' + figures.length",
            "      + ' expected=' + expected + ' rendered=' + (figures.length - missing.length) + (missing.length ? ' missing=' + missing.join(',') : '');",
            "})();");

    private ReportPage() {}

    /** Writes the page to {@code file} (through a temporary file, so a reader never sees half a page); returns the number of figures. */
    static int write(Path file, Report report) {
        int figures = 0;
        for (ReportSection s : report.sections()) figures += s.figures().size();
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            try (XhtmlWriter page = new XhtmlWriter(w)) {
                head(page);
                page.open("body", "data-figures", Integer.toString(figures));
                overview(page, report);
                int[] figureIndex = {0};
                for (ReportSection s : report.sections()) section(page, s, report.outDir(), figureIndex);
                theory(page, report);
                page.element("p", "Render check: not run (it needs a browser with JavaScript).", "id", "render-check");
                page.script(RENDER_CHECK);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return figures;
    }

    private static void head(XhtmlWriter page) {
        page.open("head");
        page.empty("meta", "charset", "utf-8");
        page.empty("meta", "name", "viewport", "content", "width=device-width, initial-scale=1");
        page.element("title", "elbow report");
        page.style(CSS);
        page.end();
    }

    private static void overview(XhtmlWriter page, ReportPage.Report r) {
        page.element("h1", "elbow report");
        page.open("p").text("Produced by ").element("code", r.commandLine()).text(String.format(Locale.ROOT,
                " on %s in %.1f s, seed %d, with %s.", r.generated(), r.seconds(), r.seed(),
                r.full() ? "the full settings (each command's defaults, SPEC.md's settings)" : "quick settings (--full runs SPEC.md's settings)")).end();
        page.element("p", r.header(), "class", "note");
        List<String> skipped = new ArrayList<>();
        for (ReportSection s : r.sections()) if (s.status() == ReportSection.Status.SKIPPED) skipped.add(s.command());
        if (!skipped.isEmpty()) {
            page.open("p", "class", "box").text("Not run: " + String.join(", ", skipped) + ". ")
                    .text(r.sections().stream().filter(s -> s.status() == ReportSection.Status.SKIPPED).findFirst().orElseThrow().message()).end();
        }
        long passed = r.checks().stream().filter(TheoryChecks.Check::passed).count();
        page.open("table");
        page.element("caption", "Experiments");
        header(page, List.of("experiment", "status", "runs", "figures", "time (s)", "what it runs"));
        for (ReportSection s : r.sections()) {
            page.open("tr");
            page.open("td").element("a", s.command(), "href", "#" + s.command()).end();
            page.element("td", s.status().name().toLowerCase(Locale.ROOT), "class", s.status().name().toLowerCase(Locale.ROOT));
            page.element("td", s.status() == ReportSection.Status.SKIPPED ? "0" : Integer.toString(s.runs().size()), "class", "num");
            page.element("td", Integer.toString(s.figures().size()), "class", "num");
            page.element("td", Table.fixed(s.seconds(), 1), "class", "num");
            page.element("td", s.description());
            page.end();
        }
        page.open("tr");
        page.open("td").element("a", "theory checks", "href", "#theory").end();
        page.element("td", passed == r.checks().size() ? "ok" : "failed", "class", passed == r.checks().size() ? "ok" : "failed");
        page.element("td", passed + " of " + r.checks().size() + " passed", "class", "num");
        page.element("td", "", "class", "num");
        page.element("td", Table.fixed(r.theorySeconds(), 1), "class", "num");
        page.element("td", "The claims of docs/theory.md, checked numerically with the library.");
        page.end();
        page.end();
    }

    private static void section(XhtmlWriter page, ReportSection s, Path outDir, int[] figureIndex) {
        page.open("section", "id", s.command(), "class", "experiment");
        page.element("h2", s.command());
        page.element("p", s.description());
        String status = s.status().name().toLowerCase(Locale.ROOT);
        page.open("p").element("span", status, "class", status);
        if (s.status() == ReportSection.Status.OK) {
            page.text(String.format(Locale.ROOT, ": %d run%s in %.1f s, %d figure%s.", s.runs().size(), s.runs().size() == 1 ? "" : "s", s.seconds(),
                    s.figures().size(), s.figures().size() == 1 ? "" : "s"));
        } else {
            page.text(": " + s.message());
        }
        page.end();
        page.element("p", s.settingsNote(), "class", "note");

        page.element("h3", s.status() == ReportSection.Status.SKIPPED ? "What would run" : "What was run");
        runs(page, s);
        if (s.status() == ReportSection.Status.SKIPPED) {
            page.end();
            return;
        }
        settings(page, s);
        for (Table t : s.comparisons()) table(page, t, "h3");
        if (!s.figures().isEmpty()) {
            page.element("h3", "Figures");
            for (Path f : s.figures()) {
                int n = ++figureIndex[0];
                String name = outDir.relativize(f).toString().replace('\\', '/');
                page.open("figure", "class", "plot", "id", "figure-" + n, "data-file", name);
                InlineSvg.copy(f, page.stream(), "f" + n + "-");
                page.element("figcaption", "Figure " + n + ": " + name + " (PNG beside it)");
                page.end();
            }
        }
        if (!s.keyNumbers().isEmpty()) {
            page.element("h3", "Numbers (summary.json)");
            for (Table t : s.keyNumbers()) table(page, t, "h4");
        }
        for (ReportSection.TextFile t : s.texts()) {
            page.element("h3", t.title());
            page.element("p", String.join(", ", t.files()), "class", "note");
            page.element("pre", t.text());
        }
        for (CommandRun r : s.runs()) {
            page.open("details", "open", r.ok() ? null : "open");
            page.element("summary", "What " + (r.label().isEmpty() ? s.command() : r.label()) + " printed");
            page.element("pre", r.console());
            page.end();
        }
        page.end();
    }

    private static void runs(XhtmlWriter page, ReportSection s) {
        boolean skipped = s.status() == ReportSection.Status.SKIPPED;
        page.open("table");
        header(page, skipped ? List.of("command") : List.of("run", "command", "exit status", "time (s)"));
        for (CommandRun r : s.runs()) {
            page.open("tr");
            if (skipped) {
                page.open("td").element("code", r.commandLine()).end();
            } else {
                page.element("td", r.label().isEmpty() ? s.command() : r.label());
                page.open("td").element("code", r.commandLine()).end();
                page.element("td", Integer.toString(r.status()), "class", r.ok() ? "num" : "num failed");
                page.element("td", Table.fixed(r.seconds(), 1), "class", "num");
            }
            page.end();
        }
        page.end();
    }

    /** Every option's value as the command saw it, one column per run. */
    private static void settings(XhtmlWriter page, ReportSection s) {
        List<String> names = new ArrayList<>();
        for (CommandRun r : s.runs()) for (String k : r.settings().keySet()) if (!names.contains(k)) names.add(k);
        if (names.isEmpty()) return;
        List<String> header = new ArrayList<>(List.of("setting"));
        for (CommandRun r : s.runs()) header.add(r.label().isEmpty() ? "value" : r.label());
        List<List<String>> rows = new ArrayList<>();
        for (String name : names) {
            List<String> row = new ArrayList<>(List.of(name));
            for (CommandRun r : s.runs()) row.add(r.settings().getOrDefault(name, ""));
            rows.add(row);
        }
        table(page, new Table("Settings", header, rows, "Every option's value as the command saw it, defaults included; the seed is --seed."), "h3");
    }

    private static void theory(XhtmlWriter page, ReportPage.Report r) {
        page.open("section", "id", "theory");
        long passed = r.checks().stream().filter(TheoryChecks.Check::passed).count();
        page.element("h2", "Theory checks");
        page.open("p").element("span", passed == r.checks().size() ? "ok" : "failed", "class", passed == r.checks().size() ? "ok" : "failed")
                .text(String.format(Locale.ROOT, ": %d of %d passed in %.1f s, seed %d.", passed, r.checks().size(), r.theorySeconds(), r.seed())).end();
        page.element("p", "Each claim of docs/theory.md (which gives the derivations) is checked here live, with the library, at sizes that take seconds."
                + " Identities computed two ways must agree to float64 round-off; a Monte Carlo estimate of a quantity known in closed form must lie within "
                + (int) TheoryChecks.Z + " standard errors of it; an ordering of noisy quantities counts as observed when the difference exceeds "
                + (int) TheoryChecks.ORDER_Z + " standard errors. The unit tests named in the last column (mvn -B verify) check the same claims more"
                + " thoroughly. Two groups of claims of docs/theory.md are checked by the unit tests only: those about the amortized MNIST objectives"
                + " (vi AmortizedObjectiveTest) and the diffusion-model bound (vi DiffusionBoundTest).", "class", "note");
        page.open("table", "class", "theory");
        header(page, List.of("#", "claim (and the unit test that checks it thoroughly)", "outcome", "numbers", "passes when"));
        int i = 0;
        for (TheoryChecks.Check c : r.checks()) {
            page.open("tr");
            page.element("td", Integer.toString(++i), "class", "num");
            page.open("td", "class", "claim").text(c.claim());
            page.open("div", "class", "note").text("unit test: ").element("code", c.test()).end();
            page.end();
            page.element("td", c.passed() ? "pass" : "FAIL", "class", c.passed() ? "ok" : "failed");
            page.open("td");
            for (String part : c.numbers().split("; ")) page.element("div", part);
            page.end();
            page.element("td", c.criterion());
            page.end();
        }
        page.end();
        page.end();
    }

    private static void table(XhtmlWriter page, Table t, String headingTag) {
        if (!t.title().isEmpty()) page.element(headingTag, t.title());
        page.open("table");
        header(page, t.header());
        for (List<String> row : t.rows()) {
            page.open("tr");
            for (String cell : row) page.element("td", cell, "class", looksNumeric(cell) ? "num" : null);
            page.end();
        }
        page.end();
        if (!t.note().isEmpty()) page.element("p", t.note(), "class", "note");
    }

    private static void header(XhtmlWriter page, List<String> names) {
        page.open("tr");
        for (String n : names) page.element("th", n);
        page.end();
    }

    private static boolean looksNumeric(String s) {
        return !s.isEmpty() && s.matches("[-+]?[0-9.]+([eE][-+]?[0-9]+)?( %)?");
    }
}
