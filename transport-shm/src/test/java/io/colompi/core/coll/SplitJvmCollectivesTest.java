package io.colompi.core.coll;

import io.colompi.core.testing.ThreadJob;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Every collective against the references of {@link CollectiveChecks} with ranks in several pretend JVMs that
 * reach each other over shared memory: one rank per JVM, blocks of ranks per JVM, JVMs of different sizes, and
 * JVMs holding ranks that are not consecutive (non-commutative reductions then go flat); every rank flat, and
 * with the leaders' phase ({@link CollectiveTuning#leaders()}).
 * In the package of the checks, which the mpi-core test jar brings.
 */
@Timeout(120)
class SplitJvmCollectivesTest
{
    static Stream<Arguments> placements()
    {
        return Stream.of(false, true).flatMap(leaders -> Stream.of(
            new int[]{ 0, 1 },
            new int[]{ 0, 0, 1 },
            new int[]{ 0, 1, 2, 3 },
            new int[]{ 0, 0, 1, 1 },
            new int[]{ 0, 0, 0, 1, 1, 2, 2 },
            new int[]{ 0, 1, 0, 1, 2 },
            new int[]{ 0, 0, 1, 1, 2, 2, 3, 3 },
            new int[]{ 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 }
        ).map(jvmOf -> Arguments.of(Arrays.toString(jvmOf), jvmOf, leaders)));
    }

    @AfterEach
    void defaults()
    {
        CollectiveTuning.use(null);
    }

    @ParameterizedTest(name = "JVM of each rank {0}, leaders {2}")
    @MethodSource("placements")
    void everyCollectiveMatchesItsReference(final String name, final int[] jvmOf, final boolean leaders)
        throws Exception
    {
        final CollectiveTuning defaults = CollectiveTuning.FROM_PROPERTIES;
        CollectiveTuning.use(new CollectiveTuning(true, leaders, defaults.bcastShortBytes(), defaults.bcastMinProcs(),
            defaults.allreduceShortBytes(), defaults.allreduceRingBytes(), defaults.allreduceRingMinProcs(),
            defaults.allgatherShortBytes(), defaults.allgatherLongBytes(), defaults.alltoallShortBytes(),
            defaults.alltoallMinProcs(), defaults.gatherShortBytes(), defaults.scatterShortBytes(),
            defaults.objectBytes()));
        final Path dir = Files.createDirectory(Path.of("/dev/shm", "colompi-test-" +
            Long.toHexString(ThreadLocalRandom.current().nextLong())));
        try
        {
            ThreadJob.run(jvmOf, dir, 16384, world ->
            {
                new CollectiveChecks(world, CollectiveChecks.Mode.BLOCKING).all();
                new CollectiveChecks(world, CollectiveChecks.Mode.NONBLOCKING).all();
            });
        }
        finally
        {
            try (Stream<Path> files = Files.walk(dir))
            {
                files.sorted(Comparator.reverseOrder()).forEach(SplitJvmCollectivesTest::delete);
            }
        }
    }

    private static void delete(final Path path)
    {
        try
        {
            Files.deleteIfExists(path);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }
}
