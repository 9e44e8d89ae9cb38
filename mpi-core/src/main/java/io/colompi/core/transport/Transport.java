package io.colompi.core.transport;

/**
 * A tier that carries one rank's messages to some of its peers, as {@code --stats} shows it: {@code local} (direct
 * inbox within the JVM) or a {@link FrameTransport}. One instance per sending rank, so counters are per rank.
 */
public interface Transport
{
    /** Short name shown by {@code --stats}, e.g. {@code local}, {@code shm}. */
    String name();

    /** Messages and bytes this rank sent through this tier, and records it dropped. */
    TransportStats stats();
}
