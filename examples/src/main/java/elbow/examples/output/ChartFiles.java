package elbow.examples.output;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.XMLStreamWriter;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * A chart's two files, {@code name.png} and {@code name.svg}, as every plot of the workbench writes them.
 *
 * <p>XChart's SVG (through VectorGraphics2D) draws a curve as one {@code <line>} element per segment
 * and writes every coordinate with up to 15 digits: a two-curve plot of 1000 iterations took 1.3 MB,
 * two thirds of it in 4000 {@code <line>}s, and the report page that inlines 37 such figures 33 MB.
 * {@link #compactSvg} rewrites the file it produced: a run of consecutive {@code <line>} siblings with
 * the same attributes apart from their end points becomes one {@code <path>} (a new subpath wherever a
 * segment does not start where the one before ended; joins rounded, so that a sharp zigzag of a noisy
 * curve draws no miter spikes), and numbers keep two decimals, a hundredth of a pixel. Nothing else
 * changes: the same elements in the same order, with the same styles.
 */
public final class ChartFiles {
    private ChartFiles() {}

    /** Resolution of the PNG files. */
    static final int PNG_DPI = 120;
    private static final Pattern LONG_DECIMAL = Pattern.compile("-?\\d+\\.\\d{3,}");
    private static final Set<String> END_POINTS = Set.of("x1", "y1", "x2", "y2");

    /** Writes {@code dir/name.png} and {@code dir/name.svg}. */
    public static void save(Chart<?, ?> chart, Path dir, String name) {
        Path svg = dir.resolve(name + ".svg");
        try {
            Files.createDirectories(dir);
            BitmapEncoder.saveBitmapWithDPI(chart, dir.resolve(name + ".png").toString(), BitmapEncoder.BitmapFormat.PNG, PNG_DPI);
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            VectorGraphicsEncoder.saveVectorGraphic(chart, raw, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            try (OutputStream out = Files.newOutputStream(svg)) {
                compactSvg(new ByteArrayInputStream(raw.toByteArray()), out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write plot " + dir.resolve(name) + ": " + e.getMessage(), e);
        } catch (XMLStreamException e) {
            throw new IllegalStateException("could not rewrite the SVG of plot " + svg + ": " + e.getMessage(), e);
        }
    }

    /** Copies an SVG document from {@code in} to {@code out}, line runs merged into paths and numbers rounded. */
    static void compactSvg(InputStream in, OutputStream out) throws XMLStreamException {
        XMLInputFactory inputs = XMLInputFactory.newFactory();
        // The DOCTYPE's URL is never fetched: writing a plot needs no network.
        inputs.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        inputs.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        inputs.setProperty(XMLInputFactory.IS_COALESCING, true);
        XMLStreamReader r = inputs.createXMLStreamReader(in);
        XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
        LineRun run = new LineRun();
        w.writeStartDocument("UTF-8", "1.0");
        while (r.hasNext()) {
            int event = r.next();
            if (event == XMLStreamConstants.START_ELEMENT && "line".equals(r.getLocalName())) {
                Element line = Element.read(r);
                if (!run.accepts(line)) run.flush(w);
                run.add(line);
                skipToEnd(r);
                continue;
            }
            if (event == XMLStreamConstants.CHARACTERS && r.isWhiteSpace()) continue; // indentation
            run.flush(w);
            switch (event) {
                case XMLStreamConstants.DTD -> w.writeDTD(r.getText());
                case XMLStreamConstants.START_ELEMENT -> {
                    Element.read(r).writeStart(w);
                }
                case XMLStreamConstants.END_ELEMENT -> w.writeEndElement();
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> w.writeCharacters(r.getText());
                default -> { } // comments and processing instructions stay behind
            }
        }
        run.flush(w);
        w.writeEndDocument();
        w.close();
        r.close();
    }

    /** Numbers with more than two decimals in {@code value}, rounded to two (trailing zeros dropped). */
    static String round(String value) {
        Matcher m = LONG_DECIMAL.matcher(value);
        if (!m.find()) return value;
        StringBuilder sb = new StringBuilder();
        do {
            m.appendReplacement(sb, Matcher.quoteReplacement(number(Double.parseDouble(m.group()))));
        } while (m.find());
        m.appendTail(sb);
        return sb.toString();
    }

    private static String number(double v) {
        String s = String.format(Locale.ROOT, "%.2f", v);
        if (s.indexOf('.') >= 0) s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        return s.equals("-0") ? "0" : s;
    }

    private static void skipToEnd(XMLStreamReader r) throws XMLStreamException {
        for (int depth = 1; depth > 0; ) {
            int event = r.next();
            if (event == XMLStreamConstants.START_ELEMENT) depth++;
            else if (event == XMLStreamConstants.END_ELEMENT) depth--;
        }
    }

    /** An element's name and attributes (values rounded), without its content. */
    private record Element(String prefix, String localName, String namespace, List<String[]> namespaces, List<String[]> attributes) {
        static Element read(XMLStreamReader r) {
            List<String[]> ns = new ArrayList<>(), attrs = new ArrayList<>();
            for (int i = 0; i < r.getNamespaceCount(); i++) ns.add(new String[] {nonNull(r.getNamespacePrefix(i)), r.getNamespaceURI(i)});
            for (int i = 0; i < r.getAttributeCount(); i++) {
                attrs.add(new String[] {nonNull(r.getAttributePrefix(i)), nonNull(r.getAttributeNamespace(i)), r.getAttributeLocalName(i),
                        round(r.getAttributeValue(i))});
            }
            return new Element(nonNull(r.getPrefix()), r.getLocalName(), nonNull(r.getNamespaceURI()), ns, attrs);
        }

        String attribute(String name) {
            for (String[] a : attributes) if (a[0].isEmpty() && a[2].equals(name)) return a[3];
            return null;
        }

        /** The attributes other than the end points of a line: what a run of lines must share. */
        String shape() {
            StringBuilder sb = new StringBuilder(prefix).append(':').append(localName);
            for (String[] a : attributes) if (!(a[0].isEmpty() && END_POINTS.contains(a[2]))) sb.append('\0').append(String.join("\1", a));
            return sb.toString();
        }

        void writeStart(XMLStreamWriter w) throws XMLStreamException {
            w.writeStartElement(prefix, localName, namespace);
            writeNamespacesAndAttributes(w);
        }

        void writeEmpty(XMLStreamWriter w) throws XMLStreamException {
            w.writeEmptyElement(prefix, localName, namespace);
            writeNamespacesAndAttributes(w);
        }

        private void writeNamespacesAndAttributes(XMLStreamWriter w) throws XMLStreamException {
            for (String[] n : namespaces) {
                if (n[0].isEmpty()) w.writeDefaultNamespace(n[1]);
                else w.writeNamespace(n[0], n[1]);
            }
            for (String[] a : attributes) {
                if (a[0].isEmpty()) w.writeAttribute(a[2], a[3]);
                else w.writeAttribute(a[0], a[1], a[2], a[3]);
            }
        }
    }

    /** Consecutive {@code <line>} siblings of one shape, written as one path when there are several. */
    private static final class LineRun {
        private final List<Element> lines = new ArrayList<>();
        private String shape;

        boolean accepts(Element line) {
            return lines.isEmpty() || line.shape().equals(shape);
        }

        void add(Element line) {
            if (lines.isEmpty()) shape = line.shape();
            lines.add(line);
        }

        void flush(XMLStreamWriter w) throws XMLStreamException {
            if (lines.isEmpty()) return;
            Element first = lines.get(0);
            if (lines.size() == 1) {
                first.writeEmpty(w);
            } else {
                w.writeEmptyElement(first.prefix(), "path", first.namespace());
                for (String[] a : first.attributes()) {
                    if (a[0].isEmpty() && END_POINTS.contains(a[2])) continue;
                    String value = a[0].isEmpty() && a[2].equals("style") ? a[3] + (a[3].endsWith(";") || a[3].isEmpty() ? "" : ";") + "stroke-linejoin:round;" : a[3];
                    if (a[0].isEmpty()) w.writeAttribute(a[2], value);
                    else w.writeAttribute(a[0], a[1], a[2], value);
                }
                w.writeAttribute("d", pathData());
            }
            lines.clear();
            shape = null;
        }

        private String pathData() {
            StringBuilder d = new StringBuilder();
            String lastX = null, lastY = null;
            for (Element line : lines) {
                String x1 = or0(line.attribute("x1")), y1 = or0(line.attribute("y1")), x2 = or0(line.attribute("x2")), y2 = or0(line.attribute("y2"));
                if (!(x1.equals(lastX) && y1.equals(lastY))) d.append(d.length() == 0 ? "M" : " M").append(x1).append(',').append(y1);
                d.append(" L").append(x2).append(',').append(y2);
                lastX = x2;
                lastY = y2;
            }
            return d.toString();
        }

        private static String or0(String v) {
            return v == null ? "0" : v;
        }
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
