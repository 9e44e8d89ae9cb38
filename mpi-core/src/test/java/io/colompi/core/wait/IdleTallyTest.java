package io.colompi.core.wait;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class IdleTallyTest
{
    @Test
    void onlyTheWaitsOfACallWithoutAPeerCountAndEachCallGetsWhatItsOwnSpanAdds()
    {
        final IdleTally tally = new IdleTally();
        tally.add(7_000_000);

        final long atStart = tally.start();
        assertEquals(0, atStart, "a wait outside such a call is not counted");
        tally.add(5_000_000);
        tally.add(0);
        tally.add(2_000_000);
        final long waited = tally.stop(atStart);
        assertEquals(7_000_000, waited, "the call's waits");

        tally.add(3_000_000);
        final long again = tally.start();
        assertEquals(waited, again - atStart, "the call ended: the wait after it is not counted, the total carries on");
        assertEquals(0, tally.stop(again), "a call whose waits did not idle waited 0");
    }
}
