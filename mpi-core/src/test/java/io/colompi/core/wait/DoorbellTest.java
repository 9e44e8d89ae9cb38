package io.colompi.core.wait;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** A rank's doorbell: a ring wakes its sleepers long before their timeout, and nobody sleeps on a ready condition. */
@Timeout(60)
class DoorbellTest
{
    private static final long LONG_SLEEP_NS = TimeUnit.SECONDS.toNanos(30);

    @Test
    void aRingWakesASleeperLongBeforeItsTimeout() throws Exception
    {
        final Doorbell doorbell = new Doorbell();
        final AtomicBoolean arrived = new AtomicBoolean();
        final Thread sleeper = new Thread(() ->
        {
            while (!arrived.get())
            {
                doorbell.sleep(LONG_SLEEP_NS, arrived::get);
            }
        });
        final long start = System.nanoTime();
        sleeper.start();
        while (sleeper.getState() != Thread.State.TIMED_WAITING && sleeper.isAlive())
        {
            Thread.onSpinWait();
        }
        arrived.set(true);
        doorbell.ring();
        sleeper.join(TimeUnit.SECONDS.toMillis(20));
        assertTrue(!sleeper.isAlive(), "the ring did not wake the sleeper");
        assertTrue(System.nanoTime() - start < LONG_SLEEP_NS / 2, "woken by its timeout, not by the ring");
    }

    @Test
    void aConditionThatHoldsOnceRegisteredIsNotSleptOn()
    {
        final Doorbell doorbell = new Doorbell();
        final long start = System.nanoTime();
        doorbell.sleep(LONG_SLEEP_NS, () -> true);
        assertTrue(System.nanoTime() - start < LONG_SLEEP_NS / 2, "slept although the condition held");
    }

    @Test
    void nobodySleepsWhileArrivalsWaitToBePolled()
    {
        final AtomicBoolean inboxHolds = new AtomicBoolean(true);
        final Doorbell doorbell = new Doorbell(inboxHolds::get);
        final long start = System.nanoTime();
        doorbell.sleep(LONG_SLEEP_NS, () -> false);
        assertTrue(System.nanoTime() - start < LONG_SLEEP_NS / 2, "slept although a message waited in the inbox");
        inboxHolds.set(false);
        final long again = System.nanoTime();
        doorbell.sleep(TimeUnit.MILLISECONDS.toNanos(200), () -> false);
        assertTrue(System.nanoTime() - again >= TimeUnit.MILLISECONDS.toNanos(150), "an empty inbox kept it awake");
    }

    @Test
    void aRingWithNobodyAsleepLeavesNoPermitBehind()
    {
        final Doorbell doorbell = new Doorbell();
        doorbell.ring();
        final long start = System.nanoTime();
        doorbell.sleep(TimeUnit.MILLISECONDS.toNanos(200), () -> false);
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(150),
            "a ring before anybody slept cut a later sleep short");
    }
}
