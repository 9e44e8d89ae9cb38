package io.colompi.core.coll;

import io.colompi.core.comm.Communicator;
import io.colompi.core.pt2pt.Request;
import io.colompi.core.type.TypeMap;

/** Scatter algorithms (scatter is scatterv with equal blocks). */
final class Scatter
{
    private Scatter()
    {
    }

    /**
     * The root starts a send per rank straight from that rank's block of the send layout, copies its own block
     * locally, then waits for all; the others receive once. Block {@code i} starts {@code displs[i]} extents of
     * {@code stype} after {@code soffset}.
     */
    static void linear(
        final Communicator c,
        final Object sbuf, final int soffset, final int[] scounts, final int[] displs, final TypeMap stype,
        final Object rbuf, final int roffset, final int rcount, final TypeMap rtype,
        final int root, final int tag)
    {
        final int rank = c.rank();
        if (rank != root)
        {
            c.recv(rbuf, roffset, rcount, rtype, root, tag);
            return;
        }
        final int p = c.size();
        final int extent = stype.extent();
        final Request[] sends = new Request[p];
        for (int i = 0; i < p; i++)
        {
            if (i != rank)
            {
                sends[i] = c.isend(sbuf, soffset + displs[i] * extent, scounts[i], stype, i, tag);
            }
        }
        try
        {
            Buffers.copyLocal(c.engine(), sbuf, soffset + displs[rank] * extent, scounts[rank], stype,
                rbuf, roffset, rcount, rtype);
        }
        finally
        {
            Buffers.awaitAll(c.engine(), sends); // even after a local error: the peers are owed their blocks
        }
    }
}
