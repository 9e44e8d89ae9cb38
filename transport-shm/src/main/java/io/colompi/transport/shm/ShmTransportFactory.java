package io.colompi.transport.shm;

import io.colompi.core.pt2pt.Engine;
import io.colompi.core.transport.JobContext;
import io.colompi.core.transport.Placement;
import io.colompi.core.transport.Transport;
import io.colompi.core.transport.TransportFactory;

/** Registers the shared-memory transport: it reaches ranks on the same node in other JVMs. */
public final class ShmTransportFactory implements TransportFactory
{
    @Override
    public String name()
    {
        return ShmTransport.NAME;
    }

    @Override
    public int exclusivity()
    {
        return 50;
    }

    @Override
    public boolean reaches(final Placement placement, final int from, final int to)
    {
        return placement.sameNode(from, to) && !placement.sameJvm(from, to);
    }

    @Override
    public Transport create(final Engine engine, final JobContext job)
    {
        return new ShmTransport(engine, job);
    }
}
