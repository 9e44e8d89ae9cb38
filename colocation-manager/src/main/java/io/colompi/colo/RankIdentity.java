package io.colompi.colo;

import java.nio.charset.StandardCharsets;

/**
 * The rank a thread acts for, inherited by the threads it starts, so output of a rank's helper threads is
 * tagged with the rank too. Identity is per rank per job: two in-process jobs never share one.
 */
public final class RankIdentity
{
    private static final InheritableThreadLocal<RankIdentity> CURRENT = new InheritableThreadLocal<>();

    private final int rank;
    private final byte[] tag;

    RankIdentity(final int rank)
    {
        this.rank = rank;
        this.tag = ("[" + rank + "] ").getBytes(StandardCharsets.US_ASCII);
    }

    /** The world rank the calling thread acts for, or -1 for a thread that belongs to no rank. */
    public static int currentRank()
    {
        final RankIdentity identity = CURRENT.get();
        return identity != null ? identity.rank : -1;
    }

    static RankIdentity current()
    {
        return CURRENT.get();
    }

    /** Make the calling thread, and every thread it starts from now on, act for this rank. */
    void bindCurrentThread()
    {
        CURRENT.set(this);
    }

    /** The prefix of this rank's output lines, {@code "[R] "}. */
    byte[] tag()
    {
        return tag;
    }

    @Override
    public String toString()
    {
        return "rank " + rank;
    }
}
