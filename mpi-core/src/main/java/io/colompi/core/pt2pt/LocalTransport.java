package io.colompi.core.pt2pt;

import io.colompi.core.transport.Transport;
import io.colompi.core.transport.TransportStats;

/** Ranks in the same JVM: the sender matches in the receiver's engine and hands the data over directly. */
public final class LocalTransport implements Transport, Route
{
    public static final String NAME = "local";

    private final Engine engine;
    private final TransportStats stats = new TransportStats();

    LocalTransport(final Engine engine)
    {
        this.engine = engine;
    }

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public void send(final SendRequest send)
    {
        stats.recordSend(send.payloadBytes());
        engine.localPeer(send.destWorld).deliverLocal(send);
    }

    @Override
    public Transport transport()
    {
        return this;
    }

    @Override
    public TransportStats stats()
    {
        return stats;
    }
}
