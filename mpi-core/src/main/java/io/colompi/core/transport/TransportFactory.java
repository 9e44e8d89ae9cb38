package io.colompi.core.transport;

import io.colompi.core.job.JobContext;
import io.colompi.core.job.Placement;

/**
 * A kind of frame transport, discovered with {@link java.util.ServiceLoader}. For each peer in another JVM the
 * router picks the factory of highest {@link #exclusivity()} that reaches it (shared memory &gt; network, as Open
 * MPI's BML); peers in the same JVM are always reached through their inboxes (the {@code local} tier).
 */
public interface TransportFactory
{
    String name();

    int exclusivity();

    /** Whether a rank at {@code from} can reach a rank at {@code to}, in another JVM, with this transport. */
    boolean reaches(Placement placement, int from, int to);

    /** The transport of rank {@code worldRank} of this JVM, which hands the frames it receives to {@code sink}. */
    FrameTransport create(JobContext job, int worldRank, FrameSink sink);
}
