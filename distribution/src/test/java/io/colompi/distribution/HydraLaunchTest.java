package io.colompi.distribution;

import io.colompi.colo.testing.TestHosts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The installed colompi under MPICH's {@code mpiexec} (Hydra) on this machine: {@code mpiexec -n 4 colojava -cp .
 * Main}, what every launcher must do ({@link ForeignLauncherTest}), over Hydra's descriptor and over its port, and
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

    /**
     * A plain {@code java} (no {@code --add-opens}) cannot read Hydra's descriptor and says what it needs; over a port
     * ({@code mpiexec -pmi-port}), where Hydra also says each process's rank, it needs nothing more.
     */
    @Test
    void aPlainJvmSaysWhatItNeedsForADescriptorAndNeedsNothingMoreForAPort() throws Exception
    {
        final List<String> plainJava = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-cp", installed.home.resolve("lib") + "/*",
            "io.colompi.colo.Colojava", "--stats", "-cp", installed.examplesJar(), "io.colompi.examples.Ring");
        final List<String> overDescriptor = new ArrayList<>(List.of("-np", "2"));
        overDescriptor.addAll(plainJava);
        final Shell.Result refused = launch(overDescriptor.toArray(String[]::new));
        assertTrue(refused.exitCode() != 0, refused::toString);
        assertTrue(refused.stderr().contains("colompi: cannot join the job: cannot read Hydra's PMI_FD="),
            refused::toString);
        assertTrue(refused.stderr().contains("the JVM needs --add-opens java.base/java.io=ALL-UNNAMED (colojava " +
            "passes it)"), refused::toString);
        final List<String> overPort = new ArrayList<>(List.of("-pmi-port", "-np", "4"));
        overPort.addAll(plainJava);
        final Shell.Result run = launch(overPort.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.stdout().contains("[0] ring done: token = 9, expected 9"), run::toString);
        assertTrue(run.stderr().contains("colompi stats: rank 3 shm messages="), run::toString);
        assertNoCardLeft();
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
