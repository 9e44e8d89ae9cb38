package io.colompi.trace.journal;

import io.colompi.core.trace.Call;

/**
 * One recorded call of {@code rank}; start and end in wall-clock nanoseconds (the job's time line: each journal's
 * header pairs the wall clock with its JVM's {@code nanoTime}, which puts the JVMs of all nodes on one line).
 * A {@link Call#SENDRECV} is one event: its send in {@code peer}, {@code tier}, {@code tag}, {@code bytes}, its receive
 * in the {@code source...} fields (-1 and 0 for every other call).
 *
 * @param peer world rank of the destination or matched source, -1 when none.
 * @param tier {@link io.colompi.core.trace.Tier} code.
 */
public record TraceEvent(
    int rank, Call call, int tier, int context, int peer, int tag, long bytes, long startNs, long endNs, long waitNs,
    int source, int sourceTier, int sourceTag, long receivedBytes)
{
    /** A call that received nothing beside what {@code peer} says. */
    public TraceEvent(
        final int rank, final Call call, final int tier, final int context, final int peer, final int tag,
        final long bytes, final long startNs, final long endNs, final long waitNs)
    {
        this(rank, call, tier, context, peer, tag, bytes, startNs, endNs, waitNs, -1, 0, -1, 0);
    }

    public long durationNs()
    {
        return endNs - startNs;
    }

    /** Whether this call sent a message to {@code peer} ({@code bytes} over {@code tier}, with {@code tag}). */
    public boolean sent()
    {
        return peer >= 0 && (call.sends() || call == Call.SENDRECV);
    }

    /** Whether this call completed a receive: from {@link #from()}, with {@link #receivedTag()}. */
    public boolean received()
    {
        return call == Call.SENDRECV ? source >= 0 : peer >= 0 && call.receives();
    }

    /** The world rank this call received from (a {@code Sendrecv}'s source, else its peer). */
    public int from()
    {
        return call == Call.SENDRECV ? source : peer;
    }

    /** The tag of the message this call received. */
    public int receivedTag()
    {
        return call == Call.SENDRECV ? sourceTag : tag;
    }
}
