package io.colompi.core.coll;

import io.colompi.core.comm.Communicator;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.TypeMap;

/** Barrier algorithms. */
final class Barrier
{
    static final TypeMap INT = TypeMap.basic(BaseType.INT);
    /** Empty messages never touch their buffer, so every rank may share this one. */
    static final int[] NOTHING = new int[0];

    private Barrier()
    {
    }

    /** {@link #dissemination(Plan)} on {@code c}, now. */
    static void dissemination(final Communicator c, final int tag)
    {
        final BlockingPlan plan = BlockingPlan.of(c, tag);
        dissemination(plan);
        plan.finish();
    }

    /**
     * Dissemination (Hensgen, Finkel and Manber): in round k every rank signals rank + 2^k and waits for
     * rank - 2^k (mod p); after ceil(log2 p) rounds each rank has heard, transitively, from all. Any p.
     */
    static void dissemination(final Plan plan)
    {
        final int p = plan.size;
        final int rank = plan.rank;
        for (int distance = 1; distance < p; distance <<= 1)
        {
            plan.recv(NOTHING, 0, 0, INT, (rank - distance + p) % p);
            plan.send(NOTHING, 0, 0, INT, (rank + distance) % p);
            plan.round();
        }
    }
}
