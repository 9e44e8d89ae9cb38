package io.colompi.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** More ranks than cores: hundreds colocated in one JVM, or eight JVMs of one rank each, on 2 cores. */
@Timeout(180)
class ScaleTest
{
    @Test
    void eightIsolatedRanksOnTwoCoresStillProgress() throws Exception
    {
        final Launch loop = Launch.run("colorun", "-np", "8", "--ranks-per-jvm", "1", "-cp",
            Launch.EXAMPLES + ":" + Launch.ROOT.resolve("examples/target/test-classes"),
            "io.colompi.examples.programs.AllreduceLoop", "200");
        assertEquals(0, loop.exitCode, loop.toString());
        assertTrue(loop.stdout.contains("np=8 sum=28 "), loop.toString());
        final Launch ring = Launch.run("colorun", "-np", "8", "--ranks-per-jvm", "1", "-cp", Launch.EXAMPLES.toString(),
            "io.colompi.examples.Ring", "20");
        assertEquals(0, ring.exitCode, ring.toString());
        assertTrue(ring.stdout.contains("[0] ring done: token = 140, expected 140"), ring.toString());
    }

    @Test
    void twoHundredFiftySixRanksSayHelloAndAllreduceInOneJvm() throws Exception
    {
        final Launch hello = Launch.run("colorun", "-np", "256", "-J-Xmx2g", "-cp", Launch.EXAMPLES.toString(),
            "io.colompi.examples.Hello");
        assertEquals(0, hello.exitCode, hello.toString());
        assertEquals(256, hello.lines().size());

        final Launch loop = Launch.run("colorun", "-np", "256", "-J-Xmx2g", "-cp",
            Launch.EXAMPLES + ":" + Launch.ROOT.resolve("examples/target/test-classes"),
            "io.colompi.examples.programs.AllreduceLoop", "50");
        assertEquals(0, loop.exitCode, loop.toString());
        final Matcher m = Pattern.compile("np=256 sum=32640 allreduce=\\S+us heap=\\S+MiB perRank=(\\S+)MiB")
            .matcher(loop.stdout);
        assertTrue(m.find(), loop.toString());
        assertTrue(Double.parseDouble(m.group(1)) <= 4.0, "heap per colocated rank must stay within 4 MiB: " + loop);
    }
}
