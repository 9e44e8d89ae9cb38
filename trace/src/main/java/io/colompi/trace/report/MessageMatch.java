package io.colompi.trace.report;

import io.colompi.trace.journal.TraceEvent;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntPredicate;

/**
 * Pairs each completed receive with the send that it got, by MPI's non-overtaking rule: the k-th message from s to d
 * on a context and tag is the k-th one received there (sends in the order they started, receives in the order they
 * completed: a rank's calls in the order they ended, as its journal gives them, since a thread's calls do not overlap).
 * A {@code Sendrecv} is both a send and a receive; a collective's own messages have no records to pair. It holds the
 * sends and receives not paired yet: with the ranks' calls merged by end time, those in flight.
 */
final class MessageMatch
{
    /** A message: the call that sent it and the one that completed its receive. */
    record Message(TraceEvent send, TraceEvent receive)
    {
    }

    private final IntPredicate journaled;
    private final Consumer<Message> paired;
    private final Map<Key, ArrayDeque<TraceEvent>> sends = new HashMap<>();
    private final Map<Key, ArrayDeque<TraceEvent>> receives = new HashMap<>();
    private int unpaired;

    /** Give {@code paired} every message whose two ends are among the calls added; only ranks {@code journaled}. */
    MessageMatch(final IntPredicate journaled, final Consumer<Message> paired)
    {
        this.journaled = journaled;
        this.paired = paired;
    }

    void add(final TraceEvent call)
    {
        if (call.sent() && journaled.test(call.peer()))
        {
            pair(new Key(call.rank(), call.peer(), call.context(), call.tag()), call, true);
        }
        if (call.received() && journaled.test(call.from()))
        {
            pair(new Key(call.from(), call.rank(), call.context(), call.receivedTag()), call, false);
        }
    }

    /** Pair {@code call}, the send (or receive) of {@code key}, with the oldest receive (send) waiting, or wait. */
    private void pair(final Key key, final TraceEvent call, final boolean send)
    {
        final TraceEvent other = take(send ? receives : sends, key);
        if (other == null)
        {
            put(send ? sends : receives, key, call);
        }
        else
        {
            paired.accept(send ? new Message(call, other) : new Message(other, call));
        }
    }

    /** Sends and receives added and not paired yet. */
    int unpaired()
    {
        return unpaired;
    }

    private TraceEvent take(final Map<Key, ArrayDeque<TraceEvent>> waiting, final Key key)
    {
        final ArrayDeque<TraceEvent> queue = waiting.get(key);
        if (queue == null)
        {
            return null;
        }
        final TraceEvent oldest = queue.poll();
        if (queue.isEmpty())
        {
            waiting.remove(key); // a tag used once leaves nothing behind
        }
        unpaired--;
        return oldest;
    }

    private void put(final Map<Key, ArrayDeque<TraceEvent>> waiting, final Key key, final TraceEvent call)
    {
        waiting.computeIfAbsent(key, k -> new ArrayDeque<>(4)).add(call);
        unpaired++;
    }

    private record Key(int source, int dest, int context, int tag)
    {
    }
}
