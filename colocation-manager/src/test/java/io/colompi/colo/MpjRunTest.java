package io.colompi.colo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

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
    void hybdevAndUnknownDevicesAreRefusedWithStatusTwo()
    {
        final MpjRun.UsageException hyb = assertThrows(MpjRun.UsageException.class, () -> parse("-dev", "hybdev", "Hello"));
        assertTrue(hyb.getMessage().contains("hybdev needs the Aeron transport, not yet implemented"), hyb.getMessage());
        assertThrows(MpjRun.UsageException.class, () -> parse("-dev", "quantum", "Hello"));

        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status = MpjRun.execute(new String[]{ "-dev", "hybdev", "Hello" },
            new PrintStream(OutputStream.nullOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, status);
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("mpjrun.sh: -dev hybdev needs"));
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
