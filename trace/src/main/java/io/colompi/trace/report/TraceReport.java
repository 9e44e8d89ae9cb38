package io.colompi.trace.report;

import io.colompi.core.trace.Call;
import io.colompi.core.trace.Tier;
import io.colompi.trace.journal.JobTrace;
import io.colompi.trace.journal.RankTrace;
import io.colompi.trace.journal.TraceEvent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code colotrace report DIR}: next to the journals, the communication matrices ({@value #MATRIX_BYTES},
 * {@value #MATRIX_MESSAGES}), the tiers ({@value #TIERS}), MPI vs computing per rank ({@value #TIMES}), the timeline
 * ({@value #TIMELINE}) and {@value #SUMMARY}, which shows them with the costliest calls and the late senders.
 */
public final class TraceReport
{
    public static final String MATRIX_BYTES = "matrix-bytes.png";
    public static final String MATRIX_MESSAGES = "matrix-messages.png";
    public static final String TIERS = "tiers.png";
    public static final String TIMES = "mpi-time.png";
    public static final String TIMELINE = "timeline.json";
    public static final String SUMMARY = "summary.md";
    /** Calls the timeline holds at most, the job's first: about 100 MB of JSON, which Perfetto still loads well. */
    public static final int TIMELINE_CALLS = 300_000;
    private static final int TOP = 10;

    private final JobTrace trace;
    private final Traffic traffic;
    private final List<MessageMatch.Message> messages;
    private final List<RankTimes> times = new ArrayList<>();
    private final Timeline.Extent timeline;

    /** The report of {@code trace}, whose timeline holds at most {@link #TIMELINE_CALLS} calls. */
    public TraceReport(final JobTrace trace)
    {
        this(trace, TIMELINE_CALLS);
    }

    /** The report of {@code trace}, whose timeline holds the job's first {@code timelineCalls} calls at most. */
    public TraceReport(final JobTrace trace, final int timelineCalls)
    {
        if (timelineCalls < 0)
        {
            throw new IllegalArgumentException("timeline calls must be at least 0: " + timelineCalls);
        }
        this.trace = trace;
        this.traffic = Traffic.of(trace);
        this.messages = MessageMatch.of(trace);
        this.timeline = Timeline.extent(trace, timelineCalls);
        for (final RankTrace rank : trace.ranks())
        {
            if (rank != null)
            {
                times.add(RankTimes.of(rank));
            }
        }
    }

    public Traffic traffic()
    {
        return traffic;
    }

    /** Write every file into the trace directory; returns the summary's path. */
    public Path write() throws IOException
    {
        final Path dir = trace.directory();
        final long[][] bytes = new long[trace.size()][];
        final long[][] counts = new long[trace.size()][];
        for (int source = 0; source < trace.size(); source++)
        {
            bytes[source] = new long[trace.size()];
            counts[source] = new long[trace.size()];
            for (int dest = 0; dest < trace.size(); dest++)
            {
                bytes[source][dest] = traffic.bytes(source, dest);
                counts[source][dest] = traffic.messages(source, dest);
            }
        }
        Charts.matrix(dir.resolve(MATRIX_BYTES), "Bytes sent, sender x receiver", "bytes", bytes);
        Charts.matrix(dir.resolve(MATRIX_MESSAGES), "Messages sent, sender x receiver", "messages", counts);
        writeTiers(dir.resolve(TIERS));
        writeTimes(dir.resolve(TIMES));
        Timeline.write(dir.resolve(TIMELINE), trace, messages, timeline);
        final Path summary = dir.resolve(SUMMARY);
        Files.writeString(summary, summary());
        return summary;
    }

    private void writeTiers(final Path file) throws IOException
    {
        final List<String> tiers = usedTiers();
        long allBytes = 0;
        long allMessages = 0;
        for (int tier = 0; tier < Tier.count(); tier++)
        {
            allBytes += traffic.tierBytes(tier);
            allMessages += traffic.tierMessages(tier);
        }
        final double[] byteShare = new double[tiers.size()];
        final double[] messageShare = new double[tiers.size()];
        for (int i = 0; i < tiers.size(); i++)
        {
            final int tier = Tier.of(tiers.get(i));
            byteShare[i] = 100.0 * traffic.tierBytes(tier) / Math.max(1, allBytes);
            messageShare[i] = 100.0 * traffic.tierMessages(tier) / Math.max(1, allMessages);
        }
        Charts.bars(file, "Share of the job's traffic per tier", "tier", "% of all",
            tiers, List.of("bytes", "messages"), List.of(byteShare, messageShare), false);
    }

    private void writeTimes(final Path file) throws IOException
    {
        final List<String> ranks = new ArrayList<>();
        final double[] compute = new double[times.size()];
        final double[] waiting = new double[times.size()];
        final double[] otherMpi = new double[times.size()];
        for (int i = 0; i < times.size(); i++)
        {
            final RankTimes t = times.get(i);
            ranks.add(Integer.toString(t.rank()));
            compute[i] = t.computeNs() / 1e6;
            waiting[i] = Math.min(t.waitNs(), t.mpiNs()) / 1e6;
            otherMpi[i] = Math.max(0, t.mpiNs() - t.waitNs()) / 1e6;
        }
        Charts.bars(file, "Time per rank, Init to its last call", "rank", "ms", ranks,
            List.of("computing", "in MPI, waiting", "in MPI, other"), List.of(compute, waiting, otherMpi), true);
    }

    private List<String> usedTiers()
    {
        final List<String> tiers = new ArrayList<>();
        for (int tier = Tier.LOCAL; tier < Tier.count(); tier++)
        {
            if (traffic.tierMessages(tier) > 0 || tier <= Tier.AERON)
            {
                tiers.add(Tier.name(tier));
            }
        }
        return tiers;
    }

    /** The summary in Markdown. */
    public String summary()
    {
        final StringBuilder md = new StringBuilder();
        md.append("# Trace of ").append(trace.size()).append(" ranks\n\n");
        md.append("Journals: `").append(trace.directory()).append("`.\n\n");
        final List<String> problems = trace.problems();
        if (problems.isEmpty())
        {
            md.append("Every rank's journal is complete.\n\n");
        }
        else
        {
            md.append("**The trace is incomplete; what follows is read as far as the journals go:**\n\n");
            problems.forEach(p -> md.append("- ").append(p).append('\n'));
            md.append('\n');
        }
        md.append("## Traffic per tier\n\n| tier | messages | bytes |\n|---|---:|---:|\n");
        for (final String name : usedTiers())
        {
            final int tier = Tier.of(name);
            md.append(String.format(Locale.ROOT, "| %s | %,d | %,d |%n", name, traffic.tierMessages(tier),
                traffic.tierBytes(tier)));
        }
        md.append("\n![tiers](").append(TIERS).append(")\n\n");
        md.append("## Who talks to whom\n\n![bytes](").append(MATRIX_BYTES).append(")\n![messages](")
            .append(MATRIX_MESSAGES).append(")\n\n");
        md.append("## Time in MPI and computing\n\n| rank | JVM | computing ms | in MPI ms | of which waiting ms |\n")
            .append("|---:|---:|---:|---:|---:|\n");
        for (final RankTimes t : times)
        {
            md.append(String.format(Locale.ROOT, "| %d | %d | %.1f | %.1f | %.1f |%n", t.rank(),
                trace.rank(t.rank()).jvm(), t.computeNs() / 1e6, t.mpiNs() / 1e6, t.waitNs() / 1e6));
        }
        md.append("\n![time](").append(TIMES).append(")\n\n");
        appendCostliest(md);
        appendLateSenders(md);
        md.append("## Timeline\n\n`").append(TIMELINE).append("`: open it in https://ui.perfetto.dev (or ")
            .append("chrome://tracing): a track per rank, arrows from each send to its receive.");
        if (timeline.cut())
        {
            md.append(String.format(Locale.ROOT, " It holds the job's first %,d calls of %,d, those that started in " +
                "its first %.1f ms of %.1f (`colotrace report --timeline-calls N` writes more; Perfetto loads a file " +
                "of more than about 100 MB slowly).", timeline.calls(), timeline.allCalls(),
                (timeline.cutoffNs() - trace.startNs()) / 1e6, (timeline.endNs() - trace.startNs()) / 1e6));
        }
        md.append('\n');
        return md.toString();
    }

    private void appendCostliest(final StringBuilder md)
    {
        final Map<Call, long[]> byCall = new EnumMap<>(Call.class);
        final List<TraceEvent> outermost = new ArrayList<>();
        for (final RankTimes t : times)
        {
            for (final TraceEvent event : t.outermost())
            {
                outermost.add(event);
                final long[] sums = byCall.computeIfAbsent(event.call(), c -> new long[4]);
                sums[0]++;
                sums[1] += event.durationNs();
                sums[2] = Math.max(sums[2], event.durationNs());
                sums[3] += event.waitNs();
            }
        }
        md.append("## The calls that cost most (outermost calls of all ranks)\n\n")
            .append("| call | calls | total ms | mean us | max us | waiting ms |\n|---|---:|---:|---:|---:|---:|\n");
        byCall.entrySet().stream().sorted(Comparator.comparingLong(e -> -e.getValue()[1])).limit(TOP).forEach(e ->
            md.append(String.format(Locale.ROOT, "| %s | %,d | %.2f | %.1f | %.1f | %.2f |%n", e.getKey().mpiName(),
                e.getValue()[0], e.getValue()[1] / 1e6, e.getValue()[1] / 1e3 / e.getValue()[0], e.getValue()[2] / 1e3,
                e.getValue()[3] / 1e6)));
        md.append("\nSlowest single calls:\n\n| rank | call | peer | bytes | tier | us | at ms |\n")
            .append("|---:|---|---:|---:|---|---:|---:|\n");
        outermost.stream().sorted(Comparator.comparingLong(e -> -e.durationNs())).limit(TOP).forEach(e ->
            md.append(String.format(Locale.ROOT, "| %d | %s | %s | %,d | %s | %.1f | %.3f |%n", e.rank(),
                e.call().mpiName(), e.peer() < 0 ? "-" : Integer.toString(e.peer()), e.bytes(), Tier.name(e.tier()),
                e.durationNs() / 1e3, (e.startNs() - trace.startNs()) / 1e6)));
        md.append('\n');
    }

    private void appendLateSenders(final StringBuilder md)
    {
        final Map<String, long[]> late = new LinkedHashMap<>();
        for (final MessageMatch.Message message : messages)
        {
            final TraceEvent receive = message.receive();
            final TraceEvent send = message.send();
            if (receive.call() != Call.TEST_RECV && send.startNs() > receive.startNs())
            {
                final long waited = Math.min(send.startNs(), receive.endNs()) - receive.startNs();
                final long[] sums = late.computeIfAbsent(receive.rank() + " <- " + send.rank(), k -> new long[2]);
                sums[0]++;
                sums[1] += waited;
            }
        }
        md.append("## Receivers that waited for late senders\n\n");
        if (late.isEmpty())
        {
            md.append("None: every message's send started before its receiver began to wait.\n\n");
            return;
        }
        md.append("A receive that began before its message's send started waited for a late sender (until the send ")
            .append("started).\n\n| receiver <- sender | late messages | waited ms |\n|---|---:|---:|\n");
        late.entrySet().stream().sorted(Comparator.comparingLong(e -> -e.getValue()[1])).limit(TOP).forEach(e ->
            md.append(String.format(Locale.ROOT, "| %s | %,d | %.2f |%n", e.getKey(), e.getValue()[0],
                e.getValue()[1] / 1e6)));
        md.append('\n');
    }
}
