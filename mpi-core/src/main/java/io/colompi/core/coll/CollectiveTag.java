package io.colompi.core.coll;

/**
 * Tags of collective messages on a communicator's collective context, one per collective kind. All are
 * non-negative: negative tags on that context belong to {@link io.colompi.core.comm.Agreement}. Every algorithm
 * receives from named sources only, so per-pair message order keeps consecutive collectives apart; distinct tags
 * make a mismatch between kinds (a program calling collectives in different orders) fail loudly instead.
 */
final class CollectiveTag
{
    static final int BARRIER = 1;
    static final int BCAST = 2;
    static final int GATHER = 3;
    static final int SCATTER = 4;
    static final int ALLGATHER = 5;
    static final int ALLTOALL = 6;
    static final int REDUCE = 7;
    static final int ALLREDUCE = 8;
    static final int REDUCE_SCATTER = 9;
    static final int SCAN = 10;
    static final int EXSCAN = 11;

    private CollectiveTag()
    {
    }
}
