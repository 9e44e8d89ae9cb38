package io.colompi.core.trace;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How long a rank's waits idle inside its traced calls without a peer (collectives, calls that make communicators,
 * window and file calls): their waiting, which no receive of the program's times. A point-to-point call times its own
 * wait, so outside such calls nothing is counted and no clock is read. Used by the rank's own threads, and only when
 * its job is traced: a call of one thread may count another thread's waits, so the waiting a call records is at most
 * its own time. A call that throws is not recorded and leaves its waits counting until the next such call ends: that
 * costs a traced rank clock reads, not accuracy, since a call records only what its own span adds.
 */
public final class IdleTally
{
    private final AtomicLong idledNs = new AtomicLong();
    private boolean counting;

    /** A call without a peer starts: its waits count from now on. Returns what they have idled so far. */
    public long start()
    {
        counting = true;
        return idledNs.get();
    }

    /** {@link System#nanoTime()} while a call counts, else 0: what a wait about to idle passes to {@link #add}. */
    public long from()
    {
        return counting ? System.nanoTime() : 0;
    }

    /** A wait that began to idle at {@code fromNs} ({@link #from}; 0: nothing to count) ends now. */
    public void add(final long fromNs)
    {
        if (fromNs != 0)
        {
            idledNs.addAndGet(System.nanoTime() - fromNs);
        }
    }

    /** The call that {@link #start} returned {@code startIdledNs} to ends: how long its waits idled. */
    public long stop(final long startIdledNs)
    {
        counting = false;
        return idledNs.get() - startIdledNs;
    }
}
