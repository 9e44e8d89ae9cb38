package io.colompi.core.transport;

import org.agrona.DirectBuffer;

/**
 * What the core gives a transport for one rank: where the frames that arrive for the rank go, and what writes the
 * frames the rank has queued.
 */
public interface FrameSink
{
    /**
     * A frame ({@link FrameDescriptor}) of {@code length} bytes at {@code offset} for this rank, read before this
     * returns; called by one thread at a time, which must not hold the lock of a {@link FrameChannel} of this rank.
     */
    void onFrame(DirectBuffer buffer, int offset, int length);

    /**
     * Write the frames this rank has queued (the rest of large messages, acknowledgements) that the channels take
     * now; any thread, outside {@link #onFrame}. Returns how many were written.
     */
    int pump();
}
