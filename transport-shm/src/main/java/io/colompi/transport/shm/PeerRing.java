package io.colompi.transport.shm;

import io.colompi.core.transport.FrameChannel;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;

import java.nio.ByteBuffer;

/**
 * The frames of one rank to one peer: records in the peer's inbound ring, each the job id (so records of another job
 * are recognised and dropped) and then the frame. A full ring is back-pressure. After a commit, a sleeping peer is
 * woken ({@link WakeWord}).
 *
 * <pre>
 * record (Agrona type {@link #FRAME_RECORD})
 *   0  long  jobId
 *   8  frame...
 * </pre>
 */
final class PeerRing implements FrameChannel
{
    static final int FRAME_RECORD = 1;
    static final int JOB_ID_OFFSET = 0;
    static final int HEADER_LENGTH = 8;

    private final ManyToOneRingBuffer ring;
    private final AtomicBuffer buffer;
    private final long jobId;
    private final WakeWord peerWake;
    private final ShmWaker waker;
    private final int peerJvm;
    private final ByteBuffer wakeMessage;

    PeerRing(
        final ManyToOneRingBuffer ring, final long jobId, final WakeWord peerWake, final ShmWaker waker, final int peer,
        final int peerJvm)
    {
        this.ring = ring;
        this.buffer = ring.buffer();
        this.jobId = jobId;
        this.peerWake = peerWake;
        this.waker = waker;
        this.peerJvm = peerJvm;
        this.wakeMessage = ShmWaker.messageFor(peer);
    }

    @Override
    public int maxFrameLength()
    {
        return ring.maxMsgLength() - HEADER_LENGTH;
    }

    @Override
    public int claim(final int length)
    {
        final int index = ring.tryClaim(FRAME_RECORD, HEADER_LENGTH + length);
        if (index < 0)
        {
            return NOT_READY;
        }
        buffer.putLong(index + JOB_ID_OFFSET, jobId);
        return index + HEADER_LENGTH;
    }

    @Override
    public MutableDirectBuffer buffer()
    {
        return buffer;
    }

    @Override
    public void commit(final int index)
    {
        ring.commit(index - HEADER_LENGTH);
        if (peerWake.takeSleeper())
        {
            waker.wake(peerJvm, wakeMessage);
        }
    }

    @Override
    public String failure()
    {
        return null;
    }

    /** The ring itself: for tests that forge records. */
    ManyToOneRingBuffer ring()
    {
        return ring;
    }
}
