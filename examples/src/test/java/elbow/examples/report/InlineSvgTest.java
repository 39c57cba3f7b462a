package elbow.examples.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InlineSvgTest {
    @TempDir
    Path tmp;

    private static String inline(Path file, String prefix) throws XMLStreamException {
        StringWriter s = new StringWriter();
        XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(s);
        InlineSvg.copy(file, w, prefix);
        w.flush();
        return s.toString();
    }

    @Test
    void dropsThePrologAndPrefixesIdsAndTheirReferences() throws IOException, XMLStreamException {
        // The DOCTYPE names a host that does not resolve: reading must not try to fetch it.
        Path file = Files.writeString(tmp.resolve("plot.svg"), String.join("\n",
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>",
                "<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://unresolvable.invalid/svg11.dtd\">",
                "<!-- drawn by XChart -->",
                "<svg xmlns:xlink=\"http://www.w3.org/1999/xlink\" xmlns=\"http://www.w3.org/2000/svg\" width=\"960px\" viewBox=\"0 0 960 560\">",
                "  <defs><clipPath id=\"clip1\"><rect width=\"10\" height=\"10\"/></clipPath></defs>",
                "  <g clip-path=\"url(#clip1)\" style=\"clip-path: url( #clip1)\"><path d=\"M0,0 L1,1\"/></g>",
                "  <use xlink:href=\"#clip1\"/>",
                "  <text>a &lt; b</text>",
                "</svg>"));
        String out = inline(file, "f7-");
        assertTrue(out.startsWith("<svg"), out);
        assertFalse(out.contains("DOCTYPE") || out.contains("<?xml") || out.contains("<!--"), out);
        assertTrue(out.contains("id=\"f7-clip1\""), out);
        assertTrue(out.contains("clip-path=\"url(#f7-clip1)\"") && out.contains("clip-path: url(#f7-clip1)"), out);
        assertTrue(out.contains("xlink:href=\"#f7-clip1\""), out);
        assertTrue(out.contains("xmlns=\"http://www.w3.org/2000/svg\"") && out.contains("a &lt; b"), out);
        assertTrue(out.contains("width=\"960px\"") && out.endsWith("</svg>"), out);
    }

    @Test
    void refusesAFileThatIsNotSvg() throws IOException {
        Path file = Files.writeString(tmp.resolve("page.svg"), "<html xmlns=\"http://www.w3.org/1999/xhtml\"/>");
        ReportException e = assertThrows(ReportException.class, () -> inline(file, "f1-"));
        assertTrue(e.getMessage().contains("not an SVG file"), e.getMessage());
    }

    @Test
    void aTruncatedFigureIsAProblemNamingTheFileNotAnException() throws IOException {
        Path file = Files.writeString(tmp.resolve("cut.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"><g><path d=\"M0,0\"/>");
        String problem = InlineSvg.problem(file);
        assertTrue(problem != null && problem.contains(file.toString()), String.valueOf(problem));
        Path good = Files.writeString(tmp.resolve("ok.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"><path d=\"M0,0\"/></svg>");
        assertEquals(null, InlineSvg.problem(good));
    }

    @Test
    void leavesOtherAttributesAlone() {
        assertEquals("M0,0 L1,1", InlineSvg.rewrite("d", "M0,0 L1,1", "p-"));
        assertEquals("#p-a", InlineSvg.rewrite("href", "#a", "p-"));
        assertEquals("other.svg#a", InlineSvg.rewrite("href", "other.svg#a", "p-"));
    }
}
