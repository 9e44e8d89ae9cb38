package io.colompi.colo;

import io.colompi.testprograms.ExitingRank;
import io.colompi.testprograms.FailingRank;
import io.colompi.testprograms.PrintRank;
import io.colompi.testprograms.Ring;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** End to end: {@code colorun} starts a real rank-host JVM (this JVM's class path) and reports its status. */
@Timeout(60)
class LaunchTest
{
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

    private int colorun(final String... args)
    {
        return Colorun.execute(args,
            new PrintStream(outBytes, true, StandardCharsets.UTF_8), new PrintStream(errBytes, true, StandardCharsets.UTF_8));
    }

    private List<String> out()
    {
        return outBytes.toString(StandardCharsets.UTF_8).lines().sorted().toList();
    }

    private String err()
    {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    private static String programs()
    {
        return ColocatedJobTest.PROGRAMS.toString();
    }

    @Test
    void ranksPrintTaggedLinesAndTheJobEndsWithStatusZero()
    {
        final int status = colorun("-np", "3", "-cp", programs(), PrintRank.class.getName(), "-x", "--y");

        assertEquals(0, status, err());
        assertEquals(List.of(
            "[0] rank 0 of 3 args=[-x, --y] counter=1",
            "[1] rank 1 of 3 args=[-x, --y] counter=1",
            "[2] rank 2 of 3 args=[-x, --y] counter=1"), out());
    }

    @Test
    void aFailingRankIsReportedAndTheJobEndsWithStatusOne()
    {
        final int status = colorun("-np", "4", "-cp", programs(), FailingRank.class.getName());

        assertEquals(1, status, err());
        assertTrue(err().startsWith("colompi: rank 2 failed: java.lang.IllegalStateException: boom"), err());
        assertTrue(err().contains("FailingRank.main(FailingRank.java:"), err());
    }

    @Test
    void statsGivesEachRanksTransportCounters()
    {
        final int status = colorun("-np", "2", "--stats", "--no-tag", "-cp", programs(), Ring.class.getName());

        assertEquals(0, status, err());
        assertEquals(List.of("rank 0 got 1", "rank 1 got 0"), out());
        assertTrue(err().contains("colompi stats: rank 0 local messages=1 bytes=4"), err());
        assertTrue(err().contains("colompi stats: rank 1 local messages=1 bytes=4"), err());
    }

    @Test
    void systemExitInARankEndsTheJobWithItsStatusAndFlushesOutput()
    {
        final int status = colorun("-np", "2", "-cp", programs(), ExitingRank.class.getName());

        assertEquals(3, status, err());
        assertEquals(List.of("[0] last words without newline"), out());
    }

    @Test
    void aBadRuntimeSettingEndsTheJobBeforeAnyRankStartsWithOneLineNamingIt()
    {
        final int status = colorun("-np", "2", "--ranks-per-jvm", "1", "-J-Dcolompi.wait=sleep", "-cp", programs(),
            PrintRank.class.getName());

        assertEquals(2, status, err());
        assertEquals(List.of(), out());
        assertTrue(err().startsWith("colompi: system property colompi.wait must be one of backoff, spin, not 'sleep'"),
            err());
        assertTrue(!err().contains("Exception"), err());
    }
}
