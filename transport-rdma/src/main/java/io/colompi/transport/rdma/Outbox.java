package io.colompi.transport.rdma;

import io.aeron.Publication;
import io.aeron.logbuffer.BufferClaim;
import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;
import io.colompi.core.pt2pt.SendMode;
import io.colompi.core.pt2pt.SendRequest;
import io.colompi.core.transport.SendQueue;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.Transfer;
import org.agrona.MutableDirectBuffer;

import static io.colompi.transport.rdma.FrameDescriptor.*;

/**
 * The sends of one rank to one rank of another node, claimed frame by frame on the publication to that rank's JVM,
 * in order: a message's frames all go before the next message's, so the peer sees this sender's messages one after
 * another and MPI's non-overtaking order holds. A publication that is not connected yet or back-pressured (Aeron's
 * flow control) leaves the rest for a later {@link #pump}; one that is closed fails the sends.
 */
final class Outbox
{
    private final AeronTransport owner;
    private final RemoteJvm remote;
    private final BufferClaim claim = new BufferClaim();
    private final SendQueue sends = new SendQueue();

    Outbox(final AeronTransport owner, final RemoteJvm remote)
    {
        this.owner = owner;
        this.remote = remote;
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

    /** Claim as many frames as the publication takes now; returns how many were written. */
    synchronized int pump()
    {
        final Publication publication = remote.publication();
        if (publication == null)
        {
            return remote.failure() != null ? failAll(remote.failure()) : 0;
        }
        final int maxPayloadLength = publication.maxPayloadLength();
        int written = 0;
        for (SendRequest send = sends.head(); send != null; send = sends.head())
        {
            final long result = sends.headStarted() ?
                writeChunk(send, publication, maxPayloadLength) : writeFirst(send, publication, maxPayloadLength);
            if (result < 0)
            {
                if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED)
                {
                    remote.fail("the publication to JVM " + remote.jvm() + " is " + Publication.errorString(result));
                    return written + failAll(remote.failure());
                }
                return written;
            }
            written++;
        }
        return written;
    }

    /** The peer matched a synchronous message: complete it if it is fully written, else when it is. */
    synchronized void acknowledged(final SendRequest send)
    {
        sends.acknowledged(send);
    }

    private int failAll(final String reason)
    {
        return sends.failAll(send ->
            new MpiError(ErrorClass.OTHER, "aeron: message to rank " + send.destWorld() + " lost: " + reason));
    }

    private long writeFirst(final SendRequest send, final Publication publication, final int maxPayloadLength)
    {
        final long total = send.payloadBytes();
        final int payload = (int)Math.min(total, payloadCapacity(maxPayloadLength, FIRST_HEADER_LENGTH));
        final long result = remote.claim(publication, FIRST_HEADER_LENGTH + payload, claim);
        if (result < 0)
        {
            return result;
        }
        final boolean synchronous = send.mode() == SendMode.SYNCHRONOUS;
        final long messageId = synchronous ? owner.awaitAck(send) : 0;
        final MutableDirectBuffer buffer = claim.buffer();
        final int index = claim.offset();
        buffer.putInt(index + TYPE_OFFSET, FIRST);
        buffer.putInt(index + SOURCE_OFFSET, owner.worldRank());
        buffer.putInt(index + DEST_WORLD_OFFSET, send.destWorld());
        buffer.putInt(index + CONTEXT_OFFSET, send.context());
        buffer.putInt(index + SOURCE_RANK_OFFSET, send.sourceRank());
        buffer.putInt(index + TAG_OFFSET, send.envelopeTag());
        buffer.putInt(index + ELEMENTS_OFFSET, send.elementCount());
        buffer.putByte(index + BASE_TYPE_OFFSET, (byte)send.type().base().ordinal());
        buffer.putByte(index + FLAGS_OFFSET, synchronous ? FLAG_SYNCHRONOUS : 0);
        buffer.putLong(index + TOTAL_BYTES_OFFSET, total);
        buffer.putLong(index + MESSAGE_ID_OFFSET, messageId);
        writePayload(send, 0, payload, buffer, index + FIRST_HEADER_LENGTH);
        remote.commit(claim);
        sends.wrote(payload);
        return result;
    }

    private long writeChunk(final SendRequest send, final Publication publication, final int maxPayloadLength)
    {
        final long fromByte = sends.headBytesWritten();
        final int payload = (int)Math.min(
            send.payloadBytes() - fromByte, payloadCapacity(maxPayloadLength, CHUNK_HEADER_LENGTH));
        final long result = remote.claim(publication, CHUNK_HEADER_LENGTH + payload, claim);
        if (result < 0)
        {
            return result;
        }
        final MutableDirectBuffer buffer = claim.buffer();
        final int index = claim.offset();
        buffer.putInt(index + TYPE_OFFSET, CHUNK);
        buffer.putInt(index + SOURCE_OFFSET, owner.worldRank());
        buffer.putInt(index + DEST_WORLD_OFFSET, send.destWorld());
        writePayload(send, fromByte, payload, buffer, index + CHUNK_HEADER_LENGTH);
        remote.commit(claim);
        sends.wrote(payload);
        return result;
    }

    private static void writePayload(
        final SendRequest send, final long fromByte, final int bytes, final MutableDirectBuffer buffer, final int index)
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
