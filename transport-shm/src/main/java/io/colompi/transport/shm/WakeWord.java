package io.colompi.transport.shm;

import org.agrona.concurrent.AtomicBuffer;

import java.lang.invoke.VarHandle;

/**
 * The word after a rank's inbound ring that says whether the rank sleeps. The receiver marks it before parking and
 * then looks at its ring once more; a sender commits its record, then (after a full fence, so the two cannot miss
 * each other) reads the word, and the one sender that takes the mark away sends the wake-up. A lost race costs at
 * most the receiver's park timeout, never a hang.
 */
final class WakeWord
{
    /** Bytes reserved after the ring trailer: the word, alone in its cache lines. */
    static final int LENGTH = 128;

    private static final int AWAKE = 0;
    private static final int SLEEPING = 1;

    private final AtomicBuffer buffer;
    private final int offset;

    WakeWord(final AtomicBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
    }

    /** Receiver: about to park. */
    void markSleeping()
    {
        buffer.putIntVolatile(offset, SLEEPING);
    }

    /** Receiver: awake (or not parking after all). */
    void markAwake()
    {
        buffer.putIntRelease(offset, AWAKE);
    }

    /** Sender, after committing a record: whether this caller must wake the receiver (at most one sender does). */
    boolean takeSleeper()
    {
        VarHandle.fullFence();
        return buffer.getIntVolatile(offset) == SLEEPING && buffer.compareAndSetInt(offset, SLEEPING, AWAKE);
    }
}
