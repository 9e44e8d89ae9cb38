package io.colompi.distribution;

import io.colompi.colo.testing.TestHosts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The installed colompi under MPICH's {@code mpiexec} (Hydra) on this machine: {@code mpiexec -n 4 colojava -cp .
 * Main}, what every launcher must do ({@link ForeignLauncherTest}), a port in place of a descriptor refused, and
 * across two stand-in hosts.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class HydraLaunchTest extends ForeignLauncherTest
{
    private static final String MPIEXEC = "mpiexec.hydra";

    @Override
    List<String> launcher() throws InterruptedException
    {
        return hydraInstalled() ? List.of(MPIEXEC) : null;
    }

    @Override
    String notInstalled()
    {
        return "MPICH's mpiexec.hydra is not installed (apt-get install mpich): skipping the tests under Hydra";
    }

    @Override
    String directoryVariable()
    {
        return "COLOMPI_HYDRA_DIR";
    }

    /** Hydra's port mode gives no descriptor to talk over: every process says so, and the status is 2. */
    @Test
    void aPortInPlaceOfADescriptorIsRefusedSayingSo() throws Exception
    {
        final Shell.Result run = launch("-pmi-port", "-n", "2", installed.bin("colojava"), "-cp",
            installed.examplesJar(), "io.colompi.examples.Ring");
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.stderr().matches("(?s)colompi: cannot join the job: PMI_PORT=\\S+: colompi speaks to Hydra over " +
            "PMI_FD only; start mpiexec without -pmi-port\n.*"), run::toString);
        assertTrue(run.stdout().isEmpty(), run::toString);
    }

    /**
     * {@code mpiexec} across two stand-in hosts (network namespaces, {@link TestHosts}), whose proxies it starts
     * through an rsh agent that enters the namespace ({@code -localhost}: the address they reach it at): the
     * processes learn each other's nodes from their node census, share memory within a node and talk over Aeron
     * across nodes, whether Hydra deals the processes round the hosts (its default) or fills each ({@code -ppn 2}).
     */
    @Test
    void acrossNodesEachNodesProcessesShareMemoryAndTheNodesTalkOverAeron() throws Exception
    {
        try (TestHosts hosts = TestHosts.create(2))
        {
            final Path agent = netnsAgent();
            for (final String perNode : List.of("1", "2"))
            {
                final Shell.Result run = launch("-launcher", "rsh", "-launcher-exec", agent.toString(),
                    "-localhost", hosts.launcherAddress(), "-hosts", String.join(",", hosts.names()), "-ppn", perNode,
                    "-n", "4", installed.bin("colojava"), "--stats", "-cp", installed.examplesJar(),
                    "io.colompi.examples.Ring");
                assertEquals(0, run.exitCode(), run::toString);
                assertTrue(run.stdout().contains("[0] ring done: token = 9, expected 9"), run::toString);
                // round robin: 0 and 2 share host 0, 1 and 3 host 1; by two: 0 and 1 share one, 2 and 3 the other
                final String ring = "2".equals(perNode) ? "(?s).*rank 0 shm messages=[1-9].*" :
                    "(?s).*rank 0 aeron messages=[1-9].*";
                assertTrue(run.stderr().matches(ring), run::toString);
                assertTrue(run.stderr().matches("(?s).*rank 1 aeron messages=[1-9].*"), run::toString);
            }
            assertNoCardLeft();
        }
    }

    private static boolean hydraInstalled() throws InterruptedException
    {
        try
        {
            final Shell.Result version = Shell.run(List.of(MPIEXEC, "--version"), Map.of(), Path.of("."),
                Duration.ofSeconds(60));
            return version.exitCode() == 0 && version.stdout().contains("HYDRA");
        }
        catch (final IOException ex)
        {
            return false;
        }
    }
}
