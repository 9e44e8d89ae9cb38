package io.colompi.core.transport;

import org.agrona.MutableDirectBuffer;

/**
 * The frames of one rank to one peer rank in another JVM, written in place: {@link #claim}, write at the index in
 * {@link #buffer()}, {@link #commit}. Frames to one peer arrive in the order they were committed. Used by one thread
 * at a time (the core's outbox for the peer holds its lock).
 */
public interface FrameChannel
{
    /** Returned by {@link #maxFrameLength} and {@link #claim}: no frame now (back-pressure, not connected yet). */
    int NOT_READY = -1;
    /** Returned by {@link #maxFrameLength} and {@link #claim}: never again; {@link #failure()} says why. */
    int CLOSED = -2;

    /** The largest frame a claim may ask for, or {@link #NOT_READY} or {@link #CLOSED}. */
    int maxFrameLength();

    /** Claim a frame of {@code length} bytes: the index in {@link #buffer()} to write it at, or a negative status. */
    int claim(int length);

    /** The buffer of the frame last claimed. */
    MutableDirectBuffer buffer();

    /** Send the frame claimed at {@code index}, now written. */
    void commit(int index);

    /** Why frames can no longer reach the peer, or null while they can. */
    String failure();
}
