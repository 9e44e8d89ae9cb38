package mpi;

import io.colompi.colo.ColocatedJob;
import io.colompi.colo.JobLauncher;
import io.colompi.colo.LaunchResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Mismatched collectives across real JVMs, one rank each (on one node, or on two virtual nodes that talk over
 * Aeron), blocking or nonblocking, where the ranks would run different algorithms and wait for each other until the
 * job's timeout: the job
 * ends within seconds, a rank failing with a message that names the other rank and both calls (or, for the binomial
 * gather, the size of a message); a rank that only joins late is waited for. The switch points are moved with the
 * {@code colompi.coll.*} settings, so that small counts straddle them.
 */
@Timeout(300)
class MismatchedCollectivesTest
{
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(60);
    /** Far below the job's timeout: a check after 1 s, JVMs that start and end on a busy machine. */
    private static final long ENDS_WITHIN_MS = 40_000;

    @ParameterizedTest
    @ValueSource(strings = { "allgather", "alltoall", "gather", "bcast-barrier", "bcast-barrier on 2 nodes",
        "barrier-finalize on 2 nodes", "neighbours-bcast", "ibcast-iallreduce", "ibcast-iallreduce on 2 nodes" })
    void theJobEndsWithinSecondsNamingTheRanks(final String scenario) throws Exception
    {
        final long startNs = System.nanoTime();
        final LaunchResult result = launch(scenario, "gather".equals(scenario) ? 4 : 2,
            scenario.endsWith("on 2 nodes") ? 2 : 1);
        final long tookMs = (System.nanoTime() - startNs) / 1_000_000;
        assertNotEquals(0, result.exitCode(), result::toString);
        final String report = result.toString();
        // the binomial gather's ranks see the wrong sizes of their messages first
        assertTrue(report.matches("(?s).*rank \\d failed: mpi.MPIException: \\w+\\.\\w+: (mismatched " +
            "collectives: rank \\d runs .* where rank \\d runs|message truncated: rank \\d|collective counts differ: " +
            "rank \\d|mismatched nonblocking collectives: rank \\d starts .* where rank \\d starts).*"), report);
        assertTrue(tookMs < ENDS_WITHIN_MS, "ended after " + tookMs + " ms: " + report);
        assertTrue(!scenario.startsWith("neighbours") || report.contains("Neighbor_allgather("), report);
    }

    @Test
    void aRankThatJoinsThreeSecondsLateIsWaitedFor() throws Exception
    {
        final LaunchResult result = launch("late", 2, 1);
        assertEquals(0, result.exitCode(), result::toString);
    }

    /** {@code nodes} 2: two virtual nodes, whose ranks reach each other over Aeron. */
    private static LaunchResult launch(final String scenario, final int np, final int nodes) throws Exception
    {
        return JobLauncher.builder()
            .np(np).ranksPerJvm(1).virtualNodes(nodes)
            .jvmOption("-Dcolompi.coll.node.allgatherBytes=64")
            .jvmOption("-Dcolompi.coll.node.alltoallBytes=32")
            .jvmOption("-Dcolompi.coll.gather.shortBytes=2147483647")
            .mainClass(Program.class)
            .args(scenario.split(" ")[0])
            .classPath(ColocatedJob.codeSourceOf(Program.class))
            .apiPath(ColocatedJob.codeSourceOf(MPI.class))
            .timeout(JOB_TIMEOUT)
            .run();
    }

    /** One rank calls the collective of the scenario named by the argument with another count or kind than the others. */
    public static class Program
    {
        public static void main(final String[] args) throws Exception
        {
            MPI.Init(args);
            final Intracomm world = MPI.COMM_WORLD;
            final int rank = world.Rank();
            switch (args[0])
            {
                case "allgather" ->
                {
                    // 2 x 4 ints: 32 bytes in all, flat; 2 x 16 ints: 128 bytes, through the node arena
                    final int n = rank == 0 ? 4 : 16;
                    world.Allgather(new int[n], 0, n, MPI.INT, new int[2 * n], 0, n, MPI.INT);
                }
                case "alltoall" ->
                {
                    // blocks of 8 bytes flat, of 64 bytes through the node arena
                    final int n = rank == 0 ? 2 : 16;
                    world.Alltoall(new int[2 * n], 0, n, MPI.INT, new int[2 * n], 0, n, MPI.INT);
                }
                case "gather" ->
                {
                    // the binomial gather everywhere; rank 2 forwards rank 3's block
                    final int n = rank == 2 ? 2 : 4;
                    world.Gather(new int[n], 0, n, MPI.INT, new int[world.Size() * n], 0, n, MPI.INT, 0);
                }
                case "bcast-barrier" ->
                {
                    if (rank == 0)
                    {
                        world.Bcast(new int[4], 0, 4, MPI.INT, 0);
                    }
                    else
                    {
                        world.Barrier();
                    }
                }
                case "barrier-finalize" ->
                {
                    // a Barrier that rank 1 alone calls is not taken for rank 0's in Finalize
                    if (rank == 1)
                    {
                        world.Barrier();
                    }
                }
                case "neighbours-bcast" ->
                {
                    final Cartcomm ring = world.Create_cart(new int[]{ 2 }, new boolean[]{ true }, false);
                    if (rank == 0)
                    {
                        ring.neighborAllGather(new int[1], 1, MPI.INT, new int[2], 1, MPI.INT);
                    }
                    else
                    {
                        ring.Bcast(new int[4], 0, 4, MPI.INT, 0);
                    }
                }
                case "ibcast-iallreduce" ->
                {
                    // the bcast's root needs nobody; rank 1's allreduce waits for rank 0's part for ever
                    final Request started = rank == 0 ? world.Ibcast(new int[2], 0, 2, MPI.INT, 0) :
                        world.Iallreduce(new int[2], 0, new int[2], 0, 2, MPI.INT, MPI.SUM);
                    started.Wait();
                }
                case "late" ->
                {
                    if (rank == 1)
                    {
                        Thread.sleep(3_000);
                    }
                    final int[] all = new int[2 * 16];
                    world.Allgather(new int[16], 0, 16, MPI.INT, all, 0, 16, MPI.INT);
                }
                default -> throw new IllegalArgumentException(args[0]);
            }
            MPI.Finalize();
        }
    }
}
