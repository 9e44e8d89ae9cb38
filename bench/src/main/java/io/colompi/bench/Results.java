package io.colompi.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * What rank 0 reports: the OSU-style table on stdout, rows appended to the CSV file, progress lines on stderr
 * (at most one every two seconds). Other ranks report nothing.
 */
final class Results implements AutoCloseable
{
    /** The CSV columns, in order. Absent values are empty cells. */
    static final String CSV_HEADER =
        "benchmark,series,placement,tier,np,ranks_per_jvm,datatype,size,value,unit,p50,p99,min,max,iterations,wait,jdk,run";

    private static final int SIZE_WIDTH = 10;
    private static final int FIELD_WIDTH = 18;
    private static final long PROGRESS_INTERVAL_NS = 2_000_000_000L;

    private final boolean root;
    private final String benchmark;
    private final JobShape shape;
    private final String datatype;
    private final boolean quiet;
    private final PrintStream out = System.out;
    private final BufferedWriter csv;
    private final long startNs = System.nanoTime();
    private long lastProgressNs = startNs;

    Results(final int rank, final String benchmark, final JobShape shape, final Element element, final Options options)
    {
        this.root = rank == 0;
        this.benchmark = benchmark;
        this.shape = shape;
        this.datatype = element == null ? "" : element.label();
        this.quiet = options.quiet;
        this.csv = root && options.csv != null ? openCsv(options.csv) : null;
    }

    boolean root()
    {
        return root;
    }

    /** The title lines: what ran, where, how. */
    void title(final String name, final String details)
    {
        if (root)
        {
            out.println("# colompi " + name + " (OSU-style)");
            out.println("# np=" + shape.np() + " placement=" + shape.placement() + " ranks-per-jvm=" + shape.ranksPerJvm() +
                (datatype.isEmpty() ? "" : " datatype=" + datatype) + " wait=" + waitPolicy() + " jdk=" +
                Runtime.version().feature() + (details.isEmpty() ? "" : " " + details));
        }
    }

    void columns(final String... names)
    {
        if (root)
        {
            final StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-" + SIZE_WIDTH + "s", "# Size"));
            for (final String name : names)
            {
                line.append(String.format(Locale.ROOT, "%" + FIELD_WIDTH + "s", name));
            }
            out.println(line);
        }
    }

    void row(final long size, final double... values)
    {
        if (root)
        {
            final StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-" + SIZE_WIDTH + "d", size));
            for (final double value : values)
            {
                line.append(String.format(Locale.ROOT, "%" + FIELD_WIDTH + ".2f", value));
            }
            out.println(line);
            out.flush();
        }
    }

    /** A row without a size column (barrier). */
    void rowNoSize(final double... values)
    {
        if (root)
        {
            final StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-" + SIZE_WIDTH + "s", ""));
            for (final double value : values)
            {
                line.append(String.format(Locale.ROOT, "%" + FIELD_WIDTH + ".2f", value));
            }
            out.println(line);
            out.flush();
        }
    }

    /** One CSV row; NaN values are left empty. */
    void record(
        final String series, final String tier, final long size, final double value, final String unit,
        final double p50, final double p99, final double min, final double max, final int iterations)
    {
        if (csv == null)
        {
            return;
        }
        final String line = String.join(",",
            benchmark, series, shape.placement(), tier, Integer.toString(shape.np()),
            Integer.toString(shape.ranksPerJvm()), datatype, Long.toString(size), number(value), unit,
            number(p50), number(p99), number(min), number(max), Integer.toString(iterations), waitPolicy(),
            Integer.toString(Runtime.version().feature()), "");
        try
        {
            csv.write(line);
            csv.newLine();
            csv.flush();
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    /** A progress line on stderr, if the last one is more than two seconds old. */
    void progress(final long size, final int index, final int total)
    {
        if (!root || quiet)
        {
            return;
        }
        final long now = System.nanoTime();
        if (now - lastProgressNs >= PROGRESS_INTERVAL_NS || index == total)
        {
            lastProgressNs = now;
            if (now - startNs >= PROGRESS_INTERVAL_NS)
            {
                System.err.printf(Locale.ROOT, "osu %s: size %s done (%d/%d), %.1f s%n",
                    benchmark, Sizes.format(size), index, total, (now - startNs) / 1e9);
            }
        }
    }

    @Override
    public void close()
    {
        if (csv != null)
        {
            try
            {
                csv.close();
            }
            catch (final IOException e)
            {
                throw new UncheckedIOException(e);
            }
        }
    }

    static String waitPolicy()
    {
        return System.getProperty("colompi.wait", "backoff");
    }

    private static String number(final double value)
    {
        if (Double.isNaN(value))
        {
            return "";
        }
        return String.format(Locale.ROOT, "%.4f", value);
    }

    private static BufferedWriter openCsv(final Path file)
    {
        try
        {
            final Path parent = file.toAbsolutePath().getParent();
            if (parent != null)
            {
                Files.createDirectories(parent);
            }
            final boolean fresh = !Files.exists(file) || Files.size(file) == 0;
            final BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            if (fresh)
            {
                writer.write(CSV_HEADER);
                writer.newLine();
            }
            return writer;
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
