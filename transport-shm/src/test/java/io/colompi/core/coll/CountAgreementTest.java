package io.colompi.core.coll;

import io.colompi.core.job.CollectiveTuning;
import io.colompi.core.op.PredefinedOp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Arrays;

import static io.colompi.core.coll.Layouts.INT;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An allreduce across JVMs whose path depends on the count, small enough for recursive doubling, runs in the count
 * agreement's own messages ({@link CountAgreement#allreduce}): one recursive doubling, not two, up to
 * {@link CountAgreement#CARRIED_BYTES}. Ranks in pretend JVMs that reach each other over shared memory.
 */
@Timeout(120)
class CountAgreementTest
{
    @Test
    void anAllreduceUpToTheCarriedSizeSendsOneRecursiveDoublingsMessages() throws Exception
    {
        final int[] jvmOf = { 0, 1, 2, 3 };
        for (final int n : new int[]{ 1, 1000, CountAgreement.CARRIED_BYTES / Integer.BYTES })
        {
            final long sent = SplitJvmCollectivesTest.messagesOf(CollectiveTuning.DEFAULTS, jvmOf, world ->
            {
                final int[] mine = new int[n];
                Arrays.fill(mine, world.rank() + 1);
                final int[] sum = new int[n];
                Collectives.allreduce(world, mine, 0, sum, 0, n, INT, PredefinedOp.SUM);
                final int[] expected = new int[n];
                Arrays.fill(expected, 1 + 2 + 3 + 4);
                assertEquals(Arrays.toString(expected), Arrays.toString(sum), n + " ints");
            });
            // each of 4 ranks exchanges with 2 partners
            assertEquals(4 * 2, sent, "messages of an allreduce of " + n + " ints");
        }
    }
}
