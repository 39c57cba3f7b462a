package elbow.examples.output;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A line chart as the workbench draws them: a title, labelled axes, a legend, noisy traces drawn faint
 * with their smoothed curve on top, exact curves solid, reference values as dashed horizontal lines.
 * Saved as PNG and SVG side by side (XChart).
 */
public final class LinePlot {
    /** Colours that stay distinguishable for colour-blind readers (Okabe–Ito). */
    public static final Color[] PALETTE = {
        new Color(0, 114, 178), new Color(213, 94, 0), new Color(0, 158, 115), new Color(204, 121, 167),
        new Color(230, 159, 0), new Color(86, 180, 233), new Color(0, 0, 0), new Color(240, 228, 66),
    };

    private final XYChart chart;
    private final List<Runnable> references = new ArrayList<>();
    private double xMin = Double.POSITIVE_INFINITY, xMax = Double.NEGATIVE_INFINITY;
    private double yMin = Double.POSITIVE_INFINITY, yMax = Double.NEGATIVE_INFINITY;
    private boolean logY, offGridAdded;

    public LinePlot(String title, String xLabel, String yLabel) {
        chart = new XYChartBuilder().width(960).height(560).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        XYStyler s = chart.getStyler();
        ChartStyle.apply(s);
        s.setMarkerSize(0);
        // Few, short x labels: XChart otherwise crowds iteration counts into one unreadable run.
        s.setXAxisMaxLabelCount(9);
        s.setXAxisDecimalPattern("#.###");
    }

    /** Fixes the y range, e.g. to leave out the first iterations' far-off values. */
    public LinePlot yRange(double min, double max) {
        chart.getStyler().setYAxisMin(min);
        chart.getStyler().setYAxisMax(max);
        return this;
    }

    /**
     * A y range that shows where a run settles: from the lowest of {@code values} after their first
     * {@code skipFraction} to the highest of all, with a margin; the skipped start leaves the plot.
     */
    public LinePlot yRangeAfter(double skipFraction, double[]... values) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double[] v : values) {
            for (int i = (int) (skipFraction * v.length); i < v.length; i++) {
                if (Double.isFinite(v[i])) lo = Math.min(lo, v[i]);
            }
            for (double x : v) if (Double.isFinite(x)) hi = Math.max(hi, x);
        }
        if (lo < hi) {
            double margin = 0.05 * (hi - lo);
            yRange(lo - margin, hi + margin);
        }
        return this;
    }

    public LinePlot logY() {
        chart.getStyler().setYAxisLogarithmic(true);
        logY = true;
        return this;
    }

    /** A logarithmic x axis (e.g. a temperature or step-size sweep); x values must be positive. */
    public LinePlot logX() {
        chart.getStyler().setXAxisLogarithmic(true);
        return this;
    }

    /**
     * A histogram as its outline: bins [edges[i], edges[i+1]) of the given heights (e.g. densities),
     * filled faintly when {@code filled}, so that curves drawn over it stay visible.
     */
    public LinePlot histogram(String name, double[] edges, double[] heights, Color color, boolean filled) {
        if (edges.length != heights.length + 1) throw new IllegalArgumentException("histogram '" + name + "': " + edges.length + " edges for " + heights.length + " bins");
        double[] x = new double[2 * heights.length + 2], y = new double[x.length];
        x[0] = edges[0];
        for (int i = 0; i < heights.length; i++) {
            x[2 * i + 1] = edges[i];
            y[2 * i + 1] = heights[i];
            x[2 * i + 2] = edges[i + 1];
            y[2 * i + 2] = heights[i];
        }
        x[x.length - 1] = edges[edges.length - 1];
        XYSeries s = add(name, x, y, filled ? color.darker() : color, filled ? 1f : 1.5f, false);
        if (filled) {
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
            s.setFillColor(withAlpha(color, 70));
        }
        return this;
    }

    public LinePlot legendPosition(Styler.LegendPosition position) {
        chart.getStyler().setLegendPosition(position);
        return this;
    }

    /** A noisy series: the raw values faint (not in the legend) and a centred moving average on top. */
    public LinePlot trace(String name, double[] x, double[] y, Color color) {
        double[] raw = positiveIfLog(y);
        XYSeries faint = add(name + " (raw)", x, raw, withAlpha(color, 60), 1f, false);
        faint.setShowInLegend(false);
        add(name, x, positiveIfLog(smooth(y, Math.max(1, x.length / 60))), color, 2f, false);
        return this;
    }

    /** An exact curve, solid. */
    public LinePlot line(String name, double[] x, double[] y, Color color) {
        add(name, x, positiveIfLog(y), color, 2f, false);
        return this;
    }

    /** An exact curve, dashed (a reference curve beside a solid one of the same colour). */
    public LinePlot dashed(String name, double[] x, double[] y, Color color) {
        add(name, x, positiveIfLog(y), color, 1.5f, true);
        return this;
    }

    /** A dashed line of a known value across the whole x range. */
    public LinePlot reference(String name, double value, Color color) {
        references.add(() -> add(name, new double[] {xMin, xMax}, new double[] {value, value}, color, 1.5f, true));
        return this;
    }

    private XYSeries add(String name, double[] x, double[] y, Color color, float width, boolean dashed) {
        if (x.length != y.length) throw new IllegalArgumentException("series '" + name + "': " + x.length + " x values but " + y.length + " y values");
        for (double v : x) {
            xMin = Math.min(xMin, v);
            xMax = Math.max(xMax, v);
        }
        for (double v : y) {
            if (Double.isFinite(v)) {
                yMin = Math.min(yMin, v);
                yMax = Math.max(yMax, v);
            }
        }
        XYSeries s = chart.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setLineStyle(dashed ? new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 5f}, 0f) : new BasicStroke(width));
        return s;
    }

    /** Centred moving average over 2·half+1 points (shorter at the ends): no lag, unlike an EMA. */
    public static double[] smooth(double[] y, int half) {
        double[] out = new double[y.length];
        double[] prefix = new double[y.length + 1];
        for (int i = 0; i < y.length; i++) prefix[i + 1] = prefix[i] + y[i];
        for (int i = 0; i < y.length; i++) {
            int lo = Math.max(0, i - half), hi = Math.min(y.length, i + half + 1);
            out[i] = (prefix[hi] - prefix[lo]) / (hi - lo);
        }
        return out;
    }

    private double[] positiveIfLog(double[] y) {
        if (!logY) return y;
        double[] out = y.clone();
        // A log axis cannot show 0 or negatives; such points are clamped to the smallest positive value.
        double min = Double.POSITIVE_INFINITY;
        for (double v : y) if (v > 0) min = Math.min(min, v);
        for (int i = 0; i < out.length; i++) if (!(out[i] > 0)) out[i] = min == Double.POSITIVE_INFINITY ? 1e-300 : min;
        return out;
    }

    private static Color withAlpha(Color c, int alpha) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
    }

    /** Writes {@code dir/name.png} and {@code dir/name.svg}. */
    public void save(Path dir, String name) {
        references.forEach(Runnable::run);
        references.clear();
        // Round, well-spaced tick labels: XChart 3.8.8 labels an axis whose values are long runs of
        // equally spaced numbers (iterations; the fractions of an empirical CDF) at every n-th value,
        // often one label per 20 pixels; one invisible point off both grids makes it choose round ticks.
        if (!offGridAdded && xMin < xMax && yMin <= yMax) {
            double f = 0.5000123; // off any grid the data are likely to be on
            XYSeries offGrid = chart.addSeries(" ", new double[] {xMin + (xMax - xMin) * f}, new double[] {yMin + (yMax - yMin) * f});
            offGrid.setMarker(SeriesMarkers.NONE);
            offGrid.setLineColor(new Color(0, 0, 0, 0));
            offGrid.setShowInLegend(false);
            offGridAdded = true;
        }
        ChartFiles.save(chart, dir, name);
    }
}
