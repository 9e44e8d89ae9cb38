package io.colompi.trace.report;

import io.colompi.core.trace.Call;
import io.colompi.core.trace.Tier;
import io.colompi.trace.journal.TraceEvent;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The report's table of the calls that cost most. */
class CallCostsTest
{
    @Test
    void aWaitThatCompletedAReceiveIsTheSameCallAsAnyOtherWait()
    {
        final CallCosts costs = new CallCosts(10);
        costs.add(call(Call.WAIT, 0, 1_000));
        costs.add(call(Call.WAIT_RECV, 2_000, 5_000));
        costs.add(call(Call.TEST_RECV, 6_000, 6_100));
        costs.add(call(Call.TEST, 7_000, 7_100));
        final StringBuilder md = new StringBuilder();
        costs.appendTo(md, 0);

        final List<String> rows = md.toString().lines().filter(line -> line.startsWith("| Request.")).toList();
        assertEquals(List.of("| Request.Wait | 2 | 0.00 | 2.0 | 3.0 | 0.00 |",
            "| Request.Test | 2 | 0.00 | 0.1 | 0.1 | 0.00 |"), rows.subList(0, 2), md::toString);
    }

    private static TraceEvent call(final Call call, final long startNs, final long endNs)
    {
        return new TraceEvent(0, call, Tier.NONE, 0, -1, -1, 0, startNs, endNs, 0);
    }
}
