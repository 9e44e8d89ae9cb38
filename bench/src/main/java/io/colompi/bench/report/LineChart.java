package io.colompi.bench.report;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.lines.SeriesLines;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.DoubleFunction;

/**
 * A log-log line chart drawn with XChart, written as PNG: x in powers of two (message size, np), y in decades, one
 * line with markers per series, legend on the right. XChart's logarithmic axes are decimal, so x is plotted as
 * log2(x) on a linear axis with ticks on whole exponents, labelled with the value they stand for.
 */
public final class LineChart
{
    private static final int WIDTH = 960;
    private static final int HEIGHT = 560;
    /** Most x labels before they are thinned to every 2nd, 5th... exponent. */
    private static final int MAX_X_LABELS = 12;
    private static final double EPSILON = 1e-9;

    /** One line: its legend name and its points (x, y), drawn in x order; dashed lines for reference series. */
    public record Series(String name, List<double[]> points, boolean dashed)
    {
    }

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final DoubleFunction<String> xTick;
    private final List<Series> series = new ArrayList<>();

    public LineChart(final String title, final String xLabel, final String yLabel, final DoubleFunction<String> xTick)
    {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.xTick = xTick;
    }

    /** Add a line; points with x or y not above 0 cannot be drawn on log axes and are left out. */
    public LineChart add(final Series line)
    {
        final List<double[]> points = line.points().stream().filter(p -> p[0] > 0 && p[1] > 0)
            .sorted(Comparator.comparingDouble(p -> p[0])).toList();
        if (!points.isEmpty())
        {
            series.add(new Series(line.name(), points, line.dashed()));
        }
        return this;
    }

    public boolean isEmpty()
    {
        return series.isEmpty();
    }

    public void write(final Path file) throws IOException
    {
        BitmapEncoder.saveBitmap(chart(), file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    XYChart chart()
    {
        final XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
            .xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        final double lx0 = Math.floor(log2(series.stream().mapToDouble(s -> s.points().get(0)[0]).min().orElse(1)));
        final double lx1 = Math.max(Math.ceil(log2(series.stream()
            .mapToDouble(s -> s.points().get(s.points().size() - 1)[0]).max().orElse(2))), lx0 + 1);
        final double ly0 = Math.floor(Math.log10(series.stream().flatMap(s -> s.points().stream())
            .mapToDouble(p -> p[1]).min().orElse(1)));
        final double ly1 = Math.max(Math.ceil(Math.log10(series.stream().flatMap(s -> s.points().stream())
            .mapToDouble(p -> p[1]).max().orElse(10))), ly0 + 1);
        final int step = labelStep((int)(lx1 - lx0));
        final XYStyler styler = chart.getStyler();
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotBorderColor(Color.BLACK);
        styler.setPlotGridLinesColor(new Color(0xdddddd));
        styler.setXAxisMin(lx0);
        styler.setXAxisMax(lx1);
        // Pixels per tick such that XChart's step (1, 2, 5, 10... exponents) is the one wanted.
        styler.setXAxisTickMarkSpacingHint(Math.max(1, (WIDTH - 320) * step / (int)(lx1 - lx0 + step)));
        styler.setxAxisTickLabelsFormattingFunction(this::exponentLabel);
        styler.setYAxisLogarithmic(true);
        styler.setYAxisMin(Math.pow(10, ly0));
        styler.setYAxisMax(Math.pow(10, ly1));
        styler.setYAxisDecimalPattern("#,##0.###");
        for (final Series line : series)
        {
            final double[] x = line.points().stream().mapToDouble(p -> log2(p[0])).toArray();
            final double[] y = line.points().stream().mapToDouble(p -> p[1]).toArray();
            final XYSeries drawn = chart.addSeries(line.name(), x, y);
            if (line.dashed())
            {
                drawn.setLineStyle(SeriesLines.DASH_DASH);
            }
        }
        return chart;
    }

    /** The label of x tick {@code exponent}: the value 2^exponent stands for, on whole exponents only. */
    private String exponentLabel(final Double exponent)
    {
        final long whole = Math.round(exponent);
        return Math.abs(exponent - whole) < EPSILON ? xTick.apply(Math.pow(2, whole)) : "";
    }

    /** The step between labelled exponents: 1, 2, 5, 10, 20... so that at most {@value #MAX_X_LABELS} are labelled. */
    static int labelStep(final int exponents)
    {
        int step = 1;
        for (int decade = 1; exponents / step > MAX_X_LABELS; decade *= 10)
        {
            for (final int m : new int[]{ 1, 2, 5 })
            {
                step = m * decade;
                if (exponents / step <= MAX_X_LABELS)
                {
                    return step;
                }
            }
        }
        return step;
    }

    private static double log2(final double v)
    {
        return Math.log(v) / Math.log(2);
    }
}
