package io.colompi.transport.rdma;

import io.colompi.core.comm.Communicator;
import io.colompi.core.job.RuntimeSettings;
import io.colompi.core.testing.ThreadJob;
import io.colompi.core.transport.Transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link ThreadJob} with ranks on pretend nodes (other nodes over loopback UDP) in pretend JVMs, and a fresh job
 * directory in {@code /dev/shm}; checks that every JVM's aeron directory is gone once the job has closed.
 */
final class NodeJob
{
    private NodeJob()
    {
    }

    /** One JVM per node: rank r in JVM {@code nodeOf[r]} on node {@code nodeOf[r]}. */
    static void run(final int[] nodeOf, final ThreadJob.RankBody body) throws Exception
    {
        run(nodeOf, nodeOf, 16384, body);
    }

    static void run(final int[] nodeOf, final int[] jvmOf, final int eagerLimit, final ThreadJob.RankBody body)
        throws Exception
    {
        run(RuntimeSettings.defaults(), nodeOf, jvmOf, eagerLimit, body);
    }

    /** As above, every pretend JVM with {@code settings}. */
    static void run(final RuntimeSettings settings, final int[] nodeOf, final int[] jvmOf, final int eagerLimit,
        final ThreadJob.RankBody body) throws Exception
    {
        final Path dir = Files.createDirectory(Path.of("/dev/shm", "colompi-test-" +
            Long.toHexString(ThreadLocalRandom.current().nextLong())));
        try
        {
            ThreadJob.run(settings, nodeOf, jvmOf, dir, eagerLimit, body);
            try (Stream<Path> left = Files.list(dir))
            {
                final List<String> names = left.map(p -> p.getFileName().toString())
                    .filter(name -> name.startsWith("aeron")).collect(Collectors.toList());
                assertEquals(List.of(), names, "aeron directories left after the job closed");
            }
        }
        finally
        {
            try (Stream<Path> files = Files.walk(dir))
            {
                files.sorted(Comparator.reverseOrder()).forEach(NodeJob::delete);
            }
        }
    }

    /** The default settings, but the Aeron tier's idle cycle gap and its connect-at-Init threshold. */
    static RuntimeSettings settings(final long idleCycleGapNs, final int connectAtInit)
    {
        final RuntimeSettings defaults = RuntimeSettings.defaults();
        final RuntimeSettings.Aeron a = defaults.aeron();
        return defaults.toBuilder().aeron(new RuntimeSettings.Aeron(a.termBudget(), a.termLength(), a.loopbackMtu(),
            a.mtu(), a.socketBuffer(), a.receiverWindow(), a.fragmentLimit(), a.keeperMinParkNs(), a.keeperMaxParkNs(),
            idleCycleGapNs, a.lingerMs(), connectAtInit, a.directory())).build();
    }

    /** The transport named {@code name} of this rank, or null if it uses none. */
    static Transport transport(final Communicator world, final String name)
    {
        return world.engine().transports().stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
    }

    static AeronTransport aeron(final Communicator world)
    {
        return (AeronTransport)transport(world, AeronTransport.NAME);
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
