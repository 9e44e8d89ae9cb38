package io.colompi.trace.report;

import io.colompi.core.trace.Tier;
import io.colompi.trace.journal.InnerTraffic;
import io.colompi.trace.journal.JobTrace;
import io.colompi.trace.journal.RankTrace;
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

    private Traffic(final int size)
    {
        bytes = new long[size][size];
        messages = new long[size][size];
    }

    public static Traffic of(final JobTrace trace)
    {
        final Traffic traffic = new Traffic(trace.size());
        for (final RankTrace rank : trace.ranks())
        {
            if (rank == null)
            {
                continue;
            }
            for (final TraceEvent event : rank.events())
            {
                if (event.sent())
                {
                    traffic.add(rank.rank(), event.peer(), event.tier(), 1, event.bytes());
                }
            }
            for (final InnerTraffic inner : rank.innerTraffic())
            {
                traffic.add(rank.rank(), inner.peer(), inner.tier(), inner.messages(), inner.bytes());
            }
        }
        return traffic;
    }

    private void add(final int source, final int dest, final int tier, final long count, final long sent)
    {
        if (dest < size() && tier < Tier.count())
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
