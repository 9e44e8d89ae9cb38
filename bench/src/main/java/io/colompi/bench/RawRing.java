package io.colompi.bench;

import io.colompi.core.job.RuntimeSettings;
import mpi.Intracomm;
import mpi.MPI;
import org.agrona.IoUtil;
import org.agrona.MutableDirectBuffer;
import org.agrona.UnsafeApi;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.io.File;
import java.nio.MappedByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The raw limit of the {@code shm} tier: two JVMs, one Agrona ring per direction over a file mapped from
 * {@code /dev/shm}, the same capacity as colompi's inbound rings ({@code colompi.shm.ringBytes}, default 4 MiB) and,
 * by default, the same ring class (many-to-one; {@code o2o} selects Agrona's one-to-one ring). A message is
 * claimed in the peer's ring and copied in from the sender's array with one {@code copyMemory}, read with
 * {@code RingBuffer.read} and copied out into the receiver's array: the two copies colompi makes too, and nothing
 * else (no envelope, no matching, no requests). Messages larger than the ring's largest record
 * ({@code maxMsgLength()}, an eighth of the capacity) go in consecutive records, pipelined, as colompi's fragments
 * do; a full ring makes the writer wait, reading its own inbound ring meanwhile, as colompi's ranks do.
 * <p>Each side waits the way colompi's ranks wait ({@link Signal.Policy}: poll, spin, then yield, then park with a
 * doubling timeout, resetting after any work), since nothing in another JVM can unpark it.
 * <p>The two sides are two ranks of the benchmark (ranks in different JVMs): {@link #connect} creates the file in
 * the job's shared-memory directory, lets the peer map it, and deletes it at once (the mappings stay valid), so
 * no file is left behind whatever happens next; the launcher removes the directory at the end anyway.
 * Each timed loop is one method call, as in {@link RawHandoff}.
 */
public final class RawRing implements AutoCloseable, MessageHandler
{
    /** Capacity of each ring: colompi's {@code colompi.shm.ringBytes}. */
    public static final int CAPACITY = RuntimeSettings.ofJvm().shmRingBytes();
    /** Records read per poll, as colompi's shm transport reads. */
    static final int READ_LIMIT = 64;
    private static final int DATA = 1;
    private static final int ACK = 2;
    private static final int PAGE = 4096;
    private static final int MAX_PATH = 4096;
    private static final long BYTE_ARRAY_BASE = UnsafeApi.arrayBaseOffset(byte[].class);

    /** Agrona ring class used for both directions. */
    public enum Kind
    {
        M2O, O2O;

        static Kind parse(final String text)
        {
            switch (text.trim().toLowerCase(Locale.ROOT))
            {
                case "m2o":
                    return M2O;
                case "o2o":
                    return O2O;
                default:
                    throw new IllegalArgumentException("--raw-ring must be m2o or o2o, not " + text);
            }
        }

        String label()
        {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final MappedByteBuffer mapping;
    private final RingBuffer inbound;
    private final RingBuffer outbound;
    private final AtomicBuffer outBuffer;
    private final int chunkMax;
    private final Kind kind;
    private final int capacity;
    private final Signal.Policy policy;
    private final Backoff backoff;
    private final int elementBytes;
    private final Object send;
    private final long sendBase;
    private final Object recv;
    private final long recvBase;
    private final Object ack = new byte[4];

    // Receive state (this side's thread only): cumulative counts, so a loop may read ahead into the next one.
    private int messageBytes;
    private int position;
    private long messages;
    private long acks;
    // Send state.
    private long messagesExpected;
    private long acksExpected;
    // How often this side's waits reached the yield and park phases (diagnostics).

    /**
     * One side of a ring pair in {@code mapping} (two rings of {@code capacity} bytes, each in a page-aligned slice):
     * side 0 reads the first ring and writes the second, side 1 the other way round.
     */
    RawRing(
        final MappedByteBuffer mapping, final int side, final int capacity, final Kind kind, final Signal.Policy policy,
        final Element element, final Object send, final Object recv)
    {
        this.mapping = mapping;
        final int slice = slice(capacity);
        final UnsafeBuffer mine = new UnsafeBuffer(mapping, side * slice, capacity + RingBufferDescriptor.TRAILER_LENGTH);
        final UnsafeBuffer theirs = new UnsafeBuffer(mapping, (1 - side) * slice, capacity + RingBufferDescriptor.TRAILER_LENGTH);
        this.inbound = ring(kind, mine);
        this.outbound = ring(kind, theirs);
        this.outBuffer = outbound.buffer();
        this.chunkMax = outbound.maxMsgLength() & ~63;
        this.kind = kind;
        this.capacity = capacity;
        this.policy = policy;
        this.backoff = new Backoff(policy);
        this.elementBytes = element.bytes();
        this.send = send;
        this.sendBase = UnsafeApi.arrayBaseOffset(send.getClass());
        this.recv = recv;
        this.recvBase = UnsafeApi.arrayBaseOffset(recv.getClass());
    }

    /**
     * Connect this rank to {@code peer} (a rank in another JVM of this node) through a new pair of rings; both ranks
     * call it, the one with the lower rank creates the file. {@code send}/{@code recv} are this rank's arrays (the
     * benchmark's own), used by every loop.
     *
     * @param dir the job's shared-memory directory ({@code null}: {@code /dev/shm}).
     */
    static RawRing connect(
        final Intracomm comm, final int rank, final int peer, final Path dir, final Kind kind, final Signal.Policy policy,
        final Element element, final Object send, final Object recv)
    {
        final byte[] name = new byte[MAX_PATH];
        final int[] length = new int[1];
        final byte[] done = new byte[1];
        if (rank < peer)
        {
            final Path base = dir != null ? dir : Path.of("/dev/shm");
            final File file = base.resolve("raw-ring-" + rank + "-" + peer + "-" + ProcessHandle.current().pid() + "-" +
                Long.toHexString(System.nanoTime()) + ".ring").toFile();
            file.deleteOnExit();
            MappedByteBuffer mapping = null;
            try
            {
                mapping = IoUtil.mapNewFile(file, 2L * slice(CAPACITY), false);
                final byte[] path = file.getPath().getBytes(StandardCharsets.UTF_8);
                if (path.length > MAX_PATH)
                {
                    throw new IllegalStateException("path too long: " + file);
                }
                length[0] = path.length;
                System.arraycopy(path, 0, name, 0, path.length);
                comm.Send(length, 0, 1, MPI.INT, peer, Loops.TAG);
                comm.Send(name, 0, path.length, MPI.BYTE, peer, Loops.TAG);
                comm.Recv(done, 0, 1, MPI.BYTE, peer, Loops.ACK_TAG);
            }
            catch (final RuntimeException | Error e)
            {
                if (mapping != null)
                {
                    IoUtil.unmap(mapping);
                }
                throw e;
            }
            finally
            {
                IoUtil.deleteIfExists(file);
            }
            if (done[0] != 1)
            {
                IoUtil.unmap(mapping);
                throw new IllegalStateException("rank " + peer + " could not map the raw ring " + file);
            }
            return new RawRing(mapping, 0, CAPACITY, kind, policy, element, send, recv);
        }
        comm.Recv(length, 0, 1, MPI.INT, peer, Loops.TAG);
        comm.Recv(name, 0, length[0], MPI.BYTE, peer, Loops.TAG);
        final File file = new File(new String(name, 0, length[0], StandardCharsets.UTF_8));
        MappedByteBuffer mapping = null;
        try
        {
            mapping = IoUtil.mapExistingFile(file, "raw ring");
            done[0] = 1;
        }
        finally
        {
            comm.Send(done, 0, 1, MPI.BYTE, peer, Loops.ACK_TAG);
        }
        return new RawRing(mapping, 1, CAPACITY, kind, policy, element, send, recv);
    }

    /** Bytes of one ring in the file: capacity + trailer, page aligned. */
    static int slice(final int capacity)
    {
        return (capacity + RingBufferDescriptor.TRAILER_LENGTH + PAGE - 1) & ~(PAGE - 1);
    }

    private static RingBuffer ring(final Kind kind, final AtomicBuffer buffer)
    {
        return kind == Kind.M2O ? new ManyToOneRingBuffer(buffer) : new OneToOneRingBuffer(buffer);
    }

    /** {@code m2o/4M/backoff/spins=2000}: what the raw limit is made of. */
    String description()
    {
        return kind.label() + "/" + Sizes.format(capacity) + "/" + policy.name();
    }

    String policyName()
    {
        return policy.name();
    }

    int maxRecord()
    {
        return chunkMax;
    }

    // ------------------------------------------------------------------------------------------------- the loops

    /** Ping side: {@code iterations} round trips of {@code count} elements; per-trip ns into {@code samples}; total ns. */
    long pingPong(final int count, final int iterations, final long[] samples)
    {
        final int bytes = count * elementBytes;
        messageBytes = bytes;
        final long start = System.nanoTime();
        long previous = start;
        for (int i = 0; i < iterations; i++)
        {
            write(DATA, send, sendBase, bytes);
            awaitMessages(++messagesExpected);
            if (samples != null)
            {
                final long now = System.nanoTime();
                samples[i] = now - previous;
                previous = now;
            }
        }
        return System.nanoTime() - start;
    }

    /** Pong side of {@link #pingPong}. */
    void pong(final int count, final int iterations)
    {
        final int bytes = count * elementBytes;
        messageBytes = bytes;
        for (int i = 0; i < iterations; i++)
        {
            awaitMessages(++messagesExpected);
            write(DATA, send, sendBase, bytes);
        }
    }

    /** osu_bw's sender: {@code iterations} windows of {@code window} messages, each window acknowledged; total ns. */
    long stream(final int count, final int window, final int iterations)
    {
        final int bytes = count * elementBytes;
        messageBytes = bytes;
        final long start = System.nanoTime();
        for (int i = 0; i < iterations; i++)
        {
            for (int w = 0; w < window; w++)
            {
                write(DATA, send, sendBase, bytes);
            }
            awaitAcks(++acksExpected);
        }
        return System.nanoTime() - start;
    }

    /** Receiver of {@link #stream}. */
    void sink(final int count, final int window, final int iterations)
    {
        final int bytes = count * elementBytes;
        messageBytes = bytes;
        for (int i = 0; i < iterations; i++)
        {
            messagesExpected += window;
            awaitMessages(messagesExpected);
            write(ACK, ack, BYTE_ARRAY_BASE, 4);
        }
    }

    /** osu_bibw, either side: send a window, then wait for the peer's window; total ns. */
    long bidirectional(final int count, final int window, final int iterations)
    {
        final int bytes = count * elementBytes;
        messageBytes = bytes;
        final long start = System.nanoTime();
        for (int i = 0; i < iterations; i++)
        {
            for (int w = 0; w < window; w++)
            {
                write(DATA, send, sendBase, bytes);
            }
            messagesExpected += window;
            awaitMessages(messagesExpected);
        }
        return System.nanoTime() - start;
    }

    // ------------------------------------------------------------------------------------ breakdown (ShmBreakdown)

    /**
     * Ping side of a ping-pong of {@code count}-double messages whose first element carries the sender's
     * {@code System.nanoTime()} (one clock for all processes of the machine): {@code writeNs[i]} = time spent writing
     * the message, {@code oneWayNs[i]} = from before the write on the other side to after the message is here.
     */
    void stampedPing(final int count, final int iterations, final long[] writeNs, final long[] oneWayNs)
    {
        final double[] out = (double[])send;
        final double[] in = (double[])recv;
        final int bytes = count * elementBytes;
        messageBytes = bytes;
        for (int i = 0; i < iterations; i++)
        {
            final long t0 = System.nanoTime();
            out[0] = t0;
            write(DATA, send, sendBase, bytes);
            writeNs[i] = System.nanoTime() - t0;
            awaitMessages(++messagesExpected);
            oneWayNs[i] = System.nanoTime() - (long)in[0];
        }
    }

    /** Pong side of {@link #stampedPing}. */
    void stampedPong(final int count, final int iterations, final long[] writeNs, final long[] oneWayNs)
    {
        final double[] out = (double[])send;
        final double[] in = (double[])recv;
        final int bytes = count * elementBytes;
        messageBytes = bytes;
        for (int i = 0; i < iterations; i++)
        {
            awaitMessages(++messagesExpected);
            final long t0 = System.nanoTime();
            oneWayNs[i] = t0 - (long)in[0];
            out[0] = t0;
            write(DATA, send, sendBase, bytes);
            writeNs[i] = System.nanoTime() - t0;
        }
    }

    /** {@code polls} reads of this side's ring while nothing arrives (the cost of one turn of a waiting loop); ns. */
    long idlePolls(final int polls)
    {
        final RingBuffer ring = inbound;
        int work = 0;
        final long start = System.nanoTime();
        for (int i = 0; i < polls; i++)
        {
            work += ring.read(this, READ_LIMIT);
        }
        final long elapsed = System.nanoTime() - start;
        if (work != 0)
        {
            throw new IllegalStateException("idle polls read " + work + " records");
        }
        return elapsed;
    }

    // ------------------------------------------------------------------------------------------------ mechanics

    /** One message into the peer's ring: records of at most {@code maxMsgLength()} bytes, one copy each. */
    private void write(final int type, final Object src, final long srcBase, final int bytes)
    {
        final RingBuffer ring = outbound;
        final Object dstBase = outBuffer.byteArray();
        final long dstAddress = outBuffer.addressOffset();
        int offset = 0;
        do
        {
            final int chunk = Math.min(bytes - offset, chunkMax);
            int index = ring.tryClaim(type, chunk);
            if (index < 0)
            {
                index = awaitSpace(type, chunk);
            }
            if (chunk > 0)
            {
                UnsafeApi.copyMemory(src, srcBase + offset, dstBase, dstAddress + index, chunk);
            }
            ring.commit(index);
            offset += chunk;
        }
        while (offset < bytes);
    }

    /** The peer's ring is full: wait as a rank waits, reading this side's ring meanwhile (no deadlock in bibw). */
    private int awaitSpace(final int type, final int chunk)
    {
        final Backoff wait = backoff;
        wait.reset();
        while (true)
        {
            final int work = inbound.read(this, READ_LIMIT);
            final int index = outbound.tryClaim(type, chunk);
            if (index >= 0)
            {
                return index;
            }
            wait.idle(work);
        }
    }

    /** Poll this side's ring until {@code target} messages have arrived in all (spin, yield, park as ranks do). */
    private void awaitMessages(final long target)
    {
        final RingBuffer ring = inbound;
        final Backoff wait = backoff;
        wait.reset();
        while (true)
        {
            final int work = ring.read(this, READ_LIMIT);
            if (messages >= target)
            {
                return;
            }
            wait.idle(work);
        }
    }

    private void awaitAcks(final long target)
    {
        final RingBuffer ring = inbound;
        final Backoff wait = backoff;
        wait.reset();
        while (true)
        {
            final int work = ring.read(this, READ_LIMIT);
            if (acks >= target)
            {
                return;
            }
            wait.idle(work);
        }
    }

    /** A record arrived: copy a data record out into the receive array (one copy), count messages and acks. */
    @Override
    public void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        if (msgTypeId == ACK)
        {
            acks++;
            return;
        }
        if (length > 0)
        {
            UnsafeApi.copyMemory(buffer.byteArray(), buffer.addressOffset() + index, recv, recvBase + position, length);
        }
        position += length;
        if (position >= messageBytes)
        {
            position = 0;
            messages++;
        }
    }

    /** {@code yields=N parks=M}: how often this side's waits got past the spin phase so far. */
    String counters()
    {
        return backoff.counters();
    }

    @Override
    public void close()
    {
        IoUtil.unmap(mapping);
    }
}
