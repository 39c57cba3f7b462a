package elbow.examples.report;

import java.io.Writer;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes a page that is both HTML5 and well-formed XML ("polyglot" markup), on the JDK's StAX writer,
 * which does the escaping and keeps the tags balanced. Browsers read it as HTML; the tests parse it as
 * XML, which is the stricter of the two.
 *
 * <p>What keeps it polyglot: the XHTML namespace on {@code <html>}, no XML declaration, elements closed
 * explicitly, script content inside a commented-out CDATA section, and style sheets free of the
 * characters XML would escape.
 */
final class XhtmlWriter implements AutoCloseable {
    static final String XHTML_NS = "http://www.w3.org/1999/xhtml";

    private final XMLStreamWriter xml;

    XhtmlWriter(Writer out) {
        try {
            xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            xml.writeDTD("<!DOCTYPE html>");
            xml.writeCharacters("\n");
            xml.writeStartElement("html");
            xml.writeDefaultNamespace(XHTML_NS);
            xml.writeAttribute("lang", "en");
        } catch (XMLStreamException e) {
            throw new ReportException("cannot start the page: " + e.getMessage(), e);
        }
    }

    /** The underlying writer, for copying foreign markup (SVG) into the page. */
    XMLStreamWriter stream() {
        return xml;
    }

    /** Opens {@code tag} with attributes given as name, value pairs (a null value leaves the attribute out). */
    XhtmlWriter open(String tag, String... attributes) {
        try {
            xml.writeStartElement(tag);
            attributes(attributes);
        } catch (XMLStreamException e) {
            throw fail(e);
        }
        return this;
    }

    XhtmlWriter end() {
        try {
            xml.writeEndElement();
            xml.writeCharacters("\n");
        } catch (XMLStreamException e) {
            throw fail(e);
        }
        return this;
    }

    /** An element without children that HTML treats as void, e.g. {@code meta}. */
    XhtmlWriter empty(String tag, String... attributes) {
        try {
            xml.writeEmptyElement(tag);
            attributes(attributes);
        } catch (XMLStreamException e) {
            throw fail(e);
        }
        return this;
    }

    XhtmlWriter text(String text) {
        try {
            xml.writeCharacters(xmlSafe(text));
        } catch (XMLStreamException e) {
            throw fail(e);
        }
        return this;
    }

    /** {@code <tag>text</tag>}. */
    XhtmlWriter element(String tag, String text, String... attributes) {
        open(tag, attributes);
        text(text);
        return end();
    }

    /** A style sheet; it must not contain {@code <}, {@code >} or {@code &}, which XML would escape and HTML would not unescape. */
    XhtmlWriter style(String css) {
        if (css.indexOf('<') >= 0 || css.indexOf('>') >= 0 || css.indexOf('&') >= 0) {
            throw new IllegalArgumentException("the style sheet must be free of < > & to read the same as HTML and as XML");
        }
        return element("style", css);
    }

    /**
     * A script, as {@code //<![CDATA[ ... //]]>}: HTML sees two comment lines around the code, XML sees
     * character data it need not escape.
     */
    XhtmlWriter script(String js) {
        if (js.contains("]]>")) throw new IllegalArgumentException("a script cannot contain ]]>");
        try {
            xml.writeStartElement("script");
            xml.writeCharacters("//");
            xml.writeCData("\n" + js + "\n//");
            xml.writeEndElement();
            xml.writeCharacters("\n");
        } catch (XMLStreamException e) {
            throw fail(e);
        }
        return this;
    }

    /** Closes every open element and the document. */
    @Override
    public void close() {
        try {
            xml.writeEndDocument();
            xml.flush();
            xml.close();
        } catch (XMLStreamException e) {
            throw fail(e);
        }
    }

    private void attributes(String[] attributes) throws XMLStreamException {
        if (attributes.length % 2 != 0) throw new IllegalArgumentException("attributes come as name, value pairs");
        for (int i = 0; i < attributes.length; i += 2) {
            if (attributes[i + 1] != null) xml.writeAttribute(attributes[i], xmlSafe(attributes[i + 1]));
        }
    }

    /** XML 1.0 allows no control characters but tab, newline and carriage return; console output can hold others. */
    static String xmlSafe(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean bad = (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0xFFFE || c == 0xFFFF
                    || (Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
                    || Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1))));
            if (bad && b == null) b = new StringBuilder(s.substring(0, i));
            if (b != null) b.append(bad ? '?' : c);
        }
        return b == null ? s : b.toString();
    }

    private static ReportException fail(XMLStreamException e) {
        return new ReportException("cannot write the page: " + e.getMessage(), e);
    }
}
