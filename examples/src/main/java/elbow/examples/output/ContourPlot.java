package elbow.examples.output;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Paths in a plane over the contour lines of a function: optimisation trajectories over a loss
 * surface. Contours come from {@link Isolines} on a grid, one grey line series per level (broken
 * between segments by NaN, which XChart does not connect); paths are coloured, with markers where the
 * iterates are few enough to tell apart. Same look as {@link LinePlot}; saved as PNG and SVG.
 */
public final class ContourPlot {
    private final XYChart chart;

    public ContourPlot(String title, String xLabel, String yLabel, double xMin, double xMax, double yMin, double yMax) {
        chart = new XYChartBuilder().width(900).height(720).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        XYStyler s = chart.getStyler();
        // Inside, one entry a line, over a translucent box: a horizontal legend of long entries runs off
        // the chart, and one beside it squeezes the plane.
        ChartStyle.apply(s);
        // Inside, over the empty corner: below the plot, the iso-line labels would crowd the legend.
        s.setLegendPosition(Styler.LegendPosition.InsideNE);
        s.setLegendLayout(Styler.LegendLayout.Vertical);
        s.setLegendBackgroundColor(new Color(255, 255, 255, 220));
        s.setMarkerSize(7);
        s.setXAxisMaxLabelCount(9);
        s.setXAxisDecimalPattern("#.##");
        s.setYAxisDecimalPattern("#.##");
        // The window is fixed: paths may start outside the interesting region and are clipped to it.
        s.setXAxisMin(xMin);
        s.setXAxisMax(xMax);
        s.setYAxisMin(yMin);
        s.setYAxisMax(yMax);
    }

    /**
     * Contour lines of f on an nx × ny grid over the plot's window, at the given levels (ascending),
     * darker for lower levels, with one legend entry {@code label} for all of them.
     */
    public ContourPlot contours(DoubleBinaryOperator f, int nx, int ny, double[] levels, String label) {
        double xMin = chart.getStyler().getXAxisMin(), xMax = chart.getStyler().getXAxisMax();
        double yMin = chart.getStyler().getYAxisMin(), yMax = chart.getStyler().getYAxisMax();
        double[] xs = new double[nx], ys = new double[ny];
        for (int i = 0; i < nx; i++) xs[i] = xMin + (xMax - xMin) * i / (nx - 1);
        for (int j = 0; j < ny; j++) ys[j] = yMin + (yMax - yMin) * j / (ny - 1);
        double[][] values = new double[nx][ny];
        for (int i = 0; i < nx; i++) for (int j = 0; j < ny; j++) values[i][j] = f.applyAsDouble(xs[i], ys[j]);
        boolean labelled = false;
        for (int l = 0; l < levels.length; l++) {
            List<double[]> segs = Isolines.segments(xs, ys, values, levels[l]);
            if (segs.isEmpty()) continue;
            double[] x = new double[3 * segs.size()], y = new double[x.length];
            for (int s = 0; s < segs.size(); s++) {
                double[] seg = segs.get(s);
                x[3 * s] = seg[0];
                y[3 * s] = seg[1];
                x[3 * s + 1] = seg[2];
                y[3 * s + 1] = seg[3];
                x[3 * s + 2] = seg[2];
                y[3 * s + 2] = Double.NaN; // pen up
            }
            int grey = levels.length == 1 ? 120 : 60 + (int) (150.0 * l / (levels.length - 1));
            XYSeries series = chart.addSeries(labelled ? label + " (" + l + ")" : label, x, y);
            series.setShowInLegend(!labelled);
            labelled = true;
            series.setMarker(SeriesMarkers.NONE);
            series.setLineColor(new Color(grey, grey, grey));
            series.setLineStyle(new BasicStroke(1f));
        }
        return this;
    }

    /** A path through the points (x_t, y_t), with a marker at each when {@code markers}. */
    public ContourPlot path(String name, double[] x, double[] y, Color color, boolean markers) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setLineColor(color);
        s.setLineStyle(new BasicStroke(2f));
        s.setMarker(markers ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        s.setMarkerColor(color);
        return this;
    }

    /** One marked point, e.g. the optimum or the start. */
    public ContourPlot point(String name, double x, double y, Color color, Marker marker) {
        XYSeries s = chart.addSeries(name, new double[] {x}, new double[] {y});
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(marker);
        s.setMarkerColor(color);
        return this;
    }

    /** Writes {@code dir/name.png} and {@code dir/name.svg}. */
    public void save(Path dir, String name) {
        ChartFiles.save(chart, dir, name);
    }
}
