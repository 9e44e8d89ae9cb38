package io.colompi.core.coll;

import io.colompi.core.comm.Communicator;
import io.colompi.core.comm.Communicators;
import io.colompi.core.job.CollectiveTuning;
import io.colompi.core.job.MpiError;
import io.colompi.core.pt2pt.Request;
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

    /**
     * Nonblocking collectives that differ across JVMs (each rank alone in its JVM, JVMs of two ranks running flat or
     * through their leaders): the ranks that wait fail, naming the other rank and both calls; the bcast's root needs
     * nobody and completes. The ranks that run the allreduce never complete it with the root's data (its messages
     * carry another kind in their tag), and the communicator works on.
     */
    @Test
    void nonblockingCollectivesThatDifferAcrossJvmsFailTheRanksThatWait() throws Exception
    {
        for (final int[] jvmOf : new int[][]{ { 0, 1 }, { 0, 0, 1, 1 } })
        {
            for (final boolean leaders : new boolean[]{ false, true })
            {
                final int half = jvmOf.length / 2;
                final AtomicReferenceArray<MpiError> errors = expectNonblockingMismatch(
                    CollectiveChecks.withLeaders(leaders), jvmOf, world -> world.rank() < half ?
                        Collectives.ibcast(world, new int[]{ 7, 7 }, 0, 2, INT, 0) :
                        Collectives.iallreduce(world, new int[]{ 1, 1 }, 0, new int[2], 0, 2, INT,
                            io.colompi.core.op.PredefinedOp.SUM));
                for (int r = half; r < jvmOf.length; r++)
                {
                    final MpiError error = errors.get(r);
                    assertTrue(error != null, "rank " + r + " completed its allreduce");
                    // through the leaders, a member fails with its leader's error
                    assertTrue(error.getMessage().matches("mismatched nonblocking collectives: rank [01] starts " +
                        "Bcast\\(root 0, 8 bytes per block\\) as nonblocking collective 0 on this communicator, " +
                        "where rank [123] starts Allreduce\\(8 bytes per block\\)"), error.getMessage());
                }
            }
        }
    }

    /**
     * Bcasts of different roots across JVMs: rank 1 waits for rank 0's data, which rank 0 never sends (it takes rank 2
     * for the root, as rank 2 does), and fails.
     */
    @Test
    void nonblockingBcastsOfDifferentRootsFail() throws Exception
    {
        final AtomicReferenceArray<MpiError> errors = expectNonblockingMismatch(CollectiveTuning.DEFAULTS,
            new int[]{ 0, 1, 2 }, world -> Collectives.ibcast(world, new int[4], 0, 4, INT, world.rank() == 1 ? 0 : 2));
        assertTrue(errors.get(1).getMessage().contains("starts Bcast(root 2, 16 bytes per block) as nonblocking " +
            "collective 0 on this communicator, where rank 1 starts Bcast(root 0, 16 bytes per block)"),
            errors.get(1).getMessage());
    }

    /**
     * A blocking barrier against a nonblocking one across JVMs (they never match): each rank asks the others in the
     * order of all its calls, and every rank fails, naming the other's call.
     */
    @Test
    void aBlockingCollectiveAgainstANonblockingOneAcrossJvmsFailsEveryRank() throws Exception
    {
        for (final int[] jvmOf : new int[][]{ { 0, 1 }, { 0, 1, 1 } })
        {
            final AtomicReferenceArray<MpiError> errors = new AtomicReferenceArray<>(jvmOf.length);
            SplitJvmCollectivesTest.inSharedMemory(CollectiveTuning.DEFAULTS, jvmOf, dir -> world ->
            {
                final long startNs = System.nanoTime();
                try
                {
                    if (world.rank() == 0)
                    {
                        Collectives.barrier(world);
                    }
                    else
                    {
                        world.engine().awaitRequest(Collectives.ibarrier(world));
                    }
                }
                catch (final MpiError e)
                {
                    final long tookMs = (System.nanoTime() - startNs) / 1_000_000;
                    assertTrue(tookMs < NOTICED_WITHIN_MS, "noticed after " + tookMs + " ms: " + e.getMessage());
                    errors.set(world.rank(), e);
                }
            });
            for (int r = 0; r < jvmOf.length; r++)
            {
                final MpiError error = errors.get(r);
                assertTrue(error != null, "rank " + r + " completed its barrier");
                final String barrier = "Barrier(flat dissemination)";
                assertTrue(error.getMessage().contains(" makes " + (r == 0 ? "Ibarrier()" : barrier) +
                    " its collective 0 on this communicator, where rank " + r + " makes " +
                    (r == 0 ? barrier : "Ibarrier()") + " (a blocking collective never matches a nonblocking one)"),
                    error.getMessage());
            }
        }
    }

    /**
     * The groups of an intercommunicator, each spread over two JVMs or each in a JVM of its own, running different
     * collectives as the same call: every rank fails within seconds, having asked the other group's ranks in the other
     * JVM what they run (a bcast against a barrier, then an ibarrier against an iallreduce); a group that joins 3 s
     * late is waited for.
     */
    @Test
    void theGroupsOfAnIntercommunicatorAcrossJvmsRunningDifferentCollectivesFail() throws Exception
    {
        for (final int[] jvmOf : new int[][]{ { 0, 0, 1, 1 }, { 0, 1, 0, 1 } })
        {
            for (final boolean blocking : new boolean[]{ true, false })
            {
                final AtomicReferenceArray<MpiError> errors = new AtomicReferenceArray<>(4);
                SplitJvmCollectivesTest.inSharedMemory(CollectiveTuning.DEFAULTS, jvmOf, dir -> world ->
                {
                    final int me = world.rank();
                    final boolean even = me % 2 == 0;
                    final Communicator local = Communicators.split(world, me % 2, me);
                    final Communicator inter = Communicators.createIntercomm(local, 0, world, even ? 1 : 0, 7);
                    if (!even)
                    {
                        Thread.sleep(3_000);
                    }
                    Collectives.barrier(inter);
                    final long startNs = System.nanoTime();
                    try
                    {
                        if (blocking && even)
                        {
                            Collectives.bcast(inter, new int[2], 0, 2, INT, 0);
                        }
                        else if (blocking)
                        {
                            Collectives.barrier(inter);
                        }
                        else
                        {
                            world.engine().awaitRequest(even ? Collectives.ibarrier(inter) :
                                Collectives.iallreduce(inter, new int[2], 0, new int[2], 0, 2, INT,
                                    io.colompi.core.op.PredefinedOp.SUM));
                        }
                    }
                    catch (final MpiError e)
                    {
                        final long tookMs = (System.nanoTime() - startNs) / 1_000_000;
                        assertTrue(tookMs < NOTICED_WITHIN_MS, "noticed after " + tookMs + " ms: " + e.getMessage());
                        errors.set(me, e);
                    }
                });
                for (int r = 0; r < 4; r++)
                {
                    final MpiError error = errors.get(r);
                    assertTrue(error != null, "rank " + r + " completed its call");
                    final String theirs = r % 2 == 0 ? (blocking ? "Barrier()" : "Allreduce()") :
                        (blocking ? "Bcast()" : "Barrier()");
                    assertTrue(error.getMessage().startsWith("mismatched collectives on an intercommunicator: rank ") &&
                        error.getMessage().contains(" of the other group runs " + theirs + " as collective 1 on it"),
                        error.getMessage());
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

    /** One rank's part in a mismatched nonblocking collective: the request it starts. */
    @FunctionalInterface
    interface NonblockingPart
    {
        Request start(Communicator world);
    }

    /**
     * Start {@code part} with {@code tuning} on ranks in the pretend JVMs {@code jvmOf} and wait for it: at least one
     * rank fails, each that does within {@link #NOTICED_WITHIN_MS}, naming another rank; then a barrier on the same
     * communicator completes. Returns each rank's error, if any.
     */
    private static AtomicReferenceArray<MpiError> expectNonblockingMismatch(final CollectiveTuning tuning,
        final int[] jvmOf, final NonblockingPart part) throws Exception
    {
        final AtomicReferenceArray<MpiError> errors = new AtomicReferenceArray<>(jvmOf.length);
        SplitJvmCollectivesTest.inSharedMemory(tuning, jvmOf, dir -> world ->
        {
            final long startNs = System.nanoTime();
            try
            {
                world.engine().awaitRequest(part.start(world));
            }
            catch (final MpiError e)
            {
                final long tookMs = (System.nanoTime() - startNs) / 1_000_000;
                assertTrue(tookMs < NOTICED_WITHIN_MS, "noticed after " + tookMs + " ms: " + e.getMessage());
                assertTrue(e.getMessage().matches("mismatched nonblocking collectives: rank (?!" + world.rank() +
                    "\\b)\\d+ starts .*"), "names no other rank: " + e.getMessage());
                errors.set(world.rank(), e);
            }
            Collectives.barrier(world);
        });
        boolean any = false;
        for (int r = 0; r < jvmOf.length; r++)
        {
            any |= errors.get(r) != null;
        }
        assertTrue(any, "no rank failed");
        return errors;
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
