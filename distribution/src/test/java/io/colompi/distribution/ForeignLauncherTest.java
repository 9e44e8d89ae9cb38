package io.colompi.distribution;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The installed colompi under another MPI's launcher ({@code mpirun}, {@code mpiexec}), what every such launcher must
 * do alike: each process a rank JVM, in both Java APIs, one or several ranks in each; a failing rank ends the job with
 * a non-zero status naming it and nothing left in {@code /dev/shm}; no rendezvous file left (it lives in a directory of
 * the test's). A subclass per launcher adds what is its own (across nodes, its options); the tests skip, saying so,
 * where the launcher is not installed ({@code .ci/run} installs them).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ForeignLauncherTest
{
    private static final Duration DEADLINE = Duration.ofSeconds(240);

    /** The test's directory: the install, the programs, the rendezvous files. */
    Path parent;
    Installed installed;
    Path programs;
    /** The rendezvous files' directory the launched JVMs are told. */
    Path cards;
    private List<String> launcher;

    /** The launcher's command and its fixed options; null where it is not installed. */
    abstract List<String> launcher() throws IOException, InterruptedException;

    /** Why the tests skip where {@link #launcher} is null: what to install. */
    abstract String notInstalled();

    /** The variable that tells a launched JVM its rendezvous directory. */
    abstract String directoryVariable();

    @BeforeAll
    void install(@TempDir final Path dir) throws Exception
    {
        parent = dir;
        launcher = launcher();
        assumeTrue(launcher != null, notInstalled());
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
        installed.compile(programs, "Names", String.join("\n",
            "import mpi.*;",
            "/** Rank 0 publishes a service; every rank looks it up. */",
            "public class Names {",
            "  public static void main(String[] args) throws MPIException {",
            "    MPI.Init(args);",
            "    int me = MPI.COMM_WORLD.getRank();",
            "    if (me == 0) Intracomm.publishName(\"ocean\", \"the port of rank 0\");",
            "    MPI.COMM_WORLD.barrier();",
            "    System.out.println(\"rank \" + me + \" found \" + Intracomm.lookupName(\"ocean\"));",
            "    MPI.COMM_WORLD.barrier();",
            "    MPI.Finalize();",
            "  }",
            "}"));
    }

    /** The launcher's command line with {@code arguments} after it, run with the test's rendezvous directory. */
    Shell.Result launch(final String... arguments) throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>(launcher);
        command.addAll(Arrays.asList(arguments));
        return Shell.run(command, Map.of(directoryVariable(), cards.toString()), parent, DEADLINE);
    }

    @Test
    void eachProcessIsARankJvmInBothApis() throws Exception
    {
        final Shell.Result mpj = launch("-np", "4", installed.bin("colojava"), "--stats", "-cp",
            installed.examplesJar(), "io.colompi.examples.Ring");
        assertEquals(0, mpj.exitCode(), mpj::toString);
        assertTrue(mpj.stdout().contains("[0] ring done: token = 9, expected 9"), mpj::toString);
        // Four JVMs on one node: shared memory between them.
        assertTrue(mpj.stderr().contains("colompi stats: rank 3 shm messages="), mpj::toString);
        final Shell.Result ompi = launch("-np", "3", installed.bin("colojava"), "-cp", installed.examplesJar(),
            "io.colompi.examples.ompi.Ring");
        assertEquals(0, ompi.exitCode(), ompi::toString);
        assertTrue(ompi.stdout().contains("[0] ring done: token = 6, expected 6"), ompi::toString);
        assertNoCardLeft();
    }

    @Test
    void theJobsNameServiceIsKeptByItsFirstTaskForTheRanksOfEveryProcess() throws Exception
    {
        final Shell.Result run = launch("-np", "3", installed.bin("colojava"), "-cp", programs.toString(), "Names");
        assertEquals(0, run.exitCode(), run::toString);
        for (int rank = 0; rank < 3; rank++)
        {
            assertTrue(run.stdout().contains("[" + rank + "] rank " + rank + " found the port of rank 0"), run::toString);
        }
        assertNoCardLeft();
    }

    @Test
    void severalRanksPerProcess() throws Exception
    {
        final Shell.Result run = launch("-np", "2", installed.bin("colojava"), "--ranks-per-task", "2", "--stats",
            "-cp", installed.examplesJar(), "io.colompi.examples.Ring");
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.stdout().contains("[0] ring done: token = 9, expected 9"), run::toString);
        assertTrue(run.stderr().contains("colompi stats: rank 0 local messages="), run::toString);
        assertNoCardLeft();
    }

    @Test
    void aFailingRankEndsTheJobWithANonZeroStatusNamingItAndNothingIsLeftInDevShm() throws Exception
    {
        final Set<String> before = sharedMemory();
        final Shell.Result run = launch("-np", "4", installed.bin("colojava"), "-cp", programs.toString(), "Waits",
            "throw");
        assertTrue(run.exitCode() != 0, run::toString);
        assertTrue(run.stdout().contains("[3] ready 3 of 4"), run::toString);
        assertTrue(run.stderr().contains("colompi: rank 3 failed: java.lang.IllegalStateException: rank three gives up"),
            run::toString);
        final Set<String> left = sharedMemory();
        left.removeAll(before);
        assertEquals(Set.of(), left);
        assertNoCardLeft();
    }

    /** An rsh agent that runs a command in the network namespace named as its host. */
    Path netnsAgent() throws IOException
    {
        final Path agent = parent.resolve("netns-agent");
        Files.writeString(agent, "#!/bin/sh\nhost=$1\nshift\nexec ip netns exec \"$host\" sh -c \"$*\"\n");
        assertTrue(agent.toFile().setExecutable(true));
        return agent;
    }

    /** The rendezvous file of every job is removed once its JVMs joined (or it ended); the directory is the user's. */
    void assertNoCardLeft() throws IOException
    {
        try (Stream<Path> left = Files.list(cards))
        {
            assertEquals(List.of(), left.toList());
        }
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cards)));
    }

    private static Set<String> sharedMemory() throws IOException
    {
        try (Stream<Path> files = Files.list(Path.of("/dev/shm")))
        {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.startsWith("colompi"))
                .collect(Collectors.toSet());
        }
    }
}
