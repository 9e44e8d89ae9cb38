package io.colompi.core.trace;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How long a rank's waits idle inside its traced calls without a peer (collectives, calls that make communicators,
 * window and file calls): their waiting, which no receive of the program's times. Each wait reports what its
 * back-off measured from the reads of the time it makes anyway ({@code Backoff#idledNs}), so counting reads no clock;
 * outside such calls nothing is counted. Used by the rank's own threads, and only when its job is traced: a call of one
 * thread may count another thread's waits, so the waiting a call records is at most its own time. A call that throws
 * is not recorded and leaves its rank's waits counting until the next such call ends, which costs an atomic add per
 * wait, not accuracy, since a call records only what its own span adds.
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

    /** A wait ended that idled {@code waitIdledNs}: counted if a call counts. */
    public void add(final long waitIdledNs)
    {
        if (counting && waitIdledNs != 0)
        {
            idledNs.addAndGet(waitIdledNs);
        }
    }

    /** The call that {@link #start} returned {@code startIdledNs} to ends: how long its waits idled. */
    public long stop(final long startIdledNs)
    {
        counting = false;
        return idledNs.get() - startIdledNs;
    }
}
