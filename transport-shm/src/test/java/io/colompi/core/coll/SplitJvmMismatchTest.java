package io.colompi.core.coll;

import io.colompi.core.comm.Communicator;
import io.colompi.core.job.CollectiveTuning;
import io.colompi.core.job.MpiError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.atomic.AtomicReferenceArray;

import static io.colompi.core.coll.Layouts.INT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Mismatched collectives with ranks in pretend JVMs that reach each other over shared memory, where the ranks would
 * run different algorithms and wait for each other for ever: counts on both sides of a switch point, a binomial
 * gather or scatter whose counts differ, a bcast against a barrier. The ranks that wait ask each other what they run
 * (QUERY and ANSWER frames) and fail within seconds, naming the other rank; a rank that is only late is waited for.
 */
@Timeout(120)
class SplitJvmMismatchTest
{
    private static final long NOTICED_WITHIN_MS = MismatchedCollectivesTest.NOTICED_WITHIN_MS;

    /** What one rank does: its part of the mismatched call. */
    @FunctionalInterface
    interface Part
    {
        void run(Communicator world);
    }

    @Test
    void anAllgatherWhoseCountsStraddleTheNodeArenaSwitchFails() throws Exception
    {
        // 2 x 4 ints: 32 bytes in all, flat; 2 x 16 ints: 128 bytes, through the node arena
        expectMismatch(tuning(64, 256, 2048, 4, 0, 0), new int[]{ 0, 1 }, world ->
        {
            final int n = world.rank() == 0 ? 4 : 16;
            Collectives.allgather(world, new int[n], 0, n, INT, new int[2 * n], 0, n, INT);
        });
    }

    @Test
    void anAlltoallWhoseCountsStraddleTheNodeArenaSwitchFails() throws Exception
    {
        expectMismatch(tuning(65536, 32, 2048, 4, 0, 0), new int[]{ 0, 1 }, world ->
        {
            final int n = world.rank() == 0 ? 2 : 16;
            Collectives.alltoall(world, new int[2 * n], 0, n, INT, new int[2 * n], 0, n, INT);
        });
    }

    @Test
    void anAlltoallWhoseCountsStraddleTheBruckSwitchFails() throws Exception
    {
        // blocks of 8 bytes: Bruck's; of 64 bytes: pairwise
        expectMismatch(tuning(65536, Integer.MAX_VALUE, 16, 2, 0, 0), new int[]{ 0, 1, 2 }, world ->
        {
            final int n = world.rank() == 1 ? 16 : 2;
            Collectives.alltoall(world, new int[3 * n], 0, n, INT, new int[3 * n], 0, n, INT);
        });
    }

    @Test
    void aBinomialGatherWhoseCountsDifferFails() throws Exception
    {
        expectMismatch(tuning(65536, 256, 2048, 4, Integer.MAX_VALUE, 0), new int[]{ 0, 1, 2, 3 }, world ->
        {
            final int n = world.rank() == 2 ? 2 : 4; // rank 2 forwards rank 3's block
            Collectives.gather(world, new int[n], 0, n, INT, new int[4 * n], 0, n, INT, 0);
        });
    }

    @Test
    void aBinomialScatterWhoseCountsDifferFails() throws Exception
    {
        expectMismatch(tuning(65536, 256, 2048, 4, 0, Integer.MAX_VALUE), new int[]{ 0, 1, 2, 3 }, world ->
        {
            final int n = world.rank() == 2 ? 8 : 4; // rank 2 forwards rank 3's block
            Collectives.scatter(world, new int[4 * n], 0, n, INT, new int[n], 0, n, INT, 0);
        });
    }

    /**
     * The bcast's root waits for nobody: it goes on to {@code Finalize}, as the rank that finds the mismatch does
     * after it.
     */
    @Test
    void aBcastAgainstABarrierFails() throws Exception
    {
        expectMismatch(CollectiveTuning.DEFAULTS, new int[]{ 0, 1 }, world ->
        {
            try
            {
                if (world.rank() == 0)
                {
                    Collectives.bcast(world, new int[4], 0, 4, INT, 0);
                }
                else
                {
                    Collectives.barrier(world);
                }
            }
            finally
            {
                Collectives.finalizeBarrier(world);
            }
        });
    }

    /**
     * Allreduces small enough that the count agreement carries their data ({@link CountAgreement#allreduce}): ranks
     * passing different counts all fail at once with ERR_TRUNCATE, as do ranks of which some carry data and some,
     * passing a count past {@link CountAgreement#CARRIED_BYTES}, agree on the count alone (3 JVMs: the fold too).
     */
    @Test
    void anAllreduceWhoseCountsDifferFailsEveryRankAtOnce() throws Exception
    {
        for (final int[] counts : new int[][]{ { 2, 2, 3 }, { 8, 8192, 8 }, { 4, 4, 4 }, { 1000, 1000, 1000 },
            { 1000, 1001, 1000 } })
        {
            final AtomicReferenceArray<MpiError> errors = new AtomicReferenceArray<>(counts.length);
            SplitJvmCollectivesTest.inSharedMemory(CollectiveTuning.DEFAULTS, new int[]{ 0, 1, 2 }, dir -> world ->
            {
                final int n = counts[world.rank()];
                final int[] sum = new int[n];
                final long startNs = System.nanoTime();
                try
                {
                    Collectives.allreduce(world, filled(n, world.rank() + 1), 0, sum, 0, n, INT,
                        io.colompi.core.op.PredefinedOp.SUM);
                    assertEquals(6, sum[n - 1]);
                }
                catch (final MpiError e)
                {
                    assertTrue((System.nanoTime() - startNs) / 1_000_000 < 500, "noticed late: " + e.getMessage());
                    errors.set(world.rank(), e);
                }
                final int[] after = new int[1];
                Collectives.allreduce(world, new int[]{ world.rank() }, 0, after, 0, 1, INT,
                    io.colompi.core.op.PredefinedOp.SUM);
                assertEquals(3, after[0], "the next allreduce");
            });
            final boolean agree = counts[0] == counts[1] && counts[1] == counts[2];
            for (int r = 0; r < counts.length; r++)
            {
                final MpiError error = errors.get(r);
                if (agree)
                {
                    assertEquals(null, error, "counts " + java.util.Arrays.toString(counts));
                }
                else
                {
                    assertTrue(error != null && error.errorClass() == io.colompi.core.job.ErrorClass.TRUNCATE,
                        "rank " + r + " of counts " + java.util.Arrays.toString(counts) + ": " + error);
                }
            }
        }
    }

    /** Peers in other JVMs that join 3 s late, three times the check's threshold, are waited for. */
    @Test
    void aLatePeerInAnotherJvmIsWaitedFor() throws Exception
    {
        SplitJvmCollectivesTest.inSharedMemory(tuning(64, 256, 2048, 4, 0, 0), new int[]{ 0, 1, 1 }, dir -> world ->
        {
            final int rank = world.rank();
            if (rank == 1)
            {
                Thread.sleep(3_000);
            }
            final int[] all = new int[3 * 16];
            Collectives.allgather(world, filled(16, rank), 0, 16, INT, all, 0, 16, INT);
            assertEquals(2, all[2 * 16]);
            if (rank == 0)
            {
                Thread.sleep(3_000);
            }
            Collectives.barrier(world);
        });
    }

    /**
     * Run {@code part} with {@code tuning} on ranks in the pretend JVMs {@code jvmOf}: at least one rank fails, and each that fails does
     * so within {@link #NOTICED_WITHIN_MS} with a message naming another rank.
     */
    private static void expectMismatch(final CollectiveTuning tuning, final int[] jvmOf, final Part part)
        throws Exception
    {
        final AtomicReferenceArray<MpiError> errors = new AtomicReferenceArray<>(jvmOf.length);
        SplitJvmCollectivesTest.inSharedMemory(tuning, jvmOf, dir -> world ->
        {
            final long startNs = System.nanoTime();
            try
            {
                part.run(world);
            }
            catch (final MpiError e)
            {
                final long tookMs = (System.nanoTime() - startNs) / 1_000_000;
                assertTrue(tookMs < NOTICED_WITHIN_MS, "noticed after " + tookMs + " ms: " + e.getMessage());
                assertTrue(e.getMessage().matches("(?s).*\\brank (?!" + world.rank() + "\\b)\\d+.*"),
                    "names no other rank: " + e.getMessage());
                errors.set(world.rank(), e);
            }
        });
        boolean any = false;
        for (int r = 0; r < jvmOf.length; r++)
        {
            any |= errors.get(r) != null;
        }
        assertTrue(any, "no rank failed");
    }

    private static int[] filled(final int n, final int value)
    {
        final int[] array = new int[n];
        java.util.Arrays.fill(array, value);
        return array;
    }

    /** The default thresholds but those named. */
    private static CollectiveTuning tuning(final int nodeAllgatherBytes, final int nodeAlltoallBytes,
        final int alltoallShortBytes, final int alltoallMinProcs, final int gatherShortBytes,
        final int scatterShortBytes)
    {
        final CollectiveTuning d = CollectiveTuning.DEFAULTS;
        return new CollectiveTuning(d.hierarchical(), d.leaders(), d.nodeAllreduceBytes(), d.nodeBcastBytes(),
            nodeAllgatherBytes, nodeAlltoallBytes, d.nodeDirectReadBytes(), d.nodeSlotBytes(), d.bcastShortBytes(),
            d.bcastMinProcs(), d.allreduceShortBytes(), d.allreduceRingBytes(), d.allreduceRingMinProcs(),
            d.allgatherShortBytes(), d.allgatherLongBytes(), alltoallShortBytes, alltoallMinProcs, gatherShortBytes,
            scatterShortBytes, d.objectBytes());
    }
}
