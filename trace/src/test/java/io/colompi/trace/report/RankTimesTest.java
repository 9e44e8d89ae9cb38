package io.colompi.trace.report;

import io.colompi.core.trace.Call;
import io.colompi.core.trace.Tier;
import io.colompi.trace.journal.TraceEvent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A rank's time in MPI from its calls in the order they ended, as its journal gives them. */
class RankTimesTest
{
    @Test
    void aCallOfOneThreadThatHoldsAnotherThreadsCallsCountsOnce()
    {
        final List<TraceEvent> outermost = new ArrayList<>();
        final RankTimes times = new RankTimes(0, outermost::add);
        final TraceEvent recv = call(Call.RECV, 100, 1_000, 600);
        final TraceEvent barrier = call(Call.BARRIER, 1_100, 1_200, 0);

        times.add(call(Call.INIT, 0, 10, 0));
        times.add(call(Call.SEND, 200, 300, 0)); // another thread's, while the receive waits
        times.add(call(Call.SEND, 400, 500, 0));
        times.add(recv);
        times.add(barrier);
        times.add(call(Call.SEND, 1_150, 1_300, 0)); // started inside the barrier: another thread's
        times.finish();

        assertEquals(List.of(recv, barrier), outermost);
        assertEquals(900 + 100, times.mpiNs());
        assertEquals(600, times.waitNs());
        assertEquals(1_300 - 10 - 1_000, times.computeNs());
    }

    @Test
    void callsNoLaterCallCanHoldAreCountedAsTheyGo()
    {
        final List<TraceEvent> outermost = new ArrayList<>();
        final RankTimes times = new RankTimes(0, outermost::add);

        for (int i = 0; i < RankTimes.OPEN_CALLS + 5; i++)
        {
            times.add(call(Call.SEND, i * 100L, i * 100L + 50, 0));
        }

        assertEquals(5, outermost.size(), "a rank's times hold its last calls only");
        times.finish();
        assertEquals(RankTimes.OPEN_CALLS + 5, outermost.size());
        assertEquals((RankTimes.OPEN_CALLS + 5) * 50L, times.mpiNs());
    }

    @Test
    void aRankThatOnlyInitializedComputedNothing()
    {
        final RankTimes times = new RankTimes(0, call -> { });
        times.add(call(Call.INIT, 0, 10, 0));
        times.finish();

        assertEquals(0, times.mpiNs());
        assertEquals(0, times.computeNs());
    }

    private static TraceEvent call(final Call call, final long startNs, final long endNs, final long waitNs)
    {
        return new TraceEvent(0, call, Tier.NONE, 0, -1, -1, 0, startNs, endNs, waitNs);
    }
}
