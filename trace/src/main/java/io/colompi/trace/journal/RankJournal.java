package io.colompi.trace.journal;

import io.colompi.core.trace.Call;
import io.colompi.core.trace.Tracer;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

import static io.colompi.trace.journal.TraceRecord.*;

/**
 * One rank's journal: a Chronicle Queue of its own, so ranks never share Chronicle's write lock (one preempted
 * rank would stall the others of its JVM). The rank's threads write each record into the rank's batch (an Agrona buffer
 * off heap, fields at {@link TraceRecord}'s offsets, no allocation, a lock of this rank only), and append the batch
 * to the queue when it is full, when its first record is {@value #FLUSH_AFTER_NS} ns old, and at the end: a Chronicle
 * append per record cost 1.6-3.8 us here, a record in a batch about 22 ns (bench/RESULTS.md). A killed rank loses the
 * records of its last batch at most. A write that fails (a full disk) stops the journal with one line on stderr; the
 * rank goes on.
 */
final class RankJournal implements Tracer
{
    /** A batch is appended once its first record is this old (ns), so a killed rank loses little of its end. */
    static final long FLUSH_AFTER_NS = 100_000_000L;
    private static final int BATCH_BYTES = BATCH_RECORDS * RECORD_LENGTH;

    private final int rank;
    private final Path path;
    /**
     * Opened on a thread of its own (Chronicle's classes take seconds to load on a busy machine: neither the job's
     * wire-up nor the rank waits for it); the first append takes it.
     */
    private final FutureTask<ChronicleQueue> opening;
    private ChronicleQueue queue;
    /** Chronicle's appenders belong to the thread that made them: each thread that flushes has its own. */
    private ThreadLocal<ExcerptAppender> appenders;
    private final ByteBuffer batchMemory = ByteBuffer.allocateDirect(BATCH_BYTES);
    private final UnsafeBuffer batch = new UnsafeBuffer(batchMemory);
    private final BytesStore<?, ?> batchStore = BytesStore.wrap(batchMemory);
    private int position;
    private long batchStartNs;
    private boolean stopped;

    RankJournal(final int rank, final Path path)
    {
        this.rank = rank;
        this.path = path;
        this.opening = new FutureTask<>(() -> SingleChronicleQueueBuilder.binary(path).build());
        final Thread opener = new Thread(opening, "colompi-trace-open-rank-" + rank);
        opener.setDaemon(true);
        opener.start();
    }

    synchronized void writeHeader(final int size, final int jvm, final int node)
    {
        final Instant now = Instant.now();
        batch.putByte(KIND_OFFSET, KIND_HEADER);
        batch.putByte(HEADER_VERSION_OFFSET, (byte)VERSION);
        batch.putInt(HEADER_RANK_OFFSET, rank);
        batch.putInt(HEADER_SIZE_OFFSET, size);
        batch.putInt(HEADER_JVM_OFFSET, jvm);
        batch.putInt(HEADER_NODE_OFFSET, node);
        batch.putLong(HEADER_WALL_CLOCK_OFFSET, now.getEpochSecond() * 1_000_000_000L + now.getNano());
        batch.putLong(HEADER_NANO_TIME_OFFSET, System.nanoTime());
        batch.putLong(HEADER_PID_OFFSET, ProcessHandle.current().pid());
        position = RECORD_LENGTH;
        batchStartNs = System.nanoTime();
    }

    @Override
    public synchronized void record(
        final Call call, final int context, final int peer, final int tier, final int tag, final long bytes,
        final long startNs, final long endNs, final long waitNs)
    {
        if (stopped)
        {
            return;
        }
        final int at = position;
        if (at == 0)
        {
            batchStartNs = startNs;
        }
        final UnsafeBuffer buffer = batch;
        buffer.putByte(at + KIND_OFFSET, KIND_CALL);
        buffer.putByte(at + CALL_CALL_OFFSET, (byte)call.ordinal());
        buffer.putByte(at + CALL_TIER_OFFSET, (byte)tier);
        buffer.putInt(at + CALL_CONTEXT_OFFSET, context);
        buffer.putInt(at + CALL_PEER_OFFSET, peer < 0 ? -1 : peer);
        buffer.putInt(at + CALL_TAG_OFFSET, tag);
        buffer.putLong(at + CALL_BYTES_OFFSET, bytes);
        buffer.putLong(at + CALL_START_OFFSET, startNs);
        buffer.putLong(at + CALL_END_OFFSET, endNs);
        buffer.putLong(at + CALL_WAIT_OFFSET, waitNs);
        position = at + RECORD_LENGTH;
        // an old batch waits while the queue is still opening, a full one cannot
        if (position == BATCH_BYTES || endNs - batchStartNs > FLUSH_AFTER_NS && (queue != null || opening.isDone()))
        {
            flush();
        }
    }

    @Override
    public synchronized void close()
    {
        if (!stopped)
        {
            if (position == BATCH_BYTES)
            {
                flush();
            }
            batch.setMemory(position, RECORD_LENGTH, (byte)0);
            batch.putByte(position + KIND_OFFSET, KIND_END);
            batch.putLong(position + END_TIME_OFFSET, System.nanoTime());
            position += RECORD_LENGTH;
            flush();
        }
        stopped = true;
        if (queue != null)
        {
            queue.close();
        }
        else
        {
            opening.cancel(false);
        }
    }

    /** Append the batch as one document. */
    private void flush()
    {
        try
        {
            if (queue == null)
            {
                final ChronicleQueue opened = opening.get();
                queue = opened;
                appenders = ThreadLocal.withInitial(opened::createAppender);
            }
            try (DocumentContext document = appenders.get().writingDocument())
            {
                document.wire().bytes().write(batchStore, 0L, (long)position);
            }
        }
        catch (final ExecutionException | InterruptedException | RuntimeException | Error failure)
        {
            stopped = true;
            System.err.println("colompi: trace journal of rank " + rank + " stopped (" + path +
                "): cannot write, is the disk full? (" + failure + "); the rank goes on untraced");
        }
        position = 0;
    }
}
