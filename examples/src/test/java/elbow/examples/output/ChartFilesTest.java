package elbow.examples.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The plots' SVG files: a curve's segments become one path, numbers keep two decimals, nothing else changes. */
class ChartFilesTest {
    private static final String NS = "http://www.w3.org/2000/svg";

    private static String compact(String svg) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ChartFiles.compactSvg(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)), out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aRunOfSegmentsBecomesOnePathWithTheSameStyle() throws Exception {
        String red = "fill:none;stroke:rgb(255,0,0);stroke-linecap:square;";
        String svg = "<?xml version=\"1.0\"?>\n<svg xmlns=\"" + NS + "\" width=\"10\" height=\"10\">\n"
                + "  <g clip-path=\"url(#c1)\">\n"
                + "    <line style=\"" + red + "\" x1=\"0\" y1=\"0\" x2=\"1.5\" y2=\"2\"/>\n"
                + "    <line style=\"" + red + "\" x1=\"1.5\" y1=\"2\" x2=\"3.0001\" y2=\"4.123456789\"/>\n"
                + "    <line style=\"" + red + "\" x1=\"10\" y1=\"10\" x2=\"11\" y2=\"11\"/>\n"
                + "    <line style=\"stroke:rgb(0,0,255);\" x1=\"0\" y1=\"0\" x2=\"5\" y2=\"5\"/>\n"
                + "    <rect x=\"0.123456\" y=\"1\" width=\"2\" height=\"3\"/>\n"
                + "  </g>\n</svg>\n";
        Document d = parse(compact(svg));
        NodeList paths = d.getElementsByTagNameNS(NS, "path"), lines = d.getElementsByTagNameNS(NS, "line");
        assertEquals(1, paths.getLength(), "the three red segments");
        Element path = (Element) paths.item(0);
        // A segment that does not start where the one before ended starts a subpath.
        assertEquals("M0,0 L1.5,2 L3,4.12 M10,10 L11,11", path.getAttribute("d"));
        assertEquals(red + "stroke-linejoin:round;", path.getAttribute("style"));
        assertEquals(1, lines.getLength(), "a single segment of another colour stays a line");
        assertEquals("stroke:rgb(0,0,255);", ((Element) lines.item(0)).getAttribute("style"));
        // Element order and the group around them are kept: path, line, rect inside the clipped group.
        Element g = (Element) d.getElementsByTagNameNS(NS, "g").item(0);
        assertEquals("url(#c1)", g.getAttribute("clip-path"));
        assertEquals("path", g.getFirstChild().getLocalName());
        assertEquals("line", g.getFirstChild().getNextSibling().getLocalName());
        Element rect = (Element) g.getLastChild();
        assertEquals("rect", rect.getLocalName());
        assertEquals("0.12", rect.getAttribute("x"));
    }

    @Test
    void numbersKeepTwoDecimalsAndNothingElseChanges() {
        assertEquals("M1.28,-10.2 L4.22,0 Q-5.36,-20.45 1,2", ChartFiles.round("M1.28125,-10.203125 L4.21875,-0.000001 Q-5.359375,-20.453125 1,2"));
        assertEquals("clip416027786", ChartFiles.round("clip416027786"));
        assertEquals("rgb(130,130,130);stroke-miterlimit:10;", ChartFiles.round("rgb(130,130,130);stroke-miterlimit:10;"));
        assertEquals("translate(19 272)", ChartFiles.round("translate(19 272)"));
        assertEquals("0.5", ChartFiles.round("0.5"), "two decimals or fewer are left as written");
    }

    @Test
    void aLongCurveIsSavedSmallAndWhole(@TempDir Path dir) throws Exception {
        int n = 2000;
        double[] x = new double[n], y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
            y[i] = Math.sin(i / 50.0) + 0.1 * Math.sin(i * 1.7);
        }
        new LinePlot("a long curve", "step", "value").trace("noisy", x, y, LinePlot.PALETTE[0]).save(dir, "curve");
        assertTrue(Files.size(dir.resolve("curve.png")) > 0);
        String svg = Files.readString(dir.resolve("curve.svg"));
        Document d = parse(svg);
        assertEquals("svg", d.getDocumentElement().getLocalName());
        // XChart draws the curve as 1999 segments: they are one path now, so few lines are left (ticks, grid).
        int lines = d.getElementsByTagNameNS(NS, "line").getLength();
        assertTrue(lines < 200, lines + " <line> elements");
        Matcher m = Pattern.compile("d=\"([^\"]*)\"").matcher(svg);
        int longest = 0;
        while (m.find()) longest = Math.max(longest, m.group(1).split(" L").length);
        assertTrue(longest >= n - 1, "one path holds the curve's " + (n - 1) + " segments, the longest has " + longest);
        assertFalse(Pattern.compile("\\d\\.\\d{3,}").matcher(svg).find(), "no number with more than two decimals");
        assertTrue(svg.length() < 400_000, svg.length() + " characters");
    }
}
