package io.colompi.core.coll;

import io.colompi.core.comm.Communicator;
import io.colompi.core.pt2pt.RecvRequest;
import io.colompi.core.pt2pt.SendRequest;
import io.colompi.core.type.TypeMap;

/** All-to-all algorithms (alltoall is alltoallv with equal blocks). */
final class Alltoall
{
    private Alltoall()
    {
    }

    /**
     * Pairwise exchange: in step k a rank sends its block for rank + k while receiving rank - k's block for it,
     * so every rank talks to one peer at a time and no rank is flooded. The own block is a local copy, made last.
     * Any p. Send block {@code i} starts {@code sdispls[i]} extents of {@code stype} after {@code soffset};
     * receive blocks likewise.
     */
    static void pairwise(
        final Communicator c,
        final Object sbuf, final int soffset, final int[] scounts, final int[] sdispls, final TypeMap stype,
        final Object rbuf, final int roffset, final int[] rcounts, final int[] rdispls, final TypeMap rtype,
        final int tag)
    {
        final int p = c.size();
        final int rank = c.rank();
        final int sextent = stype.extent();
        final int rextent = rtype.extent();
        for (int step = 1; step < p; step++)
        {
            final int to = (rank + step) % p;
            final int from = (rank - step + p) % p;
            final RecvRequest receive = c.irecv(rbuf, roffset + rdispls[from] * rextent, rcounts[from], rtype,
                from, tag);
            final SendRequest send = c.isend(sbuf, soffset + sdispls[to] * sextent, scounts[to], stype, to, tag);
            Buffers.awaitAll(c.engine(), receive, send);
        }
        // own block last, so that a local error cannot leave peers waiting
        Buffers.copyLocal(c.engine(), sbuf, soffset + sdispls[rank] * sextent, scounts[rank], stype,
            rbuf, roffset + rdispls[rank] * rextent, rcounts[rank], rtype);
    }
}
