package io.colompi.bench;

import java.util.concurrent.locks.LockSupport;

/**
 * The idle steps of a waiter that polls, as colompi's ranks take them: spin, then yield, then park with a growing
 * timeout; any work done starts over. Counts the yields and parks, to show how often a wait got past spinning.
 */
final class Backoff
{
    private final Signal.Policy policy;
    private int idleTurns;
    private long parkNs;
    private long yields;
    private long parks;

    Backoff(final Signal.Policy policy)
    {
        this.policy = policy;
    }

    /** A new wait begins. */
    void reset()
    {
        idleTurns = 0;
        parkNs = policy.minParkNs();
    }

    /** One turn of the wait loop, after polling that did {@code work}. */
    void idle(final int work)
    {
        if (work > 0)
        {
            idleTurns = 0;
            return;
        }
        final int turn = idleTurns++;
        if (turn < policy.spins())
        {
            Thread.onSpinWait();
        }
        else if (turn < policy.spins() + policy.yields())
        {
            yields++;
            Thread.yield();
        }
        else
        {
            parks++;
            LockSupport.parkNanos(this, parkNs);
            parkNs = Math.min(parkNs << 1, policy.maxParkNs());
        }
    }

    /** {@code yields=N parks=M} so far. */
    String counters()
    {
        return "yields=" + yields + " parks=" + parks;
    }
}
