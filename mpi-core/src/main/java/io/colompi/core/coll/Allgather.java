package io.colompi.core.coll;

import io.colompi.core.comm.Communicator;
import io.colompi.core.pt2pt.RecvRequest;
import io.colompi.core.pt2pt.SendRequest;
import io.colompi.core.type.TypeMap;

/** Allgather algorithms (allgather is allgatherv with equal blocks). */
final class Allgather
{
    private Allgather()
    {
    }

    /**
     * Ring: in each of p - 1 steps a rank passes a block to its right neighbour while receiving the next one from
     * its left: first its own block straight from the send buffer, then the block it received last, straight
     * from its receive layout. Every rank sends and receives each block once: bandwidth-optimal, p - 1
     * latencies. The own block is copied into place last, so that a local error cannot leave peers waiting. Any p.
     */
    static void ring(
        final Communicator c,
        final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int[] rcounts, final int[] displs, final TypeMap rtype,
        final int tag)
    {
        final int p = c.size();
        final int rank = c.rank();
        final int extent = rtype.extent();
        final int right = (rank + 1) % p;
        final int left = (rank - 1 + p) % p;
        for (int step = 0; step < p - 1; step++)
        {
            final int incoming = (rank - step - 1 + p) % p;
            final RecvRequest receive = c.irecv(rbuf, roffset + displs[incoming] * extent, rcounts[incoming], rtype,
                left, tag);
            final SendRequest send;
            if (step == 0)
            {
                send = c.isend(sbuf, soffset, scount, stype, right, tag);
            }
            else
            {
                final int outgoing = (rank - step + p) % p;
                send = c.isend(rbuf, roffset + displs[outgoing] * extent, rcounts[outgoing], rtype, right, tag);
            }
            Buffers.awaitAll(c.engine(), receive, send);
        }
        Buffers.copyLocal(c.engine(), sbuf, soffset, scount, stype,
            rbuf, roffset + displs[rank] * extent, rcounts[rank], rtype);
    }
}
