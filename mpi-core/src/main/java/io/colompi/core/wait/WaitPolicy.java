package io.colompi.core.wait;

/**
 * How a rank waits: spin briefly, then yield, then park on its {@link Doorbell} with a growing timeout.
 * The timeout bounds the wait for transports that cannot ring (another JVM); in-JVM senders ring at once.
 *
 * @param spins     busy polls before yielding (cheap wake-up when a core is free for each rank).
 * @param yields    {@code Thread.yield()} polls before parking (lets oversubscribed ranks run).
 * @param minParkNs first park timeout.
 * @param maxParkNs longest park timeout; the timeout doubles up to it.
 * @param adaptive  whether {@link #forNode} may shorten the spin phase when ranks outnumber cores, and the
 *                  {@link Backoff} while its thread keeps losing its core to other threads.
 * @param leavesSharedCore whether an adaptive {@link Backoff} parks once to leave a core it shares with the rank it
 *                  waits for: where that rank can ring it, in its JVM ({@link #forNode}).
 */
public record WaitPolicy(int spins, int yields, long minParkNs, long maxParkNs, boolean adaptive,
    boolean leavesSharedCore)
{
    /**
     * Spin phase when a node runs more ranks than it has cores: none, a waiting rank yields at once (spinning then only
     * steals the core of the rank it waits for; with 50 spins first, Jacobi np=4 on 2 cores took 8-11 % longer with
     * 2 and 4 ranks per JVM, bench/RESULTS.md).
     */
    public static final int OVERSUBSCRIBED_SPINS = 0;

    /**
     * Yields before a park of a rank alone in its JVM on a node whose ranks outnumber its cores: every rank it waits
     * for is in another JVM, whose wake-up (a datagram to this JVM's waker thread) costs tens of microseconds, where
     * a yield hands the core to those ranks at once (Jacobi np=4 on 2 cores, a JVM per rank, 1.12 s instead of 1.26
     * against Open MPI's 0.65, bench/RESULTS.md). The ranks of one JVM wake each other for a few microseconds and keep
     * the short yield phase (with 1 000 there, Jacobi np=4 in one JVM took 8 % longer).
     */
    public static final int OVERSUBSCRIBED_ALONE_YIELDS = 1_000;

    /** Spins of an adaptive back-off that keeps losing its core before it yields instead ({@link Backoff}). */
    public static final int CONTENDED_SPINS = 50;

    /** Default back-off, tuned on a 2-core machine (see bench/RESULTS.md); {@code RuntimeSettings} applies the properties. */
    public static final WaitPolicy BACKOFF = new WaitPolicy(
        2_000,
        20,
        1_000,
        1_000_000L,
        true);

    /** For dedicated cores: keep spinning (still parks after a very long idle, never spins forever). */
    public static final WaitPolicy SPIN = new WaitPolicy(Integer.MAX_VALUE / 2, 1_000, 1_000, 1_000_000L, false);

    /** A policy that leaves a shared core where it is {@code adaptive}. */
    public WaitPolicy(final int spins, final int yields, final long minParkNs, final long maxParkNs,
        final boolean adaptive)
    {
        this(spins, yields, minParkNs, maxParkNs, adaptive, adaptive);
    }

    /** This policy with another spin phase and yield phase, all else as it is. */
    public WaitPolicy withPhases(final int spins, final int yields)
    {
        return new WaitPolicy(spins, yields, minParkNs, maxParkNs, adaptive, leavesSharedCore);
    }

    /**
     * This policy for a node that runs {@code ranksOnNode} ranks on {@code cores} cores, {@code ranksInJvm} in this
     * JVM. A rank alone in its JVM does not park to leave a shared core: its peers wake it from other JVMs, dearer than
     * a ring, and it gained nothing there (halo np=2 a JVM per rank: steady state 1.00x, all iterations 1.06x and
     * 1.11x, bench/RESULTS.md, session 51).
     */
    public WaitPolicy forNode(final int ranksOnNode, final int ranksInJvm, final int cores)
    {
        if (!adaptive)
        {
            return this;
        }
        if (ranksOnNode <= cores)
        {
            return ranksInJvm == 1 && leavesSharedCore ?
                new WaitPolicy(spins, yields, minParkNs, maxParkNs, adaptive, false) : this;
        }
        return new WaitPolicy(Math.min(spins, OVERSUBSCRIBED_SPINS),
            ranksInJvm == 1 ? Math.max(yields, OVERSUBSCRIBED_ALONE_YIELDS) : yields, minParkNs, maxParkNs, false);
    }
}
