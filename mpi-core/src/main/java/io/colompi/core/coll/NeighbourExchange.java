package io.colompi.core.coll;

import io.colompi.core.comm.Neighbourhood;
import io.colompi.core.pt2pt.Peers;
import io.colompi.core.type.TypeMap;

/**
 * The neighbourhood collectives' one algorithm: in a single round, a receive from every source into its block and a
 * send of its block to every destination. Only neighbours talk, so there is nothing to combine or forward.
 */
final class NeighbourExchange
{
    private NeighbourExchange()
    {
    }

    /**
     * Send block {@code i} ({@code scounts[i]} items at {@code sdispls[i]} extents of {@code stype} after
     * {@code soffset}) to destination {@code i}, and receive block {@code i} from source {@code i} likewise; blocks of
     * {@code PROC_NULL} neighbours move nothing.
     */
    static void run(
        final Plan plan, final Neighbourhood neighbours,
        final Object sbuf, final int soffset, final int[] scounts, final int[] sdispls, final TypeMap stype,
        final Object rbuf, final int roffset, final int[] rcounts, final int[] rdispls, final TypeMap rtype)
    {
        final int rextent = rtype.extent();
        for (int k = 0; k < neighbours.indegree(); k++)
        {
            final int i = neighbours.receiveOrder(k);
            final int from = neighbours.source(i);
            if (from != Peers.PROC_NULL)
            {
                plan.recv(rbuf, roffset + rdispls[i] * rextent, rcounts[i], rtype, from);
            }
        }
        final int sextent = stype.extent();
        for (int i = 0; i < neighbours.outdegree(); i++)
        {
            final int to = neighbours.destination(i);
            if (to != Peers.PROC_NULL)
            {
                plan.send(sbuf, soffset + sdispls[i] * sextent, scounts[i], stype, to);
            }
        }
        plan.round();
    }
}
