package io.colompi.transport.shm;

import io.colompi.core.job.JobContext;
import io.colompi.core.job.Placement;
import io.colompi.core.transport.FrameSink;
import io.colompi.core.transport.FrameTransport;
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
    public FrameTransport create(final JobContext job, final int worldRank, final FrameSink sink)
    {
        return new ShmTransport(job, worldRank, sink);
    }
}
