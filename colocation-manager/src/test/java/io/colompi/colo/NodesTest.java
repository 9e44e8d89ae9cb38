package io.colompi.colo;

import io.colompi.colo.testing.TestHosts;
import io.colompi.testprograms.BulkAndAllreduce;
import io.colompi.testprograms.FramesFromOutside;
import io.colompi.testprograms.Hanging;
import io.colompi.testprograms.HelloEveryone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Jobs across three stand-in hosts ({@link TestHosts}: network namespaces on a bridge), started with
 * {@code --hostfile} and the launch agent {@code ip netns exec {host}}: placement, a host that disappears, and a
 * lossy network between the hosts.
 */
@Timeout(90)
class NodesTest
{
    private static TestHosts hosts;

    @TempDir
    Path dir;
    private final List<RunningJob> jobs = new ArrayList<>();

    /** In each test rather than once, so a test that cannot run is reported skipped, with the reason. */
    @BeforeEach
    void needsTheNetworkTransportAndTheHosts() throws Exception
    {
        NodeTraffic.assumeNetworkTransport();
        if (hosts == null)
        {
            hosts = TestHosts.create(3);
        }
    }

    @AfterAll
    static void removeHosts() throws Exception
    {
        if (hosts != null)
        {
            hosts.close();
            hosts = null;
        }
    }

    @AfterEach
    void stopWhatIsLeft()
    {
        jobs.forEach(RunningJob::close);
    }

    private JobLauncher.Builder onHosts(final int np, final int perJvm, final int slots, final Class<?> program)
        throws Exception
    {
        return JobLauncher.builder()
            .np(np).ranksPerJvm(perJvm)
            .hostfile(hosts.hostfile(dir.resolve("hosts"), slots))
            .launchAgent(TestHosts.LAUNCH_AGENT)
            .classPath(ColocatedJobTest.PROGRAMS).mainClass(program)
            .timeout(Duration.ofSeconds(60));
    }

    private RunningJob start(final JobLauncher.Builder builder) throws Exception
    {
        final RunningJob job = builder.start();
        jobs.add(job);
        return job;
    }

    private static void assertNothingLeftBy(final RunningJob job) throws Exception
    {
        Leftovers.assertCleanedUp(job);
        for (int host = 0; host < 3; host++)
        {
            assertEquals(List.of(), hosts.pids(host), "processes left on " + hosts.name(host));
        }
    }

    /** What every JVM of {@code job} is doing ({@code jcmd Thread.print}), for a job that hangs. */
    private static String threadDumps(final RunningJob job)
    {
        final StringBuilder dumps = new StringBuilder();
        for (int jvm = 0; jvm < job.layout().jvmCount(); jvm++)
        {
            dumps.append("--- JVM ").append(jvm).append('\n');
            try
            {
                final Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(job.pid(jvm)), "Thread.print").redirectErrorStream(true).start();
                dumps.append(new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                jcmd.waitFor(10, TimeUnit.SECONDS);
            }
            catch (final IOException | InterruptedException ex)
            {
                dumps.append("no thread dump: ").append(ex).append('\n');
            }
        }
        return dumps.toString();
    }

    @Test
    void twelveRanksOnThreeHostsUseLocalShmAndAeronAsTheirPlacementImplies() throws Exception
    {
        final RunningJob job = start(onHosts(12, 2, 4, HelloEveryone.class).stats(true).tagOutput(false));
        final LaunchResult result = job.await();

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(
            IntStream.range(0, 12).boxed().flatMap(rank -> Stream.of(
                "hello from rank " + rank + " of 12", "rank " + rank + " heard from 11 ranks")).sorted().toList(),
            result.stdout().stream().sorted().toList());
        assertEquals(JobLayout.onHosts(12, new int[]{ 4, 4, 4 }, 2), job.layout());
        final Map<Integer, Map<String, Long>> expected = NodeTraffic.oneToEveryPeer(job.layout().placement());
        assertEquals(Map.of("local", 1L, "shm", 2L, "aeron", 8L), expected.get(11));
        assertEquals(expected, NodeTraffic.sent(result.stderr()), () -> String.join("\n", result.stderr()));
        assertNothingLeftBy(job);
    }

    @Test
    void aHostWhoseJvmsAreAllKilledEndsTheJobWithinFiveSecondsNamingItsRanks() throws Exception
    {
        // 6 ranks, 2 per host, one JVM each: the middle host runs ranks 2-3.
        final RunningJob job = start(onHosts(6, 2, 2, Hanging.class));
        assertTrue(job.awaitFence(Duration.ofSeconds(30)), "the JVMs wire up");

        final long start = System.nanoTime();
        assertEquals(1, hosts.killAll(1));
        final LaunchResult result = job.await(Duration.ofSeconds(15)).orElseThrow();

        final long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(millis < 5_000, "ended after " + millis + " ms");
        assertNotEquals(0, result.exitCode(), result::toString);
        assertTrue(result.stderr().contains("colompi: job ended: JVM 1 (ranks 2-3 on host " + hosts.name(1) + ", pid " +
            job.pid(1) + ") exited with status 137 (killed by SIGKILL)"), result::toString);
        assertNothingLeftBy(job);
        assertFalse(Files.exists(job.sharedMemoryDirectory()));
    }

    /**
     * An impostor on the third host, outside the job, sends the JVM of rank 1 (on the second host) frames as from
     * the JVM of rank 0 (on the first): a replay of a frame it received, that frame with its payload changed, one
     * signed with another secret, and two cut short. The JVM refuses all five, counts them ({@code --stats}:
     * {@code refused=5}), and the job ends with the data its ranks sent.
     */
    @Test
    void framesForgedReplayedOrCutShortFromAnotherHostAreRefusedAndCountedAndTheJobKeepsItsData() throws Exception
    {
        final Path hostfile = Files.writeString(dir.resolve("two-hosts"),
            hosts.name(0) + " slots=1\n" + hosts.name(1) + " slots=1\n");
        final RunningJob job = start(onHosts(2, 1, 1, FramesFromOutside.class).hostfile(hostfile)
            .args(List.of(dir.toString())).stats(true).tagOutput(false));
        final Path target = dir.resolve("target");
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(target) && System.nanoTime() < deadline)
        {
            Thread.sleep(50);
        }
        assertTrue(Files.exists(target), "rank 1 wrote no target");

        final List<String> impostor = new ArrayList<>(List.of("ip", "netns", "exec", hosts.name(2),
            Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        impostor.addAll(JobLauncher.REQUIRED_JVM_OPTIONS);
        impostor.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.colompi.transport.rdma.Impostor",
            target.toString()));
        final Process sender = new ProcessBuilder(impostor).redirectErrorStream(true).start();
        final String said = new String(sender.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(sender.waitFor(60, TimeUnit.SECONDS), said);
        assertEquals(0, sender.exitValue(), said);
        final LaunchResult result = job.await(Duration.ofSeconds(60)).orElseGet(() -> fail("no end within 60 s; " +
            "the rank JVMs:\n" + threadDumps(job)));

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(List.of("rank 1 got [11, 12] then [21, 22]; its JVM refused 5 frames"), result.stdout(),
            result::toString);
        assertTrue(result.stderr().stream().anyMatch(line ->
            line.matches("colompi stats: rank 1 aeron messages=1 bytes=4 refused=5")), result::toString);
        assertNothingLeftBy(job);
    }

    /**
     * 10 % of the datagrams between hosts dropped both ways: Aeron's NAKs and retransmits recover every lost frame,
     * lost tails included (a sender whose rank has finished keeps answering NAKs while its JVM lingers).
     */
    @Test
    void aJobMovingMegabytesAndAnAllreduceCompletesCorrectlyDespiteTenPercentLossBetweenHosts() throws Exception
    {
        final RunningJob job;
        final LaunchResult result;
        try (AutoCloseable loss = hosts.dropBetweenHosts(10))
        {
            job = start(onHosts(3, 1, 1, BulkAndAllreduce.class).stats(true).tagOutput(false));
            result = job.await(Duration.ofSeconds(30)).orElseGet(() -> fail("no end within 30 s; the rank JVMs:\n" +
                threadDumps(job)));
        }

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(List.of("rank 0 ok", "rank 1 ok", "rank 2 ok"), result.stdout().stream().sorted().toList());
        assertTrue(NodeTraffic.sent(result.stderr()).get(0).get("aeron") >= 2, result::toString);
        assertNothingLeftBy(job);
    }
}
