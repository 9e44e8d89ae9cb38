package io.colompi.colo;

import io.colompi.testprograms.AbortingRank;
import io.colompi.testprograms.CompilerRank;
import io.colompi.testprograms.CompilerThreads;
import io.colompi.testprograms.ExitingRank;
import io.colompi.testprograms.FailingRank;
import io.colompi.testprograms.Hanging;
import io.colompi.testprograms.PrintRank;
import io.colompi.testprograms.Ring;
import io.colompi.testprograms.StubbornRank;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Jobs on real rank-host JVMs, through {@link JobLauncher}. */
@Timeout(30)
class MultiJvmTest
{
    private final List<RunningJob> jobs = new ArrayList<>();

    @AfterEach
    void stopWhatIsLeft()
    {
        jobs.forEach(RunningJob::close);
    }

    private RunningJob start(final int np, final int perJvm, final Class<?> program, final String... args) throws IOException
    {
        final RunningJob job = JobLauncher.builder()
            .np(np).ranksPerJvm(perJvm)
            .classPath(ColocatedJobTest.PROGRAMS).mainClass(program).args(args)
            .timeout(Duration.ofSeconds(20))
            .start();
        jobs.add(job);
        return job;
    }

    private static long millisSince(final long start)
    {
        return (System.nanoTime() - start) / 1_000_000;
    }

    @ParameterizedTest(name = "{0} ranks per JVM")
    @ValueSource(ints = { 2, 1 })
    void fourRanksInSeveralJvmsPrintTaggedLinesAndEndWithStatusZero(final int perJvm) throws Exception
    {
        final RunningJob job = start(4, perJvm, PrintRank.class, "-x");
        final LaunchResult result = job.await();

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(4 / perJvm, job.layout().jvmCount());
        assertEquals(List.of(
            "[0] rank 0 of 4 args=[-x] counter=1",
            "[1] rank 1 of 4 args=[-x] counter=1",
            "[2] rank 2 of 4 args=[-x] counter=1",
            "[3] rank 3 of 4 args=[-x] counter=1"), result.stdout().stream().sorted().toList());
        assertEquals(List.of(), result.stderr());
        Leftovers.assertCleanedUp(job);
    }

    @Test
    void statsShowLocalToSameJvmPeersAndShmToOtherJvms() throws Exception
    {
        final LaunchResult result = JobLauncher.builder()
            .np(4).ranksPerJvm(2).stats(true).tagOutput(false)
            .classPath(ColocatedJobTest.PROGRAMS).mainClass(Ring.class)
            .timeout(Duration.ofSeconds(20))
            .run();

        assertRingCrossedJvmsOverShm(result);
    }

    /**
     * The {@link Ring} of 4 ranks in JVMs {0,1} and {2,3} (with stats, untagged) went round: 0->1 and 2->3 stay in
     * a JVM ({@code local}), 1->2 and 3->0 do not ({@code shm}).
     */
    static void assertRingCrossedJvmsOverShm(final LaunchResult result)
    {
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(List.of("rank 0 got 3", "rank 1 got 0", "rank 2 got 1", "rank 3 got 2"),
            result.stdout().stream().sorted().toList());
        for (final String line : List.of(
            "colompi stats: rank 0 local messages=1 bytes=4", "colompi stats: rank 1 shm messages=1 bytes=4",
            "colompi stats: rank 2 local messages=1 bytes=4", "colompi stats: rank 3 shm messages=1 bytes=4"))
        {
            assertTrue(result.stderr().contains(line), line + " in " + result);
        }
    }

    @Test
    void sigkillOfOneJvmEndsTheJobWithinFiveSecondsNamingItsRanks() throws Exception
    {
        final RunningJob job = start(4, 2, Hanging.class);
        assertTrue(job.awaitFence(Duration.ofSeconds(15)), "the JVMs wire up");
        final long victim = job.pid(1);

        final long start = System.nanoTime();
        ProcessHandle.of(victim).orElseThrow().destroyForcibly();
        final LaunchResult result = job.await(Duration.ofSeconds(10)).orElseThrow();

        assertTrue(millisSince(start) < 5_000, "ended after " + millisSince(start) + " ms");
        assertEquals(137, result.exitCode(), result::toString);
        assertTrue(result.stderr().contains(
            "colompi: job ended: JVM 1 (ranks 2-3, pid " + victim + ") exited with status 137 (killed by SIGKILL)"),
            result::toString);
        Leftovers.assertCleanedUp(job);
    }

    @Test
    void aRankThrowingInAnotherJvmEndsTheJobWithStatusOneNamingTheRank() throws Exception
    {
        final RunningJob job = start(4, 2, FailingRank.class);
        final LaunchResult result = job.await();

        assertEquals(1, result.exitCode(), result::toString);
        assertTrue(result.stderr().contains("colompi: rank 2 failed: java.lang.IllegalStateException: boom"), result::toString);
        assertTrue(result.stderr().stream().anyMatch(line -> line.contains("FailingRank.main(FailingRank.java:")), result::toString);
        Leftovers.assertCleanedUp(job);
    }

    @Test
    void abortInOneJvmEndsEveryJvmWithItsCode() throws Exception
    {
        final long start = System.nanoTime();
        final RunningJob job = start(3, 1, AbortingRank.class);
        final LaunchResult result = job.await();

        assertEquals(3, result.exitCode(), result::toString);
        assertEquals(List.of("colompi: rank 1 called Abort(3)"), result.stderr());
        assertTrue(millisSince(start) < 5_000, "ended after " + millisSince(start) + " ms");
        Leftovers.assertCleanedUp(job);
    }

    @Test
    void systemExitInOneJvmEndsTheJobWithItsStatus() throws Exception
    {
        final RunningJob job = start(2, 1, ExitingRank.class);
        final LaunchResult result = job.await();

        assertEquals(3, result.exitCode(), result::toString);
        assertEquals(List.of("[0] last words without newline"), result.stdout());
        assertEquals(List.of("colompi: job ended: rank 0 called System.exit(3) before MPI.Finalize in JVM 0 (ranks 0, pid " + job.pid(0) + ")"),
            result.stderr());
        Leftovers.assertCleanedUp(job);
    }

    @Test
    void aRankDeafToTheAbortIsStoppedWithItsJvmInTime() throws Exception
    {
        final long start = System.nanoTime();
        final RunningJob job = start(2, 1, StubbornRank.class);
        final LaunchResult result = job.await();

        assertEquals(1, result.exitCode(), result::toString);
        assertTrue(result.stderr().contains("colompi: rank 0 failed: java.lang.IllegalStateException: rank 0 fails"),
            result::toString);
        assertTrue(millisSince(start) < 5_000, "ended after " + millisSince(start) + " ms, rank 1 ignores the abort for 5 s");
        Leftovers.assertCleanedUp(job);
    }

    @Test
    void ranksOfANodeWithMoreRanksThanCpusCompileWithC1AloneAndSoonerAndTheOthersWithC2() throws Exception
    {
        final int share = cpuShareOfAVirtualNode();
        final List<String> expected = new ArrayList<>();
        for (int rank = 0; rank < 2 * share + 1; rank++)
        {
            expected.add("rank " + rank + (rank <= share ? " TieredStopAtLevel=1 CompileThresholdScaling=0.2" :
                " TieredStopAtLevel=4 CompileThresholdScaling=1.0"));
        }
        assertEquals(expected, compilersOfAJobWithANodeOneRankOver(List.of()));
    }

    /** Program mode holds on every node: the oversubscribed one's ranks and the others alike. */
    @Test
    void withColompiJitProgramEveryRankKeepsC2AndTheRuntimeC1AndTheOutputIsTheProgramsAlone() throws Exception
    {
        final int share = cpuShareOfAVirtualNode();
        final List<String> expected = new ArrayList<>();
        for (int rank = 0; rank < 2 * share + 1; rank++)
        {
            expected.add("rank " + rank + " TieredStopAtLevel=4 CompileThresholdScaling=1.0 runtime C1");
        }
        assertEquals(expected, compilersOfAJobWithANodeOneRankOver(List.of("-Dcolompi.jit=program")));
    }

    /**
     * A JVM of two ranks with a core each compiles the runtime's methods after a tenth of the usual counts, JVMs of one
     * rank after the JDK's; and on a machine where HotSpot gives a JVM one C2 thread (fewer than 4 CPUs) the JVM of two
     * ranks runs a second one ({@code CICompilerCount} 3) while those of one rank keep HotSpot's two compiler threads.
     */
    @Test
    void aJvmOfSeveralRanksWithACoreEachCompilesTheRuntimeSoonerAndOnASmallMachineWithASecondC2Thread() throws Exception
    {
        final int cpus = Runtime.getRuntime().availableProcessors();
        assumeTrue(cpus >= 2, "two ranks with a core each");
        final List<String> shared = compilerThreads(2);
        final List<String> alone = compilerThreads(1);

        assertEquals(List.of("runtime=0.1", "runtime=0.1"), after(shared, "runtime="));
        assertEquals(List.of("runtime=jdk", "runtime=jdk"), after(alone, "runtime="));
        if (cpus < JitOptions.ONE_C2_BELOW_CPUS)
        {
            assertEquals(List.of("rank 0 CICompilerCount=3 ", "rank 1 CICompilerCount=3 "), before(shared, "runtime="));
            assertEquals(List.of("rank 0 CICompilerCount=2 ", "rank 1 CICompilerCount=2 "), before(alone, "runtime="));
        }
    }

    private static List<String> after(final List<String> lines, final String word)
    {
        return lines.stream().map(line -> line.substring(line.indexOf(word))).toList();
    }

    private static List<String> before(final List<String> lines, final String word)
    {
        return lines.stream().map(line -> line.substring(0, line.indexOf(word))).toList();
    }

    private static List<String> compilerThreads(final int ranksPerJvm) throws Exception
    {
        final LaunchResult result = JobLauncher.builder()
            .np(2).ranksPerJvm(ranksPerJvm).tagOutput(false)
            .classPath(ColocatedJobTest.PROGRAMS).mainClass(CompilerThreads.class)
            .timeout(Duration.ofSeconds(25))
            .run();

        assertEquals(0, result.exitCode(), result::toString);
        return result.stdout().stream().sorted(MultiJvmTest::byRank).toList();
    }

    /** The CPUs of each of two virtual nodes of this machine. */
    private static int cpuShareOfAVirtualNode()
    {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }

    /**
     * Runs {@link CompilerRank} on two virtual nodes, the first with one rank more than its CPUs, the second with as
     * many as it has, a JVM per rank, and returns its lines by rank; the job must print nothing else, on either stream.
     */
    private static List<String> compilersOfAJobWithANodeOneRankOver(final List<String> jvmOptions) throws Exception
    {
        final LaunchResult result = JobLauncher.builder()
            .np(2 * cpuShareOfAVirtualNode() + 1).ranksPerJvm(1).virtualNodes(2).tagOutput(false).jvmOptions(jvmOptions)
            .classPath(ColocatedJobTest.PROGRAMS).mainClass(CompilerRank.class)
            .timeout(Duration.ofSeconds(25))
            .run();

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(List.of(), result.stderr(), result::toString);
        return result.stdout().stream().sorted(MultiJvmTest::byRank).toList();
    }

    private static int byRank(final String line, final String other)
    {
        return Integer.compare(Integer.parseInt(line.split(" ")[1]), Integer.parseInt(other.split(" ")[1]));
    }

    @Test
    void theTimeoutEndsEveryJvmWithStatus124() throws Exception
    {
        final RunningJob job = JobLauncher.builder()
            .np(2).ranksPerJvm(1)
            .classPath(ColocatedJobTest.PROGRAMS).mainClass(Hanging.class)
            .timeout(Duration.ofSeconds(1))
            .start();
        jobs.add(job);
        final LaunchResult result = job.await();

        assertEquals(ColocatedJob.EXIT_TIMEOUT, result.exitCode(), result::toString);
        assertEquals(List.of("colompi: job timed out after 1 s"), result.stderr());
        Leftovers.assertCleanedUp(job);
    }
}
