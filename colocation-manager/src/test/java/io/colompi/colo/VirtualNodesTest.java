package io.colompi.colo;

import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.driver.status.SystemCounterDescriptor;
import io.colompi.testprograms.HelloEveryone;
import org.agrona.concurrent.SleepingIdleStrategy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pretend nodes of this machine ({@code --virtual-nodes}): all three transports in one job, the network one on loopback. */
@Timeout(60)
class VirtualNodesTest
{
    @BeforeEach
    void needsTheNetworkTransport()
    {
        NodeTraffic.assumeNetworkTransport();
    }

    @ParameterizedTest(name = "{0} ranks, {1} per JVM, {2} virtual nodes")
    @CsvSource({ "8, 2, 2", "12, 2, 3" })
    void everyRankReachesEveryOtherThroughTheTransportItsPlacementImplies(final int np, final int perJvm, final int nodes)
        throws Exception
    {
        final LaunchResult result = JobLauncher.builder()
            .np(np).ranksPerJvm(perJvm).virtualNodes(nodes).stats(true).tagOutput(false)
            .classPath(ColocatedJobTest.PROGRAMS).mainClass(HelloEveryone.class)
            .timeout(Duration.ofSeconds(45))
            .run();

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(
            IntStream.range(0, np).boxed().flatMap(rank -> Stream.of(
                "hello from rank " + rank + " of " + np, "rank " + rank + " heard from " + (np - 1) + " ranks")).sorted().toList(),
            result.stdout().stream().sorted().toList());
        final JobLayout layout = JobLayout.virtualNodes(np, nodes, perJvm);
        final Map<Integer, Map<String, Long>> expected = NodeTraffic.oneToEveryPeer(layout.placement());
        // e.g. 12 ranks, 2 per JVM, 3 nodes of 2 JVMs: each rank 1 local, 2 shm and 8 aeron messages.
        assertEquals(Map.of("local", 1L, "shm", 2L, "aeron", (long)np - 4), expected.get(0));
        assertEquals(expected, NodeTraffic.sent(result.stderr()), () -> String.join("\n", result.stderr()));
    }

    @Test
    void byDefaultAPretendNodeIsOneJvm() throws Exception
    {
        final LaunchResult result = JobLauncher.builder()
            .np(4).virtualNodes(2).stats(true).tagOutput(false)
            .classPath(ColocatedJobTest.PROGRAMS).mainClass(HelloEveryone.class)
            .timeout(Duration.ofSeconds(45))
            .run();

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(Map.of(0, Map.of("local", 1L, "aeron", 2L), 1, Map.of("local", 1L, "aeron", 2L),
                2, Map.of("local", 1L, "aeron", 2L), 3, Map.of("local", 1L, "aeron", 2L)),
            NodeTraffic.sent(result.stderr()), () -> String.join("\n", result.stderr()));
        assertEquals(List.of(), result.stderr().stream().filter(line -> !line.startsWith("colompi stats:")).toList());
    }

    /** {@code --aeron-dir}: the ranks use the media driver already running on the node, and embed none. */
    @Test
    void withAeronDirTheRanksTalkThroughTheNodesOwnDriver(@TempDir final Path dir) throws Exception
    {
        final MediaDriver.Context context = new MediaDriver.Context()
            .aeronDirectoryName(dir.resolve("aeron").toString())
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(new SleepingIdleStrategy(TimeUnit.MICROSECONDS.toNanos(100)))
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true);
        try (MediaDriver driver = MediaDriver.launch(context))
        {
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            final ByteArrayOutputStream err = new ByteArrayOutputStream();
            final int status = Colorun.execute(new String[]{ "-np", "4", "--virtual-nodes", "2", "--aeron-dir",
                    driver.aeronDirectoryName(), "--stats", "--no-tag", "--timeout", "45",
                    "-cp", ColocatedJobTest.PROGRAMS.toString(), HelloEveryone.class.getName() },
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

            final String report = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
            assertEquals(0, status, report);
            assertEquals(Map.of("local", 1L, "aeron", 2L),
                NodeTraffic.sent(err.toString(StandardCharsets.UTF_8).lines().toList()).get(0), report);
            assertTrue(context.systemCounters().get(SystemCounterDescriptor.BYTES_SENT).get() > 0,
                "the node's driver carried nothing: " + report);
        }
    }
}
