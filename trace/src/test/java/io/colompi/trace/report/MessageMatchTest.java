package io.colompi.trace.report;

import io.colompi.core.trace.Call;
import io.colompi.core.trace.Tier;
import io.colompi.trace.journal.TraceEvent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Messages paired as their calls come, by end time: the k-th send of a key with its k-th receive, whichever is first. */
class MessageMatchTest
{
    @Test
    void aReceiveThatEndsBeforeItsSendIsPairedWhenTheSendComes()
    {
        final List<MessageMatch.Message> messages = new ArrayList<>();
        final MessageMatch match = new MessageMatch(rank -> true, messages::add);
        final TraceEvent first = call(1, Call.RECV, 0, 5, 100, 200);
        final TraceEvent second = call(1, Call.RECV, 0, 5, 300, 400);
        final TraceEvent firstSend = call(0, Call.SSEND, 1, 5, 50, 250); // a synchronous send ends after its receive
        final TraceEvent secondSend = call(0, Call.SSEND, 1, 5, 260, 450);

        match.add(first);
        match.add(firstSend);
        match.add(second);
        assertEquals(1, match.unpaired());
        match.add(secondSend);

        assertEquals(List.of(new MessageMatch.Message(firstSend, first), new MessageMatch.Message(secondSend, second)),
            messages);
        assertEquals(0, match.unpaired(), "nothing kept once paired");
    }

    @Test
    void callsWithARankThatLeftNoJournalAreNotKept()
    {
        final List<MessageMatch.Message> messages = new ArrayList<>();
        final MessageMatch match = new MessageMatch(rank -> rank != 2, messages::add);

        for (int i = 0; i < 1_000; i++)
        {
            match.add(call(0, Call.RECV, 2, i, i * 10L, i * 10L + 5));
            match.add(call(0, Call.SEND, 2, i, i * 10L + 5, i * 10L + 8));
        }

        assertEquals(0, match.unpaired(), "rank 2's ends of these messages will never come");
        assertEquals(List.of(), messages);
    }

    private static TraceEvent call(
        final int rank, final Call call, final int peer, final int tag, final long startNs, final long endNs)
    {
        return new TraceEvent(rank, call, Tier.SHM, 0, peer, tag, 8, startNs, endNs, 0);
    }
}
