package io.colompi.colo;

import io.colompi.testprograms.ReadyThenSleep;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The launcher as its own process ({@code colorun} as users run it), stopped or killed from outside. */
@Timeout(30)
class LauncherProcessTest
{
    private Process launcher;
    private final List<ProcessHandle> hosts = new ArrayList<>();
    private final BlockingQueue<String> out = new LinkedBlockingQueue<>();
    private final StringBuffer err = new StringBuffer();
    private Thread errReader;

    @AfterEach
    void killWhatIsLeft()
    {
        if (launcher != null)
        {
            launcher.destroyForcibly();
        }
        hosts.forEach(ProcessHandle::destroyForcibly);
    }

    /** Start {@code colorun <options> -cp <test programs> ReadyThenSleep} in a JVM of its own with {@code jvmOptions}. */
    private void startLauncher(final List<String> jvmOptions, final String... options) throws IOException
    {
        final List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(JobLauncher.REQUIRED_JVM_OPTIONS);
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Colorun.class.getName()));
        command.addAll(List.of(options));
        command.addAll(List.of("-cp", ColocatedJobTest.PROGRAMS.toString(), ReadyThenSleep.class.getName()));
        launcher = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        copyLines(launcher.getInputStream(), out::add);
        errReader = copyLines(launcher.getErrorStream(), line -> err.append(line).append('\n'));
    }

    /** Start {@code colorun -np 4 --ranks-per-jvm 2 ReadyThenSleep} and wait until every rank is running. */
    private Path startJobAndWaitForItsRanks() throws Exception
    {
        startLauncher(List.of(), "-np", "4", "--ranks-per-jvm", "2");
        for (int rank = 0; rank < 4; rank++)
        {
            final String line = out.poll(20, TimeUnit.SECONDS);
            assertNotNull(line, "only " + rank + " ranks ready; stderr: " + err);
            assertTrue(line.endsWith("] ready"), line);
        }
        launcher.children().forEach(hosts::add);
        assertEquals(2, hosts.size(), "two rank-host JVMs");
        final Path dir = jobDirectoryOf(hosts.get(0).pid());
        assertTrue(Files.isDirectory(dir), dir.toString());
        return dir;
    }

    private static Path jobDirectoryOf(final long pid) throws IOException
    {
        final String environ = Files.readString(Path.of("/proc", Long.toString(pid), "environ"), StandardCharsets.UTF_8);
        for (final String variable : environ.split("\0"))
        {
            if (variable.startsWith(HostEnvironment.JOB_DIR + "="))
            {
                return Path.of(variable.substring(HostEnvironment.JOB_DIR.length() + 1));
            }
        }
        throw new AssertionError("no " + HostEnvironment.JOB_DIR + " in the environment of " + pid);
    }

    private static Thread copyLines(final InputStream stream, final Consumer<String> sink)
    {
        final Thread thread = new Thread(() ->
        {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8)))
            {
                String line;
                while ((line = reader.readLine()) != null)
                {
                    sink.accept(line);
                }
            }
            catch (final IOException ignored)
            {
                // The launcher is gone.
            }
        });
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private void assertHostsAndDirectoryGoneWithin(final Duration limit, final Path dir) throws InterruptedException
    {
        for (final ProcessHandle host : hosts)
        {
            Leftovers.assertGoneWithin(limit, "rank host " + host.pid(), () -> !Leftovers.alive(host.pid()));
        }
        Leftovers.assertGoneWithin(limit, dir.toString(), () -> !Files.exists(dir));
    }

    @Test
    void sigtermOfTheLauncherStopsEveryJvmRemovesTheDirectoryAndExits143() throws Exception
    {
        final Path dir = startJobAndWaitForItsRanks();

        // SIGTERM as kill(1) sends it: Process.destroy() would also close our end of the launcher's pipes.
        assertEquals(0, new ProcessBuilder("kill", "-TERM", Long.toString(launcher.pid())).start().waitFor());

        assertTrue(launcher.waitFor(10, TimeUnit.SECONDS), "the launcher ends");
        assertEquals(143, launcher.exitValue(), err::toString);
        assertHostsAndDirectoryGoneWithin(Duration.ofSeconds(5), dir);
        errReader.join(5_000);
        assertTrue(err.toString().contains("colompi: job ended: the launcher was stopped"), () -> "stderr: [" + err + "]");
    }

    @Test
    void rankHostsHaltAndCleanUpWhenTheirLauncherIsKilled() throws Exception
    {
        final Path dir = startJobAndWaitForItsRanks();

        launcher.destroyForcibly();

        assertTrue(launcher.waitFor(10, TimeUnit.SECONDS));
        assertHostsAndDirectoryGoneWithin(Duration.ofSeconds(5), dir);
    }

    @Test
    @Timeout(60)
    void rankHostsCleanUpWhenTheirLauncherIsKilledRightAfterStartingThem() throws Exception
    {
        startLauncher(List.of(), "-np", "4", "--ranks-per-jvm", "2");
        // The moment both rank-host JVMs exist (they have not joined yet), kill -9 the launcher.
        while (launcher.children().count() < 2)
        {
            assertTrue(launcher.isAlive(), err::toString);
            Thread.sleep(1);
        }
        launcher.children().forEach(hosts::add);
        final Path dir = jobDirectoryOf(hosts.get(0).pid());
        launcher.destroyForcibly();

        assertTrue(launcher.waitFor(10, TimeUnit.SECONDS));
        assertTrue(Files.isDirectory(dir), "the launcher had made " + dir);
        assertHostsAndDirectoryGoneWithin(Duration.ofSeconds(20), dir);
    }

    /** Start colorun on host 'stuck' through an agent that never starts the JVM: a shell sleeping as {@code marker}. */
    private void startThroughAHangingAgent(final String marker, final String... jvmOptions) throws Exception
    {
        final Path hostfile = Files.createTempFile("colompi-hosts", ".txt");
        hostfile.toFile().deleteOnExit();
        Files.writeString(hostfile, "stuck slots=2\n");
        startLauncher(List.of(jvmOptions), "-np", "2", "--hostfile", hostfile.toString(),
            "--launch-agent", "sh -c 'sleep " + marker + "; true' {host}");
    }

    private static void assertNoProcessRuns(final String marker) throws InterruptedException
    {
        Leftovers.assertGoneWithin(Duration.ofSeconds(5), "a process 'sleep " + marker + "'",
            () -> ProcessHandle.allProcesses().noneMatch(process -> isAgent(process, marker)));
    }

    /** The hanging agent's shell or its sleep (not the launcher, whose command line names them too). */
    private static boolean isAgent(final ProcessHandle process, final String marker)
    {
        return process.info().commandLine().orElse("").contains(marker) &&
            !process.info().command().orElse("").endsWith("/java");
    }

    @Test
    @Timeout(60)
    void aHangingLaunchAgentMissesTheJoinDeadlineAndLeavesNoProcess() throws Exception
    {
        final String marker = "7777." + ProcessHandle.current().pid() + "1";
        startThroughAHangingAgent(marker, "-D" + RunningJob.JOIN_TIMEOUT_PROPERTY + "=2");

        assertTrue(launcher.waitFor(25, TimeUnit.SECONDS), () -> "the launcher ends; stderr: " + err);
        assertEquals(1, launcher.exitValue(), err::toString);
        errReader.join(5_000);
        assertTrue(err.toString().contains("colompi: job ended: wire-up did not complete within 2 s; not connected: JVM 0 " +
            "(ranks 0-1 on host stuck"), () -> "stderr: [" + err + "]");
        assertNoProcessRuns(marker);
    }

    @Test
    @Timeout(60)
    void sigtermWhileALaunchAgentHangsSaysSoAndLeavesNoProcess() throws Exception
    {
        final String marker = "7777." + ProcessHandle.current().pid() + "2";
        startThroughAHangingAgent(marker);
        Leftovers.assertGoneWithin(Duration.ofSeconds(30), "the agent's start",
            () -> ProcessHandle.allProcesses().anyMatch(process -> isAgent(process, marker)));

        assertEquals(0, new ProcessBuilder("kill", "-TERM", Long.toString(launcher.pid())).start().waitFor());

        assertTrue(launcher.waitFor(20, TimeUnit.SECONDS), "the launcher ends");
        assertEquals(143, launcher.exitValue(), err::toString);
        errReader.join(5_000);
        assertTrue(err.toString().contains("colompi: job ended: the launcher was stopped"), () -> "stderr: [" + err + "]");
        assertNoProcessRuns(marker);
    }
}
