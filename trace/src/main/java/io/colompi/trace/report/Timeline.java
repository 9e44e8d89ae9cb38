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
import java.util.List;
import java.util.Locale;

/**
 * The job as a Chrome trace-event JSON file (open it in Perfetto or chrome://tracing): a process per JVM, a track
 * per rank, a slice per call, and a flow arrow from each send to the receive that got it.
 */
final class Timeline
{
    private Timeline()
    {
    }

    static void write(final Path file, final JobTrace trace, final List<MessageMatch.Message> messages)
        throws IOException
    {
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
                    out.write(String.format(Locale.ROOT,
                        ",\n{\"ph\":\"X\",\"name\":\"%s\",\"pid\":%d,\"tid\":%d,\"ts\":%s,\"dur\":%s," +
                        "\"args\":{\"peer\":%d,\"tag\":%d,\"bytes\":%d,\"tier\":\"%s\",\"context\":%d,\"wait_us\":%s%s}}",
                        event.call().mpiName(), rank.jvm(), rank.rank(), micros(event.startNs() - trace.startNs()),
                        micros(event.durationNs()), event.peer(), event.tag(), event.bytes(), Tier.name(event.tier()),
                        event.context(), micros(event.waitNs()), event.call() != Call.SENDRECV ? "" : String.format(
                            Locale.ROOT, ",\"source\":%d,\"source_tag\":%d,\"received_bytes\":%d", event.source(),
                            event.sourceTag(), event.receivedBytes())));
                }
            }
            long id = 0;
            for (final MessageMatch.Message message : messages)
            {
                final TraceEvent send = message.send();
                final TraceEvent receive = message.receive();
                id++;
                out.write(String.format(Locale.ROOT,
                    ",\n{\"ph\":\"s\",\"cat\":\"message\",\"name\":\"%d bytes %s\",\"id\":%d,\"pid\":%d,\"tid\":%d,\"ts\":%s}" +
                    ",\n{\"ph\":\"f\",\"bp\":\"e\",\"cat\":\"message\",\"name\":\"%d bytes %s\",\"id\":%d,\"pid\":%d," +
                    "\"tid\":%d,\"ts\":%s}",
                    send.bytes(), Tier.name(send.tier()), id, jvmOf(trace, send.rank()), send.rank(),
                    micros(send.startNs() - trace.startNs()),
                    send.bytes(), Tier.name(send.tier()), id, jvmOf(trace, receive.rank()), receive.rank(),
                    micros(receive.endNs() - trace.startNs() - 1)));
            }
            out.write("\n]}\n");
        }
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

    private static String micros(final long nanos)
    {
        return String.format(Locale.ROOT, "%.3f", nanos / 1000.0);
    }
}
