package io.colompi.core.comm;

import io.colompi.core.pt2pt.SendMode;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.TypeMap;

/**
 * The small all-to-all exchanges that communicator construction needs (context ids, colors and keys), kept
 * apart from the tuned collectives so that building a communicator depends only on point-to-point.
 */
public final class Agreement
{
    private static final TypeMap INT = TypeMap.basic(BaseType.INT);
    /** Tag of agreement messages on a collective context (collective algorithms use non-negative tags). */
    private static final int TAG = -100;

    private Agreement()
    {
    }

    /** Every rank contributes {@code mine} (same length everywhere); returns all contributions in rank order. */
    public static int[] allgather(final Communicator comm, final int[] mine)
    {
        final Communicator c = comm.collective();
        final int n = c.size();
        final int k = mine.length;
        final int[] all = new int[n * k];
        if (c.rank() == 0)
        {
            System.arraycopy(mine, 0, all, 0, k);
            for (int peer = 1; peer < n; peer++)
            {
                c.recv(all, peer * k, k, INT, peer, TAG);
            }
            for (int peer = 1; peer < n; peer++)
            {
                c.send(all, 0, n * k, INT, peer, TAG, SendMode.STANDARD);
            }
        }
        else
        {
            c.send(mine, 0, k, INT, 0, TAG, SendMode.STANDARD);
            c.recv(all, 0, n * k, INT, 0, TAG);
        }
        return all;
    }

    /** The largest {@code value} over all ranks. */
    public static int max(final Communicator comm, final int value)
    {
        int max = Integer.MIN_VALUE;
        for (final int v : allgather(comm, new int[]{ value }))
        {
            max = Math.max(max, v);
        }
        return max;
    }

    /**
     * A context id free on every rank of {@code comm}; reserves it (and its collective twin) on this rank.
     * Every rank of {@code comm} must call this at the same point.
     */
    public static int newContext(final Communicator comm)
    {
        final int context = max(comm, comm.engine().nextContext());
        comm.engine().reserveContextsBelow(context + 2);
        return context;
    }
}
