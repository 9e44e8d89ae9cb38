package io.colompi.transport.shm;

import io.colompi.core.testing.ThreadJob;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/** {@link ThreadJob} with ranks in several pretend JVMs and a fresh job directory in {@code /dev/shm}. */
final class SplitJob
{
    private SplitJob()
    {
    }

    /** Run {@code body} on {@code jvmOf.length} ranks, rank r in pretend JVM {@code jvmOf[r]}. */
    static void run(final int[] jvmOf, final ThreadJob.RankBody body) throws Exception
    {
        run(jvmOf, 16384, body);
    }

    static void run(final int[] jvmOf, final int eagerLimit, final ThreadJob.RankBody body) throws Exception
    {
        final Path dir = Files.createDirectory(Path.of("/dev/shm", "colompi-test-" +
            Long.toHexString(ThreadLocalRandom.current().nextLong())));
        try
        {
            ThreadJob.run(jvmOf, dir, eagerLimit, body);
        }
        finally
        {
            try (Stream<Path> files = Files.walk(dir))
            {
                files.sorted(Comparator.reverseOrder()).forEach(SplitJob::delete);
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
