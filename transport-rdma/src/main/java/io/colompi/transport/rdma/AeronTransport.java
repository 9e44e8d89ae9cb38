package io.colompi.transport.rdma;

import io.aeron.Publication;
import io.aeron.logbuffer.BufferClaim;
import io.colompi.core.pt2pt.Engine;
import io.colompi.core.pt2pt.Arrivals;
import io.colompi.core.pt2pt.Reassembly;
import io.colompi.core.pt2pt.SendRequest;
import io.colompi.core.transport.Acknowledgements;
import io.colompi.core.transport.JobContext;
import io.colompi.core.transport.Transport;
import io.colompi.core.transport.TransportStats;
import io.colompi.core.type.BaseType;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.colompi.transport.rdma.FrameDescriptor.*;

/**
 * Other node: one rank's side of the Aeron tier. Sends go through an {@link Outbox} per destination rank onto the
 * publication its JVM shares for that peer JVM; frames for this rank arrive through its JVM's {@link AeronNode},
 * which calls {@link #onFrame} under its progress lock, and feed one {@link Reassembly} per sending rank.
 */
final class AeronTransport implements Transport
{
    static final String NAME = "aeron";
    private static final BaseType[] BASE_TYPES = BaseType.values();
    private static final Outbox[] NO_OUTBOXES = new Outbox[0];

    private final Engine engine;
    private final AeronNode node;
    private final int worldRank;
    private final Outbox[] outboxes;
    private final Arrivals arrivals;
    private final Acknowledgements acks = new Acknowledgements(this::writeAck);
    private final BufferClaim ackClaim = new BufferClaim();
    private final TransportStats stats = new TransportStats();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Outbox[] active = NO_OUTBOXES;

    AeronTransport(final Engine engine, final JobContext job)
    {
        this.engine = engine;
        this.worldRank = engine.worldRank();
        this.outboxes = new Outbox[engine.worldSize()];
        this.arrivals = new Arrivals(engine);
        this.node = AeronNode.of(job);
        node.attach(this);
    }

    @Override
    public String name()
    {
        return NAME;
    }

    int worldRank()
    {
        return worldRank;
    }

    /** This rank's JVM side of the tier (tests inspect it). */
    AeronNode node()
    {
        return node;
    }

    @Override
    public void send(final SendRequest send)
    {
        stats.recordSend(send.payloadBytes());
        outbox(send.destWorld()).enqueue(send);
    }

    @Override
    public int poll()
    {
        return node.progress() + pump();
    }

    /** Claim what this rank's outboxes and owed acknowledgements can put on their publications now. */
    int pump()
    {
        int work = 0;
        for (final Outbox box : active)
        {
            if (box.hasWork())
            {
                work += box.pump();
            }
        }
        if (acks.owesAny())
        {
            work += acks.flush();
        }
        return work;
    }

    /** An authentic frame for this rank; called by the node, one frame at a time. */
    void onFrame(final int type, final int source, final DirectBuffer buffer, final int offset, final int length)
    {
        switch (type)
        {
            case FIRST:
            {
                final Reassembly arrival = arrivals.of(source);
                final int payload = length - FIRST_HEADER_LENGTH;
                final String malformed = payload < 0 ? "a FIRST frame of " + length + " bytes" :
                    arrival.inProgress() ? "a message begun before the last one (" + arrival.remainingBytes() +
                        " bytes missing) ended" :
                    Reassembly.malformed(buffer.getByte(offset + BASE_TYPE_OFFSET), buffer.getInt(offset + ELEMENTS_OFFSET),
                        buffer.getLong(offset + TOTAL_BYTES_OFFSET), payload);
                if (malformed != null)
                {
                    node.malformed("rank " + source + " sent rank " + worldRank + " " + malformed);
                    return;
                }
                engine.beginArrival(arrival,
                    buffer.getInt(offset + CONTEXT_OFFSET),
                    buffer.getInt(offset + SOURCE_RANK_OFFSET),
                    buffer.getInt(offset + TAG_OFFSET),
                    source,
                    BASE_TYPES[buffer.getByte(offset + BASE_TYPE_OFFSET)],
                    buffer.getInt(offset + ELEMENTS_OFFSET),
                    buffer.getLong(offset + TOTAL_BYTES_OFFSET),
                    buffer.getLong(offset + MESSAGE_ID_OFFSET),
                    (buffer.getByte(offset + FLAGS_OFFSET) & FLAG_SYNCHRONOUS) != 0);
                arrival.append(buffer, offset + FIRST_HEADER_LENGTH, payload);
                break;
            }
            case CHUNK:
            {
                final Reassembly arrival = arrivals.of(source);
                final String malformed = arrival.malformedFragment(length - CHUNK_HEADER_LENGTH);
                if (malformed != null)
                {
                    node.malformed("rank " + source + " sent rank " + worldRank + " " + malformed);
                    return;
                }
                arrival.append(buffer, offset + CHUNK_HEADER_LENGTH, length - CHUNK_HEADER_LENGTH);
                break;
            }
            case ACK:
                if (length < ACK_LENGTH)
                {
                    node.malformed("rank " + source + " sent rank " + worldRank + " an ACK frame of " + length + " bytes");
                    return;
                }
                acknowledged(source, buffer.getLong(offset + ACK_MESSAGE_ID_OFFSET));
                break;
            default:
                throw new IllegalArgumentException("not a frame between ranks: type " + type);
        }
    }

    @Override
    public void acknowledge(final int senderWorld, final long messageId)
    {
        acks.owe(senderWorld, messageId);
    }

    /** Number a synchronous send, whose completion waits for the receiver's ACK. */
    long awaitAck(final SendRequest send)
    {
        return acks.await(send);
    }

    /** Only the JVM's keeper reads the network while this rank sleeps: ask it to poll often meanwhile. */
    @Override
    public boolean prepareToSleep()
    {
        node.rankSleeps();
        return true;
    }

    @Override
    public void awake()
    {
        node.rankWakes();
    }

    @Override
    public TransportStats stats()
    {
        return stats;
    }

    /** The node closes with its JVM's last rank; until then it keeps pumping this rank's owed acknowledgements. */
    @Override
    public void close()
    {
        if (closed.compareAndSet(false, true))
        {
            node.detach();
        }
    }

    private void acknowledged(final int receiver, final long messageId)
    {
        final SendRequest send = acks.acknowledged(messageId);
        if (send == null)
        {
            stats.recordStray();
            return;
        }
        outbox(receiver).acknowledged(send);
    }

    /** Claim an ACK frame to {@code senderWorld} (under the lock of {@link #acks}); false when its publication cannot take it now. */
    private boolean writeAck(final int senderWorld, final long messageId)
    {
        final RemoteJvm remote = node.remoteOf(senderWorld);
        if (remote.failure() != null)
        {
            // The sender's node is unreachable: its synchronous send can never complete, so the job cannot either.
            engine.abort(1, new IllegalStateException("aeron: cannot acknowledge rank " + senderWorld + ": " + remote.failure()));
            return true;
        }
        final Publication publication = remote.publication();
        if (publication == null)
        {
            return false;
        }
        final long result = remote.claim(publication, ACK_LENGTH, ackClaim);
        if (result < 0)
        {
            if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED)
            {
                remote.fail("the publication to JVM " + remote.jvm() + " is " + Publication.errorString(result));
            }
            return false;
        }
        final MutableDirectBuffer buffer = ackClaim.buffer();
        final int index = ackClaim.offset();
        buffer.putInt(index + TYPE_OFFSET, ACK);
        buffer.putInt(index + SOURCE_OFFSET, worldRank);
        buffer.putInt(index + DEST_WORLD_OFFSET, senderWorld);
        buffer.putLong(index + ACK_MESSAGE_ID_OFFSET, messageId);
        remote.commit(ackClaim);
        return true;
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
                    final RemoteJvm remote = node.remoteOf(peer);
                    if (remote == null)
                    {
                        throw new IllegalStateException("aeron: rank " + peer + " is on this node, not reached over the network");
                    }
                    box = new Outbox(this, remote);
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
