package io.colompi.core.coll;

import io.colompi.core.comm.Communicator;
import io.colompi.core.job.CollectiveTuning;
import io.colompi.core.op.PredefinedOp;
import io.colompi.core.testing.ThreadJob;
import io.colompi.core.transport.Transport;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.TypeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every collective of mpi-core, blocking and nonblocking, against the references of {@link CollectiveChecks}, with
 * ranks on three pretend nodes, so that the Aeron tier carries the inter-node steps (in this package to reuse
 * the checks of mpi-core's test jar); once more with every allreduce, reduce and bcast through node arenas and
 * one leader per node.
 */
class AeronCollectivesTest
{
    @Test
    @Timeout(60)
    void everyCollectiveAcrossThreeNodesOneRankEach() throws Exception
    {
        run(CollectiveTuning.DEFAULTS, new int[]{ 0, 1, 2 }, new int[]{ 0, 1, 2 });
    }

    @Test
    @Timeout(60)
    void everyCollectiveAcrossThreeNodesWithLocalShmAndAeronSteps() throws Exception
    {
        // Node 0: JVM 0 with ranks 0, 1 and JVM 1 with rank 2; node 1: JVM 2 with ranks 3, 4; node 2: JVM 3 with rank 5.
        run(CollectiveTuning.DEFAULTS, new int[]{ 0, 0, 0, 1, 1, 2 }, new int[]{ 0, 0, 1, 2, 2, 3 });
    }

    @Test
    @Timeout(90)
    void everyCollectiveThroughNodeArenasAndNodeLeaders() throws Exception
    {
        // Node 0: JVM 0 with ranks 0, 1 and JVM 1 with rank 2; node 1: JVMs 2, 3, 4 with a rank each; node 2: JVM 5.
        run(CollectiveChecks.NODE_ARENAS_ALWAYS,
            new int[]{ 0, 0, 0, 1, 1, 1, 2 }, new int[]{ 0, 0, 1, 2, 3, 4, 5 });
    }

    /**
     * Ranks alone in their JVMs on three nodes, one of them alone on its node: every collective again, the nonblocking
     * allreduces through node arenas and one leader per node, in chunks and combined whole.
     */
    @Test
    @Timeout(120)
    void everyCollectiveOfRanksAloneInTheirJvmsThroughNodeArenasAndNodeLeaders() throws Exception
    {
        for (final CollectiveTuning tuning : new CollectiveTuning[]{
            CollectiveChecks.NODE_ARENAS_ALWAYS, CollectiveChecks.NODE_ARENAS_WHOLE })
        {
            run(tuning, new int[]{ 0, 0, 1, 1, 1, 2 }, new int[]{ 0, 1, 2, 3, 4, 5 });
        }
    }

    /**
     * A nonblocking allreduce on two nodes through the node arenas, of ranks alone in their JVMs and of JVMs holding
     * two ranks: only the nodes' leaders exchange the vector across nodes, once each way (flat, every rank or every
     * JVM's leader would send it across).
     */
    @Test
    @Timeout(60)
    void aNonblockingAllreduceThroughNodeArenasSendsTheVectorAcrossOnceEachWay() throws Exception
    {
        // ranks alone in their JVMs, two JVMs a node; then two JVMs of two ranks a node
        iallreduceAcrossNodes(new int[]{ 0, 0, 1, 1 }, new int[]{ 0, 1, 2, 3 });
        iallreduceAcrossNodes(new int[]{ 0, 0, 0, 0, 1, 1, 1, 1 }, new int[]{ 0, 0, 1, 1, 2, 2, 3, 3 });
    }

    private static void iallreduceAcrossNodes(final int[] nodeOf, final int[] jvmOf) throws Exception
    {
        final int count = 4096;
        final int np = jvmOf.length;
        final AtomicLong across = new AtomicLong();
        inSharedMemory(dir -> ThreadJob.run(CollectiveChecks.settings(CollectiveChecks.NODE_ARENAS_WHOLE),
            nodeOf, jvmOf, dir, 1024, world ->
            {
                final int[] mine = new int[count];
                java.util.Arrays.fill(mine, world.rank() + 1);
                final int[] sums = new int[count];
                Collectives.barrier(world);
                final long before = aeronBytes(world);
                world.engine().awaitRequest(Collectives.iallreduce(world, mine, 0, sums, 0, count,
                    TypeMap.basic(BaseType.INT), PredefinedOp.SUM));
                across.addAndGet(aeronBytes(world) - before);
                Collectives.barrier(world);
                for (final int sum : sums)
                {
                    assertEquals(np * (np + 1) / 2, sum);
                }
            }));
        final long vector = count * Integer.BYTES;
        assertTrue(across.get() >= 2 * vector && across.get() < 3 * vector,
            across.get() + " bytes across nodes, np=" + np);
    }

    private static long aeronBytes(final Communicator world)
    {
        long bytes = 0;
        for (final Transport transport : world.engine().transports())
        {
            bytes += "aeron".equals(transport.name()) ? transport.stats().bytes() : 0;
        }
        return bytes;
    }

    private static void run(final CollectiveTuning tuning, final int[] nodeOf, final int[] jvmOf) throws Exception
    {
        inSharedMemory(dir -> ThreadJob.run(CollectiveChecks.settings(tuning), nodeOf, jvmOf, dir, 1024, world ->
        {
            new CollectiveChecks(world, CollectiveChecks.Mode.BLOCKING).all();
            new CollectiveChecks(world, CollectiveChecks.Mode.NONBLOCKING).all();
        }));
    }

    /** What runs in a job's shared-memory directory, made for it and removed after. */
    @FunctionalInterface
    private interface InDirectory
    {
        void run(Path dir) throws Exception;
    }

    private static void inSharedMemory(final InDirectory body) throws Exception
    {
        final Path dir = Files.createDirectory(Path.of("/dev/shm", "colompi-test-" +
            Long.toHexString(ThreadLocalRandom.current().nextLong())));
        try
        {
            body.run(dir);
        }
        finally
        {
            try (Stream<Path> files = Files.walk(dir))
            {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
