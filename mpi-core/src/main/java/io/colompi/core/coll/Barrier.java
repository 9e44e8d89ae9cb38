package io.colompi.core.coll;

import io.colompi.core.comm.Communicator;
import io.colompi.core.pt2pt.RecvRequest;
import io.colompi.core.pt2pt.SendMode;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.TypeMap;

/** Barrier algorithms. */
final class Barrier
{
    private static final TypeMap INT = TypeMap.basic(BaseType.INT);
    /** Empty messages never touch their buffer, so every rank may share this one. */
    private static final int[] NOTHING = new int[0];

    private Barrier()
    {
    }

    /**
     * Dissemination (Hensgen, Finkel and Manber): in round k every rank signals rank + 2^k and waits for
     * rank - 2^k (mod p); after ceil(log2 p) rounds each rank has heard, transitively, from all. Any p.
     */
    static void dissemination(final Communicator c, final int tag)
    {
        final int p = c.size();
        final int rank = c.rank();
        for (int distance = 1; distance < p; distance <<= 1)
        {
            final RecvRequest heard = c.irecv(NOTHING, 0, 0, INT, (rank - distance + p) % p, tag);
            c.send(NOTHING, 0, 0, INT, (rank + distance) % p, tag, SendMode.STANDARD);
            c.engine().awaitRequest(heard);
        }
    }
}
