package io.colompi.transport.rdma;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

@Timeout(10)
class ParkingIdleStrategyTest
{
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicInteger watches = new AtomicInteger();
    private boolean arrives;

    private final ParkingIdleStrategy idle = new ParkingIdleStrategy(1_000, 2_000, waiting::get, () ->
    {
        watches.incrementAndGet();
        return arrives;
    }, 1_000);

    @Test
    void whileNobodyWaitsItOnlyParks()
    {
        for (int i = 0; i < 10; i++)
        {
            idle.idle(i % 2);
        }
        assertEquals(0, watches.get());
    }

    @Test
    void whileARankWaitsItWatchesInsteadOfParking()
    {
        waiting.set(1);
        for (int i = 0; i < 5; i++)
        {
            idle.idle(0);
        }
        assertEquals(5, watches.get());
    }

    @Test
    void anArrivalThatTheNextCycleFindsDoneIsNotWatchedAgainAtOnce()
    {
        waiting.set(1);
        arrives = true;
        idle.idle(0);
        assertEquals(1, watches.get());
        // another thread read it: the watch would only report the same datagram again, so the keeper parks once
        idle.idle(0);
        assertEquals(1, watches.get());
        idle.idle(0);
        assertEquals(2, watches.get());
        // a cycle that did the work goes straight back to watching
        idle.idle(1);
        assertEquals(3, watches.get());
    }
}
