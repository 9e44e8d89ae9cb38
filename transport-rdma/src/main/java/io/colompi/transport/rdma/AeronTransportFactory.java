package io.colompi.transport.rdma;

import io.colompi.core.job.JobContext;
import io.colompi.core.job.Placement;
import io.colompi.core.transport.FrameSink;
import io.colompi.core.transport.FrameTransport;
import io.colompi.core.transport.TransportFactory;

/**
 * Registers the Aeron transport: it reaches ranks on other nodes, below shared memory (50) and the local tier (100),
 * so it is never picked for a peer on the same node. A JVM none of whose ranks has a peer on another node never
 * creates it, and so never starts a media driver.
 */
public final class AeronTransportFactory implements TransportFactory
{
    @Override
    public String name()
    {
        return AeronTransport.NAME;
    }

    @Override
    public int exclusivity()
    {
        return 10;
    }

    @Override
    public boolean reaches(final Placement placement, final int from, final int to)
    {
        return !placement.sameNode(from, to);
    }

    @Override
    public FrameTransport create(final JobContext job, final int worldRank, final FrameSink sink)
    {
        return new AeronTransport(job, worldRank, sink);
    }
}
