package io.colompi.transport.rdma;

import io.colompi.core.transport.SipHash;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static io.colompi.transport.rdma.FrameHeader.*;

/**
 * Proof that a frame comes from a JVM of the job, once: anybody can send a datagram to a JVM's subscription (and
 * Aeron takes any session that sets itself up), so every frame carries a SipHash-2-4 MAC of the rest of it under
 * a key only the sending and the receiving JVM hold (derived from the job's secret, so a frame from one JVM to
 * another verifies nowhere else), and a sequence number, per sending and receiving JVM, that the receiver expects
 * in order: a copy of an earlier frame is refused, and a frame after a missing one means the stream was tampered
 * with. The receiver drops what fails, counting it, before anything of the frame is read.
 * <p>
 * Sending: {@link #stamp} numbers a frame right after it is claimed, under the lock that orders the claims on the
 * publication (so numbers follow stream order), and {@link #sign} signs it once written. Receiving:
 * {@link #verify}, by the one thread that polls the subscription at a time.
 */
final class FrameAuthenticator
{
    /** {@link #verify}: the MAC does not match (or the frame is too short, or names no other JVM of the job). */
    static final int FORGED = -1;
    /** {@link #verify}: an authentic frame already received: a replay. */
    static final int REPLAYED = -2;
    /** {@link #verify}: an authentic frame after one that never came: the stream was tampered with. */
    static final int OUT_OF_SEQUENCE = -3;

    private static final String LABEL = "colompi aeron frame key";

    private final int jvm;
    /** Per other JVM: the two halves of the key of frames to it, and of frames from it. */
    private final long[] sendKeys;
    private final long[] receiveKeys;
    private final long[] nextSent;
    private final long[] nextReceived;

    FrameAuthenticator(final byte[] secret, final long jobId, final int jvm, final int jvmCount)
    {
        this.jvm = jvm;
        this.sendKeys = new long[2 * jvmCount];
        this.receiveKeys = new long[2 * jvmCount];
        this.nextSent = new long[jvmCount];
        this.nextReceived = new long[jvmCount];
        for (int other = 0; other < jvmCount; other++)
        {
            SipHash.deriveKey(secret, LABEL, jobId, jvm, other, sendKeys, other);
            SipHash.deriveKey(secret, LABEL, jobId, other, jvm, receiveKeys, other);
        }
    }

    /** Number the frame just claimed at {@code index} for JVM {@code peer}; call in claim order. */
    void stamp(final MutableDirectBuffer buffer, final int index, final int peer)
    {
        buffer.putLong(index + SEQUENCE_OFFSET, nextSent[peer]++);
        buffer.putInt(index + SOURCE_JVM_OFFSET, jvm);
    }

    /** Sign the {@link #stamp stamped}, fully written frame of {@code length} bytes at {@code index} for JVM {@code peer}. */
    void sign(final MutableDirectBuffer buffer, final int index, final int length, final int peer)
    {
        buffer.putLong(index + MAC_OFFSET, mac(sendKeys, peer, buffer, index, length));
    }

    /**
     * The sending JVM of the frame of {@code length} bytes at {@code offset} if it is authentic and the next from it;
     * else {@link #FORGED}, {@link #REPLAYED} or {@link #OUT_OF_SEQUENCE}.
     */
    int verify(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < CONTROL_LENGTH)
        {
            return FORGED;
        }
        final int from = buffer.getInt(offset + SOURCE_JVM_OFFSET);
        if (from < 0 || from >= nextReceived.length || from == jvm ||
            buffer.getLong(offset + MAC_OFFSET) != mac(receiveKeys, from, buffer, offset, length))
        {
            return FORGED;
        }
        final long sequence = buffer.getLong(offset + SEQUENCE_OFFSET);
        if (sequence < nextReceived[from])
        {
            return REPLAYED;
        }
        if (sequence > nextReceived[from])
        {
            return OUT_OF_SEQUENCE;
        }
        nextReceived[from]++;
        return from;
    }

    /** The sequence number the next frame from JVM {@code from} must carry. */
    long expected(final int from)
    {
        return nextReceived[from];
    }

    private static long mac(final long[] keys, final int peer, final DirectBuffer buffer, final int index, final int length)
    {
        return SipHash.hash(keys[2 * peer], keys[2 * peer + 1], buffer, index + SIGNED_OFFSET, length - SIGNED_OFFSET);
    }
}
