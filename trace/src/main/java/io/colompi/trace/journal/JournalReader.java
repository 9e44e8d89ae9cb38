package io.colompi.trace.journal;

import io.colompi.core.trace.Call;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static io.colompi.trace.journal.TraceRecord.*;

/** Reads a trace directory's journals ({@link TraceRecord}) as far as each goes. */
public final class JournalReader
{
    private JournalReader()
    {
    }

    /** Read every journal under {@code directory}; {@link IllegalArgumentException} if it holds none. */
    public static JobTrace read(final Path directory)
    {
        final List<Path> queues = queues(directory);
        if (queues.isEmpty())
        {
            throw new IllegalArgumentException("no trace journal in " + directory +
                " (expected jvm-*/rank-*/ written by colorun --trace " + directory + ")");
        }
        final List<RankTrace> read = new ArrayList<>();
        int size = 0;
        for (final Path queue : queues)
        {
            final RankTrace trace = readRank(queue);
            if (trace != null)
            {
                read.add(trace);
                size = Math.max(size, Math.max(trace.size(), trace.rank() + 1));
            }
        }
        if (read.isEmpty())
        {
            throw new IllegalArgumentException("no readable trace journal in " + directory);
        }
        final RankTrace[] byRank = new RankTrace[size];
        long start = Long.MAX_VALUE;
        for (final RankTrace trace : read)
        {
            byRank[trace.rank()] = trace;
            for (final TraceEvent event : trace.events())
            {
                start = Math.min(start, event.startNs());
            }
        }
        return new JobTrace(directory, size, Arrays.asList(byRank), start == Long.MAX_VALUE ? 0 : start);
    }

    private static List<Path> queues(final Path directory)
    {
        if (!Files.isDirectory(directory))
        {
            throw new IllegalArgumentException("no such trace directory: " + directory);
        }
        try (Stream<Path> found = Files.find(directory, 2, (path, attributes) -> attributes.isDirectory() &&
            path.getFileName().toString().startsWith("rank-") &&
            path.getParent().getFileName().toString().startsWith("jvm-")))
        {
            return found.filter(JournalReader::holdsQueueFiles).sorted().toList();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list " + directory, ex);
        }
    }

    private static boolean holdsQueueFiles(final Path directory)
    {
        try (Stream<Path> files = Files.list(directory))
        {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".cq4"));
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    /** One rank's journal; null if it does not even hold its header. */
    static RankTrace readRank(final Path path)
    {
        try (ChronicleQueue queue = SingleChronicleQueueBuilder.binary(path).readOnly(true).build())
        {
            final ExcerptTailer tailer = queue.createTailer().toStart();
            final RankReading reading = new RankReading(path);
            while (true)
            {
                try (DocumentContext document = tailer.readingDocument())
                {
                    if (!document.isPresent())
                    {
                        break;
                    }
                    final Bytes<?> in = document.wire().bytes();
                    long at = in.readPosition();
                    while (at < in.readLimit())
                    {
                        final byte kind = in.readByte(at + KIND_OFFSET);
                        final int length = kind == KIND_REPEAT ? repeatLength(in, at) : TraceRecord.length(kind);
                        if (length == 0 || at + length > in.readLimit())
                        {
                            break;
                        }
                        reading.read(in, at);
                        at += length;
                    }
                }
            }
            return reading.trace();
        }
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

    /** The position after the varint at {@code at}; -1 if it runs past the document. */
    private static long afterVarint(final Bytes<?> in, final long at)
    {
        long next = at;
        do
        {
            if (next >= in.readLimit())
            {
                return -1;
            }
        }
        while ((in.readByte(next++) & 0x80) != 0);
        return next;
    }

    /** The state of reading one rank's records in order. */
    private static final class RankReading
    {
        private final Path path;
        private final List<TraceEvent> events = new ArrayList<>();
        private final Map<Integer, long[]> inner = new TreeMap<>();
        private int rank = -1;
        private int size;
        private int jvm;
        private int node;
        private long pid;
        private long wallClock;
        private long nanoTime;
        private long baseNs;
        private boolean complete;
        /** The kind of the record before: what a wide record widens. */
        private byte previous;
        /** The last {@value TraceRecord#SHAPES} calls read, a ring, the newest in {@code newestShape}: what repeats name. */
        private final TraceEvent[] shapes = new TraceEvent[SHAPES];
        private int newestShape;
        /** The end of the last call read, in the writer's {@link System#nanoTime()}: a repeat's end follows from it. */
        private long lastEndNs;

        RankReading(final Path path)
        {
            this.path = path;
        }

        void read(final Bytes<?> in, final long at)
        {
            final byte kind = in.readByte(at + KIND_OFFSET);
            if (kind == KIND_HEADER)
            {
                final int version = in.readUnsignedByte(at + HEADER_VERSION_OFFSET);
                if (version != VERSION)
                {
                    throw new IllegalArgumentException(path + " is a trace journal of version " + version +
                        "; this colotrace reads version " + VERSION + " (trace and read with the same colompi)");
                }
                rank = in.readInt(at + HEADER_RANK_OFFSET);
                size = in.readInt(at + HEADER_SIZE_OFFSET);
                jvm = in.readInt(at + HEADER_JVM_OFFSET);
                node = in.readInt(at + HEADER_NODE_OFFSET);
                wallClock = in.readLong(at + HEADER_WALL_CLOCK_OFFSET);
                nanoTime = in.readLong(at + HEADER_NANO_TIME_OFFSET);
                pid = in.readLong(at + HEADER_PID_OFFSET);
            }
            else if (rank < 0)
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
                    rank,
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
            else if (kind == KIND_RECEIVED && !events.isEmpty() && events.get(events.size() - 1).call() == Call.SENDRECV)
            {
                final TraceEvent call = events.get(events.size() - 1);
                replaceLast(new TraceEvent(call.rank(), call.call(), call.tier(), call.context(), call.peer(),
                    call.tag(), call.bytes(), call.startNs(), call.endNs(), call.waitNs(),
                    in.readInt(at + RECEIVED_SOURCE_OFFSET), in.readUnsignedByte(at + RECEIVED_TIER_OFFSET),
                    in.readInt(at + RECEIVED_TAG_OFFSET), in.readInt(at + RECEIVED_BYTES_OFFSET)));
            }
            else if (kind == KIND_WIDE && !events.isEmpty())
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
            final TraceEvent e = events.get(events.size() - 1);
            replaceLast(previous == KIND_RECEIVED ?
                new TraceEvent(e.rank(), e.call(), e.tier(), e.context(), e.peer(), e.tag(), e.bytes(), e.startNs(),
                    e.endNs(), e.waitNs(), e.source(), e.sourceTier(), e.sourceTag(), bytes) :
                new TraceEvent(e.rank(), e.call(), e.tier(), e.context(), e.peer(), e.tag(), bytes,
                    e.endNs() - durationNs, e.endNs(), waitNs, e.source(), e.sourceTier(), e.sourceTag(),
                    e.receivedBytes()));
        }

        /** A call read: the newest event, and the newest shape a repeat may name. */
        private void add(final TraceEvent event)
        {
            events.add(event);
            newestShape = (newestShape + 1) & (SHAPES - 1);
            shapes[newestShape] = event;
        }

        /** The newest call completed by the record after it (its receive, or its values that did not fit). */
        private void replaceLast(final TraceEvent event)
        {
            events.set(events.size() - 1, event);
            shapes[newestShape] = event;
        }

        RankTrace trace()
        {
            if (rank < 0)
            {
                return null;
            }
            final List<InnerTraffic> traffic = new ArrayList<>();
            inner.forEach((peer, sums) -> traffic.add(new InnerTraffic(peer, (int)sums[0], sums[1], sums[2])));
            return new RankTrace(rank, size, jvm, node, pid, wallClock, nanoTime, events, traffic, complete);
        }
    }
}
