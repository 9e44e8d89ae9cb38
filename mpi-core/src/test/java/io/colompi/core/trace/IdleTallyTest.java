package io.colompi.core.trace;

import org.junit.jupiter.api.Test;

import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdleTallyTest
{
    @Test
    void onlyTheWaitsOfACallWithoutAPeerCountAndOnlyTheirOwnTime()
    {
        final IdleTally tally = new IdleTally();
        assertEquals(0, tally.from(), "outside such a call no clock is read");
        tally.add(tally.from());

        final long atStart = tally.start();
        final long fromNs = tally.from();
        assertTrue(fromNs != 0);
        LockSupport.parkNanos(5_000_000);
        tally.add(fromNs);
        final long waited = tally.stop(atStart);
        assertTrue(waited >= 5_000_000, "waited " + waited);

        assertEquals(0, tally.from(), "the call ended");
        final long again = tally.start();
        assertEquals(waited, again - atStart, "the total carries on");
        assertEquals(0, tally.stop(again), "a call whose waits did not idle waited 0");
    }
}
