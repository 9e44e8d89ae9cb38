package io.colompi.bench.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Turns the CSV rows of a benchmark run ({@code Osu --csv}, the Open MPI ping-pong) into {@code summary.md} and PNG
 * charts next to them. Repeated runs of the same point are combined by their median.
 * <p>{@code java -Djava.awt.headless=true -cp ... io.colompi.bench.report.Report DIR [CSV...]}: reads every
 * {@code *.csv} in DIR (or the files named), writes DIR/summary.md and DIR/*.png.
 */
public final class Report
{
    /** The collectives in the order of their tables, then their nonblocking twins ({@code iallreduce}, ...). */
    private static final List<String> COLLECTIVES =
        List.of("barrier", "bcast", "reduce", "allreduce", "gather", "scatter", "allgather", "alltoall", "allgatherv",
            "alltoallv", "gatherv", "scatterv", "ibarrier", "ibcast", "ireduce", "iallreduce", "igather", "iscatter",
            "iallgather", "ialltoall", "iallgatherv", "ialltoallv", "igatherv", "iscatterv");
    private static final List<String> SERIES_ORDER = List.of("colompi", "raw", "openmpi", "baseline");
    /** The placement suffix of runs with {@code colorun --trace} ({@code colobench --trace-compare}). */
    private static final String TRACED = "+trace";
    /** What the tracing cost table compares: benchmark, and what its value is. */
    private static final Map<String, String> TRACED_MEASURES = new LinkedHashMap<>(Map.of(
        "jacobi", "Jacobi program time (s)", "halo-mpi-steady", "halo, MPI steady (us per iteration)",
        "halo-iteration", "halo, iteration steady (us)", "halo", "halo loop (s)"));

    /** One CSV row; {@code run} is colobench's round (1, 2, ...), 0 where the row has none. */
    record Row(String benchmark, String series, String placement, String tier, int np, long size, double value,
               String unit, double p50, double p99, int ranksPerJvm, int iterations, int run)
    {
    }

    /** The median over runs of one point. */
    record Point(double value, double p50, double p99, int runs)
    {
    }

    private final List<Row> rows;

    Report(final List<Row> rows)
    {
        this.rows = rows;
    }

    public static void main(final String[] args) throws IOException
    {
        if (args.length < 1)
        {
            System.err.println("usage: Report DIR [CSV...]");
            System.exit(2);
        }
        final Path dir = Path.of(args[0]);
        final List<Path> files = new ArrayList<>();
        if (args.length > 1)
        {
            for (int i = 1; i < args.length; i++)
            {
                files.add(Path.of(args[i]));
            }
        }
        else
        {
            try (Stream<Path> listing = Files.list(dir))
            {
                listing.filter(p -> p.toString().endsWith(".csv")).sorted().forEach(files::add);
            }
        }
        final Report report = new Report(read(files));
        final List<String> charts = report.writeCharts(dir);
        final Path machine = dir.resolve("machine.txt");
        final String header = Files.exists(machine) ? Files.readString(machine) : "";
        Files.writeString(dir.resolve("summary.md"), report.summary(header, charts), StandardCharsets.UTF_8);
        System.out.println("report: " + dir.resolve("summary.md") + ", charts: " + String.join(" ", charts));
    }

    /** Rows of CSV files with Osu's header (columns found by name, so added columns do not break old readers). */
    static List<Row> read(final List<Path> files) throws IOException
    {
        final List<Row> rows = new ArrayList<>();
        for (final Path file : files)
        {
            final List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty())
            {
                continue;
            }
            final List<String> header = Arrays.asList(lines.get(0).split(",", -1));
            if (!header.contains("benchmark") || !header.contains("value"))
            {
                continue;
            }
            for (final String line : lines.subList(1, lines.size()))
            {
                if (line.isBlank() || line.equals(lines.get(0)))
                {
                    continue;
                }
                final String[] cells = line.split(",", -1);
                final Function<String, String> cell = name ->
                {
                    final int i = header.indexOf(name);
                    return i >= 0 && i < cells.length ? cells[i] : "";
                };
                rows.add(new Row(cell.apply("benchmark"), cell.apply("series"), cell.apply("placement"), cell.apply("tier"),
                    Integer.parseInt(cell.apply("np")), Long.parseLong(cell.apply("size")), number(cell.apply("value")),
                    cell.apply("unit"), number(cell.apply("p50")), number(cell.apply("p99")),
                    integer(cell.apply("ranks_per_jvm")), integer(cell.apply("iterations")), integer(cell.apply("run"))));
            }
        }
        return rows;
    }

    /** Median over runs, per (benchmark, series, placement, tier, np, size). */
    Map<String, Point> points(final String benchmark)
    {
        final Map<String, List<Row>> groups = new LinkedHashMap<>();
        for (final Row row : rows)
        {
            if (row.benchmark().equals(benchmark))
            {
                groups.computeIfAbsent(key(row.series(), row.placement(), row.tier(), row.np(), row.size()),
                    k -> new ArrayList<>()).add(row);
            }
        }
        final Map<String, Point> points = new LinkedHashMap<>();
        groups.forEach((k, list) -> points.put(k, new Point(
            median(list.stream().mapToDouble(Row::value).toArray()),
            median(list.stream().mapToDouble(Row::p50).toArray()),
            median(list.stream().mapToDouble(Row::p99).toArray()),
            list.size())));
        return points;
    }

    static String key(final String series, final String placement, final String tier, final int np, final long size)
    {
        return series + "|" + placement + "|" + tier + "|" + np + "|" + size;
    }

    /** The rows of {@code benchmark}'s point {@code key} ({@link #key}). */
    private List<Row> rows(final String benchmark, final String key)
    {
        return rows.stream().filter(r -> r.benchmark().equals(benchmark) &&
            key(r.series(), r.placement(), r.tier(), r.np(), r.size()).equals(key)).toList();
    }

    /** {@code benchmark}'s point {@code key} against its point {@code reference}, round by round. */
    private RoundRatio ratio(final String benchmark, final String key, final String reference)
    {
        return RoundRatio.of(rows(benchmark, key), rows(benchmark, reference));
    }

    // ---------------------------------------------------------------------------------------------------- charts

    List<String> writeCharts(final Path dir) throws IOException
    {
        final List<String> written = new ArrayList<>();
        final LineChart latency = new LineChart("One-way latency (ping-pong), median of iterations",
            "message size (bytes)", "latency (us)", Report::sizeLabel);
        addSeries(latency, "latency", true, "", true);
        write(latency, dir, "latency.png", written);

        final LineChart bandwidth = new LineChart("Windowed bandwidth (window 64)", "message size (bytes)",
            "bandwidth (MB/s)", Report::sizeLabel);
        addSeries(bandwidth, "bw", false, " bw", false);
        addSeries(bandwidth, "bibw", false, " bibw", false);
        write(bandwidth, dir, "bandwidth.png", written);

        final LineChart multi = new LineChart("Concurrent pairs (multi-lat): one-way latency, mean of pair medians",
            "message size (bytes)", "latency (us)", Report::sizeLabel);
        addSeries(multi, "multi-lat", true, "", true);
        write(multi, dir, "multi-lat.png", written);

        appChart(dir, written);

        final List<String> placements = rows.stream().filter(r -> COLLECTIVES.contains(r.benchmark()))
            .map(Row::placement).distinct().sorted(Comparator.comparing((String p) -> !p.equals("colocated"))
                .thenComparing(Comparator.naturalOrder())).collect(Collectors.toList());
        for (final String placement : placements)
        {
            final String suffix = placement.equals("colocated") ? "" : "-" + placement.replaceAll("[^A-Za-z0-9]+", "-");
            final String where = placement.equals("colocated") ? "" : " (" + placement + ")";
            for (final long size : new long[] { 8, 65536 })
            {
                final LineChart vsNp = new LineChart("Collectives" + where + ", " + sizeLabel(size) +
                    " B per rank (barrier: no data): average latency vs np", "ranks (np)", "latency (us)", v -> Long.toString(Math.round(v)));
                for (final String collective : COLLECTIVES)
                {
                    final long wanted = collective.equals("barrier") ? 0 : size;
                    final List<double[]> xy = new ArrayList<>();
                    points(collective).forEach((k, p) ->
                    {
                        final String[] parts = k.split("\\|");
                        if (parts[0].equals("colompi") && parts[1].equals(placement) && Long.parseLong(parts[4]) == wanted)
                        {
                            xy.add(new double[] { Integer.parseInt(parts[3]), p.value() });
                        }
                    });
                    vsNp.add(new LineChart.Series(collective, xy, false));
                }
                write(vsNp, dir, "collectives-vs-np-" + sizeLabel(size) + suffix + ".png", written);
            }

            final int maxNp = rows.stream().filter(r -> COLLECTIVES.contains(r.benchmark()) &&
                !r.benchmark().equals("barrier") && r.placement().equals(placement)).mapToInt(Row::np).max().orElse(0);
            if (maxNp > 0)
            {
                final LineChart bySize = new LineChart("Collectives" + where + " at np=" + maxNp +
                    ": average latency vs size", "message size per rank (bytes)", "latency (us)", Report::sizeLabel);
                for (final String collective : COLLECTIVES)
                {
                    final List<double[]> xy = new ArrayList<>();
                    points(collective).forEach((k, p) ->
                    {
                        final String[] parts = k.split("\\|");
                        if (parts[0].equals("colompi") && parts[1].equals(placement) &&
                            Integer.parseInt(parts[3]) == maxNp && Long.parseLong(parts[4]) > 0)
                        {
                            xy.add(new double[] { Long.parseLong(parts[4]), p.value() });
                        }
                    });
                    bySize.add(new LineChart.Series(collective, xy, false));
                }
                write(bySize, dir, "collectives-np" + maxNp + suffix + ".png", written);
            }
        }
        perCollectiveCharts(dir, written);
        return written;
    }

    /**
     * coll-NAME.png, one chart per collective: average latency against size (barrier: against np) for colompi in
     * one JVM at every np and in the other placements at the headline np (8, or the largest), next to Open MPI's C
     * processes and the {@code baseline} series (an earlier run's rows, relabelled) at that np, both dashed.
     */
    private void perCollectiveCharts(final Path dir, final List<String> written) throws IOException
    {
        final int headline = rows.stream().filter(r -> COLLECTIVES.contains(r.benchmark())).mapToInt(Row::np)
            .filter(np -> np == 8).findAny().orElse(rows.stream().filter(r -> COLLECTIVES.contains(r.benchmark()))
                .mapToInt(Row::np).max().orElse(0));
        for (final String collective : COLLECTIVES)
        {
            final boolean barrier = collective.equals("barrier");
            final LineChart chart = barrier ?
                new LineChart("barrier: average latency vs np", "ranks (np)", "latency (us)",
                    v -> Long.toString(Math.round(v))) :
                new LineChart(collective + ": average latency vs size per rank", "message size per rank (bytes)",
                    "latency (us)", Report::sizeLabel);
            final Map<String, List<double[]>> lines = new TreeMap<>(seriesOrder());
            points(collective).forEach((k, p) ->
            {
                final String[] parts = k.split("\\|");
                final String series = parts[0];
                final String placement = parts[1];
                final int np = Integer.parseInt(parts[3]);
                final long size = Long.parseLong(parts[4]);
                if (barrier)
                {
                    lines.computeIfAbsent(series + " " + placement, n -> new ArrayList<>())
                        .add(new double[] { np, p.value() });
                }
                else if (size > 0 && (np == headline || series.equals("colompi") && placement.equals("colocated")))
                {
                    lines.computeIfAbsent(series + " " + placement + " np=" + np, n -> new ArrayList<>())
                        .add(new double[] { size, p.value() });
                }
            });
            lines.forEach((name, xy) -> chart.add(new LineChart.Series(name, xy, !name.startsWith("colompi"))));
            write(chart, dir, "coll-" + collective + ".png", written);
        }
    }

    /** One line per (series, tier, placement, np) of a point-to-point benchmark; raw limits dashed. */
    private void addSeries(
        final LineChart chart, final String benchmark, final boolean median, final String suffix, final boolean showNp)
    {
        final Map<String, List<double[]>> lines = new TreeMap<>(seriesOrder());
        final Map<String, Point> points = points(benchmark);
        final boolean severalPlacements = points.keySet().stream().map(k -> k.split("\\|")[1]).distinct().count() > 1;
        final boolean severalNp = points.keySet().stream().map(k -> k.split("\\|")[3]).distinct().count() > 1;
        points.forEach((k, p) ->
        {
            final String[] parts = k.split("\\|");
            final long size = Long.parseLong(parts[4]);
            final double y = median && !Double.isNaN(p.p50()) ? p.p50() : p.value();
            if (size <= 0 || Double.isNaN(y))
            {
                return;
            }
            final String name = parts[0] + " " + parts[2] + suffix + (severalPlacements ? " " + parts[1] : "") +
                (showNp && severalNp ? " np=" + parts[3] : "");
            lines.computeIfAbsent(name, n -> new ArrayList<>()).add(new double[] { size, y });
        });
        lines.forEach((name, xy) -> chart.add(new LineChart.Series(name, xy, name.startsWith("raw"))));
    }

    private static void write(final LineChart chart, final Path dir, final String name, final List<String> written)
        throws IOException
    {
        if (!chart.isEmpty())
        {
            chart.write(dir.resolve(name));
            written.add(name);
        }
    }

    // --------------------------------------------------------------------------------------------------- summary

    String summary(final String machine, final List<String> charts)
    {
        final StringBuilder out = new StringBuilder();
        out.append("# colompi benchmark summary\n\n");
        if (!machine.isBlank())
        {
            out.append("```\n").append(machine.strip()).append("\n```\n\n");
        }
        out.append("Values are medians over the runs of each point (`runs` column). Latency in microseconds, one way; ")
            .append("bandwidth in MB/s (10^6 B/s). Ratio = colompi time / raw time (bandwidth: raw / colompi), so 1.00 ")
            .append("is the raw limit and 1.30 is 30% slower.\n\n");
        targets(out);
        pointToPoint(out, "latency", true);
        pointToPoint(out, "multi-lat", true);
        pointToPoint(out, "bw", false);
        pointToPoint(out, "bibw", false);
        collectives(out);
        app(out);
        halo(out);
        tracing(out);
        if (!charts.isEmpty())
        {
            out.append("## Charts\n\n");
            for (final String chart : charts)
            {
                out.append("![").append(chart).append("](").append(chart).append(")\n\n");
            }
        }
        return out.toString();
    }

    private void targets(final StringBuilder out)
    {
        final List<String> lines = new ArrayList<>();
        final Map<String, Point> latency = points("latency");
        final Point eight = latency.get(key("colompi", "colocated", "local", 2, 8));
        if (eight != null)
        {
            lines.add(String.format(Locale.ROOT, "| np=2 colocated, 8 B one-way median | %.3f us | <= 0.3 us | %s |",
                eight.p50(), eight.p50() <= 0.3 ? "met" : "MISSED"));
        }
        againstOpenMpi(lines);
        final Point mib = latency.get(key("colompi", "colocated", "local", 2, 1 << 20));
        final Point rawMib = latency.get(key("raw", "colocated", "local", 2, 1 << 20));
        if (mib != null && rawMib != null)
        {
            final double ratio = mib.p50() / rawMib.p50();
            lines.add(String.format(Locale.ROOT,
                "| np=2 colocated, 1 MiB one-way vs raw single copy | %.2f us vs %.2f us = %.2fx | <= 1.3x | %s |",
                mib.p50(), rawMib.p50(), ratio, ratio <= 1.3 ? "met" : "MISSED"));
        }
        for (final String bench : List.of("bw", "bibw"))
        {
            final Map<String, Point> bw = points(bench);
            final Point c = bw.get(key("colompi", "colocated", "local", 2, 1 << 20));
            final Point r = bw.get(key("raw", "colocated", "local", 2, 1 << 20));
            if (c != null && r != null)
            {
                lines.add(String.format(Locale.ROOT, "| np=2 %s at 1 MiB vs raw | %.0f vs %.0f MB/s = %.2fx | (report) | |",
                    bench, c.value(), r.value(), r.value() / c.value()));
            }
        }
        final Point multi = points("multi-lat").get(key("colompi", "colocated", "local", 8, 8));
        if (multi != null)
        {
            lines.add(String.format(Locale.ROOT,
                "| np=8 on this machine: multi-lat 4 pairs, 8 B | avg %.2f us, median %.2f us, worst p99 %.1f us | " +
                    "must not collapse | |", multi.value(), multi.p50(), multi.p99()));
        }
        // issue "Collectives, fast and placement-aware": colocated np=8
        for (final Object[] target : new Object[][] { { "barrier", 0L, 5.0 }, { "allreduce", 8L, 5.0 },
            { "allreduce", 1L << 20, 600.0 } })
        {
            final String collective = (String)target[0];
            final long size = (Long)target[1];
            final double limit = (Double)target[2];
            final Point p = points(collective).get(key("colompi", "colocated", "local", 8, size));
            if (p != null)
            {
                lines.add(String.format(Locale.ROOT, "| np=8 colocated: %s%s, average | %.2f us | <= %.0f us | %s |",
                    collective, size == 0 ? "" : " " + sizeLabel(size) + "B", p.value(), limit,
                    p.value() <= limit ? "met" : "MISSED"));
            }
        }
        shmTargets(lines);
        if (!lines.isEmpty())
        {
            out.append("## Targets\n\n| what | measured | target | |\n|---|---|---|---|\n");
            lines.forEach(l -> out.append(l).append('\n'));
            out.append('\n');
        }
    }

    /**
     * The 8-byte latency and message rate of both one-node placements next to Open MPI's shared memory of the same run:
     * a run's absolute figures move with the machine's state (on a virtual machine, where its host put its CPUs), the
     * ratio much less.
     */
    private void againstOpenMpi(final List<String> lines)
    {
        final String[][] placements = { { "colocated", "local", "one JVM" }, { "rpj=1", "shm", "two JVMs" } };
        for (final String bench : List.of("latency", "bw"))
        {
            final boolean latency = bench.equals("latency");
            final Map<String, Point> points = points(bench);
            final Point reference = points.get(key("openmpi", "processes", "shm", 2, 8));
            if (reference == null)
            {
                continue;
            }
            final double openMpi = latency ? reference.p50() : reference.value();
            final List<String> figures = new ArrayList<>();
            for (final String[] placement : placements)
            {
                final Point p = points.get(key("colompi", placement[0], placement[1], 2, 8));
                if (p != null)
                {
                    final double colompi = latency ? p.p50() : p.value();
                    figures.add(String.format(Locale.ROOT, "%s %s (%.2fx)", placement[2], figure(latency, colompi),
                        latency ? colompi / openMpi : openMpi / colompi));
                }
            }
            if (!figures.isEmpty())
            {
                lines.add(String.format(Locale.ROOT,
                    "| np=2 %s against Open MPI's shared memory in the same run, x its time | %s; Open MPI %s | (report) | |",
                    latency ? "8 B one-way median" : "bw of 8 B messages (message rate)", String.join(", ", figures),
                    figure(latency, openMpi)));
            }
        }
    }

    /** A latency in microseconds or a bandwidth in MB/s, as the targets table prints them. */
    private static String figure(final boolean latency, final double value)
    {
        return String.format(Locale.ROOT, latency ? "%.3f us" : "%.1f MB/s", value);
    }

    /** Issue "Same node, many JVMs": np=2 in two JVMs (rpj=1, tier shm) next to the raw ring; np=8 in 8 JVMs. */
    private void shmTargets(final List<String> lines)
    {
        final Map<String, Point> latency = points("latency");
        for (final long[] target : new long[][] { { 8, 300 }, { 4096, 1500 } })
        {
            final Point c = latency.get(key("colompi", "rpj=1", "shm", 2, target[0]));
            final Point r = latency.get(key("raw", "rpj=1", "shm", 2, target[0]));
            if (c != null)
            {
                final double limit = target[1] / 1000.0;
                lines.add(String.format(Locale.ROOT, "| np=2 two JVMs (shm), %s one-way median | %.3f us%s | <= %.1f us | %s |",
                    target[0] >= 1024 ? (target[0] >> 10) + " KiB" : target[0] + " B", c.p50(), r == null ? "" : String.format(Locale.ROOT, " (raw ring %.3f us, %.2fx)",
                        r.p50(), c.p50() / r.p50()), limit, c.p50() <= limit ? "met" : String.format(Locale.ROOT,
                        "MISSED by %.3f us", c.p50() - limit)));
            }
        }
        for (final String bench : List.of("bw", "bibw"))
        {
            final Map<String, Point> bw = points(bench);
            long best = -1;
            double peak = 0;
            double rawPeak = 0;
            for (final Map.Entry<String, Point> e : bw.entrySet())
            {
                final String[] k = e.getKey().split("\\|");
                if (k[1].equals("rpj=1") && k[2].equals("shm") && Integer.parseInt(k[3]) == 2)
                {
                    if (k[0].equals("colompi") && e.getValue().value() > peak)
                    {
                        peak = e.getValue().value();
                        best = Long.parseLong(k[4]);
                    }
                    if (k[0].equals("raw"))
                    {
                        rawPeak = Math.max(rawPeak, e.getValue().value());
                    }
                }
            }
            if (best >= 0)
            {
                final Point r = bw.get(key("raw", "rpj=1", "shm", 2, best));
                final boolean target = bench.equals("bw");
                lines.add(String.format(Locale.ROOT, "| np=2 two JVMs (shm), peak %s | %.0f MB/s at %s (raw ring at that size %s; raw peak %.0f) | %s | %s |",
                    bench, peak, sizeLabel(best), r == null ? "-" : String.format(Locale.ROOT, "%.0f", r.value()), rawPeak,
                    target ? ">= 10000 MB/s" : "(report)", !target ? "" : peak >= 10000 ? "met" :
                        String.format(Locale.ROOT, "MISSED by %.0f MB/s", 10000 - peak)));
            }
        }
        for (final String placement : List.of("rpj=1", "rpj=2"))
        {
            final Point multi = points("multi-lat").get(key("colompi", placement, "shm", 8, 8));
            if (multi != null)
            {
                lines.add(String.format(Locale.ROOT, "| np=8 %s (%d JVMs): multi-lat 4 pairs, 8 B | avg %.2f us, median %.2f us, " +
                    "worst p99 %.1f us | must not collapse | |", placement, placement.equals("rpj=1") ? 8 : 4,
                    multi.value(), multi.p50(), multi.p99()));
            }
            for (final String collective : List.of("allreduce", "barrier"))
            {
                final long size = collective.equals("barrier") ? 0 : 8;
                points(collective).forEach((k, p) ->
                {
                    final String[] parts = k.split("\\|");
                    if (parts[0].equals("colompi") && parts[1].equals(placement) && Integer.parseInt(parts[3]) == 8 &&
                        Long.parseLong(parts[4]) == size)
                    {
                        lines.add(String.format(Locale.ROOT, "| np=8 %s: %s%s | avg %.2f us | must not collapse | |",
                            placement, collective, size == 0 ? "" : " 8 B", p.value()));
                    }
                });
            }
        }
    }

    private void pointToPoint(final StringBuilder out, final String benchmark, final boolean latency)
    {
        final Map<String, Point> points = points(benchmark);
        if (points.isEmpty())
        {
            return;
        }
        // One table per (placement, np) of colompi; other series (raw, openmpi) matched by np and size.
        final TreeSet<String> groups = new TreeSet<>();
        points.keySet().forEach(k ->
        {
            final String[] p = k.split("\\|");
            if (p[0].equals("colompi"))
            {
                groups.add(p[1] + "|" + p[2] + "|" + p[3]);
            }
        });
        for (final String group : groups)
        {
            final String[] g = group.split("\\|");
            final String placement = g[0];
            final String tier = g[1];
            final int np = Integer.parseInt(g[2]);
            final TreeSet<Long> sizes = new TreeSet<>();
            final Map<String, Map<Long, Point>> bySeries = new TreeMap<>(seriesOrder());
            points.forEach((k, p) ->
            {
                final String[] parts = k.split("\\|");
                final boolean ours = parts[1].equals(placement) && parts[2].equals(tier);
                final boolean reference = !parts[0].equals("colompi") && !parts[0].equals("raw");
                if (Integer.parseInt(parts[3]) == np && (ours || reference))
                {
                    sizes.add(Long.parseLong(parts[4]));
                    bySeries.computeIfAbsent(parts[0] + (reference ? " (" + parts[2] + ")" : ""), s -> new TreeMap<>())
                        .put(Long.parseLong(parts[4]), p);
                }
            });
            final Map<Long, Point> ours = bySeries.getOrDefault("colompi", Map.of());
            final Map<Long, Point> raw = bySeries.getOrDefault("raw", Map.of());
            final int runs = ours.values().stream().mapToInt(Point::runs).max().orElse(0);
            out.append("## ").append(benchmark).append(": np=").append(np).append(", placement ").append(placement)
                .append(", tier ").append(tier).append(" (runs: ").append(runs).append(")\n\n");
            final List<String> others = bySeries.keySet().stream()
                .filter(s -> !s.equals("colompi") && !s.equals("raw")).collect(Collectors.toList());
            final StringBuilder head = new StringBuilder("| size |");
            if (latency)
            {
                head.append(" colompi avg | colompi median | colompi p99 |");
                if (!raw.isEmpty())
                {
                    head.append(" raw median | ratio |");
                }
                others.forEach(o -> head.append(' ').append(o).append(" median |"));
            }
            else
            {
                head.append(" colompi MB/s |");
                if (!raw.isEmpty())
                {
                    head.append(" raw MB/s | ratio |");
                }
                others.forEach(o -> head.append(' ').append(o).append(" MB/s |"));
            }
            out.append(head).append('\n').append(head.toString().replaceAll("[^|]+", "---")).append('\n');
            for (final long size : sizes)
            {
                final Point c = ours.get(size);
                final Point r = raw.get(size);
                final StringBuilder line = new StringBuilder("| ").append(size).append(" |");
                if (latency)
                {
                    line.append(cell(c == null ? Double.NaN : c.value())).append(cell(c == null ? Double.NaN : c.p50()))
                        .append(cell(c == null ? Double.NaN : c.p99()));
                    if (!raw.isEmpty())
                    {
                        line.append(cell(r == null ? Double.NaN : r.p50()))
                            .append(cell(c == null || r == null ? Double.NaN : c.p50() / r.p50()));
                    }
                    for (final String o : others)
                    {
                        final Point p = bySeries.get(o).get(size);
                        line.append(cell(p == null ? Double.NaN : p.p50()));
                    }
                }
                else
                {
                    line.append(cell(c == null ? Double.NaN : c.value()));
                    if (!raw.isEmpty())
                    {
                        line.append(cell(r == null ? Double.NaN : r.value()))
                            .append(cell(c == null || r == null ? Double.NaN : r.value() / c.value()));
                    }
                    for (final String o : others)
                    {
                        final Point p = bySeries.get(o).get(size);
                        line.append(cell(p == null ? Double.NaN : p.value()));
                    }
                }
                out.append(line).append('\n');
            }
            out.append('\n');
        }
    }

    private void collectives(final StringBuilder out)
    {
        for (final String collective : COLLECTIVES)
        {
            final Map<String, Point> points = points(collective);
            // "series placement", colompi in one JVM first
            final TreeSet<String> placements = new TreeSet<>(seriesOrder());
            points.keySet().forEach(k -> placements.add(k.split("\\|")[0] + " " + k.split("\\|")[1]));
            for (final String placement : placements)
            {
                final TreeSet<Integer> nps = new TreeSet<>();
                final TreeSet<Long> sizes = new TreeSet<>();
                final Map<String, Point> byNpSize = new LinkedHashMap<>();
                String tier = "";
                int runs = 0;
                for (final Map.Entry<String, Point> e : points.entrySet())
                {
                    final String[] parts = e.getKey().split("\\|");
                    if (!(parts[0] + " " + parts[1]).equals(placement))
                    {
                        continue;
                    }
                    final int np = Integer.parseInt(parts[3]);
                    final long size = Long.parseLong(parts[4]);
                    nps.add(np);
                    sizes.add(size);
                    tier = parts[2];
                    byNpSize.put(np + "|" + size, e.getValue());
                    runs = Math.max(runs, e.getValue().runs());
                }
                out.append("## ").append(collective).append(": average latency (us) by np, ").append(placement)
                    .append(", tier ").append(tier).append(" (runs: ").append(runs).append(")\n\n");
                final StringBuilder head = new StringBuilder("| size |");
                nps.forEach(np -> head.append(" np=").append(np).append(" |"));
                out.append(head).append('\n').append(head.toString().replaceAll("[^|]+", "---")).append('\n');
                for (final long size : sizes)
                {
                    final StringBuilder line = new StringBuilder("| ").append(size).append(" |");
                    for (final int np : nps)
                    {
                        final Point p = byNpSize.get(np + "|" + size);
                        line.append(cell(p == null ? Double.NaN : p.value()));
                    }
                    out.append(line).append('\n');
                }
                out.append('\n');
            }
        }
    }

    // ------------------------------------------------------------------------------------ application benchmark

    /** One application configuration: series, placement, np; its runs' program and wall times. */
    private record AppRun(String series, String placement, int np, int ranksPerJvm, double[] program, double[] wall)
    {
        double programMedian()
        {
            return median(program);
        }

        double wallMedian()
        {
            return median(wall);
        }
    }

    /** The Jacobi rows, grouped by problem ("size x iterations") then by (series, placement, np), in a stable order. */
    private Map<String, List<AppRun>> appRuns()
    {
        final Map<String, Map<String, List<Row>>> program = new TreeMap<>(Comparator.comparingLong(
            (String k) -> -Long.parseLong(k.split("x")[0])).thenComparing(Comparator.naturalOrder()));
        final Map<String, List<Row>> wall = new LinkedHashMap<>();
        for (final Row row : rows)
        {
            final String problem = row.size() + "x" + row.iterations();
            final String config = row.series() + "|" + row.placement() + "|" + row.np() + "|" + row.ranksPerJvm();
            if (row.benchmark().equals("jacobi"))
            {
                program.computeIfAbsent(problem, k -> new TreeMap<>(appOrder())).computeIfAbsent(config, k -> new ArrayList<>()).add(row);
            }
            else if (row.benchmark().equals("jacobi-wall"))
            {
                wall.computeIfAbsent(problem + "|" + config, k -> new ArrayList<>()).add(row);
            }
        }
        final Map<String, List<AppRun>> runs = new LinkedHashMap<>();
        program.forEach((problem, configs) -> configs.forEach((config, list) ->
        {
            final String[] c = config.split("\\|");
            final double[] walls = wall.getOrDefault(problem + "|" + config, List.of()).stream().mapToDouble(Row::value).toArray();
            runs.computeIfAbsent(problem, k -> new ArrayList<>()).add(new AppRun(c[0], c[1], Integer.parseInt(c[2]),
                Integer.parseInt(c[3]), list.stream().mapToDouble(Row::value).toArray(), walls));
        }));
        return runs;
    }

    /** colompi before Open MPI; the most ranks first; within an np, most ranks per JVM first (colocated, 2, 1). */
    private static Comparator<String> appOrder()
    {
        return Comparator.comparingInt((String k) -> k.startsWith("colompi|") ? 0 : 1)
            .thenComparingInt(k -> -Integer.parseInt(k.split("\\|")[2]))
            .thenComparingInt(k -> -Integer.parseInt(k.split("\\|")[3]))
            .thenComparing(Comparator.naturalOrder());
    }

    private static String appLabel(final AppRun run)
    {
        final String who = run.series().equals("colompi") ? "colompi" : run.series().equals("openmpi") ? "Open MPI (C)" : run.series();
        if (run.np() == 1)
        {
            return who + ", 1 rank (compute alone)" + (run.placement().endsWith(TRACED) ? ", traced" : "");
        }
        if (run.series().equals("colompi"))
        {
            final int jvms = (run.np() + run.ranksPerJvm() - 1) / run.ranksPerJvm();
            return who + " " + run.placement() + " (" + jvms + (jvms == 1 ? " JVM" : " JVMs") + ")";
        }
        return who + " " + run.placement();
    }

    private void app(final StringBuilder out)
    {
        final Map<String, List<AppRun>> runs = appRuns();
        if (runs.isEmpty())
        {
            return;
        }
        out.append("## Application: 2-D Jacobi (io.colompi.examples.Jacobi; C twin src/main/c/jacobi.c)\n\n")
            .append("Program time = the program's own `MPI.Wtime()` around its iterations (halo exchange, stencil, ")
            .append("allreduce); wall = the whole `colorun`/`mpirun` command (JVM starts, wire-up, JIT, teardown). ")
            .append("Medians over runs, min..max in brackets. x C: program time / Open MPI's of the same class in the ")
            .append("same run (shared memory; TCP for two nodes; one rank alone); it and \"vs colocated\" are taken ")
            .append("round by round, their median over rounds.\n\n");
        runs.forEach((problem, list) ->
        {
            final String[] p = problem.split("x");
            out.append("### ").append(p[0]).append("x").append(p[0]).append(" cells per rank, ").append(p[1])
                .append(" iterations\n\n");
            out.append("| run | ranks per JVM | program time (s) | wall (s) | program time vs colocated | x C | runs |\n")
                .append("|---|---|---|---|---|---|---|\n");
            final Predicate<Row> ofProblem = r -> r.benchmark().equals("jacobi") && r.size() == Long.parseLong(p[0]) &&
                r.iterations() == Integer.parseInt(p[1]);
            final List<Row> colocated = rows.stream().filter(ofProblem.and(r -> r.series().equals("colompi") &&
                r.placement().equals("colocated") && r.np() > 1)).toList();
            for (final AppRun run : list)
            {
                final double median = run.programMedian();
                final List<Row> runRows = rows.stream().filter(ofProblem.and(r -> r.series().equals(run.series()) &&
                    r.placement().equals(run.placement()) && r.np() == run.np() && r.ranksPerJvm() == run.ranksPerJvm()))
                    .toList();
                final double vsColocated = RoundRatio.of(runRows, colocated).median();
                out.append("| ").append(appLabel(run)).append(" | ")
                    .append(run.series().equals("colompi") ? Integer.toString(run.ranksPerJvm()) : "-").append(" |")
                    .append(String.format(Locale.ROOT, " %.3f [%.3f..%.3f] |", median, min(run.program()), max(run.program())))
                    .append(run.wall().length == 0 ? " |" : String.format(Locale.ROOT, " %.2f [%.2f..%.2f] |",
                        run.wallMedian(), min(run.wall()), max(run.wall())))
                    .append(run.np() > 1 && !Double.isNaN(vsColocated) ? String.format(Locale.ROOT, " %.2fx |", vsColocated) : " |")
                    .append(cell(RoundRatio.of(runRows, openMpiOfClass(ofProblem, run)).median()))
                    .append(' ').append(run.program().length).append(" |\n");
            }
            out.append('\n');
        });
    }

    /**
     * The rows of the problem's ({@code ofProblem}) Open MPI run that {@code run} (colompi's) compares with: as many
     * ranks, over TCP where colompi's spans two nodes, otherwise shared memory; none if {@code run} is Open MPI's.
     */
    private List<Row> openMpiOfClass(final Predicate<Row> ofProblem, final AppRun run)
    {
        final String placement = run.placement().contains("/nodes") ? "processes/tcp" : "processes";
        return run.series().equals("colompi") ? rows.stream().filter(ofProblem.and(r -> r.series().equals("openmpi") &&
            r.placement().equals(placement) && r.np() == run.np())).toList() : List.of();
    }

    /**
     * The halo pattern: per placement, the largest rank's time in MPI per iteration (second half; all iterations)
     * and whole iteration, each against Open MPI of the same class in the same run (shared memory for colompi in
     * one node, TCP for two nodes, one rank alone for one rank alone).
     */
    private void halo(final StringBuilder out)
    {
        final Map<String, Point> steady = points("halo-mpi-steady");
        if (steady.isEmpty())
        {
            return;
        }
        final Map<String, Point> all = points("halo-mpi-all");
        final Map<String, Point> best = points("halo-mpi-best");
        final Map<String, Point> iteration = points("halo-iteration");
        final Map<String, Point> loop = points("halo");
        final Map<String, Point> wall = points("halo-wall");
        out.append("## Application: halo pattern (io.colompi.bench.Halo; C twin src/main/c/halo.c)\n\n")
            .append("Per iteration an exchange of 64 doubles with both neighbours of a periodic 1-D ring (two `Sendrecv`; ")
            .append("two `Irecv`, two `Isend` and a `Waitall` where the command above says `--halo-exchange nonblocking`; ")
            .append("one `neighborAllToAllv` on a periodic 1-D `CartComm` with `--halo-exchange neighbor`), ")
            .append("a 3-point stencil over 4096 doubles, ")
            .append("one `Allreduce` of a double (with `--halo-exchange overlap`: the nonblocking exchange, and the ")
            .append("previous iteration's sum an `Iallreduce` started before it, waited for after the stencil); ")
            .append("the largest rank's time, in us per iteration, medians over runs. ")
            .append("x C: colompi / Open MPI of the same class in the same run (shared memory; TCP for two nodes; ")
            .append("one rank alone), round by round, the median over rounds. MPI best: the quietest 100 iterations of ")
            .append("the steady half, which the JIT's late compiles, a GC and the machine's other load reach least.\n\n")
            .append("| run | np | MPI steady | x C | MPI best | x C | MPI all iterations | x C | iteration steady | loop (s) | ")
            .append("wall (s) | runs |\n")
            .append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        steady.forEach((key, point) ->
        {
            final String[] k = key.split("\\|");
            final int np = Integer.parseInt(k[3]);
            final String reference = key("openmpi", np == 1 ? "processes" : k[2].equals("aeron") ? "processes/tcp" : "processes",
                np == 1 ? "self" : k[2].equals("aeron") ? "tcp" : "shm", np, Long.parseLong(k[4]));
            final boolean ours = k[0].equals("colompi");
            out.append("| ").append(ours ? "colompi " + k[1] + " (" + k[2] + ")" : "Open MPI (C) " + k[1] + " (" + k[2] + ")")
                .append(" | ").append(np).append(" |").append(cell(point.value()))
                .append(ours ? cell(ratio("halo-mpi-steady", key, reference).median()) : " |")
                .append(cell(value(best, key))).append(ours ? cell(ratio("halo-mpi-best", key, reference).median()) : " |")
                .append(cell(value(all, key))).append(ours ? cell(ratio("halo-mpi-all", key, reference).median()) : " |")
                .append(cell(value(iteration, key))).append(cell(value(loop, key))).append(cell(value(wall, key)))
                .append(' ').append(point.runs()).append(" |\n");
        });
        out.append('\n');
    }

    /**
     * With {@code --trace-compare}: per measure, placement, np, size and iterations, the medians of the runs without
     * and with {@code --trace}, made in the same rounds, and traced / untraced round by round.
     */
    private void tracing(final StringBuilder out)
    {
        final StringBuilder lines = new StringBuilder();
        for (final String benchmark : List.of("jacobi", "halo-mpi-steady", "halo-iteration", "halo"))
        {
            final Map<String, List<Row>> points = new LinkedHashMap<>();
            for (final Row row : rows)
            {
                if (row.benchmark().equals(benchmark))
                {
                    points.computeIfAbsent(key(row.series(), row.placement(), row.tier(), row.np(), row.size()) + "|" +
                        row.iterations(), k -> new ArrayList<>()).add(row);
                }
            }
            points.forEach((key, traced) ->
            {
                final String[] k = key.split("\\|");
                if (!k[1].endsWith(TRACED))
                {
                    return;
                }
                final String placement = k[1].substring(0, k[1].length() - TRACED.length());
                final List<Row> untraced = points.get(key(k[0], placement, k[2], Integer.parseInt(k[3]),
                    Long.parseLong(k[4])) + "|" + k[5]);
                if (untraced != null)
                {
                    final RoundRatio ratio = RoundRatio.of(traced, untraced);
                    lines.append("| ").append(TRACED_MEASURES.get(benchmark)).append(" | ").append(k[0]).append(' ')
                        .append(placement).append(" (").append(k[2]).append(") | ").append(k[3]).append(" | ").append(k[4])
                        .append(" | ").append(k[5]).append(" |").append(cell(median(values(untraced))))
                        .append(cell(median(values(traced)))).append(ratio.cellWithRange()).append(' ')
                        .append(ratio.rounds() > 0 ? ratio.rounds() : Math.min(untraced.size(), traced.size()))
                        .append(" |\n");
                }
            });
        }
        if (lines.length() > 0)
        {
            out.append("## Tracing cost (`colobench --trace-compare`)\n\n")
                .append("Each colompi run of the application benchmark and the halo pattern made twice in its round, ")
                .append("without and with `colorun --trace DIR`, alternating which goes first; medians over the rounds, ")
                .append("traced / untraced taken round by round (its median over rounds, the smallest and largest in ")
                .append("brackets). size: the Jacobi block (cells per side), 1 for halo.\n\n")
                .append("| measure | run | np | size | iterations | untraced | traced | traced / untraced | runs |\n")
                .append("|---|---|---|---|---|---|---|---|---|\n").append(lines).append('\n');
        }
    }

    static double[] values(final List<Row> rows)
    {
        return rows.stream().mapToDouble(Row::value).toArray();
    }

    private static double value(final Map<String, Point> points, final String key)
    {
        final Point point = points.get(key);
        return point == null ? Double.NaN : point.value();
    }

    /** app-jacobi.png: program and wall time against ranks per JVM, one line per problem; Open MPI dashed. */
    private void appChart(final Path dir, final List<String> written) throws IOException
    {
        final Map<String, List<AppRun>> runs = appRuns();
        if (runs.isEmpty())
        {
            return;
        }
        final int maxNp = runs.values().stream().flatMap(List::stream).mapToInt(AppRun::np).max().orElse(0);
        final LineChart chart = new LineChart("Jacobi at np=" + maxNp + ": time vs ranks per JVM (" + maxNp +
            " = one JVM, 1 = a JVM per rank)", "ranks per JVM", "time (s)", v -> Long.toString(Math.round(v)));
        runs.forEach((problem, list) ->
        {
            final List<double[]> program = new ArrayList<>();
            final List<double[]> wall = new ArrayList<>();
            for (final AppRun run : list)
            {
                // One node only, untraced: runs on several nodes have rpj=1 too, and are in the table, as traced runs.
                if (run.series().equals("colompi") && run.np() == maxNp && !run.placement().contains("nodes") &&
                    !run.placement().endsWith(TRACED))
                {
                    program.add(new double[] { run.ranksPerJvm(), run.programMedian() });
                    if (run.wall().length > 0)
                    {
                        wall.add(new double[] { run.ranksPerJvm(), run.wallMedian() });
                    }
                }
            }
            program.sort(Comparator.comparingDouble(a -> a[0]));
            wall.sort(Comparator.comparingDouble(a -> a[0]));
            chart.add(new LineChart.Series("colompi " + problem + " program", program, false));
            chart.add(new LineChart.Series("colompi " + problem + " wall", wall, false));
            // Open MPI's shared-memory run: the chart's colompi runs are on one node
            list.stream().filter(r -> r.series().equals("openmpi") && r.placement().equals("processes") &&
                r.np() == maxNp).findFirst().ifPresent(r ->
                chart.add(new LineChart.Series("Open MPI " + problem + " program",
                    List.of(new double[] { 1, r.programMedian() }, new double[] { maxNp, r.programMedian() }), true)));
        });
        write(chart, dir, "app-jacobi.png", written);
    }

    private static double min(final double[] values)
    {
        return Arrays.stream(values).min().orElse(Double.NaN);
    }

    private static double max(final double[] values)
    {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }

    private static Comparator<String> seriesOrder()
    {
        return Comparator.<String>comparingInt(s ->
        {
            final int i = SERIES_ORDER.indexOf(s.split(" ")[0]);
            return i < 0 ? SERIES_ORDER.size() : i;
        }).thenComparing(Comparator.naturalOrder());
    }

    private static String cell(final double v)
    {
        if (Double.isNaN(v))
        {
            return " |";
        }
        return String.format(Locale.ROOT, v >= 100 ? " %.0f |" : v >= 10 ? " %.1f |" : " %.2f |", v);
    }

    static double median(final double[] values)
    {
        final double[] v = Arrays.stream(values).filter(d -> !Double.isNaN(d)).sorted().toArray();
        if (v.length == 0)
        {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    static String sizeLabel(final double bytes)
    {
        final long b = Math.round(bytes);
        if (b >= (1 << 20))
        {
            return (b >> 20) + "M";
        }
        if (b >= 1024)
        {
            return (b >> 10) + "K";
        }
        return Long.toString(b);
    }

    private static int integer(final String text)
    {
        return text == null || text.isBlank() ? 0 : Integer.parseInt(text.trim());
    }

    private static double number(final String text)
    {
        if (text == null || text.isBlank())
        {
            return Double.NaN;
        }
        try
        {
            return Double.parseDouble(text);
        }
        catch (final NumberFormatException e)
        {
            throw new UncheckedIOException(new IOException("not a number: " + text));
        }
    }
}
