package io.colompi.trace.journal;

import io.colompi.core.trace.Call;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.colompi.trace.journal.TraceRecord.*;

/**
 * One rank's journal ({@link TraceRecord}) read forward as far as it goes, a call at a time: its header when opened,
 * then its calls in the order they ended. It holds one batch (a Chronicle document) and the last
 * {@value TraceRecord#SHAPES} calls, whatever the journal's length.
 */
final class RankJournalReader implements AutoCloseable
{
    private final Path path;
    private final ChronicleQueue queue;
    private final ExcerptTailer tailer;
    /**
     * The batch being read, copied out of the queue; records from {@code at} to its write position are unread. Made
     * after the queue is opened: the first Chronicle class touched is {@link ChronicleQueues}.
     */
    private final Bytes<?> batch;
    private long at;
    private boolean queueEnded;

    private final Map<Integer, long[]> inner = new TreeMap<>();
    private RankHeader header;
    private long wallClock;
    private long nanoTime;
    private long baseNs;
    private boolean complete;
    private long calls;
    /** The kind of the record before: what a wide record widens. */
    private byte previous;
    /** The newest call read, which the records after it may still complete (its receive, its wide values). */
    private TraceEvent last;
    /** The call {@link #next()} returns, complete: the one before {@link #last}. */
    private TraceEvent ready;
    /** The last {@value TraceRecord#SHAPES} calls read, a ring, the newest in {@code newestShape}: what repeats name. */
    private final TraceEvent[] shapes = new TraceEvent[SHAPES];
    private int newestShape;
    /** The end of the last call read, in the writer's {@link System#nanoTime()}: a repeat's end follows from it. */
    private long lastEndNs;

    private RankJournalReader(final Path path)
    {
        this.path = path;
        this.queue = ChronicleQueues.forReading(path);
        this.tailer = queue.createTailer().toStart();
        this.batch = Bytes.allocateElasticOnHeap(BATCH_BYTES + MAX_CALL_BYTES);
    }

    /** The journal in {@code path}, its header read; null (and closed) if it does not even hold its header. */
    static RankJournalReader open(final Path path)
    {
        final RankJournalReader reader = new RankJournalReader(path);
        try
        {
            while (reader.header == null && reader.readRecord())
            {
                // records before the header are not the rank's
            }
        }
        catch (final RuntimeException ex)
        {
            reader.close();
            throw ex;
        }
        if (reader.header == null)
        {
            reader.close();
            return null;
        }
        return reader;
    }

    RankHeader header()
    {
        return header;
    }

    /** The next call, without reading past it; null when the journal has no more. */
    TraceEvent peek()
    {
        while (ready == null && readRecord())
        {
            // a record that completes a call, or no call
        }
        if (ready == null && queueEnded && last != null)
        {
            ready = last;
            last = null;
        }
        return ready;
    }

    /** The next call, in the order the rank's calls ended; null when the journal has no more. */
    TraceEvent next()
    {
        final TraceEvent next = peek();
        ready = null;
        return next;
    }

    /** Calls read so far. */
    long calls()
    {
        return calls;
    }

    /** Whether the journal ends with its closing record (false: cut short, e.g. the rank was killed); known at its end. */
    boolean complete()
    {
        return complete;
    }

    /** The messages the rank's calls sent as steps (a collective's) in the records read so far, by peer. */
    List<InnerTraffic> innerTraffic()
    {
        final List<InnerTraffic> traffic = new ArrayList<>();
        inner.forEach((peer, sums) -> traffic.add(new InnerTraffic(peer, (int)sums[0], sums[1], sums[2])));
        return traffic;
    }

    @Override
    public void close()
    {
        queue.close();
    }

    /** Read the record at {@link #at}, the next batch first if this one is read; false at the end of the journal. */
    private boolean readRecord()
    {
        if (at >= batch.writePosition() && !readBatch())
        {
            return false;
        }
        final byte kind = batch.readByte(at + KIND_OFFSET);
        final int length = kind == KIND_REPEAT ? repeatLength(batch, at) : TraceRecord.length(kind);
        if (length == 0 || at + length > batch.writePosition())
        {
            at = batch.writePosition(); // a record cut short or unknown: the rest of the batch is unreadable
            return true;
        }
        read(kind, at);
        at += length;
        return true;
    }

    /** Copy the queue's next document into {@link #batch}; false at the end of the queue. */
    private boolean readBatch()
    {
        if (queueEnded)
        {
            return false;
        }
        try (DocumentContext document = tailer.readingDocument())
        {
            if (!document.isPresent())
            {
                queueEnded = true;
                return false;
            }
            final Bytes<?> in = document.wire().bytes();
            batch.clear();
            batch.write(in, in.readPosition(), in.readRemaining());
            at = 0;
            return true;
        }
    }

    private void read(final byte kind, final long at)
    {
        final Bytes<?> in = batch;
        if (kind == KIND_HEADER)
        {
            final int version = in.readUnsignedByte(at + HEADER_VERSION_OFFSET);
            if (version != VERSION)
            {
                throw new IllegalArgumentException(path + " is a trace journal of version " + version +
                    "; this colotrace reads version " + VERSION + " (trace and read with the same colompi)");
            }
            header = new RankHeader(in.readInt(at + HEADER_RANK_OFFSET), in.readInt(at + HEADER_SIZE_OFFSET),
                in.readInt(at + HEADER_JVM_OFFSET), in.readInt(at + HEADER_NODE_OFFSET),
                in.readLong(at + HEADER_PID_OFFSET));
            if (header.rank() < 0 || header.rank() >= header.size())
            {
                throw new IllegalArgumentException(path + " is not a colompi trace journal: its header names rank " +
                    header.rank() + " of " + header.size());
            }
            wallClock = in.readLong(at + HEADER_WALL_CLOCK_OFFSET);
            nanoTime = in.readLong(at + HEADER_NANO_TIME_OFFSET);
        }
        else if (header == null)
        {
            return;
        }
        else if (kind == KIND_TIME)
        {
            baseNs = in.readLong(at + TIME_BASE_OFFSET);
        }
        else if (kind == KIND_CALL)
        {
            lastEndNs = baseNs + in.readInt(at + CALL_END_OFFSET);
            final long endNs = lastEndNs + wallClock - nanoTime;
            add(new TraceEvent(
                header.rank(),
                Call.ofCode(in.readUnsignedByte(at + CALL_CALL_OFFSET)),
                in.readUnsignedByte(at + CALL_TIER_OFFSET),
                in.readInt(at + CALL_CONTEXT_OFFSET),
                in.readInt(at + CALL_PEER_OFFSET),
                in.readInt(at + CALL_TAG_OFFSET),
                in.readInt(at + CALL_BYTES_OFFSET),
                endNs - in.readUnsignedInt(at + CALL_DURATION_OFFSET),
                endNs,
                in.readUnsignedInt(at + CALL_WAIT_OFFSET)));
        }
        else if (kind == KIND_REPEAT)
        {
            final TraceEvent shape = shapes[(newestShape + 1 - in.readUnsignedByte(at + REPEAT_BACK_OFFSET)) & (SHAPES - 1)];
            final long endAt = at + REPEAT_TIMES_OFFSET;
            final long durationAt = afterVarint(in, endAt);
            final long waitAt = afterVarint(in, durationAt);
            lastEndNs += varint(in, endAt);
            if (shape != null)
            {
                final long endNs = lastEndNs + wallClock - nanoTime;
                add(new TraceEvent(shape.rank(), shape.call(), shape.tier(), shape.context(), shape.peer(),
                    shape.tag(), shape.bytes(), endNs - varint(in, durationAt), endNs, varint(in, waitAt),
                    shape.source(), shape.sourceTier(), shape.sourceTag(), shape.receivedBytes()));
            }
        }
        else if (kind == KIND_RECEIVED && last != null && last.call() == Call.SENDRECV)
        {
            replaceLast(new TraceEvent(last.rank(), last.call(), last.tier(), last.context(), last.peer(),
                last.tag(), last.bytes(), last.startNs(), last.endNs(), last.waitNs(),
                in.readInt(at + RECEIVED_SOURCE_OFFSET), in.readUnsignedByte(at + RECEIVED_TIER_OFFSET),
                in.readInt(at + RECEIVED_TAG_OFFSET), in.readInt(at + RECEIVED_BYTES_OFFSET)));
        }
        else if (kind == KIND_WIDE && last != null)
        {
            widen(in.readLong(at + WIDE_BYTES_OFFSET), in.readLong(at + WIDE_DURATION_OFFSET),
                in.readLong(at + WIDE_WAIT_OFFSET));
        }
        else if (kind == KIND_TRAFFIC)
        {
            final long[] sums = inner.computeIfAbsent(in.readInt(at + TRAFFIC_PEER_OFFSET), p -> new long[3]);
            sums[0] = in.readUnsignedByte(at + TRAFFIC_TIER_OFFSET);
            sums[1] += in.readLong(at + TRAFFIC_MESSAGES_OFFSET);
            sums[2] += in.readLong(at + TRAFFIC_BYTES_OFFSET);
        }
        else if (kind == KIND_END)
        {
            complete = true;
        }
        previous = kind;
    }

    /** The values of the call (or its received part, {@code previous}) that did not fit its record. */
    private void widen(final long bytes, final long durationNs, final long waitNs)
    {
        final TraceEvent e = last;
        replaceLast(previous == KIND_RECEIVED ?
            new TraceEvent(e.rank(), e.call(), e.tier(), e.context(), e.peer(), e.tag(), e.bytes(), e.startNs(),
                e.endNs(), e.waitNs(), e.source(), e.sourceTier(), e.sourceTag(), bytes) :
            new TraceEvent(e.rank(), e.call(), e.tier(), e.context(), e.peer(), e.tag(), bytes,
                e.endNs() - durationNs, e.endNs(), waitNs, e.source(), e.sourceTier(), e.sourceTag(),
                e.receivedBytes()));
    }

    /** A call read: the newest call and the newest shape a repeat may name; the one before it is complete. */
    private void add(final TraceEvent event)
    {
        ready = last;
        last = event;
        calls++;
        newestShape = (newestShape + 1) & (SHAPES - 1);
        shapes[newestShape] = event;
    }

    /** The newest call completed by the record after it (its receive, or its values that did not fit). */
    private void replaceLast(final TraceEvent event)
    {
        last = event;
        shapes[newestShape] = event;
    }

    /** The length of the repeat record at {@code at}: its kind and back, then three varints; 0 if cut short. */
    private static int repeatLength(final Bytes<?> in, final long at)
    {
        long next = at + REPEAT_TIMES_OFFSET;
        for (int varints = 0; varints < 3 && next >= 0; varints++)
        {
            next = afterVarint(in, next);
        }
        return next < 0 ? 0 : (int)(next - at);
    }

    /** The unsigned LEB128 varint at {@code at}. */
    private static long varint(final Bytes<?> in, final long at)
    {
        long value = 0;
        int shift = 0;
        long next = at;
        byte b;
        do
        {
            b = in.readByte(next++);
            value |= (long)(b & 0x7F) << shift;
            shift += 7;
        }
        while ((b & 0x80) != 0);
        return value;
    }

    /** The position after the varint at {@code at}; -1 if it runs past the batch. */
    private static long afterVarint(final Bytes<?> in, final long at)
    {
        long next = at;
        do
        {
            if (next >= in.writePosition())
            {
                return -1;
            }
        }
        while ((in.readByte(next++) & 0x80) != 0);
        return next;
    }
}
