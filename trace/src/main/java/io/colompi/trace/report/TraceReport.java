package io.colompi.trace.report;

import io.colompi.core.trace.Tier;
import io.colompi.trace.journal.JobJournals;
import io.colompi.trace.journal.RankHeader;
import io.colompi.trace.journal.TraceEvent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * {@code colotrace report DIR}: next to the journals, the communication matrices ({@value #MATRIX_BYTES},
 * {@value #MATRIX_MESSAGES}), the tiers ({@value #TIERS}), MPI vs computing per rank ({@value #TIMES}), the timeline
 * ({@value #TIMELINE}) and {@value #SUMMARY}, which shows them with the costliest calls and the late senders. The
 * journals are read in one pass, keeping what the report shows (the timeline's calls, the messages in flight), not
 * the calls: a 64 MB heap reports a trace of any length.
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

    private final JobJournals journals;
    private final Traffic traffic;
    private final RankTimes[] times;
    private final CallCosts costs = new CallCosts(TOP);
    private final LateSenders lateSenders;
    private final Timeline timeline;
    private final MessageMatch messages;

    private TraceReport(final JobJournals journals, final int timelineCalls)
    {
        if (timelineCalls < 0)
        {
            throw new IllegalArgumentException("timeline calls must be at least 0: " + timelineCalls);
        }
        this.journals = journals;
        this.traffic = new Traffic(journals.size());
        this.times = new RankTimes[journals.size()];
        for (final RankHeader rank : journals.headers())
        {
            times[rank.rank()] = new RankTimes(rank.rank(), costs::add);
        }
        this.lateSenders = new LateSenders(journals.size(), TOP);
        this.timeline = new Timeline(timelineCalls);
        this.messages = new MessageMatch(rank -> rank < times.length && times[rank] != null, message ->
        {
            lateSenders.add(message);
            timeline.add(message);
        });
    }

    /** The report of {@code journals}, which this reads, with a timeline of at most {@link #TIMELINE_CALLS} calls. */
    public static TraceReport read(final JobJournals journals)
    {
        return read(journals, TIMELINE_CALLS);
    }

    /** The report of {@code journals}, which this reads, with a timeline of the job's first {@code timelineCalls} calls. */
    public static TraceReport read(final JobJournals journals, final int timelineCalls)
    {
        final TraceReport report = new TraceReport(journals, timelineCalls);
        journals.read(report::add);
        report.traffic.addInner(journals);
        for (final RankTimes rank : report.times)
        {
            if (rank != null)
            {
                rank.finish();
            }
        }
        return report;
    }

    private void add(final TraceEvent call)
    {
        traffic.add(call);
        messages.add(call);
        times[call.rank()].add(call);
        timeline.add(call);
    }

    /** Write every file into the trace directory; returns the summary's path. */
    public Path write() throws IOException
    {
        final Path dir = journals.directory();
        final int size = journals.size();
        final long[][] bytes = new long[size][];
        final long[][] counts = new long[size][];
        for (int source = 0; source < size; source++)
        {
            bytes[source] = new long[size];
            counts[source] = new long[size];
            for (int dest = 0; dest < size; dest++)
            {
                bytes[source][dest] = traffic.bytes(source, dest);
                counts[source][dest] = traffic.messages(source, dest);
            }
        }
        Charts.matrix(dir.resolve(MATRIX_BYTES), "Bytes sent, sender x receiver", "bytes", bytes);
        Charts.matrix(dir.resolve(MATRIX_MESSAGES), "Messages sent, sender x receiver", "messages", counts);
        writeTiers(dir.resolve(TIERS));
        writeTimes(dir.resolve(TIMES));
        timeline.write(dir.resolve(TIMELINE), journals.headers(), journals.startNs());
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
        final List<RankTimes> ranked = ranked();
        final List<String> ranks = new ArrayList<>();
        final double[] compute = new double[ranked.size()];
        final double[] waiting = new double[ranked.size()];
        final double[] otherMpi = new double[ranked.size()];
        for (int i = 0; i < ranked.size(); i++)
        {
            final RankTimes t = ranked.get(i);
            ranks.add(Integer.toString(t.rank()));
            compute[i] = t.computeNs() / 1e6;
            waiting[i] = Math.min(t.waitNs(), t.mpiNs()) / 1e6;
            otherMpi[i] = Math.max(0, t.mpiNs() - t.waitNs()) / 1e6;
        }
        Charts.bars(file, "Time per rank, Init to its last call", "rank", "ms", ranks,
            List.of("computing", "in MPI, waiting", "in MPI, other"), List.of(compute, waiting, otherMpi), true);
    }

    /** The ranks' times, of the ranks that left a journal. */
    private List<RankTimes> ranked()
    {
        return Arrays.stream(times).filter(Objects::nonNull).toList();
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
        md.append("# Trace of ").append(journals.size()).append(" ranks\n\n");
        md.append("Journals: `").append(journals.directory()).append("`.\n\n");
        final List<String> problems = journals.problems();
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
        for (final RankTimes t : ranked())
        {
            md.append(String.format(Locale.ROOT, "| %d | %d | %.1f | %.1f | %.1f |%n", t.rank(),
                journals.header(t.rank()).jvm(), t.computeNs() / 1e6, t.mpiNs() / 1e6, t.waitNs() / 1e6));
        }
        md.append("\n![time](").append(TIMES).append(")\n\n");
        costs.appendTo(md, journals.startNs());
        lateSenders.appendTo(md);
        md.append("## Timeline\n\n`").append(TIMELINE).append("`: open it in https://ui.perfetto.dev (or ")
            .append("chrome://tracing): a track per rank, arrows from each send to its receive.");
        if (timeline.cut())
        {
            md.append(String.format(Locale.ROOT, " It holds the job's first %,d calls of %,d, those that started in " +
                "its first %.1f ms of %.1f (`colotrace report --timeline-calls N` writes more; Perfetto loads a file " +
                "of more than about 100 MB slowly).", timeline.calls(), timeline.allCalls(),
                (timeline.cutoffNs() - journals.startNs()) / 1e6, (journals.endNs() - journals.startNs()) / 1e6));
        }
        md.append('\n');
        return md.toString();
    }
}
