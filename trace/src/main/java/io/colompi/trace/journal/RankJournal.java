package io.colompi.trace.journal;

import io.colompi.core.trace.Call;
import io.colompi.core.trace.Tracer;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;

import java.time.Instant;

import static io.colompi.trace.journal.TraceRecord.KIND_CALL;
import static io.colompi.trace.journal.TraceRecord.KIND_END;
import static io.colompi.trace.journal.TraceRecord.KIND_HEADER;
import static io.colompi.trace.journal.TraceRecord.VERSION;

/**
 * One rank's journal: a Chronicle Queue of its own, so ranks never share Chronicle's write lock (one preempted
 * rank would stall the others of its JVM). Each thread of the rank appends through its own appender; a record is
 * written field by field into the document (no allocation). A write that fails (a full disk) stops the journal
 * with one line on stderr; the rank goes on.
 */
final class RankJournal implements Tracer
{
    private final int rank;
    private final ChronicleQueue queue;
    private final ThreadLocal<ExcerptAppender> appenders;
    private volatile boolean stopped;

    RankJournal(final int rank, final ChronicleQueue queue)
    {
        this.rank = rank;
        this.queue = queue;
        this.appenders = ThreadLocal.withInitial(queue::createAppender);
    }

    void writeHeader(final int size, final int jvm, final int node)
    {
        try (DocumentContext document = appenders.get().writingDocument())
        {
            final Bytes<?> bytes = document.wire().bytes();
            bytes.writeByte(KIND_HEADER).writeByte((byte)VERSION).writeShort((short)0);
            bytes.writeInt(rank).writeInt(size).writeInt(jvm).writeInt(node).writeInt(0);
            final Instant now = Instant.now();
            bytes.writeLong(now.getEpochSecond() * 1_000_000_000L + now.getNano());
            bytes.writeLong(System.nanoTime());
            bytes.writeLong(ProcessHandle.current().pid());
        }
    }

    @Override
    public void record(
        final Call call, final int context, final int peer, final int tier, final int tag, final long bytes,
        final long startNs, final long endNs, final long waitNs)
    {
        if (stopped)
        {
            return;
        }
        try (DocumentContext document = appenders.get().writingDocument())
        {
            final Bytes<?> out = document.wire().bytes();
            out.writeByte(KIND_CALL).writeByte((byte)call.ordinal()).writeByte((byte)tier).writeByte((byte)0);
            out.writeInt(context).writeInt(peer < 0 ? -1 : peer).writeInt(tag);
            out.writeLong(bytes).writeLong(startNs).writeLong(endNs).writeLong(waitNs);
        }
        catch (final Throwable failure)
        {
            stop(failure);
        }
    }

    @Override
    public void close()
    {
        if (!stopped)
        {
            try (DocumentContext document = appenders.get().writingDocument())
            {
                final Bytes<?> out = document.wire().bytes();
                out.writeByte(KIND_END).writeByte((byte)0).writeShort((short)0).writeInt(0);
                out.writeLong(System.nanoTime());
            }
            catch (final Throwable failure)
            {
                stop(failure);
            }
        }
        stopped = true;
        queue.close();
    }

    private void stop(final Throwable failure)
    {
        stopped = true;
        System.err.println("colompi: trace journal of rank " + rank + " stopped (" + queue.fileAbsolutePath() +
            "): " + failure + "; the rank goes on untraced");
    }
}
