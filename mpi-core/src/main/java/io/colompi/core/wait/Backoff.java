package io.colompi.core.wait;

/**
 * One waiting thread's idle strategy (Agrona's {@code IdleStrategy} idea, with a park that can be rung): after
 * each poll that found nothing to do it spins, then yields, then parks with a timeout that doubles up to the
 * policy's longest; a poll that did work starts it over. Every wait of colompi, point-to-point and in the
 * shared-memory collectives, runs this one back-off; a wait {@link #reset}s it first. Not thread-safe: one per
 * waiting thread.
 */
public final class Backoff
{
    /** How a thread parks once the spin and yield phases are over. */
    @FunctionalInterface
    public interface Park
    {
        /** Park for at most {@code timeoutNs} unless {@code condition} holds once a ring would wake the thread. */
        void park(long timeoutNs, WakeCondition condition);
    }

    private final int spins;
    private final int spinsAndYields;
    private final long minParkNs;
    private final long maxParkNs;
    private final Park park;
    private int idle;
    private long parkNs;

    public Backoff(final WaitPolicy policy, final Park park)
    {
        this.spins = policy.spins();
        this.spinsAndYields = (int)Math.min(Integer.MAX_VALUE, (long)policy.spins() + policy.yields());
        this.minParkNs = policy.minParkNs();
        this.maxParkNs = policy.maxParkNs();
        this.park = park;
        reset();
    }

    /** Start a new wait: spin first. */
    public void reset()
    {
        idle = 0;
        parkNs = minParkNs;
    }

    /**
     * Idle once after a poll that did {@code work}: nothing if it did some (and start over), else spin, yield or
     * park, in that order. A park ends early when {@code condition} holds or the thread is rung.
     */
    public void idle(final int work, final WakeCondition condition)
    {
        if (work > 0)
        {
            reset();
        }
        else if (idle < spins)
        {
            idle++;
            Thread.onSpinWait();
        }
        else if (idle < spinsAndYields)
        {
            idle++;
            Thread.yield();
        }
        else
        {
            park.park(parkNs, condition);
            parkNs = Math.min(parkNs << 1, maxParkNs);
        }
    }
}
