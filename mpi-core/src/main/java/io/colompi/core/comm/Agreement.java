package io.colompi.core.comm;

import io.colompi.core.type.BaseType;
import io.colompi.core.type.TypeMap;

/**
 * The small all-to-all exchanges that communicator construction needs (context ids, colors and keys), kept
 * apart from the tuned collectives so that building a communicator depends only on point-to-point. A new
 * communicator's context ids come from one rank's own block, announced to the others: ranks, and threads of a rank
 * that make communicators at once, never agree on ids another creation takes meanwhile.
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
        return allgather(comm, mine, 0);
    }

    /**
     * {@link #allgather}, then the first of {@code contexts} consecutive context ids for a communicator made from
     * {@code comm}, at the end of the returned array: rank 0 takes them from its own block
     * ({@link io.colompi.core.pt2pt.Engine#announceContexts}), so that no other creation, on any rank or any thread
     * of a rank, can take them.
     */
    public static int[] allgatherWithContexts(final Communicator comm, final int[] mine, final int contexts)
    {
        return allgather(comm, mine, contexts);
    }

    /** The first of {@code contexts} fresh context ids for a communicator made from {@code comm}, from its rank 0. */
    public static int newContexts(final Communicator comm, final int contexts)
    {
        final Communicator c = comm.collective();
        final int[] first = new int[1];
        if (c.rank() == 0)
        {
            first[0] = comm.engine().announceContexts(contexts);
            for (int peer = 1; peer < c.size(); peer++)
            {
                c.sendStep(first, 0, 1, INT, peer, TAG);
            }
        }
        else
        {
            c.recvStep(first, 0, 1, INT, 0, TAG);
        }
        return first[0];
    }

    private static int[] allgather(final Communicator comm, final int[] mine, final int contexts)
    {
        final Communicator c = comm.collective();
        final int n = c.size();
        final int k = mine.length;
        final int length = n * k + (contexts > 0 ? 1 : 0);
        final int[] all = new int[length];
        if (c.rank() == 0)
        {
            System.arraycopy(mine, 0, all, 0, k);
            for (int peer = 1; peer < n; peer++)
            {
                c.recvStep(all, peer * k, k, INT, peer, TAG);
            }
            if (contexts > 0)
            {
                all[n * k] = comm.engine().announceContexts(contexts);
            }
            for (int peer = 1; peer < n; peer++)
            {
                c.sendStep(all, 0, length, INT, peer, TAG);
            }
        }
        else
        {
            c.sendStep(mine, 0, k, INT, 0, TAG);
            c.recvStep(all, 0, length, INT, 0, TAG);
        }
        return all;
    }
}
