package io.colompi.core.coll;

import io.colompi.core.job.CollectiveTuning;
import io.colompi.core.testing.ThreadJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

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

    private static void run(final CollectiveTuning tuning, final int[] nodeOf, final int[] jvmOf) throws Exception
    {
        final Path dir = Files.createDirectory(Path.of("/dev/shm", "colompi-test-" +
            Long.toHexString(ThreadLocalRandom.current().nextLong())));
        try
        {
            ThreadJob.run(CollectiveChecks.settings(tuning), nodeOf, jvmOf, dir, 1024, world ->
            {
                new CollectiveChecks(world, CollectiveChecks.Mode.BLOCKING).all();
                new CollectiveChecks(world, CollectiveChecks.Mode.NONBLOCKING).all();
            });
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
