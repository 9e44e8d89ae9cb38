package io.colompi.transport.rdma;

import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * Always parks, never spins or yields: the shortest park after a cycle that did work, doubling up to the longest
 * while idle; while someone is {@code waiting} on this thread's work, never longer than {@code watchedParkNs};
 * while others are doing its work ({@code aside}), at least {@code asideParkNs}. For a background thread that must
 * keep a protocol alive without taking a core from the ranks.
 */
final class ParkingIdleStrategy implements IdleStrategy
{
    private static final IntSupplier NOBODY = () -> 0;
    private static final BooleanSupplier NEVER = () -> false;

    private final long minParkNs;
    private final long maxParkNs;
    private final IntSupplier waiting;
    private final long watchedParkNs;
    private final BooleanSupplier aside;
    private final long asideParkNs;
    private long parkNs;

    ParkingIdleStrategy(final long minParkNs, final long maxParkNs)
    {
        this(minParkNs, maxParkNs, NOBODY, maxParkNs, NEVER, maxParkNs);
    }

    ParkingIdleStrategy(final long minParkNs, final long maxParkNs, final IntSupplier waiting, final long watchedParkNs,
        final BooleanSupplier aside, final long asideParkNs)
    {
        if (minParkNs <= 0 || maxParkNs < minParkNs)
        {
            throw new IllegalArgumentException("park range must be 0 < min <= max: " + minParkNs + ".." + maxParkNs);
        }
        this.minParkNs = minParkNs;
        this.maxParkNs = maxParkNs;
        this.waiting = waiting;
        this.watchedParkNs = watchedParkNs;
        this.aside = aside;
        this.asideParkNs = asideParkNs;
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
        final long ns = waiting.getAsInt() > 0 ? Math.min(parkNs, watchedParkNs) :
            aside.getAsBoolean() ? Math.max(parkNs, asideParkNs) : parkNs;
        LockSupport.parkNanos(ns);
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
