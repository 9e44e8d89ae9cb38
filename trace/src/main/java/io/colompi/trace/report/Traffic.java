package io.colompi.trace.report;

import io.colompi.core.trace.Tier;
import io.colompi.trace.journal.InnerTraffic;
import io.colompi.trace.journal.JobJournals;
import io.colompi.trace.journal.TraceEvent;

/**
 * Who sent how much to whom, and over which tier, counted at the sender: the sends of the calls the journals hold
 * (a {@code Sendrecv}'s too) and the messages their calls sent as steps (a collective's, {@link InnerTraffic}).
 */
public final class Traffic
{
    private final long[][] bytes;
    private final long[][] messages;
    private final long[] tierBytes = new long[Tier.count()];
    private final long[] tierMessages = new long[Tier.count()];

    /** No traffic yet between {@code size} ranks. */
    public Traffic(final int size)
    {
        bytes = new long[size][size];
        messages = new long[size][size];
    }

    /** The traffic of every call in {@code journals} (which this reads). */
    public static Traffic of(final JobJournals journals)
    {
        final Traffic traffic = new Traffic(journals.size());
        journals.read(traffic::add);
        traffic.addInner(journals);
        return traffic;
    }

    /** Count the message {@code call} sent, if it sent one. */
    public void add(final TraceEvent call)
    {
        if (call.sent())
        {
            add(call.rank(), call.peer(), call.tier(), 1, call.bytes());
        }
    }

    /** Count the messages that the calls of {@code journals}, read, sent as steps. */
    public void addInner(final JobJournals journals)
    {
        for (int rank = 0; rank < size(); rank++)
        {
            for (final InnerTraffic inner : journals.innerTraffic(rank))
            {
                add(rank, inner.peer(), inner.tier(), inner.messages(), inner.bytes());
            }
        }
    }

    private void add(final int source, final int dest, final int tier, final long count, final long sent)
    {
        if (dest >= 0 && dest < size() && tier < Tier.count())
        {
            bytes[source][dest] += sent;
            messages[source][dest] += count;
            tierBytes[tier] += sent;
            tierMessages[tier] += count;
        }
    }

    /** Bytes {@code source} sent to {@code dest}. */
    public long bytes(final int source, final int dest)
    {
        return bytes[source][dest];
    }

    public long messages(final int source, final int dest)
    {
        return messages[source][dest];
    }

    /** Bytes sent over the {@link Tier} {@code tier}. */
    public long tierBytes(final int tier)
    {
        return tierBytes[tier];
    }

    public long tierMessages(final int tier)
    {
        return tierMessages[tier];
    }

    public int size()
    {
        return bytes.length;
    }

    /** The undirected weights (bytes both ways) between every pair of ranks: the graph placement partitions. */
    public long[][] symmetricBytes()
    {
        final long[][] weights = new long[size()][size()];
        for (int a = 0; a < size(); a++)
        {
            for (int b = 0; b < size(); b++)
            {
                weights[a][b] = a == b ? 0 : bytes[a][b] + bytes[b][a];
            }
        }
        return weights;
    }
}
