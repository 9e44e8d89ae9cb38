package io.colompi.distribution;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The installed colompi under a real Slurm ({@link SlurmCluster}: three nodes on this machine): {@code srun ...
 * colojava} (each task a rank JVM), {@code colorun} inside an allocation (its JVMs through {@code srun}) and MPICH's
 * {@code mpiexec} there (its proxies through {@code srun}); a failing rank, a killed task and {@code scancel} end
 * the job, name the rank and leave nothing in {@code /dev/shm}; the README's {@code sbatch} script runs as a batch
 * job; bad variables and too many ranks get clear errors.
 * Every Slurm command has a deadline and {@code --immediate}, so a misbehaving Slurm fails a test, never hangs it.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class SlurmLaunchTest
{
    @RegisterExtension
    static final SlurmCluster SLURM = new SlurmCluster();
    private static final Duration DEADLINE = Duration.ofSeconds(240);
    private static final Pattern NODE_DIRECTORY = Pattern.compile("colompi-[0-9a-f]{16}-n[1-3]");
    private static final String RING = "io.colompi.examples.Ring";

    @TempDir
    static Path parent;
    static Installed installed;
    static Path programs;

    private Set<String> shmBefore;

    @BeforeAll
    static void install() throws Exception
    {
        installed = Installed.unpack(parent);
        programs = Files.createDirectory(parent.resolve("programs"));
        installed.compile(programs, "Waits", String.join("\n",
            "import mpi.*;",
            "/**",
            " * Every rank says it is ready (with its pid and job), then: 'throw' rank 3 fails, 'exit' rank 3 calls",
            " * System.exit(0), 'finalize' all end with MPI.Finalize and System.exit(0), rank 3 printing a line after",
            " * the others' exits; else all wait for rank 3.",
            " */",
            "public class Waits {",
            "  public static void main(String[] args) throws Exception {",
            "    MPI.Init(args);",
            "    int me = MPI.COMM_WORLD.Rank();",
            "    System.out.println(\"ready pid=\" + ProcessHandle.current().pid() + \" job=\" + System.getenv(\"SLURM_JOB_ID\"));",
            "    if (args[0].equals(\"throw\") && me == 3) throw new IllegalStateException(\"rank three gives up\");",
            "    if (args[0].equals(\"exit\") && me == 3) System.exit(0);",
            "    if (args[0].equals(\"finalize\")) {",
            "      MPI.COMM_WORLD.Barrier();",
            "      MPI.Finalize();",
            "      if (me == 3) { Thread.sleep(500); System.out.println(\"rank three after Finalize\"); }",
            "      System.exit(0);",
            "    }",
            "    MPI.COMM_WORLD.Recv(new int[1], 0, 1, MPI.INT, 3, 0);",
            "  }",
            "}"));
    }

    @BeforeEach
    void noteSharedMemory() throws IOException
    {
        shmBefore = nodeDirectories();
    }

    @Test
    void srunStartsEachTaskAsARankJvmOnItsSlurmNode() throws Exception
    {
        final Shell.Result run = slurm("srun", "-N", "3", "-n", "6", "-O", "--immediate=60", installed.bin("colojava"),
            "--stats", "-cp", installed.examplesJar(), RING);
        assertRingDone(run, 6);
        // Ranks 0 and 1 share Slurm node n1 (shared memory), rank 2 is on n2 (the network), though all are one host.
        assertTrue(run.stderr().contains("colompi stats: rank 0 shm messages=") &&
            run.stderr().contains("colompi stats: rank 1 aeron messages="), run::toString);
        assertNothingLeft();
    }

    @Test
    void srunWithSeveralRanksPerTask() throws Exception
    {
        final Shell.Result run = slurm("srun", "-N", "3", "-n", "3", "-c", "2", "-O", "--immediate=60",
            installed.bin("colojava"), "--ranks-per-task", "2", "--stats", "-cp", installed.examplesJar(), RING);
        assertRingDone(run, 6);
        assertTrue(run.stderr().contains("colompi stats: rank 0 local messages=4"), run::toString);
        assertNothingLeft();
    }

    @Test
    void aFailingRankUnderSrunEndsTheStepNamingIt() throws Exception
    {
        final Shell.Result run = slurm("srun", "-N", "3", "-n", "6", "-O", "--immediate=60", installed.bin("colojava"),
            "-cp", programs.toString(), "Waits", "throw");
        assertRankThreeFailed(run);
    }

    @Test
    void systemExitUnderSrunEndsTheStepBeforeFinalizeAndNotAfterIt() throws Exception
    {
        final Shell.Result before = slurm("srun", "-N", "3", "-n", "6", "-O", "--immediate=60", installed.bin("colojava"),
            "-cp", programs.toString(), "Waits", "exit");
        assertTrue(before.exitCode() != 0, before::toString);
        assertTrue(before.stderr().contains("colompi: job ended: rank 3 called System.exit before MPI.Finalize in JVM 3 " +
            "(ranks 3 on node n2)"), before::toString);
        assertNothingLeft();

        final Shell.Result after = slurm("srun", "-N", "3", "-n", "6", "-O", "--immediate=60", installed.bin("colojava"),
            "-cp", programs.toString(), "Waits", "finalize");
        assertEquals(0, after.exitCode(), after::toString);
        assertTrue(after.stdout().contains("rank three after Finalize"), after::toString);
        assertFalse(after.stderr().contains("job ended"), after::toString);
        assertNothingLeft();
    }

    @Test
    void aKilledTaskEndsTheStepWithinSecondsNamingIt() throws Exception
    {
        final Shell.Running step = start("srun", "-N", "3", "-n", "6", "-O", "--immediate=60", installed.bin("colojava"),
            "-cp", programs.toString(), "Waits", "wait");
        final Map<Integer, Long> ready = awaitReady(step, 6);
        final long killedAt = System.nanoTime();
        ProcessHandle.of(ready.get(3)).orElseThrow().destroyForcibly();
        final Shell.Result run = step.await(DEADLINE);
        final long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - killedAt);
        assertTrue(run.exitCode() != 0, run::toString);
        assertTrue(run.stderr().contains("colompi: job ended: JVM 3 (ranks 3 on node n2) ended before its ranks finished"),
            run::toString);
        assertTrue(seconds < 30, () -> "the step took " + seconds + " s to end after the kill\n" + run);
        assertGone(ready);
        assertNothingLeft();
    }

    @Test
    void scancelEndsEveryJvmAndLeavesNothing() throws Exception
    {
        final Shell.Running step = start("srun", "-N", "3", "-n", "6", "-O", "--immediate=60", installed.bin("colojava"),
            "-cp", programs.toString(), "Waits", "wait");
        final Map<Integer, Long> ready = awaitReady(step, 6);
        final String job = jobOf(step);
        final long cancelledAt = System.nanoTime();
        final Shell.Result cancel = slurm("scancel", job);
        assertEquals(0, cancel.exitCode(), cancel::toString);
        final Shell.Result run = step.await(DEADLINE);
        final long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - cancelledAt);
        assertTrue(run.exitCode() != 0, run::toString);
        assertTrue(seconds < 30, () -> "the step took " + seconds + " s to end after scancel\n" + run);
        assertGone(ready);
        assertNothingLeft();
    }

    @Test
    void colorunInsideAnAllocationStartsItsJvmsThroughSrun() throws Exception
    {
        final Shell.Result run = slurm("salloc", "-N", "3", "-n", "6", "-O", "--immediate=60", installed.bin("colorun"),
            "-np", "6", "--ranks-per-jvm", "2", "--stats", "-cp", installed.examplesJar(), RING);
        assertRingDone(run, 6);
        assertTrue(run.stderr().contains("colompi stats: rank 0 local messages=4") &&
            run.stderr().contains("colompi stats: rank 1 aeron messages="), run::toString);
        assertNothingLeft();
    }

    @Test
    void colorunInsideAnAllocationReportsAFailingRank() throws Exception
    {
        final Shell.Result run = slurm("salloc", "-N", "3", "-n", "6", "-O", "--immediate=60", installed.bin("colorun"),
            "-np", "6", "--ranks-per-jvm", "1", "-cp", programs.toString(), "Waits", "throw");
        assertRankThreeFailed(run);
    }

    /**
     * MPICH's {@code mpiexec} inside an allocation starts its proxies as a step ({@code srun}), so its processes also
     * carry a Slurm task's variables: Hydra's win, every process is a rank JVM on the Slurm node Hydra names.
     */
    @Test
    void mpiexecInsideAnAllocationRunsItsProcessesAsRankJvmsOnTheirSlurmNodes() throws Exception
    {
        assumeTrue(SlurmCluster.which("mpiexec.hydra").isPresent(), "MPICH's mpiexec.hydra is not installed");
        final Shell.Result run = slurm("salloc", "-N", "3", "-n", "6", "-O", "--immediate=60", "mpiexec.hydra", "-n",
            "6", installed.bin("colojava"), "--stats", "-cp", installed.examplesJar(), RING);
        assertRingDone(run, 6);
        // Hydra fills each node's two slots: ranks 0 and 1 share n1 (shared memory), rank 2 is on n2 (the network).
        assertTrue(run.stderr().contains("colompi stats: rank 0 shm messages=") &&
            run.stderr().contains("colompi stats: rank 1 aeron messages="), run::toString);
        assertNothingLeft();
    }

    @Test
    void colorunRefusesMoreRanksThanTheAllocationUnlessAskedToOversubscribe() throws Exception
    {
        final Shell.Result refused = slurm("salloc", "-N", "3", "-n", "3", "-O", "--immediate=60", installed.bin("colorun"),
            "-np", "4", "-cp", installed.examplesJar(), RING);
        assertEquals(2, refused.exitCode(), refused::toString);
        assertTrue(refused.stderr().contains("-np 4 is more than the 3 tasks of the Slurm allocation " +
            "(SLURM_TASKS_PER_NODE=1(x3) on n[1-3])"), refused::toString);
        final Shell.Result oversubscribed = slurm("salloc", "-N", "3", "-n", "3", "-O", "--immediate=60",
            installed.bin("colorun"), "-np", "4", "--oversubscribe", "-cp", installed.examplesJar(), RING);
        assertRingDone(oversubscribed, 4);
    }

    @Test
    void theReadmesSbatchScriptRunsAsABatchJob(@TempDir final Path work) throws Exception
    {
        final String readme = Files.readString(InstallTest.ROOT.resolve("README.md"));
        final Matcher script = Pattern.compile("```bash\n(#!/bin/bash\n#SBATCH.*?)```", Pattern.DOTALL).matcher(readme);
        assertTrue(script.find(), "README.md has no '```bash' block with an sbatch script");
        // The README's program is app.jar's Main: here the Ring example.
        final Path job = work.resolve("job.sh");
        Files.writeString(job, script.group(1).replace("app.jar", "'" + installed.examplesJar() + "'").replace(" Main", " " + RING));
        final Map<String, String> env = new HashMap<>(SLURM.env());
        env.put("PATH", installed.home.resolve("bin") + ":" + System.getenv("PATH"));
        final Shell.Result run = Shell.run(List.of("sbatch", "--wait", job.toString()), env, work, DEADLINE);
        final String output = outputs(work);
        assertEquals(0, run.exitCode(), () -> run + "\n" + output);
        assertEquals(2, output.split("\\[0\\] ring done: token = 15, expected 15", -1).length - 1, output);
        assertNothingLeft();
    }

    @Test
    void badOrDisagreeingVariablesUnderSrunAreClearErrors() throws Exception
    {
        final Shell.Result disagree = slurm("srun", "-n", "2", "-O", "--immediate=60", "env", "SLURM_NTASKS=3",
            installed.bin("colojava"), "-cp", installed.examplesJar(), RING);
        assertEquals(2, disagree.exitCode(), disagree::toString);
        assertTrue(disagree.stderr().contains("colompi: cannot join the job: Slurm's variables disagree: " +
            "SLURM_STEP_TASKS_PER_NODE=2 adds up to 2 tasks, SLURM_NTASKS is 3"), disagree::toString);
        assertFalse(disagree.stderr().contains("usage:"), "the command line was right: " + disagree);
        final Shell.Result half = slurm("srun", "-n", "1", "--immediate=60", "env", "COLOMPI_RENDEZVOUS=127.0.0.1:9",
            installed.bin("colojava"), "-cp", installed.examplesJar(), RING);
        assertEquals(2, half.exitCode(), half::toString);
        assertTrue(half.stderr().contains("COLOMPI_JOB_ID is not set"), half::toString);
        assertNothingLeft();
    }

    @Test
    void twoJobsOfTheSameUserOnTheSameNodesDoNotClash() throws Exception
    {
        final List<Shell.Running> steps = new ArrayList<>();
        for (int i = 0; i < 2; i++)
        {
            steps.add(start("srun", "-N", "2", "-n", "4", "-O", "--immediate=60", installed.bin("colojava"), "-cp",
                installed.examplesJar(), RING));
        }
        for (final Shell.Running step : steps)
        {
            final Shell.Result run = step.await(DEADLINE);
            assertEquals(0, run.exitCode(), run::toString);
            assertTrue(run.stdout().contains("[0] ring done: token = 9, expected 9"), run::toString);
        }
        assertNothingLeft();
    }

    /** Waits' rank 3 threw: status 1, the rank named, nothing left. */
    private void assertRankThreeFailed(final Shell.Result run) throws IOException, InterruptedException
    {
        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.stderr().contains("colompi: rank 3 failed: java.lang.IllegalStateException: rank three gives up"),
            run::toString);
        assertNothingLeft();
    }

    /** The Ring example of {@code np} ranks ended well: three laps, rank 0 saw the token grow by {@code np - 1} each. */
    private static void assertRingDone(final Shell.Result run, final int np)
    {
        assertEquals(0, run.exitCode(), run::toString);
        final int token = 3 * (np - 1);
        assertTrue(run.stdout().contains("[0] ring done: token = " + token + ", expected " + token), run::toString);
    }

    private static Shell.Result slurm(final String... command) throws IOException, InterruptedException
    {
        return start(command).await(DEADLINE);
    }

    private static Shell.Running start(final String... command) throws IOException
    {
        return Shell.start(List.of(command), SLURM.env(), parent);
    }

    /** Wait until {@code count} ranks printed 'ready'; their pids by rank. */
    private static Map<Integer, Long> awaitReady(final Shell.Running step, final int count) throws Exception
    {
        final Pattern line = Pattern.compile("\\[(\\d+)\\] ready pid=(\\d+) job=(\\d+)");
        final long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (true)
        {
            final Map<Integer, Long> ready = new HashMap<>();
            final Matcher matcher = line.matcher(Files.readString(step.out()));
            while (matcher.find())
            {
                ready.put(Integer.parseInt(matcher.group(1)), Long.parseLong(matcher.group(2)));
            }
            if (ready.size() == count)
            {
                return ready;
            }
            if (!step.process().isAlive() || System.nanoTime() - deadline > 0)
            {
                throw new AssertionError("only " + ready.size() + " of " + count + " ranks got ready:\n" +
                    step.await(Duration.ofSeconds(30)));
            }
            Thread.sleep(100);
        }
    }

    private static String jobOf(final Shell.Running step) throws IOException
    {
        final Matcher job = Pattern.compile("job=(\\d+)").matcher(Files.readString(step.out()));
        assertTrue(job.find());
        return job.group(1);
    }

    /** Every rank JVM is gone within a few seconds of the end of its step. */
    private static void assertGone(final Map<Integer, Long> pids) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        for (final Map.Entry<Integer, Long> rank : pids.entrySet())
        {
            while (ProcessHandle.of(rank.getValue()).map(ProcessHandle::isAlive).orElse(false))
            {
                assertTrue(System.nanoTime() - deadline < 0, "the JVM of rank " + rank.getKey() + " still runs");
                Thread.sleep(100);
            }
        }
    }

    /** No shared-memory directory of a Slurm node of this cluster is left (or it goes within seconds). */
    private void assertNothingLeft() throws IOException, InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Set<String> left;
        while (!(left = nodeDirectories()).isEmpty() && !shmBefore.containsAll(left))
        {
            if (System.nanoTime() - deadline > 0)
            {
                left.removeAll(shmBefore);
                throw new AssertionError("left in /dev/shm: " + left);
            }
            Thread.sleep(100);
        }
    }

    private static Set<String> nodeDirectories() throws IOException
    {
        try (Stream<Path> entries = Files.list(Path.of("/dev/shm")))
        {
            return entries.map(entry -> entry.getFileName().toString())
                .filter(name -> NODE_DIRECTORY.matcher(name).matches())
                .collect(TreeSet::new, Set::add, Set::addAll);
        }
    }

    private static String outputs(final Path work) throws IOException
    {
        final StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.list(work))
        {
            for (final Path file : files.filter(f -> f.getFileName().toString().endsWith(".out")).toList())
            {
                all.append(Files.readString(file));
            }
        }
        return all.toString();
    }
}
