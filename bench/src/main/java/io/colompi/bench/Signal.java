package io.colompi.bench;

import io.colompi.core.wait.WaitPolicy;

import java.util.concurrent.locks.LockSupport;

/**
 * A sequence number one thread publishes and another waits for: the "volatile flag" of the raw handoff. The waiter
 * spins, then yields, then parks, as colompi's ranks do; a publisher unparks a waiter that announced it parks
 * (both sides use volatile accesses, so a wake-up between the waiter's check and its park is not lost).
 */
final class Signal
{
    /** How a waiter waits: the same knobs as colompi's {@link WaitPolicy}. */
    record Policy(String name, int spins, int yields, long minParkNs, long maxParkNs)
    {
        static final Policy SPIN = of("spin", WaitPolicy.SPIN);

        static Policy backoff()
        {
            return of("backoff", WaitPolicy.BACKOFF);
        }

        /** The policy colompi's ranks use in this JVM ({@code -Dcolompi.wait}, adapted to ranks vs cores). */
        static Policy same(final WaitPolicy ranks)
        {
            return of(System.getProperty("colompi.wait", "backoff") + "/spins=" + ranks.spins(), ranks);
        }

        private static Policy of(final String name, final WaitPolicy p)
        {
            return new Policy(name, p.spins(), p.yields(), p.minParkNs(), p.maxParkNs());
        }
    }

    private volatile long value;
    private volatile Thread parked;

    long value()
    {
        return value;
    }

    void publish(final long newValue)
    {
        value = newValue;
        final Thread waiter = parked;
        if (waiter != null)
        {
            LockSupport.unpark(waiter);
        }
    }

    /** Wait until the published value is at least {@code target}. */
    void await(final long target, final Policy policy)
    {
        if (value >= target)
        {
            return;
        }
        final int spins = policy.spins();
        for (int i = 0; i < spins; i++)
        {
            if (value >= target)
            {
                return;
            }
            Thread.onSpinWait();
        }
        final int yields = policy.yields();
        for (int i = 0; i < yields; i++)
        {
            if (value >= target)
            {
                return;
            }
            Thread.yield();
        }
        long parkNs = policy.minParkNs();
        parked = Thread.currentThread();
        try
        {
            while (value < target)
            {
                LockSupport.parkNanos(this, parkNs);
                parkNs = Math.min(parkNs << 1, policy.maxParkNs());
            }
        }
        finally
        {
            parked = null;
        }
    }
}
