package io.colompi.transport.rdma;

import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;

/**
 * Never spins or yields: parks, the shortest park after a cycle that did work, doubling up to the longest while
 * idle; while someone is {@code waiting} on this thread's work, it waits on a {@link Watch} instead, which ends
 * when that work may have arrived. For a background thread that must keep a protocol alive without taking a core
 * from the ranks.
 */
final class ParkingIdleStrategy implements IdleStrategy
{
    /** How the thread waits while someone waits on its work. */
    @FunctionalInterface
    interface Watch
    {
        /** Wait a while, less when work arrives; returns whether it did. */
        boolean await();
    }

    private static final IntSupplier NOBODY = () -> 0;

    private final long minParkNs;
    private final long maxParkNs;
    private final IntSupplier waiting;
    private final Watch watch;
    private final long retryParkNs;
    private long parkNs;
    private boolean arrived;

    ParkingIdleStrategy(final long minParkNs, final long maxParkNs)
    {
        this(minParkNs, maxParkNs, NOBODY, null, maxParkNs);
    }

    /**
     * @param waiting     how many wait on this thread's work: while any does, it waits on {@code watch}.
     * @param watch       the wait while someone waits.
     * @param retryParkNs the park after a watch that saw work arrive but a cycle that found none to do (another
     *                    thread is doing it): the watch would only see the same arrival again at once.
     */
    ParkingIdleStrategy(
        final long minParkNs, final long maxParkNs, final IntSupplier waiting, final Watch watch, final long retryParkNs)
    {
        if (minParkNs <= 0 || maxParkNs < minParkNs)
        {
            throw new IllegalArgumentException("park range must be 0 < min <= max: " + minParkNs + ".." + maxParkNs);
        }
        this.minParkNs = minParkNs;
        this.maxParkNs = maxParkNs;
        this.waiting = waiting;
        this.watch = watch;
        this.retryParkNs = retryParkNs;
        this.parkNs = minParkNs;
    }

    @Override
    public void idle(final int workCount)
    {
        if (workCount > 0)
        {
            reset();
        }
        if (waiting.getAsInt() > 0)
        {
            if (arrived && workCount == 0)
            {
                arrived = false;
                LockSupport.parkNanos(retryParkNs);
            }
            else
            {
                arrived = watch.await();
            }
            return;
        }
        arrived = false;
        LockSupport.parkNanos(parkNs);
        parkNs = Math.min(parkNs << 1, maxParkNs);
    }

    @Override
    public void idle()
    {
        idle(0);
    }

    @Override
    public void reset()
    {
        parkNs = minParkNs;
    }

    @Override
    public String alias()
    {
        return "parking";
    }
}
