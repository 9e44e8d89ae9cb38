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
            int rank = -1;
            int size = 0;
            int jvm = 0;
            int node = 0;
            long pid = 0;
            long wallClock = 0;
            long nanoTime = 0;
            boolean complete = false;
            final List<TraceEvent> events = new ArrayList<>();
            while (true)
            {
                try (DocumentContext document = tailer.readingDocument())
                {
                    if (!document.isPresent())
                    {
                        break;
                    }
                    final Bytes<?> in = document.wire().bytes();
                    for (long base = in.readPosition(); base + RECORD_LENGTH <= in.readLimit(); base += RECORD_LENGTH)
                    {
                        final byte kind = in.readByte(base + KIND_OFFSET);
                        if (kind == KIND_HEADER)
                        {
                            rank = in.readInt(base + HEADER_RANK_OFFSET);
                            size = in.readInt(base + HEADER_SIZE_OFFSET);
                            jvm = in.readInt(base + HEADER_JVM_OFFSET);
                            node = in.readInt(base + HEADER_NODE_OFFSET);
                            wallClock = in.readLong(base + HEADER_WALL_CLOCK_OFFSET);
                            nanoTime = in.readLong(base + HEADER_NANO_TIME_OFFSET);
                            pid = in.readLong(base + HEADER_PID_OFFSET);
                        }
                        else if (kind == KIND_CALL && rank >= 0)
                        {
                            final long offset = wallClock - nanoTime;
                            events.add(new TraceEvent(
                                rank,
                                Call.ofCode(in.readUnsignedByte(base + CALL_CALL_OFFSET)),
                                in.readUnsignedByte(base + CALL_TIER_OFFSET),
                                in.readInt(base + CALL_CONTEXT_OFFSET),
                                in.readInt(base + CALL_PEER_OFFSET),
                                in.readInt(base + CALL_TAG_OFFSET),
                                in.readLong(base + CALL_BYTES_OFFSET),
                                in.readLong(base + CALL_START_OFFSET) + offset,
                                in.readLong(base + CALL_END_OFFSET) + offset,
                                in.readLong(base + CALL_WAIT_OFFSET)));
                        }
                        else if (kind == KIND_END)
                        {
                            complete = true;
                        }
                    }
                }
            }
            return rank < 0 ? null : new RankTrace(rank, size, jvm, node, pid, wallClock, nanoTime, events, complete);
        }
    }
}
