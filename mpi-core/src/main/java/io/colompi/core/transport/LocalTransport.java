package io.colompi.core.transport;

import io.colompi.core.pt2pt.Engine;
import io.colompi.core.pt2pt.SendRequest;

/** Ranks in the same JVM: the sender matches in the receiver's engine and hands the data over directly. */
public final class LocalTransport implements Transport
{
    public static final String NAME = "local";

    private final JobContext job;
    private final TransportStats stats = new TransportStats();

    LocalTransport(final JobContext job)
    {
        this.job = job;
    }

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public void send(final SendRequest send)
    {
        final Engine target = job.localEngine(send.destWorld());
        stats.recordSend(send.payloadBytes());
        target.deliverLocal(send);
    }

    @Override
    public int poll()
    {
        return 0;
    }

    @Override
    public TransportStats stats()
    {
        return stats;
    }

    /** Reaches every rank placed in the same JVM. */
    public static final class Factory implements TransportFactory
    {
        @Override
        public String name()
        {
            return NAME;
        }

        @Override
        public int exclusivity()
        {
            return 100;
        }

        @Override
        public boolean reaches(final Placement placement, final int from, final int to)
        {
            return placement.sameJvm(from, to);
        }

        @Override
        public Transport create(final Engine engine, final JobContext job)
        {
            return new LocalTransport(job);
        }
    }
}
