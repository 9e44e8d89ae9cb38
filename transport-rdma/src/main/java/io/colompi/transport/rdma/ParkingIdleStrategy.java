package io.colompi.transport.rdma;

import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.locks.LockSupport;

/**
 * Always parks, never spins or yields: the shortest park after a cycle that did work, doubling up to the longest
 * while idle. For a background thread that must keep a protocol alive without taking a core from the ranks.
 */
final class ParkingIdleStrategy implements IdleStrategy
{
    private final long minParkNs;
    private final long maxParkNs;
    private long parkNs;

    ParkingIdleStrategy(final long minParkNs, final long maxParkNs)
    {
        if (minParkNs <= 0 || maxParkNs < minParkNs)
        {
            throw new IllegalArgumentException("park range must be 0 < min <= max: " + minParkNs + ".." + maxParkNs);
        }
        this.minParkNs = minParkNs;
        this.maxParkNs = maxParkNs;
        this.parkNs = minParkNs;
    }

    @Override
    public void idle(final int workCount)
    {
        if (workCount > 0)
        {
            reset();
        }
        idle();
    }

    @Override
    public void idle()
    {
        LockSupport.parkNanos(parkNs);
        parkNs = Math.min(parkNs << 1, maxParkNs);
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
