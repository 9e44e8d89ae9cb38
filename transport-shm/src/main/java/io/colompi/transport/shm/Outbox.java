package io.colompi.transport.shm;

import io.colompi.core.pt2pt.SendMode;
import io.colompi.core.pt2pt.SendRequest;
import io.colompi.core.transport.SendQueue;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.Transfer;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;

import static io.colompi.transport.shm.FrameDescriptor.*;

/**
 * The sends of one rank to one peer in another JVM, written into the peer's inbound ring in order: a message's
 * fragments all go before the next message's, so the peer sees each sender's messages one after another and
 * MPI's non-overtaking order holds. A full ring is back-pressure: the rest is written on later {@link #pump}s.
 */
final class Outbox
{
    private final ShmTransport owner;
    private final int peer;
    private final int peerJvm;
    private final ManyToOneRingBuffer ring;
    private final WakeWord peerWake;
    private final UnsafeBuffer wakeMessage;
    private final AtomicBuffer buffer;
    private final int firstPayloadMax;
    private final int chunkPayloadMax;
    private final SendQueue sends = new SendQueue();

    Outbox(
        final ShmTransport owner, final int peer, final int peerJvm, final ManyToOneRingBuffer ring, final WakeWord peerWake)
    {
        this.owner = owner;
        this.peer = peer;
        this.peerJvm = peerJvm;
        this.ring = ring;
        this.peerWake = peerWake;
        this.wakeMessage = ShmWaker.messageFor(peer);
        this.buffer = ring.buffer();
        // Fragments split messages at multiples of 64 bytes: whole elements of every type, cache-line aligned.
        this.firstPayloadMax = (ring.maxMsgLength() - FIRST_HEADER_LENGTH) & ~63;
        this.chunkPayloadMax = (ring.maxMsgLength() - CHUNK_HEADER_LENGTH) & ~63;
    }

    int peer()
    {
        return peer;
    }

    ManyToOneRingBuffer ring()
    {
        return ring;
    }

    synchronized void enqueue(final SendRequest send)
    {
        sends.add(send);
        pump();
    }

    synchronized boolean hasWork()
    {
        return sends.hasWork();
    }

    /** Write as many fragments as the ring takes now; returns how many were written. */
    synchronized int pump()
    {
        int written = 0;
        for (SendRequest send = sends.head(); send != null; send = sends.head())
        {
            if (!(sends.headStarted() ? writeChunk(send) : writeFirst(send)))
            {
                break;
            }
            written++;
        }
        if (written > 0)
        {
            wakePeer();
        }
        return written;
    }

    /** Records were committed to the peer's ring: if the peer sleeps, wake it. */
    synchronized void wakePeer()
    {
        if (peerWake.takeSleeper())
        {
            owner.waker().wake(peerJvm, wakeMessage);
        }
    }

    /** The peer matched a synchronous message: complete it if it is fully written, else when it is. */
    synchronized void acknowledged(final SendRequest send)
    {
        sends.acknowledged(send);
    }

    private boolean writeFirst(final SendRequest send)
    {
        final long total = send.payloadBytes();
        final int payload = (int)Math.min(total, firstPayloadMax);
        final int index = ring.tryClaim(FIRST, FIRST_HEADER_LENGTH + payload);
        if (index < 0)
        {
            return false;
        }
        final boolean synchronous = send.mode() == SendMode.SYNCHRONOUS;
        final long messageId = synchronous ? owner.awaitAck(send) : 0;
        buffer.putLong(index + JOB_ID_OFFSET, owner.jobId());
        buffer.putInt(index + SOURCE_WORLD_OFFSET, owner.worldRank());
        buffer.putInt(index + CONTEXT_OFFSET, send.context());
        buffer.putInt(index + SOURCE_RANK_OFFSET, send.sourceRank());
        buffer.putInt(index + TAG_OFFSET, send.envelopeTag());
        buffer.putInt(index + ELEMENTS_OFFSET, send.elementCount());
        buffer.putByte(index + BASE_TYPE_OFFSET, (byte)send.type().base().ordinal());
        buffer.putByte(index + FLAGS_OFFSET, synchronous ? FLAG_SYNCHRONOUS : 0);
        buffer.putLong(index + TOTAL_BYTES_OFFSET, total);
        buffer.putLong(index + MESSAGE_ID_OFFSET, messageId);
        writePayload(send, 0, payload, index + FIRST_HEADER_LENGTH);
        ring.commit(index);
        sends.wrote(payload);
        return true;
    }

    private boolean writeChunk(final SendRequest send)
    {
        final long fromByte = sends.headBytesWritten();
        final int payload = (int)Math.min(send.payloadBytes() - fromByte, chunkPayloadMax);
        final int index = ring.tryClaim(CHUNK, CHUNK_HEADER_LENGTH + payload);
        if (index < 0)
        {
            return false;
        }
        buffer.putLong(index + JOB_ID_OFFSET, owner.jobId());
        buffer.putInt(index + SOURCE_WORLD_OFFSET, owner.worldRank());
        writePayload(send, fromByte, payload, index + CHUNK_HEADER_LENGTH);
        ring.commit(index);
        sends.wrote(payload);
        return true;
    }

    private void writePayload(final SendRequest send, final long fromByte, final int bytes, final int index)
    {
        if (bytes == 0)
        {
            return;
        }
        if (send.type().base() == BaseType.OBJECT)
        {
            buffer.putBytes(index, send.objectBytes(), (int)fromByte, bytes);
            return;
        }
        final int scale = send.type().base().byteSize();
        Transfer.packRange(send.buffer(), send.offset(), send.type(), (int)(fromByte / scale), bytes / scale,
            buffer.byteArray(), buffer.addressOffset() + index);
    }
}
