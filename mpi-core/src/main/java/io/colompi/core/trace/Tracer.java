package io.colompi.core.trace;

/**
 * One rank's trace journal writer, called by the rank's own threads after every outermost MPI call (a collective's
 * or a {@code Sendrecv}'s own messages are not calls of their own: their bytes are {@link #sent counted}); an {@link
 * io.colompi.core.pt2pt.Engine} holds none when tracing is off. Implementations must not allocate per record and
 * must not share a lock with other ranks' tracers; a tracer that can no longer write stops, and the job goes on.
 */
public interface Tracer
{
    /**
     * Record one call.
     *
     * @param call    what was called.
     * @param context the communicator's context id (point-to-point context for point-to-point calls).
     * @param peer    the world rank of the destination or matched source; -1 when none.
     * @param tier    the {@link Tier} code of the transport to {@code peer}.
     * @param tag     the message tag; -1 when none.
     * @param bytes   payload bytes sent or received; 0 when none.
     * @param startNs {@link System#nanoTime()} at the call's start.
     * @param endNs   {@link System#nanoTime()} at its end.
     * @param waitNs  of that, nanoseconds spent waiting for the communication to complete.
     */
    void record(Call call, int context, int peer, int tier, int tag, long bytes, long startNs, long endNs, long waitNs);

    /**
     * Record one {@link Call#SENDRECV}: its send to {@code dest} and its receive from {@code source} (world ranks) in
     * one record; the other parameters as {@link #record}'s.
     */
    void recordSendrecv(
        int context, int dest, int destTier, int sendTag, long sentBytes,
        int source, int sourceTier, int receivedTag, long receivedBytes, long startNs, long endNs, long waitNs);

    /**
     * The calling thread, the rank's program thread in {@code MPI.Init}, will record: make now what its first append
     * would make in the middle of the program (a journal opened by another thread has nothing of this one's yet).
     */
    void prepareThread();

    /** Count a message of {@code bytes} to world rank {@code peer} over {@code tier} that no record carries (a collective's). */
    void sent(int peer, int tier, long bytes);

    /** The rank has ended: finish the journal. */
    void close();
}
