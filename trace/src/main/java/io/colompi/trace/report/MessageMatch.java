package io.colompi.trace.report;

import io.colompi.trace.journal.JobTrace;
import io.colompi.trace.journal.RankTrace;
import io.colompi.trace.journal.TraceEvent;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pairs each completed receive with the send that it got, by MPI's non-overtaking rule: the k-th message from s to d
 * on a context and tag is the k-th one received there (sends in the order they started, receives in the order they
 * completed). A {@code Sendrecv} is both a send and a receive; a collective's own messages have no records to pair.
 */
final class MessageMatch
{
    /** A message: the call that sent it and the one that completed its receive. */
    record Message(TraceEvent send, TraceEvent receive)
    {
    }

    private MessageMatch()
    {
    }

    static List<Message> of(final JobTrace trace)
    {
        final Map<Key, ArrayDeque<TraceEvent>> sends = new HashMap<>();
        final List<TraceEvent> sent = new ArrayList<>();
        final List<TraceEvent> received = new ArrayList<>();
        for (final RankTrace rank : trace.ranks())
        {
            if (rank == null)
            {
                continue;
            }
            for (final TraceEvent event : rank.events())
            {
                if (event.sent())
                {
                    sent.add(event);
                }
                if (event.received())
                {
                    received.add(event);
                }
            }
        }
        sent.sort(Comparator.comparingLong(TraceEvent::startNs));
        for (final TraceEvent send : sent)
        {
            sends.computeIfAbsent(new Key(send.rank(), send.peer(), send.context(), send.tag()), k -> new ArrayDeque<>())
                .add(send);
        }
        received.sort(Comparator.comparingLong(TraceEvent::endNs));
        final List<Message> messages = new ArrayList<>();
        for (final TraceEvent receive : received)
        {
            final ArrayDeque<TraceEvent> queue =
                sends.get(new Key(receive.from(), receive.rank(), receive.context(), receive.receivedTag()));
            if (queue != null && !queue.isEmpty())
            {
                messages.add(new Message(queue.poll(), receive));
            }
        }
        return messages;
    }

    private record Key(int source, int dest, int context, int tag)
    {
    }
}
