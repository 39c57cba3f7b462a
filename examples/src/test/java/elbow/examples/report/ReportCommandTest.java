package elbow.examples.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import elbow.examples.Main;
import elbow.examples.experiments.SyntheticMnist;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.NodeList;

/** {@code report} end to end with its quick settings, on a small synthetic MNIST. */
class ReportCommandTest {
    @TempDir
    Path tmp;

    record Run(int status, String out, String err) {
        String both() {
            return "\n--- stdout:\n" + out + "--- stderr:\n" + err;
        }
    }

    private static Run run(String... args) {
        var cmd = Main.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int status = cmd.execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    /** The experiments this build's report runs: those of the plan whose command is registered. */
    private static List<String> experiments() {
        Set<String> registered = Main.commandLine().getSubcommands().keySet();
        return ReportPlan.EXPERIMENTS.stream().map(ReportPlan.Experiment::command).filter(registered::contains).toList();
    }

    private static Document parse(Path page) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        // Well-formed XML with nothing to fetch: no external DTD, no external entities.
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return f.newDocumentBuilder().parse(page.toFile());
    }

    private static List<Element> elements(Document doc, String namespace, String name) {
        NodeList nodes = doc.getElementsByTagNameNS(namespace, name);
        List<Element> list = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) list.add((Element) nodes.item(i));
        return list;
    }

    @Test
    void quickReportIsOneSelfContainedPageWithEveryFigureAndPassingTheoryChecks() throws Exception {
        Path data = SyntheticMnist.folder(tmp.resolve("data"), 60, 20), out = tmp.resolve("report");
        Run r = run("report", "--data", data.toString(), "--out", out.toString());
        assertEquals(0, r.status(), r.both());
        List<String> experiments = experiments();
        for (int i = 0; i < experiments.size(); i++) {
            String prefix = "report [" + (i + 1) + "/" + (experiments.size() + 1) + "] " + experiments.get(i);
            assertTrue(r.out().contains(prefix + ": running") && r.out().contains(prefix + ": ok in"), "progress lines for " + experiments.get(i) + r.both());
        }
        assertTrue(r.out().chars().allMatch(c -> c < 128), "console output is ASCII" + r.both());

        Path page = out.resolve("index.html");
        Document doc = parse(page);
        String xhtml = XhtmlWriter.XHTML_NS;

        // One section per experiment, each one run without failure, and the theory checks.
        List<String> sections = new ArrayList<>();
        for (Element s : elements(doc, xhtml, "section")) {
            if (s.getAttribute("class").equals("experiment")) sections.add(s.getAttribute("id"));
        }
        assertEquals(experiments, sections);
        assertTrue(experiments.containsAll(List.of("bbvi", "cavi", "gmm", "ngd", "gumbel", "vae", "iwae")), experiments.toString());
        String text = doc.getDocumentElement().getTextContent();
        assertFalse(text.contains("failed:") || text.contains("skipped:"), "a section failed or was skipped");

        // One inline <svg> per SVG file the runs wrote, each in a figure naming its file.
        Set<String> written;
        try (Stream<Path> walk = Files.walk(out)) {
            written = walk.filter(p -> p.toString().endsWith(".svg")).map(p -> out.relativize(p).toString().replace('\\', '/')).collect(Collectors.toCollection(TreeSet::new));
        }
        assertTrue(written.size() >= 3 * experiments.size(), "figures written: " + written);
        List<Element> svgs = elements(doc, InlineSvg.SVG_NS, "svg");
        assertEquals(written.size(), svgs.size());
        Set<String> inlined = new TreeSet<>();
        for (Element svg : svgs) {
            Element figure = (Element) svg.getParentNode();
            assertEquals("figure", figure.getLocalName());
            inlined.add(figure.getAttribute("data-file"));
            assertTrue(svg.getElementsByTagNameNS(InlineSvg.SVG_NS, "path").getLength() > 0, figure.getAttribute("data-file") + " draws nothing");
        }
        assertEquals(written, inlined);
        assertEquals(Integer.toString(written.size()), ((Element) doc.getElementsByTagNameNS(xhtml, "body").item(0)).getAttribute("data-figures"));

        // Self-contained: nothing is loaded from a file or the network, and ids are unique.
        for (String tag : List.of("img", "link", "iframe", "object", "embed", "image", "use")) {
            assertEquals(0, doc.getElementsByTagNameNS("*", tag).getLength(), "<" + tag + "> in the page");
        }
        Set<String> ids = new HashSet<>();
        NodeList all = doc.getElementsByTagNameNS("*", "*");
        for (int i = 0; i < all.getLength(); i++) {
            NamedNodeMap attributes = all.item(i).getAttributes();
            for (int a = 0; a < attributes.getLength(); a++) {
                Attr attr = (Attr) attributes.item(a);
                if (XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(attr.getNamespaceURI())) continue; // namespace names, not references
                String name = attr.getLocalName(), value = attr.getValue();
                assertFalse(name.equals("src") || name.equals("srcset") || name.equals("background"), name + "=\"" + value + "\"");
                if (name.equals("href")) assertTrue(value.startsWith("#"), "href=\"" + value + "\"");
                assertFalse(value.replace("url(#", "").contains("url("), name + "=\"" + value + "\"");
                assertFalse(value.contains("http:") || value.contains("https:"), name + "=\"" + value + "\"");
                if (name.equals("id")) assertTrue(ids.add(value), "id " + value + " twice");
            }
        }
        for (Element style : elements(doc, xhtml, "style")) {
            assertFalse(style.getTextContent().contains("url(") || style.getTextContent().contains("@import"), "the style sheet loads something");
        }

        // The comparison tables the issue asks for.
        for (String heading : List.of("BBVI estimators against CAVI", "Gradient descent against natural-gradient descent",
                "VAE: the standard gradient against STL", "beside Burda et al. (2015), Table 1")) {
            assertTrue(text.contains(heading), heading);
        }
        assertTrue(text.contains("84.78") && text.contains("86.76"), "Burda et al.'s numbers");
        assertTrue(text.contains("Total params"), "the model summary");

        // Every theory check shown, and every one passed.
        // (getElementById needs a DTD declaring the ids; the page has none.)
        Element theory = elements(doc, xhtml, "section").stream().filter(s -> s.getAttribute("id").equals("theory")).findFirst().orElseThrow();
        List<String> outcomes = new ArrayList<>();
        NodeList cells = theory.getElementsByTagNameNS(xhtml, "td");
        for (int i = 0; i < cells.getLength(); i++) {
            String cls = ((Element) cells.item(i)).getAttribute("class");
            if (cls.equals("ok") || cls.equals("failed")) outcomes.add(cells.item(i).getTextContent());
        }
        JsonObject summary = JsonParser.parseString(Files.readString(out.resolve("summary.json"))).getAsJsonObject();
        assertEquals(summary.getAsJsonArray("theory_checks").size(), outcomes.size());
        assertTrue(outcomes.size() >= 14 && outcomes.stream().allMatch("pass"::equals), outcomes.toString());
        for (var section : summary.getAsJsonArray("sections")) assertEquals("ok", section.getAsJsonObject().get("status").getAsString());
        assertTrue(Files.isRegularFile(out.resolve("bbvi/reinforce/console.txt")));
    }

    @Test
    void withoutMnistTheMnistSectionsSayHowToFetchItAndTheExitStatusIsTwo() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("no-data")), out = tmp.resolve("report");
        Run r = run("report", "--only", "vae", "--data", empty.toString(), "--out", out.toString());
        assertEquals(2, r.status(), r.both());
        assertTrue(r.out().contains("report [1/2] vae: skipped, no MNIST data"), r.both());
        assertTrue(r.err().contains("scripts/fetch-mnist.sh"), r.both());
        String page = Files.readString(out.resolve("index.html"));
        assertTrue(page.contains("<section id=\"vae\" class=\"experiment\">") && page.contains("scripts/fetch-mnist.sh"));
        assertTrue(page.contains("java -jar examples.jar vae --train-limit 4000"), "the command that would have run");
        assertTrue(page.contains("id=\"theory\""), "the theory checks still run");
    }

    @Test
    void noMnistLeavesThemOutAndExitsZero() {
        Run r = run("report", "--only", "vae", "--no-mnist", "--out", tmp.resolve("report").toString());
        assertEquals(0, r.status(), r.both());
        assertTrue(r.out().contains("vae: skipped, --no-mnist"), r.both());
    }

    @Test
    void anUnknownExperimentIsAUsageError() {
        Run r = run("report", "--only", "nonsense", "--out", tmp.resolve("report").toString());
        assertEquals(2, r.status(), r.both());
        assertTrue(r.err().contains("--only: no experiment 'nonsense'") && r.err().contains("bbvi"), r.both());
        assertFalse(Files.exists(tmp.resolve("report")));
    }
}
