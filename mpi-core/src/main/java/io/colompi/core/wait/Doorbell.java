package io.colompi.core.wait;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Wakes the parked threads of one rank when something arrives for it. Ringing costs one volatile read while
 * nobody sleeps, so senders may ring on every message; only threads about to park register themselves.
 */
public final class Doorbell extends CacheLinePadding
{
    private static final int SLOTS = 16;
    private static final long UNREGISTERED_PARK_NS = 50_000;
    private static final VarHandle SLEEPING;

    static
    {
        try
        {
            SLEEPING = MethodHandles.lookup().findVarHandle(Doorbell.class, "sleeping", int.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    /** How many threads are about to park or parked: what every send to the rank reads, on a line of its own. */
    private volatile int sleeping;
    /** The line after the fields ({@link CacheLinePadding}). */
    byte q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;
    byte q16, q17, q18, q19, q20, q21, q22, q23, q24, q25, q26, q27, q28, q29, q30, q31;
    byte q32, q33, q34, q35, q36, q37, q38, q39, q40, q41, q42, q43, q44, q45, q46, q47;
    byte q48, q49, q50, q51, q52, q53, q54, q55, q56, q57, q58, q59, q60, q61, q62, q63;
    private final AtomicReferenceArray<Thread> sleepers = new AtomicReferenceArray<>(SLOTS);
    private final WakeCondition arrivals;

    /** A doorbell for threads that wait only for what rings it. */
    public Doorbell()
    {
        this(() -> false);
    }

    /**
     * A doorbell whose threads also stay awake while {@code arrivals} holds: work that the rank finds by polling
     * (messages in its inbox), published before the sender rang.
     */
    public Doorbell(final WakeCondition arrivals)
    {
        this.arrivals = arrivals;
    }

    /** Wake every thread parked on this doorbell. */
    public void ring()
    {
        if (sleeping != 0)
        {
            for (int i = 0; i < SLOTS; i++)
            {
                final Thread sleeper = sleepers.get(i);
                if (sleeper != null)
                {
                    LockSupport.unpark(sleeper);
                }
            }
        }
    }

    /**
     * Park the calling thread for at most {@code timeoutNs} unless {@code condition} or the arrivals hold once the
     * thread is registered (a ring between the check and the park is not lost: it leaves the park permit set).
     */
    public void sleep(final long timeoutNs, final WakeCondition condition)
    {
        final Thread self = Thread.currentThread();
        final int slot = claim(self);
        SLEEPING.getAndAdd(this, 1);
        try
        {
            if (!condition.ready() && !arrivals.ready())
            {
                // A thread without a slot cannot be rung, so it only naps.
                LockSupport.parkNanos(this, slot < 0 ? Math.min(timeoutNs, UNREGISTERED_PARK_NS) : timeoutNs);
            }
        }
        finally
        {
            SLEEPING.getAndAdd(this, -1);
            if (slot >= 0)
            {
                sleepers.set(slot, null);
            }
        }
    }

    private int claim(final Thread self)
    {
        for (int i = 0; i < SLOTS; i++)
        {
            if (sleepers.get(i) == null && sleepers.compareAndSet(i, null, self))
            {
                return i;
            }
        }
        return -1;
    }
}
