package io.colompi.core.pt2pt;

import io.colompi.core.transport.FrameSink;
import io.colompi.core.transport.FrameTransport;
import io.colompi.core.transport.TransportFactory;
import io.colompi.core.transport.TransportStats;
import io.colompi.core.type.BaseType;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.Arrays;

import static io.colompi.core.transport.FrameDescriptor.*;

/**
 * The protocol layer of one rank over one frame transport (Open MPI's PML over a BTL): sends become a FIRST frame
 * (envelope and first bytes) and CHUNK frames, written in order by an {@link Outbox} per peer; frames that arrive
 * are checked, matched and reassembled (a {@link Reassembly} per sending rank, whose messages come one after
 * another); a synchronous send completes on the receiver's ACK. A rank that waits long in a collective asks its peers
 * what they run (QUERY), and each peer's engine answers whatever its rank is doing (ANSWER): see
 * {@link Engine.CallMonitor}. Inbound frames never write: an ACK or ANSWER owed on arrival is queued and written by
 * the next {@link #pump}, after the transport's read.
 */
final class Protocol implements FrameSink, Route
{
    private static final BaseType[] BASE_TYPES = BaseType.values();
    private static final Outbox[] NO_OUTBOXES = new Outbox[0];

    private final Engine engine;
    private final int worldRank;
    private final Outbox[] outboxes;
    private final Reassembly[] arrivals;
    private final Long2ObjectHashMap<SendRequest> awaitingAck = new Long2ObjectHashMap<>();
    private long nextMessageId = 1;
    private volatile Outbox[] active = NO_OUTBOXES;
    private final FrameTransport transport;
    private final TransportStats stats;

    Protocol(final Engine engine, final TransportFactory factory)
    {
        this.engine = engine;
        this.worldRank = engine.worldRank();
        this.outboxes = new Outbox[engine.worldSize()];
        this.arrivals = new Reassembly[engine.worldSize()];
        // last: the transport may hand this sink frames as soon as it exists
        this.transport = factory.create(engine.job(), worldRank, this);
        this.stats = transport.stats();
    }

    @Override
    public FrameTransport transport()
    {
        return transport;
    }

    @Override
    public void send(final SendRequest send)
    {
        stats.recordSend(send.payloadBytes());
        outbox(send.destWorld).enqueue(send);
    }

    /** Read what arrived, then write what waits, and send it where the transport sends on its poll. */
    int poll()
    {
        final int work = transport.poll() + pump();
        return work + flush();
    }

    /** Let the transport send what it holds of this rank's frames ({@link FrameTransport#sendOwed}). */
    int flush()
    {
        return transport.sendOwed() ? transport.poll() : 0;
    }

    @Override
    public int pump()
    {
        int work = 0;
        for (final Outbox box : active)
        {
            if (box.hasWork())
            {
                work += box.pump();
            }
        }
        return work;
    }

    /** Tell {@code senderWorld} that its synchronous message {@code messageId} matched; not from {@link #onFrame}. */
    void acknowledge(final int senderWorld, final long messageId)
    {
        final Outbox box = outbox(senderWorld);
        box.oweAck(messageId);
        box.pump();
    }

    /**
     * Ask {@code peer} what it runs as collective call {@code sequence} on {@code context} (an ANSWER comes back);
     * nothing if the peer can no longer be reached ({@link #callFrame}).
     */
    void query(final int peer, final int context, final long sequence)
    {
        callFrame(peer, QUERY, context, sequence, 0, 0);
    }

    /** Tell {@code peer} what this rank runs as collective call {@code sequence} on {@code context}, unasked. */
    void answer(final int peer, final int context, final long sequence, final long call, final long bytes)
    {
        callFrame(peer, ANSWER, context, sequence, call, bytes);
    }

    /** Write a QUERY or ANSWER frame to {@code peer}, unless it can no longer be reached ({@link #callOutbox}). */
    private void callFrame(
        final int peer, final int type, final int context, final long sequence, final long call, final long bytes)
    {
        final Outbox box = callOutbox(peer);
        if (box != null)
        {
            box.oweCallFrame(type, context, sequence, call, bytes);
            box.pump();
        }
    }

    /**
     * The outbox for a QUERY or ANSWER to {@code peer}, or null if no channel to it can be opened now: a peer this rank
     * never wrote to before and whose transport is gone (it finalized and left, or its JVM died) waits for no call
     * frame, and the check for mismatched collectives must fail neither the rank that asks nor the one that answers
     * (a finalize barrier under load: the peer had passed it, this rank still waited for a third one; or the peer had
     * asked, then passed it and left). A dead JVM ends the job through its launcher.
     */
    private Outbox callOutbox(final int peer)
    {
        try
        {
            return outbox(peer);
        }
        catch (final IllegalStateException gone)
        {
            return null;
        }
    }

    /** Number synchronous send {@code send}, whose completion waits for the receiver's ACK of that number. */
    long awaitAck(final SendRequest send)
    {
        synchronized (awaitingAck)
        {
            final long id = nextMessageId++;
            awaitingAck.put(id, send);
            return id;
        }
    }

    @Override
    public void onFrame(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < ROUTING_LENGTH)
        {
            malformed(-1, "a frame of " + length + " bytes");
            return;
        }
        final int source = sourceWorld(buffer, offset);
        if (source < 0 || source >= arrivals.length || source == worldRank || destWorld(buffer, offset) != worldRank)
        {
            malformed(source, "a frame for rank " + destWorld(buffer, offset));
            return;
        }
        switch (buffer.getInt(offset + TYPE_OFFSET))
        {
            case FIRST:
                onFirst(source, buffer, offset, length);
                break;
            case CHUNK:
                onChunk(source, buffer, offset, length);
                break;
            case ACK:
                onAck(source, buffer, offset, length);
                break;
            case QUERY:
                onQuery(source, buffer, offset, length);
                break;
            case ANSWER:
                onAnswer(source, buffer, offset, length);
                break;
            default:
                stats.recordStray();
        }
    }

    private void onFirst(final int source, final DirectBuffer buffer, final int offset, final int length)
    {
        final Reassembly arrival = arrival(source);
        final int payload = length - FIRST_HEADER_LENGTH;
        final String malformed = payload < 0 ? "a FIRST frame of " + length + " bytes" :
            arrival.inProgress() ? "a message begun before the last one (" + arrival.remainingBytes() +
                " bytes missing) ended" :
            Reassembly.malformed(buffer.getByte(offset + BASE_TYPE_OFFSET), buffer.getInt(offset + ELEMENTS_OFFSET),
                buffer.getLong(offset + TOTAL_BYTES_OFFSET), payload);
        if (malformed != null)
        {
            malformed(source, malformed);
            return;
        }
        final long messageId = buffer.getLong(offset + MESSAGE_ID_OFFSET);
        final boolean matchedSynchronous = engine.beginArrival(arrival,
            buffer.getInt(offset + CONTEXT_OFFSET),
            buffer.getInt(offset + SOURCE_RANK_OFFSET),
            buffer.getInt(offset + TAG_OFFSET),
            source,
            BASE_TYPES[buffer.getByte(offset + BASE_TYPE_OFFSET)],
            buffer.getInt(offset + ELEMENTS_OFFSET),
            buffer.getLong(offset + TOTAL_BYTES_OFFSET),
            messageId,
            (buffer.getByte(offset + FLAGS_OFFSET) & FLAG_SYNCHRONOUS) != 0);
        if (matchedSynchronous)
        {
            outbox(source).oweAck(messageId);
        }
        arrival.append(buffer, offset + FIRST_HEADER_LENGTH, payload);
    }

    private void onChunk(final int source, final DirectBuffer buffer, final int offset, final int length)
    {
        final Reassembly arrival = arrival(source);
        final String malformed = arrival.malformedFragment(length - CHUNK_HEADER_LENGTH);
        if (malformed != null)
        {
            malformed(source, malformed);
            return;
        }
        arrival.append(buffer, offset + CHUNK_HEADER_LENGTH, length - CHUNK_HEADER_LENGTH);
    }

    private void onAck(final int receiver, final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < ACK_LENGTH)
        {
            malformed(receiver, "an ACK frame of " + length + " bytes");
            return;
        }
        final SendRequest send;
        synchronized (awaitingAck)
        {
            send = awaitingAck.remove(buffer.getLong(offset + ACK_MESSAGE_ID_OFFSET));
        }
        if (send == null)
        {
            stats.recordStray();
            return;
        }
        outbox(receiver).acknowledged(send);
    }

    private void onQuery(final int asker, final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < QUERY_LENGTH)
        {
            malformed(asker, "a QUERY frame of " + length + " bytes");
            return;
        }
        final int context = buffer.getInt(offset + CALL_CONTEXT_OFFSET);
        final long sequence = buffer.getLong(offset + CALL_SEQUENCE_OFFSET);
        final Engine.CallMonitor monitor = engine.callMonitor();
        final long[] call = monitor == null ? null : monitor.describe(context, sequence);
        final Outbox box = callOutbox(asker);
        if (box != null)
        {
            box.oweCallFrame(ANSWER, context, sequence, call == null ? 0 : call[0], call == null ? 0 : call[1]);
        }
    }

    private void onAnswer(final int peer, final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < ANSWER_LENGTH)
        {
            malformed(peer, "an ANSWER frame of " + length + " bytes");
            return;
        }
        final Engine.CallMonitor monitor = engine.callMonitor();
        if (monitor != null)
        {
            monitor.answered(peer, buffer.getInt(offset + CALL_CONTEXT_OFFSET),
                buffer.getLong(offset + CALL_SEQUENCE_OFFSET), buffer.getLong(offset + ANSWER_CALL_OFFSET),
                buffer.getLong(offset + ANSWER_BYTES_OFFSET));
        }
    }

    /** A frame that breaks the protocol (a bug of the sender, or of this code): the job cannot go on. */
    private void malformed(final int source, final String what)
    {
        engine.abort(1, new IllegalStateException(
            transport.name() + ": rank " + source + " sent rank " + worldRank + " " + what));
    }

    private Reassembly arrival(final int source)
    {
        Reassembly arrival = arrivals[source];
        if (arrival == null)
        {
            arrival = new Reassembly(engine);
            arrivals[source] = arrival;
        }
        return arrival;
    }

    private Outbox outbox(final int peer)
    {
        Outbox box = outboxes[peer];
        if (box == null)
        {
            synchronized (outboxes)
            {
                box = outboxes[peer];
                if (box == null)
                {
                    box = new Outbox(this, engine, peer, transport.channel(peer));
                    final Outbox[] grown = Arrays.copyOf(active, active.length + 1);
                    grown[active.length] = box;
                    active = grown;
                    outboxes[peer] = box;
                }
            }
        }
        return box;
    }
}
