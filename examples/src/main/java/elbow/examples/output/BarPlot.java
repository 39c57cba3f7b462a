package elbow.examples.output;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.CategoryStyler;

/**
 * Grouped bars over a few named categories (frequencies of outcomes against their probabilities),
 * with optional error bars, in the look of {@link LinePlot}; saved as PNG and SVG.
 */
public final class BarPlot {
    private final CategoryChart chart;

    public BarPlot(String title, String xLabel, String yLabel) {
        chart = new CategoryChartBuilder().width(900).height(560).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        CategoryStyler s = chart.getStyler();
        ChartStyle.apply(s);
        s.setAvailableSpaceFill(0.8);
        s.setErrorBarsColor(Color.BLACK);
        s.setYAxisDecimalPattern("#.###");
        s.setYAxisMin(0.0);
    }

    /** One bar per category; {@code errors} (may be null) are drawn as ± error bars. */
    public BarPlot bars(String name, String[] categories, double[] values, double[] errors, Color color) {
        if (categories.length != values.length || (errors != null && errors.length != values.length)) {
            throw new IllegalArgumentException("bars '" + name + "': " + categories.length + " categories, " + values.length + " values"
                    + (errors == null ? "" : ", " + errors.length + " errors"));
        }
        List<String> x = new ArrayList<>(List.of(categories));
        List<Double> y = new ArrayList<>();
        for (double v : values) y.add(v);
        CategorySeries s;
        if (errors == null) {
            s = chart.addSeries(name, x, y);
        } else {
            List<Double> e = new ArrayList<>();
            for (double v : errors) e.add(v);
            s = chart.addSeries(name, x, y, e);
        }
        s.setFillColor(color);
        return this;
    }

    /** Writes {@code dir/name.png} and {@code dir/name.svg}. */
    public void save(Path dir, String name) {
        ChartFiles.save(chart, dir, name);
    }
}
