package io.colompi.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hundreds of colocated ranks in one JVM with a 2 GiB heap, on a 2-core machine. */
@Timeout(180)
class ScaleTest
{
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
