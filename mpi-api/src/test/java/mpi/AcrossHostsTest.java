package mpi;

import io.colompi.colo.ColocatedJob;
import io.colompi.colo.JobLauncher;
import io.colompi.colo.LaunchResult;
import io.colompi.colo.testing.TestHosts;
import io.colompi.core.transport.TransportFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An {@code mpi} program on three stand-in hosts ({@link TestHosts}, from colocation-manager's test-jar), a JVM of two
 * ranks on each: point-to-point and collectives across nodes.
 */
@Timeout(90)
class AcrossHostsTest
{
    @Test
    void aRingAndAnAllreduceSpanThreeHosts(@TempDir final Path dir) throws Exception
    {
        Assumptions.assumeTrue(
            StreamSupport.stream(ServiceLoader.load(TransportFactory.class).spliterator(), false)
                .anyMatch(factory -> factory.name().equals("aeron")),
            "the aeron transport (transport-rdma) is not on the class path: ranks on different hosts cannot talk");
        try (TestHosts hosts = TestHosts.create(3))
        {
            final LaunchResult result = JobLauncher.builder()
                .np(6).ranksPerJvm(2)
                .hostfile(hosts.hostfile(dir.resolve("hosts"), 2))
                .launchAgent(TestHosts.LAUNCH_AGENT)
                .mainClass(RingAndAllreduce.class)
                .classPath(List.of(ColocatedJob.codeSourceOf(RingAndAllreduce.class)))
                .apiPath(ColocatedJob.codeSourceOf(MPI.class))
                .timeout(Duration.ofSeconds(60))
                .run();

            assertEquals(0, result.exitCode(), result::toString);
        }
    }

    public static class RingAndAllreduce
    {
        public static void main(final String[] args)
        {
            MPI.Init(args);
            final Intracomm world = MPI.COMM_WORLD;
            final int rank = world.Rank();
            final int size = world.Size();
            final int[] got = new int[1];
            world.Sendrecv(new int[]{ rank }, 0, 1, MPI.INT, (rank + 1) % size, 0,
                got, 0, 1, MPI.INT, (rank + size - 1) % size, 0);
            assertEquals((rank + size - 1) % size, got[0]);
            final long[] sum = new long[2];
            world.Allreduce(new long[]{ rank, 1 }, 0, sum, 0, 2, MPI.LONG, MPI.SUM);
            assertArrayEquals(new long[]{ size * (size - 1) / 2, size }, sum);
            MPI.Finalize();
        }
    }
}
