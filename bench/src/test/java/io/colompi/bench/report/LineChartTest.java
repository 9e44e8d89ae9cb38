package io.colompi.bench.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LineChartTest
{
    @Test
    void sizesAreLabelledInPowersOfTwoOnWholeExponentsOnly()
    {
        final LineChart chart = new LineChart("t", "size", "us", Report::sizeLabel)
            .add(new LineChart.Series("colompi", List.of(new double[]{ 1, 0.2 }, new double[]{ 4 << 20, 300 }), false));
        final Function<Double, String> label = chart.chart().getStyler().getxAxisTickLabelsFormattingFunction();

        assertEquals("1", label.apply(0.0));
        assertEquals("64K", label.apply(16.0));
        assertEquals("4M", label.apply(22.0));
        assertEquals("", label.apply(16.5));
        assertTrue(chart.chart().getStyler().isYAxisLogarithmic());
    }

    @Test
    void labelsAreThinnedToOneTwoFiveSteps()
    {
        assertEquals(1, LineChart.labelStep(3));
        assertEquals(1, LineChart.labelStep(12));
        assertEquals(2, LineChart.labelStep(22));
        assertEquals(5, LineChart.labelStep(40));
        assertEquals(10, LineChart.labelStep(100));
    }

    @Test
    void pointsThatLogAxesCannotShowAreLeftOutAndAChartOfNoneIsEmpty()
    {
        final LineChart chart = new LineChart("t", "size", "us", Report::sizeLabel)
            .add(new LineChart.Series("none", List.of(new double[]{ 0, 1 }, new double[]{ 8, 0 }), false));
        assertTrue(chart.isEmpty());
    }

    @Test
    void theReportWritesTheLatencyChartAsAPng(@TempDir final Path dir) throws Exception
    {
        Files.writeString(dir.resolve("results.csv"), String.join("\n",
            "benchmark,series,placement,tier,np,size,value,unit,p50,p99",
            "latency,colompi,colocated,local,2,8,0.3,us,0.3,0.9",
            "latency,colompi,colocated,local,2,1024,0.5,us,0.5,1.1",
            "latency,raw,colocated,local,2,8,0.1,us,0.1,0.2",
            "latency,raw,colocated,local,2,1024,0.2,us,0.2,0.3", ""));
        final Report report = new Report(Report.read(List.of(dir.resolve("results.csv"))));

        assertEquals(List.of("latency.png"), report.writeCharts(dir));
        final BufferedImage image = ImageIO.read(dir.resolve("latency.png").toFile());
        assertEquals(960, image.getWidth());
        assertEquals(560, image.getHeight());
    }
}
