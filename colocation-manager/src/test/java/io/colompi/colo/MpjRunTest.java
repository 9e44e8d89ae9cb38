package io.colompi.colo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class MpjRunTest
{
    private static LaunchSpec parse(final String... args) throws Exception
    {
        return MpjRun.parse(args).orElseThrow();
    }

    @Test
    void multicoreRunsEveryRankInOneJvmWithTheCurrentDirectoryOnTheClassPath() throws Exception
    {
        final LaunchSpec spec = parse("-np", "4", "-dev", "multicore", "-cp", "lib.jar", "-Xmx256m", "-Dk=v",
            "-machinesfile", "machines", "-psl", "65536", "Hello", "-np", "x");

        assertEquals(4, spec.np());
        assertEquals(4, spec.ranksPerJvm());
        assertEquals("Hello", spec.mainClass());
        assertEquals(List.of("-np", "x"), spec.args());
        assertEquals(List.of("-Xmx256m", "-Dk=v"), spec.jvmOptions());
        assertEquals(List.of(Path.of("lib.jar").toAbsolutePath(), Path.of("").toAbsolutePath()), spec.classPath());
    }

    @Test
    void npDefaultsToTheCoresAndWdirSetsTheWorkingDirectory() throws Exception
    {
        final LaunchSpec spec = parse("-wdir", "/tmp", "Hello");

        assertEquals(Runtime.getRuntime().availableProcessors(), spec.np());
        assertEquals(Path.of("/tmp"), spec.workDir());
    }

    @Test
    void niodevRunsAJvmPerRank() throws Exception
    {
        final LaunchSpec spec = parse("-np", "3", "-dev", "niodev", "Hello");

        assertEquals(3, spec.np());
        assertEquals(1, spec.ranksPerJvm());
    }

    @Test
    void hybdevRunsOneJvmPerHostOfTheMachinesFileAndOneJvmWithoutIt(@TempDir final Path dir) throws Exception
    {
        final Path machines = Files.writeString(dir.resolve("machines"), "# MPJ Express style\nnode1\nnode2\n");

        final LaunchSpec spread = parse("-np", "6", "-dev", "hybdev", "-machinesfile", machines.toString(), "Hello");
        final JobLayout layout = spread.layout();
        assertEquals(2, layout.jvmCount(), "a JVM per host: " + layout);
        assertArrayEquals(new int[]{ 0, 1, 2 }, layout.ranksOf(0));
        assertArrayEquals(new int[]{ 3, 4, 5 }, layout.ranksOf(1));
        assertEquals(Optional.of("node2"), spread.nodes().agentHost(1));
        assertTrue(spread.nodes().agent().remoteShell(), "machines files are reached with ssh");

        final LaunchSpec alone = parse("-np", "4", "-dev", "hybdev", "Hello");
        assertEquals(1, alone.layout().jvmCount());
        assertEquals(JobNodes.THIS_MACHINE, alone.nodes());
    }

    @Test
    void niodevWithAMachinesFileRunsAJvmPerRankOnItsHostsAndMulticoreIgnoresIt(@TempDir final Path dir) throws Exception
    {
        final Path machines = Files.writeString(dir.resolve("machines"), "node1:2\nnode2:2\n");

        final JobLayout layout = parse("-np", "4", "-dev", "niodev", "-machinesfile", machines.toString(), "Hello").layout();
        assertEquals(4, layout.jvmCount());
        assertEquals(List.of(0, 0, 1, 1), List.of(layout.nodeOfJvm(0), layout.nodeOfJvm(1), layout.nodeOfJvm(2), layout.nodeOfJvm(3)));

        assertEquals(JobNodes.THIS_MACHINE, parse("-np", "4", "-machinesfile", machines.toString(), "Hello").nodes());
    }

    @Test
    void unknownDevicesBadMachinesFilesAndABadJitModeAreRefusedWithStatusTwo(@TempDir final Path dir) throws IOException
    {
        assertTrue(assertThrows(MpjRun.UsageException.class, () -> parse("-dev", "quantum", "Hello")).getMessage()
            .contains("unknown device quantum"));
        assertTrue(assertThrows(MpjRun.UsageException.class,
            () -> parse("-dev", "hybdev", "-machinesfile", dir.resolve("none").toString(), "Hello")).getMessage()
            .contains("no such machines file"));
        final Path bad = Files.writeString(dir.resolve("bad"), "node1 slots=0\n");
        assertTrue(assertThrows(MpjRun.UsageException.class,
            () -> parse("-dev", "niodev", "-machinesfile", bad.toString(), "Hello")).getMessage()
            .contains(bad + ":1: a host needs at least 1 slot, got 0"));

        assertTrue(assertThrows(MpjRun.UsageException.class, () -> parse("-np", "2", "-Dcolompi.jit=c2", "Hello"))
            .getMessage().contains("colompi.jit must be auto or program, got 'c2'"));

        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status = MpjRun.execute(new String[]{ "-dev", "quantum", "Hello" },
            new PrintStream(OutputStream.nullOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, status);
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("mpjrun.sh: unknown device quantum"));
    }

    @Test
    void malformedCommandLinesAreRefused() throws IOException
    {
        assertThrows(MpjRun.UsageException.class, () -> parse("-np", "0", "Hello"));
        assertThrows(MpjRun.UsageException.class, () -> parse("-np"));
        assertThrows(MpjRun.UsageException.class, () -> parse("-np", "2"));
        assertThrows(MpjRun.UsageException.class, () -> parse("-jar", "no-such.jar"));
    }

    @Test
    void helpIsAskedWithDashHOrNothing() throws Exception
    {
        assertTrue(MpjRun.parse(new String[0]).isEmpty());
        assertTrue(MpjRun.parse(new String[]{ "-np", "2", "-h" }).isEmpty());
    }
}
