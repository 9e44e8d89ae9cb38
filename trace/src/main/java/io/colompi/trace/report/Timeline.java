package io.colompi.trace.report;

import io.colompi.core.trace.Call;
import io.colompi.core.trace.Tier;
import io.colompi.trace.journal.RankHeader;
import io.colompi.trace.journal.TraceEvent;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;

/**
 * The job as a Chrome trace-event JSON file (open it in Perfetto or chrome://tracing): a process per JVM, a track
 * per rank, a slice per call, and a flow arrow from each send to the receive that got it. A long job's timeline
 * holds its first calls by start time, at most a given number: a call and its flow take about 330 bytes, and
 * Perfetto loads a JSON file of more than a hundred megabytes slowly (a 200 000-iteration halo of 4 ranks wrote
 * 790 MB). Only those calls are kept while the job's are added, and the messages among them.
 */
final class Timeline
{
    private static final Comparator<TraceEvent> BY_START = Comparator.comparingLong(TraceEvent::startNs);

    private final int maxCalls;
    /** The calls that started before {@link #cutoffNs}, the latest start first. */
    private final PriorityQueue<TraceEvent> first;
    /** The messages whose two ends may be among {@link #first}: both started before {@link #cutoffNs} when added. */
    private final List<MessageMatch.Message> flows = new ArrayList<>();
    /** The earliest start of a call turned away: every call kept started before it ({@link Long#MAX_VALUE}: none). */
    private long cutoffNs = Long.MAX_VALUE;
    private long allCalls;

    /** A timeline of the job's first {@code maxCalls} calls by start time (fewer where several start at the cutoff). */
    Timeline(final int maxCalls)
    {
        this.maxCalls = maxCalls;
        this.first = new PriorityQueue<>(Math.min(maxCalls, 1 << 16) + 1, BY_START.reversed());
    }

    /** A call of the job, in any order. */
    void add(final TraceEvent call)
    {
        allCalls++;
        if (call.startNs() >= cutoffNs)
        {
            return;
        }
        first.add(call);
        if (first.size() > maxCalls)
        {
            cutoffNs = first.poll().startNs();
            while (!first.isEmpty() && first.peek().startNs() >= cutoffNs)
            {
                first.poll(); // started at the cutoff too
            }
            if (flows.size() > 2L * maxCalls + 1024)
            {
                flows.removeIf(this::cut);
            }
        }
    }

    /** A message of the job: its flow is drawn if both its ends are among the calls kept. */
    void add(final MessageMatch.Message message)
    {
        if (!cut(message))
        {
            flows.add(message);
        }
    }

    private boolean cut(final MessageMatch.Message message)
    {
        return message.send().startNs() >= cutoffNs || message.receive().startNs() >= cutoffNs;
    }

    /** Whether calls were left out. */
    boolean cut()
    {
        return first.size() < allCalls;
    }

    /** The calls it holds. */
    int calls()
    {
        return first.size();
    }

    /** The calls added. */
    long allCalls()
    {
        return allCalls;
    }

    /** Every call it holds started before this ({@link Long#MAX_VALUE} when none was left out). */
    long cutoffNs()
    {
        return cutoffNs;
    }

    /**
     * Write the calls kept, a track per rank of {@code ranks} (their JVMs as processes), and the messages whose send and
     * receive both are among them; times from {@code originNs}.
     */
    void write(final Path file, final List<RankHeader> ranks, final long originNs) throws IOException
    {
        final List<TraceEvent> calls = new ArrayList<>(first);
        calls.sort(Comparator.comparingInt(TraceEvent::rank).thenComparingLong(TraceEvent::endNs));
        final int[] jvmOf = new int[ranks.stream().mapToInt(RankHeader::rank).max().orElse(-1) + 1];
        ranks.forEach(rank -> jvmOf[rank.rank()] = rank.jvm());
        final StringBuilder line = new StringBuilder(256);
        try (BufferedWriter out = Files.newBufferedWriter(file))
        {
            out.write("{\"displayTimeUnit\":\"ns\",\"traceEvents\":[\n");
            int next = 0;
            boolean first = true;
            for (final RankHeader rank : ranks)
            {
                first = separate(out, first);
                out.write(String.format(Locale.ROOT,
                    "{\"ph\":\"M\",\"name\":\"process_name\",\"pid\":%d,\"args\":{\"name\":\"JVM %d (node %d)\"}},\n" +
                    "{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":%d,\"tid\":%d,\"args\":{\"name\":\"rank %d\"}}",
                    rank.jvm(), rank.jvm(), rank.node(), rank.jvm(), rank.rank(), rank.rank()));
                while (next < calls.size() && calls.get(next).rank() == rank.rank())
                {
                    final TraceEvent event = calls.get(next++);
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
            final List<MessageMatch.Message> drawn = new ArrayList<>(flows);
            drawn.removeIf(this::cut);
            drawn.sort(Comparator.comparingLong(m -> m.receive().endNs()));
            long id = 0;
            for (final MessageMatch.Message message : drawn)
            {
                final TraceEvent send = message.send();
                final TraceEvent receive = message.receive();
                id++;
                line.setLength(0);
                flowEvent(line, "s", send, id, jvmOf[send.rank()], send.rank(), send.startNs() - originNs);
                flowEvent(line, "f", send, id, jvmOf[receive.rank()], receive.rank(), receive.endNs() - originNs - 1);
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
