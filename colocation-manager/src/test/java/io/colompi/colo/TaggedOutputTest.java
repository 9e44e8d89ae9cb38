package io.colompi.colo;

import io.colompi.testprograms.Chatty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(20)
class TaggedOutputTest
{
    private static final Pattern LINE = Pattern.compile("\\[(\\d)] rank (\\d) line (\\d+) x+");

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream capturedOut = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream capturedErr = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
    private PrintStream originalOut;
    private PrintStream originalErr;

    @BeforeEach
    void capture()
    {
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(capturedOut);
        System.setErr(capturedErr);
    }

    @AfterEach
    void restore()
    {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    @Test
    void linesOfConcurrentRanksComeOutWholeAndTagged() throws Exception
    {
        final JobResult result = ColocatedJobTest.job(3, Chatty.class).tagOutput(true).run();

        assertTrue(result.succeeded(), result::report);
        assertSame(capturedOut, System.out, "the original stream is back once the job ends");
        assertSame(capturedErr, System.err);
        final List<String> lines = outBytes.toString(StandardCharsets.UTF_8).lines().toList();
        final int[] seen = new int[3];
        for (final String line : lines)
        {
            final Matcher m = LINE.matcher(line);
            if (m.matches())
            {
                assertEquals(m.group(1), m.group(2), line);
                final int rank = Integer.parseInt(m.group(1));
                assertEquals(seen[rank]++, Integer.parseInt(m.group(3)), "lines of a rank stay in order");
            }
            else
            {
                assertTrue(line.matches("\\[(\\d)] (helper of|tail of) rank \\1"), "mixed or untagged: " + line);
            }
        }
        for (int r = 0; r < 3; r++)
        {
            assertEquals(Chatty.LINES, seen[r]);
            assertTrue(lines.contains("[" + r + "] tail of rank " + r), "partial lines are flushed when the rank ends");
            assertTrue(lines.contains("[" + r + "] helper of rank " + r));
        }
        assertEquals(3 * (Chatty.LINES + 2), lines.size());
        final List<String> errLines = errBytes.toString(StandardCharsets.UTF_8).lines().sorted().toList();
        assertEquals(List.of("[0] err of rank 0", "[1] err of rank 1", "[2] err of rank 2"), errLines);
    }

    @Test
    void threadsOfNoRankPassThroughUntaggedAndNoTagLeavesStreamsAlone() throws Exception
    {
        final TaggedOutput output = TaggedOutput.acquire();
        try
        {
            System.out.println("from the host");
        }
        finally
        {
            output.release();
        }
        assertSame(capturedOut, System.out);

        final JobResult result = ColocatedJobTest.job(2, Chatty.class).tagOutput(false).run();
        assertTrue(result.succeeded(), result::report);
        final String out = outBytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.startsWith("from the host" + System.lineSeparator()), out);
        assertTrue(out.contains("rank 1 line 0 x"), out);
        assertFalse(out.contains("[0]") || out.contains("[1]"), out);
    }

    @Test
    void aLineLongerThanTheLimitIsEmittedInTaggedPieces() throws InterruptedException
    {
        final ByteArrayOutputStream target = new ByteArrayOutputStream();
        final TaggedOutput.LineTagger tagger = new TaggedOutput.LineTagger(new PrintStream(target, true, StandardCharsets.UTF_8));
        final RankIdentity rank = new RankIdentity(5);
        final Thread writer = new Thread(() ->
        {
            rank.bindCurrentThread();
            final byte[] chunk = new byte[TaggedOutput.MAX_LINE_BYTES / 2 + 1];
            Arrays.fill(chunk, (byte)'y');
            tagger.write(chunk, 0, chunk.length);
            tagger.write(chunk, 0, chunk.length);
            tagger.write(new byte[]{ 'z', '\n' }, 0, 2);
        });
        writer.start();
        writer.join(5_000);
        assertFalse(writer.isAlive());

        final List<String> lines = target.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).startsWith("[5] yyy"));
        assertEquals("[5] z", lines.get(1));
    }
}
