package io.colompi.core.pt2pt;

import io.colompi.core.job.JobContext;
import io.colompi.core.job.Placement;
import io.colompi.core.transport.FrameChannel;
import io.colompi.core.transport.FrameSink;
import io.colompi.core.transport.FrameTransport;
import io.colompi.core.transport.TransportFactory;
import io.colompi.core.transport.TransportStats;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * A frame transport in memory, for testing the protocol layer without a real one: each rank's inbound frames wait in
 * a queue of at most {@code capacity} frames of at most {@code maxFrameLength} bytes; a channel can be closed; the
 * frames a rank was handed and the claims made while it was reading are counted.
 */
final class MemoryTransport implements FrameTransport
{
    static final String NAME = "memory";

    /** Makes the transports of a job's ranks and connects them. */
    static final class Factory implements TransportFactory
    {
        private final int maxFrameLength;
        private final int capacity;
        private final Map<Integer, MemoryTransport> byRank = new HashMap<>();

        Factory(final int maxFrameLength, final int capacity)
        {
            this.maxFrameLength = maxFrameLength;
            this.capacity = capacity;
        }

        @Override
        public String name()
        {
            return NAME;
        }

        @Override
        public int exclusivity()
        {
            return 1;
        }

        @Override
        public boolean reaches(final Placement placement, final int from, final int to)
        {
            return true;
        }

        @Override
        public synchronized FrameTransport create(final JobContext job, final int worldRank, final FrameSink sink)
        {
            final MemoryTransport transport = new MemoryTransport(this, sink);
            byRank.put(worldRank, transport);
            return transport;
        }

        synchronized MemoryTransport of(final int rank)
        {
            return byRank.get(rank);
        }
    }

    private final Factory factory;
    private final FrameSink sink;
    private final ArrayDeque<UnsafeBuffer> inbound = new ArrayDeque<>();
    /** Frames read, whose arrays the next claims to this rank reuse. */
    private final ArrayDeque<UnsafeBuffer> recycled = new ArrayDeque<>();
    private final TransportStats stats = new TransportStats();
    private final Map<Integer, Channel> channels = new HashMap<>();
    private boolean reading;
    private int claimsWhileReading;
    private int framesRead;

    private MemoryTransport(final Factory factory, final FrameSink sink)
    {
        this.factory = factory;
        this.sink = sink;
    }

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public TransportStats stats()
    {
        return stats;
    }

    @Override
    public synchronized FrameChannel channel(final int peer)
    {
        return channels.computeIfAbsent(peer, p -> new Channel(factory.of(p)));
    }

    @Override
    public int poll()
    {
        int read = 0;
        for (UnsafeBuffer frame = take(); frame != null; frame = take())
        {
            reading = true;
            try
            {
                sink.onFrame(frame, 0, frame.capacity());
            }
            finally
            {
                reading = false;
            }
            recycle(frame);
            read++;
        }
        framesRead += read;
        return read;
    }

    /** Put a frame of this rank's inbound traffic, as a forger would. */
    synchronized void inject(final UnsafeBuffer frame)
    {
        inbound.addLast(frame);
    }

    /** Frames waiting to be read. */
    synchronized int waiting()
    {
        return inbound.size();
    }

    int framesRead()
    {
        return framesRead;
    }

    /** Frames claimed by any rank while this one was handing a frame to its sink (none should be). */
    int claimsWhileReading()
    {
        return claimsWhileReading;
    }

    Channel channelTo(final int peer)
    {
        return (Channel)channel(peer);
    }

    private synchronized UnsafeBuffer take()
    {
        return inbound.pollFirst();
    }

    private synchronized void recycle(final UnsafeBuffer frame)
    {
        recycled.addLast(frame);
    }

    private synchronized UnsafeBuffer frameOf(final int length)
    {
        final UnsafeBuffer frame = recycled.isEmpty() ? new UnsafeBuffer(new byte[factory.maxFrameLength]) : recycled.pollFirst();
        frame.wrap(frame.byteArray(), 0, length);
        return frame;
    }

    private synchronized boolean offer(final UnsafeBuffer frame)
    {
        if (inbound.size() >= factory.capacity)
        {
            return false;
        }
        inbound.addLast(frame);
        return true;
    }

    /** The frames to one peer: a claim takes a buffer the peer has read (or a new one), a commit queues it there. */
    final class Channel implements FrameChannel
    {
        private final MemoryTransport peer;
        private UnsafeBuffer claimed;
        private String failure;

        Channel(final MemoryTransport peer)
        {
            this.peer = peer;
        }

        @Override
        public int maxFrameLength()
        {
            return failure != null ? CLOSED : factory.maxFrameLength;
        }

        @Override
        public int claim(final int length)
        {
            if (failure != null)
            {
                return CLOSED;
            }
            if (length > factory.maxFrameLength)
            {
                throw new IllegalArgumentException("a claim of " + length + " bytes, above " + factory.maxFrameLength);
            }
            if (peer.waiting() >= factory.capacity)
            {
                return NOT_READY;
            }
            if (reading || peer.reading)
            {
                claimsWhileReading++;
            }
            claimed = peer.frameOf(length);
            return 0;
        }

        @Override
        public MutableDirectBuffer buffer()
        {
            return claimed;
        }

        @Override
        public void commit(final int index)
        {
            if (!peer.offer(claimed))
            {
                throw new IllegalStateException("a claimed frame found the queue full");
            }
            claimed = null;
        }

        @Override
        public String failure()
        {
            return failure;
        }

        void close(final String why)
        {
            failure = why;
        }
    }
}
