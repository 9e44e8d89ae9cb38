package io.colompi.core.transport;

/**
 * Moves frames between ranks of different JVMs: the narrow interface a transport implements (Open MPI's BTL). The
 * core's protocol layer (envelopes, eager and rendezvous, fragmentation, synchronous-send acknowledgements,
 * reassembly) lays the frames out ({@link FrameDescriptor}) and writes them through a {@link FrameChannel} per peer;
 * the transport hands each frame it receives for its rank to the {@link FrameSink} the core gave its factory. One
 * instance per rank of this JVM.
 */
public interface FrameTransport extends Transport
{
    /**
     * The channel of frames to world rank {@code peer} (a rank this transport reaches), made on first use; an
     * {@link IllegalStateException} if the peer's end cannot be found then (its transport is gone).
     */
    FrameChannel channel(int peer);

    /**
     * Hand the frames that arrived for this rank to its sink, one at a time, and return how many (0 when idle). A
     * caller that finds another thread reading returns 0 at once.
     */
    int poll();

    /**
     * Connect to every peer this transport reaches; called in {@code MPI.Init}, polling between calls, until it
     * returns true, so that a transport whose first frame to a peer pays for making the connection pays it before the
     * program runs, not in its first iterations while the peer waits. Connected from the start by default.
     */
    default boolean connectAll()
    {
        return true;
    }

    /**
     * Whether frames written to this transport's channels wait for its next {@link #poll} to leave (a driver that
     * sends in its duty cycle): the protocol layer then polls it again after writing, and a call of the rank's that
     * wrote returns only after such a poll, so that no frame waits through the program's computing for the rank's next
     * call. False by default: a frame is the peer's once committed.
     */
    default boolean sendOwed()
    {
        return false;
    }

    /**
     * A thread of this rank is about to park: arrange for frames to wake it. Returns false, and leaves nothing armed,
     * if a frame has already arrived that a poll would see. Nothing to do by default.
     */
    default boolean prepareToSleep()
    {
        return true;
    }

    /** The thread that {@link #prepareToSleep prepared to sleep} is awake again. */
    default void awake()
    {
    }

    /** Release what the transport holds (mapped files, sockets) once the rank is done; nothing to do by default. */
    default void close()
    {
    }
}
