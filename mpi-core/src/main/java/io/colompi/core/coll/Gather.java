package io.colompi.core.coll;

import io.colompi.core.comm.Communicator;
import io.colompi.core.pt2pt.Request;
import io.colompi.core.pt2pt.SendMode;
import io.colompi.core.type.TypeMap;

/** Gather algorithms (gather is gatherv with equal blocks). */
final class Gather
{
    private Gather()
    {
    }

    /**
     * The root posts a receive per rank straight into that rank's block of the receive layout, then copies its own
     * block locally while the others arrive; the others send once. Posting first lets large (rendezvous) sends
     * complete in any order. Block {@code i} starts {@code displs[i]} extents of {@code rtype} after
     * {@code roffset}.
     */
    static void linear(
        final Communicator c,
        final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int[] rcounts, final int[] displs, final TypeMap rtype,
        final int root, final int tag)
    {
        final int rank = c.rank();
        if (rank != root)
        {
            c.send(sbuf, soffset, scount, stype, root, tag, SendMode.STANDARD);
            return;
        }
        final int p = c.size();
        final int extent = rtype.extent();
        final Request[] receives = new Request[p];
        for (int i = 0; i < p; i++)
        {
            if (i != rank)
            {
                receives[i] = c.irecv(rbuf, roffset + displs[i] * extent, rcounts[i], rtype, i, tag);
            }
        }
        try
        {
            Buffers.copyLocal(c.engine(), sbuf, soffset, scount, stype,
                rbuf, roffset + displs[rank] * extent, rcounts[rank], rtype);
        }
        finally
        {
            Buffers.awaitAll(c.engine(), receives); // even after a local error: no receive may stay posted
        }
    }
}
