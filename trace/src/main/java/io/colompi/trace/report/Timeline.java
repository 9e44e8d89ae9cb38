package io.colompi.trace.report;

import io.colompi.core.trace.Call;
import io.colompi.core.trace.Tier;
import io.colompi.trace.journal.JobTrace;
import io.colompi.trace.journal.RankTrace;
import io.colompi.trace.journal.TraceEvent;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The job as a Chrome trace-event JSON file (open it in Perfetto or chrome://tracing): a process per JVM, a track
 * per rank, a slice per call, and a flow arrow from each send to the receive that got it. A long job's timeline
 * holds its first calls only, at most a given number ({@link Extent}): a call and its flow take about 330 bytes,
 * and Perfetto loads a JSON file of more than a hundred megabytes slowly (a 200 000-iteration halo of 4 ranks wrote
 * 790 MB).
 */
final class Timeline
{
    /**
     * The calls a timeline holds: those that started before {@code cutoffNs} ({@link Long#MAX_VALUE}: all),
     * {@code calls} of the job's {@code allCalls}; the job's calls ended by {@code endNs}.
     */
    record Extent(long cutoffNs, int calls, int allCalls, long endNs)
    {
        boolean cut()
        {
            return calls < allCalls;
        }
    }

    private Timeline()
    {
    }

    /** The first {@code maxCalls} calls of {@code trace} by start time (fewer where several start at the cutoff). */
    static Extent extent(final JobTrace trace, final int maxCalls)
    {
        int all = 0;
        long endNs = trace.startNs();
        for (final RankTrace rank : trace.ranks())
        {
            if (rank != null)
            {
                all += rank.events().size();
                for (final TraceEvent event : rank.events())
                {
                    endNs = Math.max(endNs, event.endNs());
                }
            }
        }
        if (all <= maxCalls)
        {
            return new Extent(Long.MAX_VALUE, all, all, endNs);
        }
        final long[] starts = new long[all];
        int i = 0;
        for (final RankTrace rank : trace.ranks())
        {
            if (rank != null)
            {
                for (final TraceEvent event : rank.events())
                {
                    starts[i++] = event.startNs();
                }
            }
        }
        Arrays.sort(starts);
        final long cutoffNs = starts[maxCalls];
        int calls = maxCalls;
        while (calls > 0 && starts[calls - 1] == cutoffNs)
        {
            calls--;
        }
        return new Extent(cutoffNs, calls, all, endNs);
    }

    /** Write the calls of {@code extent} and the messages whose send and receive both are among them. */
    static void write(
        final Path file, final JobTrace trace, final List<MessageMatch.Message> messages, final Extent extent)
        throws IOException
    {
        final long cutoffNs = extent.cutoffNs();
        final long originNs = trace.startNs();
        final StringBuilder line = new StringBuilder(256);
        try (BufferedWriter out = Files.newBufferedWriter(file))
        {
            out.write("{\"displayTimeUnit\":\"ns\",\"traceEvents\":[\n");
            boolean first = true;
            for (final RankTrace rank : trace.ranks())
            {
                if (rank == null)
                {
                    continue;
                }
                first = separate(out, first);
                out.write(String.format(Locale.ROOT,
                    "{\"ph\":\"M\",\"name\":\"process_name\",\"pid\":%d,\"args\":{\"name\":\"JVM %d (node %d)\"}},\n" +
                    "{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":%d,\"tid\":%d,\"args\":{\"name\":\"rank %d\"}}",
                    rank.jvm(), rank.jvm(), rank.node(), rank.jvm(), rank.rank(), rank.rank()));
                for (final TraceEvent event : rank.events())
                {
                    if (event.startNs() >= cutoffNs)
                    {
                        continue; // a rank's calls are in the order they ended, not always as they started
                    }
                    line.setLength(0);
                    line.append(",\n{\"ph\":\"X\",\"name\":\"").append(event.call().mpiName())
                        .append("\",\"pid\":").append(rank.jvm()).append(",\"tid\":").append(rank.rank())
                        .append(",\"ts\":");
                    micros(line, event.startNs() - originNs).append(",\"dur\":");
                    micros(line, event.durationNs()).append(",\"args\":{\"peer\":").append(event.peer())
                        .append(",\"tag\":").append(event.tag()).append(",\"bytes\":").append(event.bytes())
                        .append(",\"tier\":\"").append(Tier.name(event.tier())).append("\",\"context\":")
                        .append(event.context()).append(",\"wait_us\":");
                    micros(line, event.waitNs());
                    if (event.call() == Call.SENDRECV)
                    {
                        line.append(",\"source\":").append(event.source()).append(",\"source_tag\":")
                            .append(event.sourceTag()).append(",\"received_bytes\":").append(event.receivedBytes());
                    }
                    out.append(line.append("}}"));
                }
            }
            long id = 0;
            for (final MessageMatch.Message message : messages)
            {
                final TraceEvent send = message.send();
                final TraceEvent receive = message.receive();
                if (send.startNs() >= cutoffNs || receive.startNs() >= cutoffNs)
                {
                    continue;
                }
                id++;
                line.setLength(0);
                flowEvent(line, "s", send, id, jvmOf(trace, send.rank()), send.rank(), send.startNs() - originNs);
                flowEvent(line, "f", send, id, jvmOf(trace, receive.rank()), receive.rank(),
                    receive.endNs() - originNs - 1);
                out.append(line);
            }
            out.write("\n]}\n");
        }
    }

    /** One end of a message's flow arrow: "s" at the send, "f" (bound to the enclosing slice) at the receive. */
    private static void flowEvent(
        final StringBuilder line, final String phase, final TraceEvent send, final long id, final int pid,
        final int tid, final long atNs)
    {
        line.append(",\n{\"ph\":\"").append(phase).append('"');
        if (phase.equals("f"))
        {
            line.append(",\"bp\":\"e\"");
        }
        line.append(",\"cat\":\"message\",\"name\":\"").append(send.bytes()).append(" bytes ")
            .append(Tier.name(send.tier())).append("\",\"id\":").append(id).append(",\"pid\":").append(pid)
            .append(",\"tid\":").append(tid).append(",\"ts\":");
        micros(line, atNs).append('}');
    }

    private static boolean separate(final BufferedWriter out, final boolean first) throws IOException
    {
        if (!first)
        {
            out.write(",\n");
        }
        return false;
    }

    private static int jvmOf(final JobTrace trace, final int rank)
    {
        return trace.rank(rank).jvm();
    }

    /** {@code nanos} as microseconds with three decimals ("12.345"), appended without a formatter. */
    static StringBuilder micros(final StringBuilder line, final long nanos)
    {
        final long magnitude = Math.abs(nanos);
        if (nanos < 0)
        {
            line.append('-');
        }
        final long fraction = magnitude % 1000;
        line.append(magnitude / 1000).append('.');
        if (fraction < 100)
        {
            line.append(fraction < 10 ? "00" : "0");
        }
        return line.append(fraction);
    }
}
