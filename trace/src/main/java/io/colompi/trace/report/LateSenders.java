package io.colompi.trace.report;

import io.colompi.core.trace.Call;
import io.colompi.trace.journal.TraceEvent;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Receivers that waited for late senders: a receive that began before its message's send started waited until the
 * send started. Counted per receiver and sender.
 */
final class LateSenders
{
    private final int size;
    private final int top;
    /** By receiver x size + sender: late messages, ns waited. */
    private final Map<Long, long[]> late = new LinkedHashMap<>();

    /** Late senders among {@code size} ranks, the {@code top} that cost most shown. */
    LateSenders(final int size, final int top)
    {
        this.size = size;
        this.top = top;
    }

    void add(final MessageMatch.Message message)
    {
        final TraceEvent receive = message.receive();
        final TraceEvent send = message.send();
        if (receive.call() != Call.TEST_RECV && send.startNs() > receive.startNs())
        {
            final long waited = Math.min(send.startNs(), receive.endNs()) - receive.startNs();
            final long[] sums = late.computeIfAbsent((long)receive.rank() * size + send.rank(), k -> new long[2]);
            sums[0]++;
            sums[1] += waited;
        }
    }

    void appendTo(final StringBuilder md)
    {
        md.append("## Receivers that waited for late senders\n\n");
        if (late.isEmpty())
        {
            md.append("None: every message's send started before its receiver began to wait.\n\n");
            return;
        }
        md.append("A receive that began before its message's send started waited for a late sender (until the send ")
            .append("started).\n\n| receiver <- sender | late messages | waited ms |\n|---|---:|---:|\n");
        late.entrySet().stream().sorted(Comparator.comparingLong(e -> -e.getValue()[1])).limit(top).forEach(e ->
            md.append(String.format(Locale.ROOT, "| %d <- %d | %,d | %.2f |%n", e.getKey() / size,
                e.getKey() % size, e.getValue()[0], e.getValue()[1] / 1e6)));
        md.append('\n');
    }
}
