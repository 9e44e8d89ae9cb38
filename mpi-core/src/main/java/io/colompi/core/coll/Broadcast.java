package io.colompi.core.coll;

import io.colompi.core.comm.Communicator;
import io.colompi.core.pt2pt.Request;
import io.colompi.core.type.TypeMap;

/** Broadcast algorithms. */
final class Broadcast
{
    private Broadcast()
    {
    }

    /**
     * Binomial tree over ranks relative to the root: a rank receives from the rank that differs in its lowest set
     * bit, then sends to the ranks below that bit, all at once so large (rendezvous) sends to children overlap.
     * Every hop moves the user's layout directly; no temporaries. ceil(log2 p) steps.
     */
    static void binomial(
        final Communicator c, final Object buffer, final int offset, final int count, final TypeMap type,
        final int root, final int tag)
    {
        final int p = c.size();
        final int relative = (c.rank() - root + p) % p;
        int mask = 1;
        while (mask < p)
        {
            if ((relative & mask) != 0)
            {
                c.recv(buffer, offset, count, type, (relative - mask + root) % p, tag);
                break;
            }
            mask <<= 1;
        }
        final Request[] sends = new Request[Integer.numberOfTrailingZeros(mask)];
        int children = 0;
        for (mask >>= 1; mask > 0; mask >>= 1)
        {
            if (relative + mask < p)
            {
                sends[children++] = c.isend(buffer, offset, count, type, (relative + mask + root) % p, tag);
            }
        }
        Buffers.awaitAll(c.engine(), sends);
    }
}
