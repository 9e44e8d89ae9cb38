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
 * The installed colompi under Open MPI's {@code mpirun} on this machine: {@code mpirun -np 4 colojava -cp . Main},
 * what every launcher must do ({@link ForeignLauncherTest}), and across two stand-in hosts.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class MpirunLaunchTest extends ForeignLauncherTest
{
    @Override
    List<String> launcher() throws IOException, InterruptedException
    {
        final String mpirun = openMpiRun();
        return mpirun == null ? null : List.of(mpirun, "--oversubscribe", "--allow-run-as-root");
    }

    @Override
    String notInstalled()
    {
        return "Open MPI's mpirun is not installed (apt-get install openmpi-bin): skipping the tests under mpirun";
    }

    @Override
    String directoryVariable()
    {
        return "COLOMPI_MPIRUN_DIR";
    }

    /**
     * {@code mpirun} across two stand-in hosts (network namespaces, {@link TestHosts}), whose daemons it starts
     * through an rsh agent that enters the namespace: the processes learn each other's nodes from their node census,
     * share memory within a node and talk over Aeron across nodes, whether mpirun fills the hosts' slots in turn or
     * deals the processes round the hosts. ({@code rtc ^hwloc}: two daemons of one machine share hwloc's topology
     * file, and one crashed writing it in about one run in four.)
     */
    @Test
    void acrossNodesEachNodesProcessesShareMemoryAndTheNodesTalkOverAeron() throws Exception
    {
        try (TestHosts hosts = TestHosts.create(2))
        {
            final Path hostfile = hosts.hostfile(parent.resolve("hostfile"), 2);
            final Path agent = netnsAgent();
            for (final String mapping : List.of("slot", "node"))
            {
                final Shell.Result run = launch("--hostfile", hostfile.toString(), "--map-by", mapping,
                    "--mca", "plm_rsh_agent", agent.toString(), "--mca", "rtc", "^hwloc", "-np", "4",
                    installed.bin("colojava"), "--stats", "-cp", installed.examplesJar(), "io.colompi.examples.Ring");
                assertEquals(0, run.exitCode(), run::toString);
                assertTrue(run.stdout().contains("[0] ring done: token = 9, expected 9"), run::toString);
                // by slot ranks 0 and 1 share host 0, 2 and 3 host 1; by node 0 and 2 share one, 1 and 3 the other
                final String ring = "slot".equals(mapping) ? "(?s).*rank 0 shm messages=[1-9].*" :
                    "(?s).*rank 0 aeron messages=[1-9].*";
                assertTrue(run.stderr().matches(ring), run::toString);
                assertTrue(run.stderr().matches("(?s).*rank 1 aeron messages=[1-9].*"), run::toString);
            }
            assertNoCardLeft();
        }
    }

    /** Open MPI's mpirun on the PATH ({@code mpirun.openmpi}, or an {@code mpirun} that says it is Open MPI), else null. */
    private static String openMpiRun() throws IOException, InterruptedException
    {
        for (final String name : List.of("mpirun.openmpi", "mpirun"))
        {
            final Shell.Result version;
            try
            {
                version = Shell.run(List.of(name, "--version"), Map.of(), Path.of("."), Duration.ofSeconds(60));
            }
            catch (final IOException ex)
            {
                continue;
            }
            if (version.exitCode() == 0 && (version.stdout() + version.stderr()).contains("Open MPI"))
            {
                return name;
            }
        }
        return null;
    }
}
