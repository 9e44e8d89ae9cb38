package io.colompi.transport.rdma;

import io.colompi.core.job.JobContext;
import io.colompi.core.transport.FrameChannel;
import io.colompi.core.transport.FrameSink;
import io.colompi.core.transport.FrameTransport;
import io.colompi.core.transport.TransportStats;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Other node: one rank's side of the Aeron tier. Frames to a peer go through a {@link PeerPublication} onto the
 * publication its JVM shares for the peer's JVM; frames for this rank arrive through its JVM's {@link AeronNode},
 * which hands them to this rank's {@link #sink()} under its progress lock.
 */
final class AeronTransport implements FrameTransport
{
    static final String NAME = "aeron";

    private final FrameSink sink;
    private final AeronNode node;
    private final int worldRank;
    private final PeerPublication[] channels;
    private final TransportStats stats = new TransportStats();
    private final AtomicBoolean closed = new AtomicBoolean();

    AeronTransport(final JobContext job, final int worldRank, final FrameSink sink)
    {
        this.sink = sink;
        this.worldRank = worldRank;
        this.channels = new PeerPublication[job.placement().size()];
        this.node = AeronNode.of(job);
        node.attach(this);
    }

    @Override
    public String name()
    {
        return NAME;
    }

    int worldRank()
    {
        return worldRank;
    }

    /** Where the frames for this rank go, and what writes its queued frames. */
    FrameSink sink()
    {
        return sink;
    }

    /** This rank's JVM side of the tier (tests inspect it). */
    AeronNode node()
    {
        return node;
    }

    @Override
    public int poll()
    {
        return node.progress();
    }

    @Override
    public boolean connectAll()
    {
        return node.connectAll();
    }

    /** Frames committed to a publication leave in the driver's next cycle, which a poll runs. */
    @Override
    public boolean sendOwed()
    {
        return node.sendOwed();
    }

    @Override
    public FrameChannel channel(final int peer)
    {
        synchronized (channels)
        {
            if (channels[peer] == null)
            {
                final RemoteJvm remote = node.remoteOf(peer);
                if (remote == null)
                {
                    throw new IllegalStateException("aeron: rank " + peer + " is on this node, not reached over the network");
                }
                channels[peer] = new PeerPublication(remote);
            }
            return channels[peer];
        }
    }

    /** Only the JVM's keeper reads the network while this rank sleeps: ask it to poll often meanwhile. */
    @Override
    public boolean prepareToSleep()
    {
        node.rankSleeps();
        return true;
    }

    @Override
    public void awake()
    {
        node.rankWakes();
    }

    @Override
    public TransportStats stats()
    {
        return stats;
    }

    /** The node closes with its JVM's last rank; until then it keeps writing this rank's owed acknowledgements. */
    @Override
    public void close()
    {
        if (closed.compareAndSet(false, true))
        {
            node.detach();
        }
    }
}
