package io.colompi.core.wait;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * How long a rank's waits idle inside its traced calls without a peer (collectives, calls that make communicators,
 * window and file calls): their waiting, which no receive of the program's times. Each wait reports what its
 * back-off measured from the reads of the time it makes anyway ({@link Backoff#idledNs}), so counting reads no clock;
 * outside such calls nothing is counted. Used by the rank's own threads, and only when its job is traced: a call of one
 * thread may count another thread's waits, so the waiting a call records is at most its own time. A call that throws
 * is not recorded and leaves its rank's waits counting until the next such call ends, which costs an atomic add per
 * wait, not accuracy, since a call records only what its own span adds.
 * <p>
 * Its fields have their cache lines to themselves ({@link CacheLinePadding}): the rank writes them on every traced
 * collective, and the tallies of a JVM's ranks, made one after the other, lie side by side.
 */
public final class IdleTally extends CacheLinePadding
{
    private static final VarHandle IDLED_NS;

    static
    {
        try
        {
            IDLED_NS = MethodHandles.lookup().findVarHandle(IdleTally.class, "idledNs", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    @SuppressWarnings("unused") // through IDLED_NS
    private volatile long idledNs;
    private boolean counting;
    /**
     * The line after the fields ({@link CacheLinePadding}), in longs, laid out after {@link #idledNs}: bytes would fill
     * the gap before it first, and leave less than a line after it.
     */
    long q0, q1, q2, q3, q4, q5, q6, q7;

    /** A call without a peer starts: its waits count from now on. Returns what they have idled so far. */
    public long start()
    {
        counting = true;
        return idledNs;
    }

    /** A wait ended that idled {@code waitIdledNs}: counted if a call counts. */
    public void add(final long waitIdledNs)
    {
        if (counting && waitIdledNs != 0)
        {
            IDLED_NS.getAndAdd(this, waitIdledNs);
        }
    }

    /** The call that {@link #start} returned {@code startIdledNs} to ends: how long its waits idled. */
    public long stop(final long startIdledNs)
    {
        counting = false;
        return idledNs - startIdledNs;
    }
}
