package io.colompi.bench.report;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * A log-log line chart drawn with Java2D (headless), written as PNG: x in powers of two (message size, np), y in
 * decades, one line with markers per series, legend on the right. No charting dependency.
 */
public final class LineChart
{
    private static final int WIDTH = 960;
    private static final int HEIGHT = 560;
    private static final int LEFT = 80;
    private static final int RIGHT = 250;
    private static final int TOP = 48;
    private static final int BOTTOM = 64;
    private static final Color[] PALETTE =
    {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf),
    };

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

    public LineChart add(final Series line)
    {
        if (!line.points().isEmpty())
        {
            series.add(line);
        }
        return this;
    }

    public boolean isEmpty()
    {
        return series.isEmpty();
    }

    public void write(final Path file) throws IOException
    {
        final BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        final Graphics2D g = image.createGraphics();
        try
        {
            draw(g);
        }
        finally
        {
            g.dispose();
        }
        ImageIO.write(image, "png", file.toFile());
    }

    private void draw(final Graphics2D g)
    {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);

        double xMin = Double.MAX_VALUE;
        double xMax = -Double.MAX_VALUE;
        double yMin = Double.MAX_VALUE;
        double yMax = -Double.MAX_VALUE;
        for (final Series s : series)
        {
            for (final double[] p : s.points())
            {
                if (p[0] > 0 && p[1] > 0)
                {
                    xMin = Math.min(xMin, p[0]);
                    xMax = Math.max(xMax, p[0]);
                    yMin = Math.min(yMin, p[1]);
                    yMax = Math.max(yMax, p[1]);
                }
            }
        }
        if (xMin > xMax)
        {
            xMin = 1;
            xMax = 2;
            yMin = 1;
            yMax = 10;
        }
        final double lx0 = log2(xMin);
        final double lx1 = Math.max(log2(xMax), lx0 + 1);
        final double ly0 = Math.floor(Math.log10(yMin));
        final double ly1 = Math.max(Math.ceil(Math.log10(yMax)), ly0 + 1);
        final int plotW = WIDTH - LEFT - RIGHT;
        final int plotH = HEIGHT - TOP - BOTTOM;
        final Frame frame = new Frame(lx0, lx1, ly0, ly1, plotW, plotH);

        final Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        g.setFont(font);
        final FontMetrics fm = g.getFontMetrics();

        // Grid and y ticks: decades labelled, 2 and 5 as light lines.
        for (int decade = (int)ly0; decade <= (int)ly1; decade++)
        {
            for (final int m : new int[] { 1, 2, 5 })
            {
                final double v = m * Math.pow(10, decade);
                final double lv = Math.log10(v);
                if (lv < ly0 - 1e-9 || lv > ly1 + 1e-9)
                {
                    continue;
                }
                final int y = frame.y(v);
                g.setColor(m == 1 ? new Color(0xd0d0d0) : new Color(0xeeeeee));
                g.drawLine(LEFT, y, LEFT + plotW, y);
                g.setColor(Color.DARK_GRAY);
                final String label = number(v);
                if (m == 1 || ly1 - ly0 <= 3)
                {
                    g.drawString(label, LEFT - 6 - fm.stringWidth(label), y + fm.getAscent() / 2 - 1);
                }
            }
        }
        // x ticks at powers of two; label every k-th so they do not overlap.
        final int first = (int)Math.ceil(lx0 - 1e-9);
        final int last = (int)Math.floor(lx1 + 1e-9);
        int step = 1;
        while ((last - first) / step > 12)
        {
            step++;
        }
        for (int e = first; e <= last; e++)
        {
            final int x = frame.x(Math.pow(2, e));
            g.setColor(new Color(0xeeeeee));
            g.drawLine(x, TOP, x, TOP + plotH);
            g.setColor(Color.DARK_GRAY);
            g.drawLine(x, TOP + plotH, x, TOP + plotH + 4);
            if ((e - first) % step == 0)
            {
                final String label = xTick.apply(Math.pow(2, e));
                g.drawString(label, x - fm.stringWidth(label) / 2, TOP + plotH + 6 + fm.getAscent());
            }
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, plotW, plotH);

        // Titles.
        g.setFont(font.deriveFont(Font.BOLD, 15f));
        g.drawString(title, LEFT, TOP - 18);
        g.setFont(font.deriveFont(13f));
        final FontMetrics lm = g.getFontMetrics();
        g.drawString(xLabel, LEFT + (plotW - lm.stringWidth(xLabel)) / 2, HEIGHT - 18);
        final AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2);
        g.drawString(yLabel, -(TOP + (plotH + lm.stringWidth(yLabel)) / 2), 20);
        g.setTransform(saved);

        // Lines, markers and legend.
        g.setFont(font);
        int legendY = TOP + 8;
        for (int i = 0; i < series.size(); i++)
        {
            final Series s = series.get(i);
            final Color color = PALETTE[i % PALETTE.length];
            final BasicStroke stroke = s.dashed()
                ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] { 7f, 5f }, 0f)
                : new BasicStroke(2f);
            final List<double[]> points = new ArrayList<>(s.points());
            points.sort((a, b) -> Double.compare(a[0], b[0]));
            final Path2D path = new Path2D.Double();
            boolean started = false;
            for (final double[] p : points)
            {
                if (p[0] <= 0 || p[1] <= 0)
                {
                    continue;
                }
                if (started)
                {
                    path.lineTo(frame.x(p[0]), frame.y(p[1]));
                }
                else
                {
                    path.moveTo(frame.x(p[0]), frame.y(p[1]));
                    started = true;
                }
            }
            g.setColor(color);
            g.setStroke(stroke);
            g.draw(path);
            g.setStroke(new BasicStroke(1.5f));
            for (final double[] p : points)
            {
                if (p[0] > 0 && p[1] > 0)
                {
                    marker(g, i, frame.x(p[0]), frame.y(p[1]));
                }
            }
            final int lx = LEFT + plotW + 16;
            g.setStroke(stroke);
            g.drawLine(lx, legendY, lx + 28, legendY);
            g.setStroke(new BasicStroke(1.5f));
            marker(g, i, lx + 14, legendY);
            g.setColor(Color.BLACK);
            g.drawString(s.name(), lx + 36, legendY + fm.getAscent() / 2 - 1);
            legendY += 20;
        }
    }

    private static void marker(final Graphics2D g, final int index, final int x, final int y)
    {
        switch (index % 4)
        {
            case 0:
                g.fillOval(x - 3, y - 3, 7, 7);
                break;
            case 1:
                g.fillRect(x - 3, y - 3, 7, 7);
                break;
            case 2:
                g.fillPolygon(new int[] { x, x + 4, x - 4 }, new int[] { y - 4, y + 3, y + 3 }, 3);
                break;
            default:
                g.drawOval(x - 3, y - 3, 7, 7);
        }
    }

    private static double log2(final double v)
    {
        return Math.log(v) / Math.log(2);
    }

    static String number(final double v)
    {
        if (v >= 1e6)
        {
            return String.format(Locale.ROOT, "%.0fM", v / 1e6);
        }
        if (v >= 1e3)
        {
            return String.format(Locale.ROOT, "%.0fk", v / 1e3);
        }
        if (v >= 1)
        {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return String.format(Locale.ROOT, "%s", stripZeros(v));
    }

    private static String stripZeros(final double v)
    {
        String s = String.format(Locale.ROOT, "%.4f", v);
        while (s.endsWith("0"))
        {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    /** Data to pixel mapping of the plot area. */
    private record Frame(double lx0, double lx1, double ly0, double ly1, int w, int h)
    {
        int x(final double v)
        {
            return LEFT + (int)Math.round((log2(v) - lx0) / (lx1 - lx0) * w);
        }

        int y(final double v)
        {
            return TOP + h - (int)Math.round((Math.log10(v) - ly0) / (ly1 - ly0) * h);
        }
    }
}
