package io.colompi.core.transport;

import io.colompi.core.pt2pt.Engine;

/**
 * A kind of transport, discovered with {@link java.util.ServiceLoader}. For each peer the router picks the
 * factory of highest {@link #exclusivity()} that reaches it (self &gt; shared memory &gt; network, as Open MPI's BML).
 */
public interface TransportFactory
{
    String name();

    int exclusivity();

    /** Whether a rank at {@code from} can reach a rank at {@code to} with this transport. */
    boolean reaches(Placement placement, int from, int to);

    /** The transport instance for one rank of this JVM. */
    Transport create(Engine engine, JobContext job);
}
