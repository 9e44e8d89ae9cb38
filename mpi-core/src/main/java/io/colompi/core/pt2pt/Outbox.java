package io.colompi.core.pt2pt;

import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;
import io.colompi.core.transport.FrameChannel;
import io.colompi.core.type.Transfer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.LongArrayQueue;

import java.util.ArrayDeque;

import static io.colompi.core.transport.FrameDescriptor.*;

/**
 * The frames of one rank to one peer in another JVM, written in order through the peer's {@link FrameChannel}: the
 * ACKs owed to the peer, the QUERY and ANSWER frames of a check for mismatched collectives, then the head message's
 * frames, all of them before the next message's, so the peer sees
 * this sender's messages one after another and MPI's non-overtaking order holds. A channel that takes no frame now is
 * back-pressure (the rest is written on later {@link #pump}s); one that is closed fails the sends.
 */
final class Outbox
{
    private static final int CALL_FRAME_WORDS = 5;

    private final Protocol protocol;
    private final Engine engine;
    private final int peer;
    private final int worldRank;
    private final FrameChannel channel;
    private final ArrayDeque<SendRequest> queue = new ArrayDeque<>();
    private final LongArrayQueue owedAcks = new LongArrayQueue();
    /** QUERY and ANSWER frames to write, {@link #CALL_FRAME_WORDS} longs each: type, context, sequence, call, bytes. */
    private final LongArrayQueue owedCallFrames = new LongArrayQueue();
    private SendRequest head;
    /** Bytes of the head written so far; -1 before its FIRST frame. */
    private long headBytesWritten;
    private boolean headAcked;
    /** Whether frames wait to be written: read without the lock by every poll, so an idle turn takes no monitor. */
    private volatile boolean pending;

    Outbox(final Protocol protocol, final Engine engine, final int peer, final FrameChannel channel)
    {
        this.protocol = protocol;
        this.engine = engine;
        this.peer = peer;
        this.worldRank = engine.worldRank();
        this.channel = channel;
    }

    synchronized void enqueue(final SendRequest send)
    {
        queue.addLast(send);
        pump();
    }

    /** Owe the peer the ACK of its synchronous message {@code messageId}, written by the next {@link #pump}. */
    synchronized void oweAck(final long messageId)
    {
        owedAcks.addLong(messageId);
        pending = true;
    }

    /**
     * Owe the peer a QUERY ({@code call} and {@code bytes} unused) or ANSWER frame about collective call
     * {@code sequence} on {@code context}, written by the next {@link #pump}.
     */
    synchronized void oweCallFrame(final int type, final int context, final long sequence, final long call,
        final long bytes)
    {
        owedCallFrames.addLong(type);
        owedCallFrames.addLong(context);
        owedCallFrames.addLong(sequence);
        owedCallFrames.addLong(call);
        owedCallFrames.addLong(bytes);
        pending = true;
    }

    /** Whether frames wait to be written (without the lock: a {@link #pump} may have just written them). */
    boolean hasWork()
    {
        return pending;
    }

    /** The peer matched synchronous {@code send}: complete it if it is fully written, else when it is. */
    synchronized void acknowledged(final SendRequest send)
    {
        if (send == head)
        {
            headAcked = true;
        }
        else
        {
            send.completeSend();
        }
    }

    /** Write as many frames as the channel takes now; returns how many were written. */
    synchronized int pump()
    {
        final int written = write();
        pending = head != null || !queue.isEmpty() || !owedAcks.isEmpty() || !owedCallFrames.isEmpty();
        return written;
    }

    private int write()
    {
        final int maxFrameLength = channel.maxFrameLength();
        if (maxFrameLength < 0)
        {
            return maxFrameLength == FrameChannel.CLOSED ? failAll() : 0;
        }
        int written = 0;
        while (!owedAcks.isEmpty())
        {
            final int index = writeAck(owedAcks.peekLong());
            if (index < 0)
            {
                return index == FrameChannel.CLOSED ? written + failAll() : written;
            }
            owedAcks.pollLong();
            written++;
        }
        while (!owedCallFrames.isEmpty())
        {
            final int index = writeCallFrame();
            if (index < 0)
            {
                return index == FrameChannel.CLOSED ? written + failAll() : written;
            }
            for (int i = 0; i < CALL_FRAME_WORDS; i++)
            {
                owedCallFrames.pollLong();
            }
            written++;
        }
        for (SendRequest send = head(); send != null; send = head())
        {
            final int index = headBytesWritten >= 0 ? writeChunk(send, maxFrameLength) : writeFirst(send, maxFrameLength);
            if (index < 0)
            {
                return index == FrameChannel.CLOSED ? written + failAll() : written;
            }
            written++;
        }
        return written;
    }

    private SendRequest head()
    {
        if (head == null)
        {
            head = queue.pollFirst();
            headBytesWritten = -1;
            headAcked = false;
        }
        return head;
    }

    /** A frame of {@code bytes} payload bytes of the head was written; the head is finished once all are. */
    private void wrote(final long bytes)
    {
        headBytesWritten = Math.max(0, headBytesWritten) + bytes;
        if (headBytesWritten == head.payloadBytes())
        {
            final SendRequest done = head;
            head = null;
            if (done.mode != SendMode.SYNCHRONOUS || headAcked)
            {
                done.completeSend();
            }
        }
    }

    /** The channel closed: fail every send to the peer, and end the job if the peer waits for an ACK from here. */
    private int failAll()
    {
        final String name = protocol.transport().name();
        final String reason = channel.failure();
        int failed = 0;
        for (SendRequest send = head != null ? head : queue.pollFirst(); send != null; send = queue.pollFirst())
        {
            send.failSend(new MpiError(ErrorClass.OTHER, name + ": message to rank " + peer + " lost: " + reason));
            failed++;
        }
        head = null;
        owedCallFrames.clear();
        if (!owedAcks.isEmpty())
        {
            // the peer's synchronous send can never complete, so the job cannot either
            owedAcks.clear();
            engine.abort(1, new IllegalStateException(name + ": cannot acknowledge rank " + peer + ": " + reason));
        }
        return failed;
    }

    private int writeFirst(final SendRequest send, final int maxFrameLength)
    {
        final long total = send.payloadBytes();
        final int payload = (int)Math.min(total, payloadCapacity(maxFrameLength, FIRST_HEADER_LENGTH));
        final int index = claim(FIRST, FIRST_HEADER_LENGTH + payload);
        if (index < 0)
        {
            return index;
        }
        final boolean synchronous = send.mode == SendMode.SYNCHRONOUS;
        final MutableDirectBuffer buffer = channel.buffer();
        buffer.putInt(index + CONTEXT_OFFSET, send.context);
        buffer.putInt(index + SOURCE_RANK_OFFSET, send.sourceRank);
        buffer.putInt(index + TAG_OFFSET, send.tag);
        buffer.putInt(index + ELEMENTS_OFFSET, send.elementCount());
        buffer.putByte(index + BASE_TYPE_OFFSET, (byte)send.type.base().ordinal());
        buffer.putByte(index + FLAGS_OFFSET, synchronous ? FLAG_SYNCHRONOUS : 0);
        buffer.putLong(index + TOTAL_BYTES_OFFSET, total);
        buffer.putLong(index + MESSAGE_ID_OFFSET, synchronous ? protocol.awaitAck(send) : 0);
        writePayload(send, 0, payload, buffer, index + FIRST_HEADER_LENGTH);
        channel.commit(index);
        wrote(payload);
        return index;
    }

    private int writeChunk(final SendRequest send, final int maxFrameLength)
    {
        final long fromByte = headBytesWritten;
        final int payload = (int)Math.min(send.payloadBytes() - fromByte, payloadCapacity(maxFrameLength, CHUNK_HEADER_LENGTH));
        final int index = claim(CHUNK, CHUNK_HEADER_LENGTH + payload);
        if (index < 0)
        {
            return index;
        }
        writePayload(send, fromByte, payload, channel.buffer(), index + CHUNK_HEADER_LENGTH);
        channel.commit(index);
        wrote(payload);
        return index;
    }

    private int writeAck(final long messageId)
    {
        final int index = claim(ACK, ACK_LENGTH);
        if (index < 0)
        {
            return index;
        }
        channel.buffer().putLong(index + ACK_MESSAGE_ID_OFFSET, messageId);
        channel.commit(index);
        return index;
    }

    /** The first owed QUERY or ANSWER frame, left in the queue (it is taken once written). */
    private int writeCallFrame()
    {
        final LongArrayQueue.LongIterator words = owedCallFrames.iterator();
        final int type = (int)words.nextValue();
        final int index = claim(type, type == QUERY ? QUERY_LENGTH : ANSWER_LENGTH);
        if (index < 0)
        {
            return index;
        }
        final MutableDirectBuffer buffer = channel.buffer();
        buffer.putInt(index + CALL_CONTEXT_OFFSET, (int)words.nextValue());
        buffer.putLong(index + CALL_SEQUENCE_OFFSET, words.nextValue());
        if (type == ANSWER)
        {
            buffer.putLong(index + ANSWER_CALL_OFFSET, words.nextValue());
            buffer.putLong(index + ANSWER_BYTES_OFFSET, words.nextValue());
        }
        channel.commit(index);
        return index;
    }

    /** Claim a frame of {@code type} and {@code length} bytes and write who sends it to whom; or a negative status. */
    private int claim(final int type, final int length)
    {
        final int index = channel.claim(length);
        if (index >= 0)
        {
            final MutableDirectBuffer buffer = channel.buffer();
            buffer.putInt(index + TYPE_OFFSET, type);
            buffer.putInt(index + SOURCE_WORLD_OFFSET, worldRank);
            buffer.putInt(index + DEST_WORLD_OFFSET, peer);
        }
        return index;
    }

    private static void writePayload(
        final SendRequest send, final long fromByte, final int bytes, final MutableDirectBuffer buffer, final int index)
    {
        if (bytes == 0)
        {
            return;
        }
        if (send.objectBytes != null)
        {
            buffer.putBytes(index, send.objectBytes, (int)fromByte, bytes);
            return;
        }
        final int scale = send.type.base().byteSize();
        Transfer.packRange(send.buffer, send.offset, send.type, (int)(fromByte / scale), bytes / scale,
            buffer.byteArray(), buffer.addressOffset() + index);
    }
}
