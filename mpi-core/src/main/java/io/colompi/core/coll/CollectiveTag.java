package io.colompi.core.coll;

/**
 * Tags of collective messages on a communicator's collective context, one per blocking collective kind, and
 * one per nonblocking collective in flight. All are non-negative: negative tags on that context belong to
 * {@link io.colompi.core.comm.Agreement}; {@link Hierarchical}'s leaders use 100 and up, {@link NodeArena}'s
 * participants 200 and up, node leaders 300 and up. Every algorithm receives from named sources only, so per-pair
 * message order keeps consecutive collectives apart; distinct tags make a mismatch between kinds (a program
 * calling collectives in different orders) fail loudly instead.
 * Nonblocking collectives take {@link #NONBLOCKING_BASE} plus their sequence number on the communicator and their
 * kind, so several may be in flight at once, interleaved with blocking ones, without their messages ever matching,
 * and ranks that start different collectives as the same one wait for each other (where {@link MismatchCheck}
 * finds them) rather than take each other's messages.
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
    /** {@link CountAgreement}'s exchange before a collective across JVMs. */
    static final int COUNTS = 12;
    /** The barrier of {@code MPI.Finalize} ({@link Collectives#finalizeBarrier}). */
    static final int FINALIZE = 13;
    /** {@link AnnouncedBcast}'s announcement that the root takes a path other than the binomial tree. */
    static final int BCAST_PATH = 14;
    /** The neighbourhood allgather(v) of a communicator with a topology ({@link NeighbourCollectives}). */
    static final int NEIGHBOUR_ALLGATHER = 15;
    /** The neighbourhood alltoall(v). */
    static final int NEIGHBOUR_ALLTOALL = 16;
    /** First tag of the nonblocking collectives; 2^25 of them may be in flight before a tag comes round again. */
    static final int NONBLOCKING_BASE = 1 << 16;
    private static final int NONBLOCKING_MASK = (1 << 30) - 1;
    /** Low bits of a nonblocking tag that hold its kind (up to {@link #NEIGHBOUR_ALLTOALL}; 30 and 31: parts). */
    private static final int KIND_BITS = 5;

    /** The tag of the {@code sequence}-th nonblocking collective on a communicator, a collective of {@code kind}. */
    static int nonblocking(final int sequence, final int kind)
    {
        return NONBLOCKING_BASE + ((sequence << KIND_BITS | kind) & NONBLOCKING_MASK);
    }

    /**
     * The tag of the part of nonblocking collective {@code tag} that runs among the node leaders, apart from its
     * messages among each node's JVMs and among all JVMs' leaders (communicators that share a context tell sources by
     * their rank in each).
     */
    static int acrossNodes(final int tag)
    {
        return NONBLOCKING_BASE + (tag - NONBLOCKING_BASE | (1 << KIND_BITS) - 1);
    }

    /** As {@link #acrossNodes}, the part that runs among the JVMs of each node, where JVMs' leaders meet first. */
    static int withinNode(final int tag)
    {
        return NONBLOCKING_BASE + (tag - NONBLOCKING_BASE | (1 << KIND_BITS) - 2);
    }

    private CollectiveTag()
    {
    }
}
