package io.colompi.trace.report;

import io.colompi.core.trace.Tier;
import io.colompi.trace.journal.JobTrace;
import io.colompi.trace.journal.RankTrace;
import io.colompi.trace.journal.TraceEvent;

/**
 * Who sent how much to whom, and over which tier: every send the journals hold (also those a collective made),
 * counted at the sender.
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
                if (event.call().sends() && event.peer() >= 0 && event.peer() < trace.size())
                {
                    traffic.bytes[event.rank()][event.peer()] += event.bytes();
                    traffic.messages[event.rank()][event.peer()]++;
                    traffic.tierBytes[event.tier()] += event.bytes();
                    traffic.tierMessages[event.tier()]++;
                }
            }
        }
        return traffic;
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
