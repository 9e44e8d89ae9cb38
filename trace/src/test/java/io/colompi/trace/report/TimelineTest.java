package io.colompi.trace.report;

import io.colompi.core.trace.Call;
import io.colompi.core.trace.Tier;
import io.colompi.trace.journal.RankHeader;
import io.colompi.trace.journal.TraceEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A long job's timeline holds its first calls, as many as asked, with the flows between them. */
class TimelineTest
{
    private static final long ORIGIN_NS = 1_000_000;

    @Test
    void aLongJobsTimelineHoldsItsFirstCallsAndTheMessagesAmongThem(@TempDir final Path dir) throws IOException
    {
        final Timeline all = timelineOfAnExchange(1_000);
        assertFalse(all.cut());
        assertEquals(200, all.calls());

        final Timeline first = timelineOfAnExchange(21);

        assertTrue(first.cut());
        assertEquals(21, first.calls(), "sends 0-10 and receives 0-9 start before the 22nd call, send 11 at 110 us");
        assertEquals(200, first.allCalls());
        assertEquals(ORIGIN_NS + 105_000, first.cutoffNs(), "the 22nd call: receive 10");
        final Path file = dir.resolve("timeline.json");
        first.write(file, List.of(new RankHeader(0, 2, 0, 0, 1), new RankHeader(1, 2, 0, 0, 1)), ORIGIN_NS);
        final String json = Files.readString(file);
        assertEquals(21, count(json, "\"ph\":\"X\""));
        assertEquals(10, count(json, "\"ph\":\"s\""), "messages 0-9: both ends among the calls kept");
        assertEquals(10, count(json, "\"ph\":\"f\""));
        assertTrue(json.contains("\"ts\":100.000,\"dur\":1.000"), "send 10 kept, at 100 us for 1 us");
        assertFalse(json.contains("\"ts\":105.000"), "receive 10 cut");
        assertTrue(json.endsWith("\n]}\n"));
    }

    @Test
    void callsThatStartAtTheCutoffAreLeftOutTogether()
    {
        final Timeline timeline = new Timeline(2);
        for (int rank = 0; rank < 3; rank++)
        {
            timeline.add(new TraceEvent(rank, Call.BARRIER, Tier.NONE, 0, -1, -1, 0, ORIGIN_NS, ORIGIN_NS + 10, 0));
        }

        assertEquals(0, timeline.calls(), "three calls start at once: none of them fits in two");
        assertEquals(ORIGIN_NS, timeline.cutoffNs());
    }

    /**
     * Two ranks exchange 100 messages: rank 0 sends at 10 us steps, rank 1 receives 5 us after each send; the calls
     * come by end time, as {@link io.colompi.trace.journal.JobJournals} gives them.
     */
    private static Timeline timelineOfAnExchange(final int maxCalls)
    {
        final Timeline timeline = new Timeline(maxCalls);
        final MessageMatch messages = new MessageMatch(rank -> true, timeline::add);
        for (int i = 0; i < 100; i++)
        {
            final long at = ORIGIN_NS + i * 10_000L;
            for (final TraceEvent call : List.of(
                new TraceEvent(0, Call.SEND, Tier.LOCAL, 0, 1, i, 8, at, at + 1_000, 0),
                new TraceEvent(1, Call.RECV, Tier.LOCAL, 0, 0, i, 8, at + 5_000, at + 6_000, 0)))
            {
                timeline.add(call);
                messages.add(call);
            }
        }
        assertEquals(0, messages.unpaired());
        return timeline;
    }

    @Test
    void microsecondsHaveThreeDecimals()
    {
        assertEquals("0.000", Timeline.micros(new StringBuilder(), 0).toString());
        assertEquals("0.005", Timeline.micros(new StringBuilder(), 5).toString());
        assertEquals("0.050", Timeline.micros(new StringBuilder(), 50).toString());
        assertEquals("1234.567", Timeline.micros(new StringBuilder(), 1_234_567).toString());
        assertEquals("-1.500", Timeline.micros(new StringBuilder(), -1_500).toString());
    }

    private static int count(final String text, final String what)
    {
        return (int)Pattern.compile(Pattern.quote(what)).matcher(text).results().count();
    }
}
