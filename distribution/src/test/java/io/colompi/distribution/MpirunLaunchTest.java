package io.colompi.distribution;

import io.colompi.colo.testing.TestHosts;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The installed colompi under Open MPI's {@code mpirun} on this machine: {@code mpirun -np 4 colojava -cp . Main},
 * each process a rank JVM, in both Java APIs; a failing rank ends the job with a non-zero status naming it; across
 * two stand-in hosts. The rendezvous file (and the node census's notes) live in a directory of the test's and are
 * gone at the end. Skipped, saying so, where Open MPI's {@code mpirun} is not installed ({@code .ci/run} installs it).
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class MpirunLaunchTest
{
    private static final Duration DEADLINE = Duration.ofSeconds(240);

    @TempDir
    static Path parent;
    static Installed installed;
    static Path programs;
    static Path cards;
    static String mpirun;

    @BeforeAll
    static void install() throws Exception
    {
        mpirun = openMpiRun();
        assumeTrue(mpirun != null, "Open MPI's mpirun is not installed (apt-get install openmpi-bin): skipping the " +
            "tests under mpirun");
        installed = Installed.unpack(parent);
        programs = Files.createDirectory(parent.resolve("programs"));
        cards = parent.resolve("cards");
        installed.compile(programs, "Waits", String.join("\n",
            "import mpi.*;",
            "/** Every rank says it is ready; 'throw': rank 3 fails, the others wait for it. */",
            "public class Waits {",
            "  public static void main(String[] args) throws MPIException {",
            "    MPI.Init(args);",
            "    int me = MPI.COMM_WORLD.getRank();",
            "    System.out.println(\"ready \" + me + \" of \" + MPI.COMM_WORLD.getSize());",
            "    if (args[0].equals(\"throw\") && me == 3) throw new IllegalStateException(\"rank three gives up\");",
            "    MPI.COMM_WORLD.recv(new int[1], 1, MPI.INT, 3, 0);",
            "  }",
            "}"));
    }

    @Test
    void mpirunStartsEachProcessAsARankJvmInBothApis() throws Exception
    {
        final Shell.Result mpj = mpirun("-np", "4", installed.bin("colojava"), "--stats", "-cp", installed.examplesJar(),
            "io.colompi.examples.Ring");
        assertEquals(0, mpj.exitCode(), mpj::toString);
        assertTrue(mpj.stdout().contains("[0] ring done: token = 9, expected 9"), mpj::toString);
        // Four JVMs on one node: shared memory between them.
        assertTrue(mpj.stderr().contains("colompi stats: rank 3 shm messages="), mpj::toString);
        final Shell.Result ompi = mpirun("-np", "3", installed.bin("colojava"), "-cp", installed.examplesJar(),
            "io.colompi.examples.ompi.Ring");
        assertEquals(0, ompi.exitCode(), ompi::toString);
        assertTrue(ompi.stdout().contains("[0] ring done: token = 6, expected 6"), ompi::toString);
        assertNoCardLeft();
    }

    @Test
    void severalRanksPerProcess() throws Exception
    {
        final Shell.Result run = mpirun("-np", "2", installed.bin("colojava"), "--ranks-per-task", "2", "--stats", "-cp",
            installed.examplesJar(), "io.colompi.examples.Ring");
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.stdout().contains("[0] ring done: token = 9, expected 9"), run::toString);
        assertTrue(run.stderr().contains("colompi stats: rank 0 local messages="), run::toString);
        assertNoCardLeft();
    }

    @Test
    void aFailingRankEndsTheJobWithANonZeroStatusNamingIt() throws Exception
    {
        final Shell.Result run = mpirun("-np", "4", installed.bin("colojava"), "-cp", programs.toString(), "Waits",
            "throw");
        assertTrue(run.exitCode() != 0, run::toString);
        assertTrue(run.stdout().contains("[3] ready 3 of 4"), run::toString);
        assertTrue(run.stderr().contains("colompi: rank 3 failed: java.lang.IllegalStateException: rank three gives up"),
            run::toString);
        assertNoCardLeft();
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
            final Path agent = parent.resolve("netns-agent");
            Files.writeString(agent, "#!/bin/sh\nhost=$1\nshift\nexec ip netns exec \"$host\" sh -c \"$*\"\n");
            assertTrue(agent.toFile().setExecutable(true));
            for (final String mapping : List.of("slot", "node"))
            {
                final Shell.Result run = mpirun("--hostfile", hostfile.toString(), "--map-by", mapping,
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

    private static Shell.Result mpirun(final String... arguments) throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>(List.of(mpirun, "--oversubscribe", "--allow-run-as-root"));
        command.addAll(Arrays.asList(arguments));
        return Shell.run(command, Map.of("COLOMPI_MPIRUN_DIR", cards.toString()), parent, DEADLINE);
    }

    /** The rendezvous file of every job is removed once its JVMs joined (or it ended). */
    private static void assertNoCardLeft() throws IOException
    {
        try (Stream<Path> left = Files.list(cards))
        {
            assertEquals(List.of(), left.toList());
        }
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
            Files.getPosixFilePermissions(cards)));
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
