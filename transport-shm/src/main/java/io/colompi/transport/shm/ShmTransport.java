package io.colompi.transport.shm;

import io.colompi.core.pt2pt.Engine;
import io.colompi.core.pt2pt.Arrivals;
import io.colompi.core.pt2pt.Reassembly;
import io.colompi.core.pt2pt.SendRequest;
import io.colompi.core.transport.Acknowledgements;
import io.colompi.core.transport.JobContext;
import io.colompi.core.transport.Transport;
import io.colompi.core.transport.TransportStats;
import io.colompi.core.type.BaseType;
import org.agrona.MutableDirectBuffer;
import org.agrona.IoUtil;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;

import java.nio.MappedByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.colompi.transport.shm.FrameDescriptor.*;

/**
 * Same node, other JVM: each rank reads one inbound Agrona many-to-one ring in the job's {@code /dev/shm}
 * directory, and writes into the inbound rings of its peers. One ring per receiver (not per pair) keeps
 * polling O(1) however many JVMs the node has; per-sender order is kept by writing each message's fragments
 * contiguously (see {@link Outbox}).
 */
final class ShmTransport implements Transport, MessageHandler
{
    static final String NAME = "shm";
    private static final int READ_LIMIT = 64;
    private static final BaseType[] BASE_TYPES = BaseType.values();

    private final Engine engine;
    private final long jobId;
    private final int worldRank;
    private final Path directory;
    private final MappedByteBuffer inboundMapping;
    private final ManyToOneRingBuffer inbound;
    private final WakeWord inboundWake;
    private final ShmWaker waker;
    private final Outbox[] outboxes;
    private final Arrivals arrivals;
    private final List<MappedByteBuffer> peerMappings = new ArrayList<>();
    private final Acknowledgements acks = new Acknowledgements(this::writeAck);
    private final AtomicBoolean reading = new AtomicBoolean();
    private final TransportStats stats = new TransportStats();

    ShmTransport(final Engine engine, final JobContext job)
    {
        this.engine = engine;
        this.jobId = job.wiring().jobId();
        this.worldRank = engine.worldRank();
        this.directory = job.wiring().sharedMemoryDir();
        if (directory == null)
        {
            throw new IllegalStateException("the shm transport needs the job's shared-memory directory");
        }
        this.inboundMapping = RingFiles.create(directory, worldRank);
        this.inbound = RingFiles.ring(inboundMapping);
        this.inboundWake = RingFiles.wakeWord(inboundMapping);
        this.waker = ShmWaker.of(job);
        this.outboxes = new Outbox[engine.worldSize()];
        this.arrivals = new Arrivals(engine);
    }

    @Override
    public String name()
    {
        return NAME;
    }

    long jobId()
    {
        return jobId;
    }

    int worldRank()
    {
        return worldRank;
    }

    @Override
    public void send(final SendRequest send)
    {
        stats.recordSend(send.payloadBytes());
        outbox(send.destWorld()).enqueue(send);
    }

    @Override
    public int poll()
    {
        int work = 0;
        if (reading.compareAndSet(false, true))
        {
            try
            {
                work += inbound.read(this, READ_LIMIT);
            }
            finally
            {
                reading.set(false);
            }
        }
        for (final Outbox box : outboxes)
        {
            if (box != null && box.hasWork())
            {
                work += box.pump();
            }
        }
        if (acks.owesAny())
        {
            work += acks.flush();
        }
        return work;
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
    public void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        if (buffer.getLong(index + JOB_ID_OFFSET) != jobId)
        {
            stats.recordStray();
            return;
        }
        final int source = buffer.getInt(index + SOURCE_WORLD_OFFSET);
        switch (msgTypeId)
        {
            case FIRST:
            {
                final Reassembly arrival = arrivals.of(source);
                engine.beginArrival(arrival,
                    buffer.getInt(index + CONTEXT_OFFSET),
                    buffer.getInt(index + SOURCE_RANK_OFFSET),
                    buffer.getInt(index + TAG_OFFSET),
                    source,
                    BASE_TYPES[buffer.getByte(index + BASE_TYPE_OFFSET)],
                    buffer.getInt(index + ELEMENTS_OFFSET),
                    buffer.getLong(index + TOTAL_BYTES_OFFSET),
                    buffer.getLong(index + MESSAGE_ID_OFFSET),
                    (buffer.getByte(index + FLAGS_OFFSET) & FLAG_SYNCHRONOUS) != 0);
                arrival.append(buffer, index + FIRST_HEADER_LENGTH, length - FIRST_HEADER_LENGTH);
                break;
            }
            case CHUNK:
                arrivals.of(source).append(buffer, index + CHUNK_HEADER_LENGTH, length - CHUNK_HEADER_LENGTH);
                break;
            case ACK:
                acknowledged(source, buffer.getLong(index + ACK_MESSAGE_ID_OFFSET));
                break;
            default:
                stats.recordStray();
        }
    }

    @Override
    public void acknowledge(final int senderWorld, final long messageId)
    {
        acks.owe(senderWorld, messageId);
    }

    /** Number a synchronous send, whose completion waits for the receiver's ACK. */
    long awaitAck(final SendRequest send)
    {
        return acks.await(send);
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

    private void acknowledged(final int receiver, final long messageId)
    {
        final SendRequest send = acks.acknowledged(messageId);
        if (send == null)
        {
            stats.recordStray();
            return;
        }
        outbox(receiver).acknowledged(send);
    }

    private boolean writeAck(final int senderWorld, final long messageId)
    {
        final ManyToOneRingBuffer ring = outbox(senderWorld).ring();
        final int index = ring.tryClaim(ACK, ACK_LENGTH);
        if (index < 0)
        {
            return false;
        }
        ring.buffer().putLong(index + JOB_ID_OFFSET, jobId);
        ring.buffer().putInt(index + SOURCE_WORLD_OFFSET, worldRank);
        ring.buffer().putLong(index + ACK_MESSAGE_ID_OFFSET, messageId);
        ring.commit(index);
        outbox(senderWorld).wakePeer();
        return true;
    }

    /** The inbound ring of {@code peer} as this rank writes to it: for tests that forge records. */
    ManyToOneRingBuffer strangerRingForTest(final int peer)
    {
        return outbox(peer).ring();
    }

    private int jvmOf(final int peer)
    {
        return engine.job().placement().jvmOf(peer);
    }

    private Outbox outbox(final int peer)
    {
        Outbox box = outboxes[peer];
        if (box == null)
        {
            synchronized (peerMappings)
            {
                box = outboxes[peer];
                if (box == null)
                {
                    final MappedByteBuffer mapping = RingFiles.open(directory, peer);
                    peerMappings.add(mapping);
                    box = new Outbox(this, peer, jvmOf(peer), RingFiles.ring(mapping), RingFiles.wakeWord(mapping));
                    outboxes[peer] = box;
                }
            }
        }
        return box;
    }
}
