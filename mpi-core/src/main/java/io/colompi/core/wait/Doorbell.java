package io.colompi.core.wait;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Wakes the parked threads of one rank when something arrives for it. Ringing costs one volatile read while
 * nobody sleeps, so senders may ring on every message; only threads about to park register themselves.
 */
public final class Doorbell
{
    private static final int SLOTS = 16;
    private static final long UNREGISTERED_PARK_NS = 50_000;

    private final AtomicReferenceArray<Thread> sleepers = new AtomicReferenceArray<>(SLOTS);
    private final AtomicInteger sleeping = new AtomicInteger();
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
        if (sleeping.get() != 0)
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
        sleeping.incrementAndGet();
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
            sleeping.decrementAndGet();
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
