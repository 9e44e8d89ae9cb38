package io.colompi.transport.shm;

import io.colompi.core.transport.FrameChannel;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * The frames of one rank to one peer: records in the peer's inbound ring, each a frame whose Agrona record type is
 * the job's ({@link #recordType}), so records of another job are recognised and dropped without a header of ours (an
 * 8-byte message stays one 64-byte record). A full ring is back-pressure. After a commit, a sleeping peer is woken
 * ({@link WakeWord}).
 */
final class PeerRing implements FrameChannel
{
    private final ManyToOneRingBuffer ring;
    private final AtomicBuffer buffer;
    private final int recordType;
    private final WakeWord peerWake;
    private final ShmWaker waker;
    private final int peerJvm;
    private final UnsafeBuffer wakeMessage;

    PeerRing(
        final ManyToOneRingBuffer ring, final long jobId, final WakeWord peerWake, final ShmWaker waker, final int peer,
        final int peerJvm)
    {
        this.ring = ring;
        this.buffer = ring.buffer();
        this.recordType = recordType(jobId);
        this.peerWake = peerWake;
        this.waker = waker;
        this.peerJvm = peerJvm;
        this.wakeMessage = ShmWaker.messageFor(peer);
    }

    /** The Agrona record type of job {@code jobId}'s frames: 30 bits of its id, never 0 or negative as Agrona wants. */
    static int recordType(final long jobId)
    {
        return (int)(jobId >>> 34) + 1;
    }

    @Override
    public int maxFrameLength()
    {
        return ring.maxMsgLength();
    }

    @Override
    public int claim(final int length)
    {
        final int index = ring.tryClaim(recordType, length);
        return index < 0 ? NOT_READY : index;
    }

    @Override
    public MutableDirectBuffer buffer()
    {
        return buffer;
    }

    @Override
    public void commit(final int index)
    {
        ring.commit(index);
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
