package io.colompi.trace.report;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.style.Styler;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The report's pictures, drawn with XChart. */
final class Charts
{
    private static final Color[] HEAT = { new Color(0xf7fbff), new Color(0x6baed6), new Color(0x08306b) };

    private Charts()
    {
    }

    /** A rank x rank heat map of {@code values[source][dest]}, numbers shown where the matrix is small enough. */
    static void matrix(final Path file, final String title, final String unit, final long[][] values) throws IOException
    {
        final int size = values.length;
        final int side = Math.max(480, Math.min(1400, 120 + 40 * size));
        final HeatMapChart chart = new HeatMapChartBuilder().width(side + 120).height(side).title(title)
            .xAxisTitle("receiver (world rank)").yAxisTitle("sender (world rank)").build();
        final List<Integer> ranks = new ArrayList<>();
        for (int rank = 0; rank < size; rank++)
        {
            ranks.add(rank);
        }
        final List<Number[]> cells = new ArrayList<>();
        long max = 0;
        for (int source = 0; source < size; source++)
        {
            for (int dest = 0; dest < size; dest++)
            {
                cells.add(new Number[]{ dest, source, values[source][dest] });
                max = Math.max(max, values[source][dest]);
            }
        }
        chart.getStyler().setRangeColors(HEAT).setShowValue(size <= 16).setMin(0).setMax(Math.max(1, max))
            .setHeatMapValueDecimalPattern("#,###").setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.addSeries(unit, ranks, ranks, cells);
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** Bars per category, one series per entry of {@code series}, stacked or side by side. */
    static void bars(
        final Path file, final String title, final String xTitle, final String yTitle, final List<String> categories,
        final List<String> names, final List<double[]> series, final boolean stacked) throws IOException
    {
        final CategoryChart chart = new CategoryChartBuilder().width(Math.max(640, 120 + 48 * categories.size()))
            .height(420).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        chart.getStyler().setStacked(stacked).setLegendPosition(Styler.LegendPosition.OutsideE)
            .setChartBackgroundColor(Color.WHITE);
        for (int i = 0; i < names.size(); i++)
        {
            final List<Double> values = new ArrayList<>();
            for (final double v : series.get(i))
            {
                values.add(v);
            }
            chart.addSeries(names.get(i), categories, values);
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
