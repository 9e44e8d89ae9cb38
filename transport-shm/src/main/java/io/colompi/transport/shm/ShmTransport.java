package io.colompi.transport.shm;

import io.colompi.core.job.JobContext;
import io.colompi.core.job.Placement;
import io.colompi.core.transport.FrameChannel;
import io.colompi.core.transport.FrameSink;
import io.colompi.core.transport.FrameTransport;
import io.colompi.core.transport.TransportStats;
import org.agrona.IoUtil;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;

import java.nio.MappedByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Same node, other JVM: each rank reads one inbound Agrona many-to-one ring in the job's {@code /dev/shm}
 * directory, and writes into the inbound rings of its peers ({@link PeerRing}). One ring per receiver (not per pair)
 * keeps polling O(1) however many JVMs the node has; per-sender order holds because the core writes each sender's
 * frames to a peer in order.
 */
final class ShmTransport implements FrameTransport, MessageHandler
{
    static final String NAME = "shm";
    private static final int READ_LIMIT = 64;

    private final FrameSink sink;
    private final long jobId;
    private final int recordType;
    private final int worldRank;
    private final Placement placement;
    private final Path directory;
    private final MappedByteBuffer inboundMapping;
    private final ManyToOneRingBuffer inbound;
    private final WakeWord inboundWake;
    private final ShmWaker waker;
    private final PeerRing[] peers;
    private final List<MappedByteBuffer> peerMappings = new ArrayList<>();
    private final AtomicBoolean reading = new AtomicBoolean();
    private final TransportStats stats = new TransportStats();

    ShmTransport(final JobContext job, final int worldRank, final FrameSink sink)
    {
        this.sink = sink;
        this.jobId = job.wiring().jobId();
        this.recordType = PeerRing.recordType(jobId);
        this.worldRank = worldRank;
        this.placement = job.placement();
        this.directory = job.wiring().sharedMemoryDir();
        if (directory == null)
        {
            throw new IllegalStateException("the shm transport needs the job's shared-memory directory");
        }
        this.inboundMapping = RingFiles.create(directory, worldRank, job.settings().shmRingBytes());
        this.inbound = RingFiles.ring(inboundMapping);
        this.inboundWake = RingFiles.wakeWord(inboundMapping);
        this.waker = ShmWaker.of(job, stats);
        this.peers = new PeerRing[placement.size()];
    }

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public int poll()
    {
        if (!reading.compareAndSet(false, true))
        {
            return 0;
        }
        try
        {
            return inbound.read(this, READ_LIMIT);
        }
        finally
        {
            reading.set(false);
        }
    }

    @Override
    public void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        if (msgTypeId != recordType)
        {
            stats.recordStray();
            return;
        }
        sink.onFrame(buffer, index, length);
    }

    @Override
    public boolean prepareToSleep()
    {
        inboundWake.markSleeping();
        if (inbound.size() > 0)
        {
            inboundWake.markAwake();
            return false;
        }
        return true;
    }

    @Override
    public void awake()
    {
        inboundWake.markAwake();
    }

    ShmWaker waker()
    {
        return waker;
    }

    @Override
    public FrameChannel channel(final int peer)
    {
        PeerRing ring = peers[peer];
        if (ring == null)
        {
            synchronized (peerMappings)
            {
                ring = peers[peer];
                if (ring == null)
                {
                    final MappedByteBuffer mapping = RingFiles.open(directory, peer);
                    peerMappings.add(mapping);
                    ring = new PeerRing(RingFiles.ring(mapping), jobId, RingFiles.wakeWord(mapping), waker, peer,
                        placement.jvmOf(peer));
                    peers[peer] = ring;
                }
            }
        }
        return ring;
    }

    @Override
    public TransportStats stats()
    {
        return stats;
    }

    @Override
    public void close()
    {
        synchronized (peerMappings)
        {
            peerMappings.forEach(IoUtil::unmap);
            peerMappings.clear();
        }
        IoUtil.unmap(inboundMapping);
        IoUtil.deleteIfExists(RingFiles.of(directory, worldRank));
        waker.close();
    }

    /** The inbound ring of {@code peer} as this rank writes to it: for tests that forge records. */
    ManyToOneRingBuffer strangerRingForTest(final int peer)
    {
        return ((PeerRing)channel(peer)).ring();
    }
}
