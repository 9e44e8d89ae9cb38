package io.colompi.core.transport;

import io.colompi.core.pt2pt.SendRequest;

/**
 * Moves messages from one rank to the peers it reaches. One instance per sending rank, so counters are per
 * rank. A transport completes the send itself: at once when it has copied the data (eager), later when the
 * receiver has taken it (rendezvous).
 */
public interface Transport
{
    /** Short name shown by {@code --stats}, e.g. {@code local}, {@code shm}. */
    String name();

    /** Start delivering {@code send}; called on a thread of the sending rank. */
    void send(SendRequest send);

    /** Make progress on incoming traffic for this rank; returns how much work was done (0 when idle). */
    int poll();

    /** Messages and bytes this rank sent through this transport. */
    TransportStats stats();

    /**
     * Tell rank {@code senderWorld} that the synchronous message it numbered {@code messageId} has been matched.
     * Only transports that carry synchronous sends between JVMs are asked.
     */
    default void acknowledge(final int senderWorld, final long messageId)
    {
        throw new IllegalStateException(name() + " does not acknowledge synchronous sends");
    }

    /**
     * A thread of this rank is about to park: arrange for traffic from other JVMs to wake it (a sender in this
     * JVM unparks it directly). Returns false, and leaves nothing armed, if something has already arrived that a
     * poll would see, so the thread polls again instead of parking. Nothing to do by default.
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
