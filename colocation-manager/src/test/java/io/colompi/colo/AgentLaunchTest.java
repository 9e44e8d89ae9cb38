package io.colompi.colo;

import io.colompi.colo.testing.TestHosts;
import io.colompi.testprograms.EchoStdin;
import io.colompi.testprograms.Hanging;
import io.colompi.testprograms.Ring;
import io.colompi.testprograms.WhereAmI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rank hosts started through a launch agent ({@code ip netns exec}) on a stand-in host: every rank of these jobs is
 * on one host, so they need no network transport; {@code NodesTest} spreads jobs over several hosts.
 */
@Timeout(60)
class AgentLaunchTest
{
    private static TestHosts hosts;

    @TempDir
    Path dir;
    private final List<RunningJob> jobs = new ArrayList<>();

    /** In each test rather than once, so a test that cannot run is reported skipped, with the reason. */
    @BeforeEach
    void needsTheHost() throws Exception
    {
        if (hosts == null)
        {
            hosts = TestHosts.create(1);
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

    private JobLauncher.Builder onTheHost(final int np, final int perJvm, final Class<?> program) throws Exception
    {
        return JobLauncher.builder()
            .np(np).ranksPerJvm(perJvm)
            .hostfile(hosts.hostfile(dir.resolve("hosts"), np))
            .launchAgent(TestHosts.LAUNCH_AGENT)
            .classPath(ColocatedJobTest.PROGRAMS).mainClass(program)
            .timeout(Duration.ofSeconds(30));
    }

    private RunningJob start(final JobLauncher.Builder builder) throws Exception
    {
        final RunningJob job = builder.start();
        jobs.add(job);
        return job;
    }

    private static void assertNothingLeftOn(final RunningJob job) throws Exception
    {
        Leftovers.assertCleanedUp(job);
        assertEquals(List.of(), hosts.pids(0), "processes left on " + hosts.name(0));
    }

    @Test
    void rankHostsOnAnotherHostGetTheirJobOnStdinAndReachTheLauncherAcrossTheBridge() throws Exception
    {
        final RunningJob job = start(onTheHost(4, 2, WhereAmI.class).tagOutput(false));
        final LaunchResult result = job.await();

        assertEquals(0, result.exitCode(), result::toString);
        final String where = " at " + hosts.address(0) + " in " + System.getProperty("user.dir") + " args=[]";
        assertEquals(List.of("rank 0" + where, "rank 1" + where, "rank 2" + where, "rank 3" + where),
            result.stdout().stream().sorted().toList());
        assertNothingLeftOn(job);
    }

    @Test
    void aRemoteShellAgentGetsOneQuotedCommandLineThatKeepsEveryArgument() throws Exception
    {
        // A stand-in for ssh: like sshd, it hands the one command line to a shell, on the host.
        final Path ssh = Files.writeString(dir.resolve("ssh"),
            "#!/bin/sh\nhost=\"$1\"; shift\nexec ip netns exec \"$host\" sh -c \"$*\"\n");
        Files.setPosixFilePermissions(ssh, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        final Path workDir = Files.createDirectory(dir.resolve("work dir"));

        final RunningJob job = start(onTheHost(2, 1, WhereAmI.class)
            .launchAgent(ssh + " {host}").workDir(workDir).tagOutput(false)
            .args("a b", "it's", "$HOME", "\"q\"", "*"));
        final LaunchResult result = job.await();

        assertEquals(0, result.exitCode(), result::toString);
        final String where = " at " + hosts.address(0) + " in " + workDir + " args=[a b, it's, $HOME, \"q\", *]";
        assertEquals(List.of("rank 0" + where, "rank 1" + where), result.stdout().stream().sorted().toList());
        assertNothingLeftOn(job);
    }

    @Test
    void jvmsOfOneHostTalkSharedMemory() throws Exception
    {
        final RunningJob job = start(onTheHost(4, 2, Ring.class).stats(true).tagOutput(false));
        MultiJvmTest.assertRingCrossedJvmsOverShm(job.await());
        assertNothingLeftOn(job);
    }

    @Test
    void killingEveryJvmOfAHostEndsTheJobWithinFiveSecondsNamingAllItsRanks() throws Exception
    {
        final RunningJob job = start(onTheHost(4, 2, Hanging.class));
        assertTrue(job.awaitFence(Duration.ofSeconds(20)), "the JVMs wire up");
        assertEquals(List.of(job.pid(0), job.pid(1)), hosts.pids(0).stream().sorted().toList(),
            "with ip netns exec, the agent's process is the JVM");

        final long start = System.nanoTime();
        assertEquals(2, hosts.killAll(0));
        final LaunchResult result = job.await(Duration.ofSeconds(10)).orElseThrow();

        final long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(millis < 5_000, "ended after " + millis + " ms");
        assertEquals(137, result.exitCode(), result::toString);
        final String host = "on host " + hosts.name(0);
        final String stderr = String.join("\n", result.stderr());
        assertTrue(stderr.contains("JVM 0 (ranks 0-1 " + host + ", pid " + job.pid(0) + ") exited with status 137 (killed by SIGKILL)"),
            stderr);
        assertTrue(stderr.contains("JVM 1 (ranks 2-3 " + host + ", pid " + job.pid(1) + ") exited with status 137 (killed by SIGKILL)"),
            stderr);
        assertTrue(stderr.contains("colompi: also lost: JVM "), stderr);
        assertNothingLeftOn(job);
    }

    @Test
    void aHostCutOffTheNetworkEndsTheJobWithinSecondsNamingItsJvms() throws Exception
    {
        final String before = System.setProperty(RendezvousProtocol.SILENCE_PROPERTY, "3000");
        try
        {
            final RunningJob job = start(onTheHost(2, 1, Hanging.class));
            assertTrue(job.awaitFence(Duration.ofSeconds(20)), "the JVMs wire up");

            final long start = System.nanoTime();
            final LaunchResult result;
            try (AutoCloseable cut = hosts.cut(0))
            {
                result = job.await(Duration.ofSeconds(15)).orElseThrow();
            }
            final long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(millis < 8_000, "ended after " + millis + " ms");
            assertNotEquals(0, result.exitCode(), result::toString);
            final String stderr = String.join("\n", result.stderr());
            assertTrue(stderr.contains("on host " + hosts.name(0)) && stderr.contains("was not heard from for 3 s"),
                stderr);
            assertNothingLeftOn(job);
        }
        finally
        {
            if (before == null)
            {
                System.clearProperty(RendezvousProtocol.SILENCE_PROPERTY);
            }
            else
            {
                System.setProperty(RendezvousProtocol.SILENCE_PROPERTY, before);
            }
        }
    }

    @Test
    void theLaunchersStdinReachesRankZeroOnAnotherHostAfterItsWiring() throws Exception
    {
        final Path input = Files.writeString(dir.resolve("input"), "hello from stdin\nmore\n");
        final List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(JobLauncher.REQUIRED_JVM_OPTIONS);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Colorun.class.getName(),
            "-np", "2", "--ranks-per-jvm", "1", "--hostfile", hosts.hostfile(dir.resolve("hosts"), 2).toString(),
            "--launch-agent", TestHosts.LAUNCH_AGENT, "-cp", ColocatedJobTest.PROGRAMS.toString(), EchoStdin.class.getName()));
        final Process colorun = new ProcessBuilder(command)
            .redirectInput(input.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
        try
        {
            final String out = new String(colorun.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(colorun.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, colorun.exitValue(), out);
            assertEquals("[0] stdin: hello from stdin\n", out);
        }
        finally
        {
            colorun.destroyForcibly();
        }
        assertEquals(List.of(), hosts.pids(0));
    }
}
