package io.colompi.colo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class LinePumpTest
{
    /** A sink that keeps what it gets and checks that every batch is whole lines. */
    private static final class Lines implements LinePump.Sink
    {
        private final ByteArrayOutputStream all = new ByteArrayOutputStream();
        private int batches;

        @Override
        public synchronized void lines(final byte[] bytes, final int offset, final int length)
        {
            assertTrue(length > 0 && bytes[offset + length - 1] == '\n', "a batch ends with a newline");
            all.write(bytes, offset, length);
            batches++;
        }

        synchronized List<String> lines()
        {
            return all.toString(StandardCharsets.UTF_8).lines().toList();
        }
    }

    private static InputStream input(final String text)
    {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aLastLineWithoutNewlineIsCompletedSoTheNextWriterStartsOnItsOwnLine()
    {
        final Lines sink = new Lines();
        new LinePump(input("one\ntwo\nkilled mid-li"), sink).run();
        new LinePump(input("next\n"), sink).run();

        assertEquals(List.of("one", "two", "killed mid-li", "next"), sink.lines());
    }

    @Test
    void pumpsOfSeveralJvmsSharingASinkNeverMixWithinALine() throws Exception
    {
        final Lines sink = new Lines();
        final List<Thread> pumps = new ArrayList<>();
        for (int jvm = 0; jvm < 4; jvm++)
        {
            final StringBuilder text = new StringBuilder();
            for (int i = 0; i < 2_000; i++)
            {
                text.append("jvm ").append(jvm).append(" line ").append(i).append(' ').append("x".repeat(i % 97)).append('\n');
            }
            final Thread pump = new Thread(new LinePump(input(text.toString()), sink));
            pumps.add(pump);
            pump.start();
        }
        for (final Thread pump : pumps)
        {
            pump.join();
        }

        final List<String> lines = sink.lines();
        assertEquals(8_000, lines.size());
        for (final String line : lines)
        {
            final String[] words = line.split(" ");
            assertEquals(Integer.parseInt(words[3]) % 97, words.length > 4 ? words[4].length() : 0, line);
        }
        assertTrue(sink.batches < 8_000, "lines travel in batches, not one by one");
    }
}
