package elbow.examples.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.XMLStreamWriter;

/**
 * Copies an SVG file into the page as inline markup: the {@code <svg>} element and everything in it,
 * without the XML declaration and the DOCTYPE (which may not appear inside a page), and with every
 * {@code id} and every reference to one ({@code url(#id)}, {@code href="#id"}) prefixed. The prefix
 * matters: one page holds dozens of figures, and two figures declaring the same clip-path id would
 * clip each other's curves.
 *
 * <p>The file is read with StAX with DTDs off, so the DOCTYPE's URL is never fetched: the report needs
 * no network.
 */
final class InlineSvg {
    static final String SVG_NS = "http://www.w3.org/2000/svg";
    private static final Pattern URL_REF = Pattern.compile("url\\(\\s*#");

    private InlineSvg() {}

    /** Writes the {@code <svg>} of {@code file} to {@code out}, its ids prefixed with {@code idPrefix}. */
    static void copy(Path file, XMLStreamWriter out, String idPrefix) {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        try (InputStream in = Files.newInputStream(file)) {
            XMLStreamReader r = factory.createXMLStreamReader(in);
            try {
                int depth = 0;
                while (r.hasNext()) {
                    int event = r.next();
                    if (event == XMLStreamConstants.START_ELEMENT) {
                        if (depth == 0 && !(SVG_NS.equals(r.getNamespaceURI()) && "svg".equals(r.getLocalName()))) {
                            throw new ReportException(file + " is not an SVG file: its root element is " + r.getName(), null);
                        }
                        depth++;
                        startElement(r, out, idPrefix);
                    } else if (event == XMLStreamConstants.END_ELEMENT) {
                        depth--;
                        out.writeEndElement();
                    } else if (depth > 0 && (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA)) {
                        // Whitespace between elements is indentation only: dropping it keeps the page smaller.
                        if (!r.isWhiteSpace()) out.writeCharacters(XhtmlWriter.xmlSafe(r.getText()));
                    }
                    // The declaration, DOCTYPE, comments and processing instructions stay behind.
                }
            } finally {
                r.close();
            }
        } catch (IOException | XMLStreamException e) {
            throw new ReportException("cannot inline " + file + ": " + e.getMessage(), e);
        }
    }

    private static void startElement(XMLStreamReader r, XMLStreamWriter out, String idPrefix) throws XMLStreamException {
        out.writeStartElement(nonNull(r.getPrefix()), r.getLocalName(), nonNull(r.getNamespaceURI()));
        for (int i = 0; i < r.getNamespaceCount(); i++) {
            String prefix = r.getNamespacePrefix(i);
            if (prefix == null || prefix.isEmpty()) out.writeDefaultNamespace(r.getNamespaceURI(i));
            else out.writeNamespace(prefix, r.getNamespaceURI(i));
        }
        for (int i = 0; i < r.getAttributeCount(); i++) {
            String local = r.getAttributeLocalName(i), value = rewrite(local, r.getAttributeValue(i), idPrefix);
            String prefix = nonNull(r.getAttributePrefix(i));
            if (prefix.isEmpty()) out.writeAttribute(local, value);
            else out.writeAttribute(prefix, nonNull(r.getAttributeNamespace(i)), local, value);
        }
    }

    /**
     * Why {@code file} cannot be inlined, or null if it can: read through once before the page is
     * written, so that a damaged figure becomes a message in its section instead of half a page.
     */
    static String problem(Path file) {
        try {
            XMLStreamWriter sink = XMLOutputFactory.newFactory().createXMLStreamWriter(Writer.nullWriter());
            copy(file, sink, "");
            sink.close();
            return null;
        } catch (ReportException | XMLStreamException e) {
            return e.getMessage();
        }
    }

    /** An attribute's value with its id, or its references to ids, prefixed. */
    static String rewrite(String attribute, String value, String idPrefix) {
        if (attribute.equals("id")) return idPrefix + value;
        if (attribute.equals("href") && value.startsWith("#")) return "#" + idPrefix + value.substring(1);
        if (value.contains("url(")) return URL_REF.matcher(value).replaceAll(Matcher.quoteReplacement("url(#" + idPrefix));
        return value;
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
