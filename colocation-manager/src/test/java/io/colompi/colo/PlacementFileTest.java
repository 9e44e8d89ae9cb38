package io.colompi.colo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class PlacementFileTest
{
    private static JobLayout parse(final int np, final int nodes, final int max, final String... lines)
    {
        return PlacementFile.parse("map", List.of(lines), np, nodes, max);
    }

    private static String error(final int np, final int nodes, final int max, final String... lines)
    {
        return assertThrows(IllegalArgumentException.class, () -> parse(np, nodes, max, lines)).getMessage();
    }

    @Test
    void aLinePerJvmWithRangesCommasCommentsAndNodes()
    {
        final JobLayout layout = parse(8, 2, 0,
            "# stride-4 pairs", "0 4", "", "1,5   # a comment", "2-3 6-7 node=1");

        assertEquals(3, layout.jvmCount());
        assertArrayEquals(new int[]{ 0, 4 }, layout.ranksOf(0));
        assertArrayEquals(new int[]{ 1, 5 }, layout.ranksOf(1));
        assertArrayEquals(new int[]{ 2, 3, 6, 7 }, layout.ranksOf(2));
        assertEquals(0, layout.nodeOfJvm(1));
        assertEquals(1, layout.nodeOfJvm(2));
        assertEquals(1, layout.placement().nodeOf(6));
    }

    @Test
    void whatFormatWritesReadsBackTheSame()
    {
        final JobLayout layout = new JobLayout(new int[]{ 0, 1, 2, 0, 1, 2 }, new int[]{ 0, 1, 1 });

        final String text = PlacementFile.format(layout, "from a test\nsecond line");

        assertTrue(text.startsWith("# from a test\n# second line\n0 3 node=0\n"), text);
        assertEquals(layout, PlacementFile.parse("map", text.lines().toList(), 6, 2, 0));
    }

    @Test
    void aRankTwiceNamesBothLines()
    {
        assertEquals("map line 3: rank 1 is already on line 1", error(4, 1, 0, "0 1", "# x", "2 1", "3"));
    }

    @Test
    void aMissingRankIsNamed()
    {
        assertEquals("map line 3 (end): rank 2 is on no line, but the job has 4 ranks", error(4, 1, 0, "0 1", "3"));
    }

    @Test
    void aRankBeyondNpNamesItsLine()
    {
        assertEquals("map line 2: rank 4, but the job has 4 ranks (-np 4: 0 .. 3)", error(4, 1, 0, "0 1", "2 3 4"));
    }

    @Test
    void moreRanksInAJvmThanRanksPerJvmAllows()
    {
        assertEquals("map line 1: 3 ranks in one JVM, more than --ranks-per-jvm 2", error(4, 1, 2, "0-2", "3"));
    }

    @Test
    void aNodeTheJobDoesNotHave()
    {
        assertEquals("map line 2: node 1, but the job has 1 node (use --hostfile or --virtual-nodes for more)",
            error(4, 1, 0, "0 1", "2 3 node=1"));
        assertEquals("map line 1: node 5, but the job has 2 nodes (0 .. 1)", error(4, 2, 0, "0 1 2 3 node=5"));
    }

    @Test
    void aWordThatIsNoRank()
    {
        assertEquals("map line 1: rank 'x' is not a number >= 0", error(2, 1, 0, "0 x 1"));
        assertEquals("map line 1: a JVM without ranks", error(2, 1, 0, "node=0", "0 1"));
    }

    @Test
    void colorunRefusesABadMapNamingTheLineBeforeAnyJvmStarts(@TempDir final Path dir) throws IOException
    {
        final Path map = Files.writeString(dir.resolve("map"), "0 1\n2 3\n");
        final ByteArrayOutputStream err = new ByteArrayOutputStream();

        final int code = Colorun.execute(new String[]{ "-np", "3", "--placement", map.toString(), "-cp", ".", "Main" },
            new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true));

        assertEquals(2, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith(
            "--placement: " + map + " line 2: rank 3, but the job has 3 ranks"), err::toString);
    }

    @Test
    void colorunRefusesATraceDirectoryItCannotWrite(@TempDir final Path dir) throws IOException
    {
        final Path file = Files.writeString(dir.resolve("plain-file"), "x");
        final ByteArrayOutputStream err = new ByteArrayOutputStream();

        final int code = Colorun.execute(
            new String[]{ "-np", "2", "--trace", file.resolve("journal").toString(), "-cp", ".", "Main" },
            new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true));

        assertEquals(2, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("--trace: cannot create the trace directory " +
            file.resolve("journal")), err::toString);
    }
}
