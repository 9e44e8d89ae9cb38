package io.colompi.trace.journal;

import io.colompi.core.trace.Call;
import io.colompi.core.trace.Tracer;
import io.colompi.core.wait.CacheLinePadding;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import static io.colompi.trace.journal.TraceRecord.*;

/**
 * One rank's journal: a Chronicle Queue of its own, so ranks never share Chronicle's write lock (one preempted
 * rank would stall the others of its JVM). The rank's threads write each record into the rank's batch (an Agrona buffer
 * off heap, {@link TraceRecord}'s layout, no allocation, a lock of this rank only, {@link JournalLock}; a call shaped
 * as one of the few before it, as a loop's are, in a repeat record of 5-8 bytes instead of 32-48), and append the batch
 * to the queue when it holds {@value TraceRecord#BATCH_BYTES} bytes, when its first record is {@value #FLUSH_AFTER_NS}
 * ns old, and at the end: a Chronicle append per record cost 1.6-3.8 us here, a record in a batch 23-24 ns, next to the
 * 28 ns of each of the two clock reads a traced call makes (bench's {@code TraceRecordBenchmark}, bench/RESULTS.md).
 * Messages that no record carries (a collective's) are counted per peer and appended with the batch as traffic
 * records. A killed rank loses the records of its last batch at most. A write that fails (a full disk) stops the
 * journal with one line on stderr; the rank goes on.
 * <p>
 * What a record writes has its cache lines to itself: the fields ({@link CacheLinePadding}) and the ring of shapes,
 * a line of unused slots at each end. The journals of a JVM's ranks are made one after the other, and lines their
 * threads took from each other on every call cost a traced halo in one JVM 3 % of its iteration, 6 % of its time in MPI
 * (bench/RESULTS.md, session 53).
 */
final class RankJournal extends CacheLinePadding implements Tracer
{
    /** A batch is appended once its first record is this old (ns), so a killed rank loses little of its end. */
    static final long FLUSH_AFTER_NS = 100_000_000L;
    /**
     * The queue's bytes faulted in when it is opened: a page first touched costs 6-12 us on a virtual machine, about 40
     * halo iterations' records (bench/RESULTS.md); 4 MiB holds about 40 000 of them. Beyond, pages fault as written.
     */
    static final long PRETOUCH_BYTES = 4L << 20;
    private static final long PAGE_BYTES = 4096;
    /** Longs per call shape: call and tiers, context, peer, tag, bytes, source, received tag, received bytes. */
    private static final int SHAPE_LONGS = 8;
    /** Longs that no record writes before the ring of shapes in its array, and after it: a cache line each. */
    static final int SHAPES_PADDING = 8;
    /** The largest duration or wait a call record holds; -1 (all ones) is the escape to a wide record. */
    private static final long MAX_UNSIGNED_INT = 0xFFFF_FFFEL;

    private final int rank;
    private final Path path;
    /**
     * Opened when the rank's engine is made, before its program runs (opened on a thread of its own, the queue made
     * the rank's first full batch wait for it in the middle of the program's loop, while the opener's class loading
     * took a core from the ranks: Chronicle's classes take about 0.5 s to load here, seconds on a busy machine);
     * null if it could not be opened, and then the journal is stopped.
     */
    private final ChronicleQueue queue;
    private final DiskRoom disk;
    /**
     * Chronicle's appenders belong to the thread that made them: each thread that flushes has its own. Its first append
     * costs 5-20 ms here (bench/RESULTS.md, session 45): the program's thread makes it in {@code MPI.Init} ({@link
     * #prepareThread}), not in the program's loop, where its peers would wait for it.
     */
    private final ThreadLocal<ExcerptAppender> appenders;
    private final AtomicInteger appendersMade = new AtomicInteger();
    /** Guards everything below: the rank's threads record through it, one at a time. */
    private final JournalLock lock = new JournalLock();
    private final ByteBuffer batchMemory = ByteBuffer.allocateDirect(BATCH_BYTES + MAX_CALL_BYTES + END_LENGTH);
    private final UnsafeBuffer batch = new UnsafeBuffer(batchMemory);
    /** Made after the queue is opened: the first Chronicle class touched is {@link ChronicleQueues}. */
    private final BytesStore<?, ?> batchStore;
    /** Per world rank: the messages sent to it, and their bytes, that no record carries, since the last append. */
    private final long[] uncarriedMessages;
    private final long[] uncarriedBytes;
    private final byte[] uncarriedTier;
    private boolean uncarried;
    /**
     * The shapes of the last {@value TraceRecord#SHAPES} calls, a ring ({@link TraceRecord}'s repeat record), the newest
     * in slot {@code newestShape}; a slot never written holds call -1, shaped as no call.
     */
    private final long[] shapes = new long[SHAPES_PADDING + SHAPES * SHAPE_LONGS + SHAPES_PADDING];
    private int newestShape;
    /** How many calls back the last repeat found its shape: a loop's period, tried first. */
    private int lastBack = 1;
    /** The end of the last call recorded: a repeat's end follows from it. */
    private long lastEndNs;
    private int position;
    private long batchStartNs;
    /** The time base of the batch's call records (a time record holds it). */
    private long baseNs;
    private boolean stopped;
    /** The line after the fields ({@link CacheLinePadding}). */
    byte q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;
    byte q16, q17, q18, q19, q20, q21, q22, q23, q24, q25, q26, q27, q28, q29, q30, q31;
    byte q32, q33, q34, q35, q36, q37, q38, q39, q40, q41, q42, q43, q44, q45, q46, q47;
    byte q48, q49, q50, q51, q52, q53, q54, q55, q56, q57, q58, q59, q60, q61, q62, q63;

    RankJournal(final int rank, final int size, final Path path)
    {
        this.rank = rank;
        this.path = path;
        this.uncarriedMessages = new long[size];
        this.uncarriedBytes = new long[size];
        this.uncarriedTier = new byte[size];
        for (int slot = 0; slot < SHAPES; slot++)
        {
            shapes[SHAPES_PADDING + slot * SHAPE_LONGS] = -1;
        }
        this.disk = DiskRoom.of(path);
        this.queue = open(rank, path, disk);
        this.batchStore = BytesStore.wrap(batchMemory);
        this.appenders = queue == null ? null : ThreadLocal.withInitial(() ->
        {
            appendersMade.incrementAndGet();
            return queue.createAppender();
        });
        this.stopped = queue == null;
    }

    private static ChronicleQueue open(final int rank, final Path path, final DiskRoom disk)
    {
        if (!disk.allows(PRETOUCH_BYTES))
        {
            System.err.println(stopped(rank, path) + disk.reason() + "; the rank goes on untraced");
            return null;
        }
        try
        {
            return ChronicleQueues.forWriting(path);
        }
        catch (final RuntimeException | Error failure)
        {
            System.err.println(stopped(rank, path) + "cannot open it (" + failure + "); the rank goes on untraced");
            return null;
        }
    }

    /** The start of the line that says a rank's journal stopped. */
    private static String stopped(final int rank, final Path path)
    {
        return "colompi: trace journal of rank " + rank + " stopped (" + path + "): ";
    }

    void writeHeader(final int size, final int jvm, final int node)
    {
        lock.lock();
        try
        {
            putHeader(size, jvm, node);
        }
        finally
        {
            lock.unlock();
        }
    }

    private void putHeader(final int size, final int jvm, final int node)
    {
        if (stopped)
        {
            return; // the queue could not be opened, and said so
        }
        final Instant now = Instant.now();
        final long nanoTime = System.nanoTime();
        batch.putByte(KIND_OFFSET, KIND_HEADER);
        batch.putByte(HEADER_VERSION_OFFSET, (byte)VERSION);
        batch.putInt(HEADER_RANK_OFFSET, rank);
        batch.putInt(HEADER_SIZE_OFFSET, size);
        batch.putInt(HEADER_JVM_OFFSET, jvm);
        batch.putInt(HEADER_NODE_OFFSET, node);
        batch.putLong(HEADER_WALL_CLOCK_OFFSET, now.getEpochSecond() * 1_000_000_000L + now.getNano());
        batch.putLong(HEADER_NANO_TIME_OFFSET, nanoTime);
        batch.putLong(HEADER_PID_OFFSET, ProcessHandle.current().pid());
        position = HEADER_LENGTH;
        // appended now, before the program runs: Chronicle's write path is loaded and run once, and the queue's first
        // pages are faulted in, instead of in the middle of the program's loop
        flush(PRETOUCH_BYTES);
    }

    @Override
    public void record(
        final Call call, final int context, final int peer, final int tier, final int tag, final long bytes,
        final long startNs, final long endNs, final long waitNs)
    {
        lock.lock();
        try
        {
            if (!stopped)
            {
                putRecord(call, context, peer, tier, tag, bytes, startNs, endNs, waitNs);
            }
        }
        finally
        {
            lock.unlock();
        }
    }

    private void putRecord(
        final Call call, final int context, final int peer, final int tier, final int tag, final long bytes,
        final long startNs, final long endNs, final long waitNs)
    {
        final int shape = nextShape(call, tier, context, peer < 0 ? -1 : peer, tag, bytes, -1, 0, -1, 0);
        final int at = timed(endNs);
        final long durationNs = endNs - startNs;
        final int back = fits(bytes, durationNs, waitNs, endNs) ? matchingBack(shape) : 0;
        position = back > 0 ? putRepeat(at, back, durationNs, endNs, waitNs) :
            putCall(at, call, context, peer, tier, tag, bytes, durationNs, endNs, waitNs);
        newestShape = shape;
        lastEndNs = endNs;
        flushIfDue(endNs);
    }

    @Override
    public void recordSendrecv(
        final int context, final int dest, final int destTier, final int sendTag, final long sentBytes,
        final int source, final int sourceTier, final int receivedTag, final long receivedBytes,
        final long startNs, final long endNs, final long waitNs)
    {
        lock.lock();
        try
        {
            if (!stopped)
            {
                putSendrecv(context, dest, destTier, sendTag, sentBytes, source, sourceTier, receivedTag, receivedBytes,
                    startNs, endNs, waitNs);
            }
        }
        finally
        {
            lock.unlock();
        }
    }

    private void putSendrecv(
        final int context, final int dest, final int destTier, final int sendTag, final long sentBytes,
        final int source, final int sourceTier, final int receivedTag, final long receivedBytes,
        final long startNs, final long endNs, final long waitNs)
    {
        final int shape = nextShape(Call.SENDRECV, destTier, context, dest < 0 ? -1 : dest, sendTag, sentBytes,
            source < 0 ? -1 : source, sourceTier, receivedTag, receivedBytes);
        final int at = timed(endNs);
        final long durationNs = endNs - startNs;
        final int back = fits(sentBytes | receivedBytes, durationNs, waitNs, endNs) ? matchingBack(shape) : 0;
        position = back > 0 ? putRepeat(at, back, durationNs, endNs, waitNs) : putReceived(
            putCall(at, Call.SENDRECV, context, dest, destTier, sendTag, sentBytes, durationNs, endNs, waitNs),
            source, sourceTier, receivedTag, receivedBytes);
        newestShape = shape;
        lastEndNs = endNs;
        flushIfDue(endNs);
    }

    /** A Sendrecv's received record at {@code at} (and its wide record if its bytes do not fit); returns the position after. */
    private int putReceived(
        final int at, final int source, final int sourceTier, final int receivedTag, final long receivedBytes)
    {
        final UnsafeBuffer buffer = batch;
        final boolean wide = (receivedBytes >>> 31) != 0;
        buffer.putInt(at, 0);
        buffer.putByte(at + KIND_OFFSET, KIND_RECEIVED);
        buffer.putByte(at + RECEIVED_TIER_OFFSET, (byte)sourceTier);
        buffer.putInt(at + RECEIVED_SOURCE_OFFSET, source < 0 ? -1 : source);
        buffer.putInt(at + RECEIVED_TAG_OFFSET, receivedTag);
        buffer.putInt(at + RECEIVED_BYTES_OFFSET, wide ? ESCAPE : (int)receivedBytes);
        final int next = at + RECEIVED_LENGTH;
        return wide ? putWide(next, receivedBytes, 0, 0) : next;
    }

    /**
     * Whether a call may be a repeat: its values fit a call record without its wide record, and it ends after the call
     * before it, within {@link TraceRecord#MAX_REPEAT_END_NS}.
     */
    private boolean fits(final long bytes, final long durationNs, final long waitNs, final long endNs)
    {
        return (bytes >>> 31) == 0 && Long.compareUnsigned(durationNs | waitNs, MAX_UNSIGNED_INT) <= 0 &&
            Long.compareUnsigned(endNs - lastEndNs, MAX_REPEAT_END_NS) <= 0;
    }

    /** Write a call's shape into the slot after the newest (the oldest's), and return that slot. */
    private int nextShape(
        final Call call, final int tier, final int context, final int peer, final int tag, final long bytes,
        final int source, final int sourceTier, final int receivedTag, final long receivedBytes)
    {
        final int slot = (newestShape + 1) & (SHAPES - 1);
        final long[] s = shapes;
        final int at = SHAPES_PADDING + slot * SHAPE_LONGS;
        s[at] = call.ordinal() | (tier & 0xFF) << 8 | (sourceTier & 0xFF) << 16;
        s[at + 1] = context;
        s[at + 2] = peer;
        s[at + 3] = tag;
        s[at + 4] = bytes;
        s[at + 5] = source;
        s[at + 6] = receivedTag;
        s[at + 7] = receivedBytes;
        return slot;
    }

    /** How many calls back one was shaped as the call in {@code slot} (the back of the last match first); 0 if none. */
    private int matchingBack(final int slot)
    {
        if (sameShape(slot, lastBack))
        {
            return lastBack;
        }
        for (int back = 1; back < SHAPES; back++)
        {
            if (back != lastBack && sameShape(slot, back))
            {
                lastBack = back;
                return back;
            }
        }
        return 0;
    }

    private boolean sameShape(final int slot, final int back)
    {
        final long[] s = shapes;
        final int at = SHAPES_PADDING + slot * SHAPE_LONGS;
        final int other = SHAPES_PADDING + ((slot - back) & (SHAPES - 1)) * SHAPE_LONGS;
        for (int i = 0; i < SHAPE_LONGS; i++)
        {
            if (s[at + i] != s[other + i])
            {
                return false;
            }
        }
        return true;
    }

    private int putRepeat(final int at, final int back, final long durationNs, final long endNs, final long waitNs)
    {
        final UnsafeBuffer buffer = batch;
        buffer.putByte(at + KIND_OFFSET, KIND_REPEAT);
        buffer.putByte(at + REPEAT_BACK_OFFSET, (byte)back);
        return putVarint(putVarint(putVarint(at + REPEAT_TIMES_OFFSET, endNs - lastEndNs), durationNs), waitNs);
    }

    /** {@code value} (not negative) as an unsigned LEB128 varint at {@code at}; returns the position after it. */
    private int putVarint(final int at, final long value)
    {
        final UnsafeBuffer buffer = batch;
        int next = at;
        long rest = value;
        while ((rest & ~0x7FL) != 0)
        {
            buffer.putByte(next++, (byte)(rest | 0x80));
            rest >>>= 7;
        }
        buffer.putByte(next++, (byte)rest);
        return next;
    }

    @Override
    public void prepareThread()
    {
        lock.lock();
        try
        {
            prepare();
        }
        finally
        {
            lock.unlock();
        }
    }

    private void prepare()
    {
        if (!stopped)
        {
            // a thread's first append is its dearest (its appender is made, then finds and maps the queue's end): made
            // now, of what the batch holds, else of a time record alone, which readers pass over
            if (position == 0)
            {
                position = timeBase(0, System.nanoTime());
            }
            flush(0);
        }
    }

    /** Chronicle appenders made so far, one per thread that appended or was prepared (tests count them). */
    int appendersMade()
    {
        return appendersMade.get();
    }

    @Override
    public void sent(final int peer, final int tier, final long bytes)
    {
        lock.lock();
        try
        {
            count(peer, tier, bytes);
        }
        finally
        {
            lock.unlock();
        }
    }

    private void count(final int peer, final int tier, final long bytes)
    {
        if (peer >= 0 && peer < uncarriedMessages.length)
        {
            uncarriedMessages[peer]++;
            uncarriedBytes[peer] += bytes;
            uncarriedTier[peer] = (byte)tier;
            uncarried = true;
        }
    }

    /** Where the next call record goes: after a new time base if the batch has none or {@code endNs} is far from it. */
    private int timed(final long endNs)
    {
        final int at = position;
        final long sinceBase = endNs - baseNs;
        if (at == 0 || sinceBase != (int)sinceBase)
        {
            if (at == 0)
            {
                batchStartNs = endNs;
            }
            return timeBase(at, endNs);
        }
        return at;
    }

    private int timeBase(final int at, final long nanoTime)
    {
        batch.putLong(at, 0);
        batch.putByte(at + KIND_OFFSET, KIND_TIME);
        batch.putLong(at + TIME_BASE_OFFSET, nanoTime);
        baseNs = nanoTime;
        return at + TIME_LENGTH;
    }

    /** A call record at {@code at} (and its wide record if a value does not fit); returns the position after it. */
    private int putCall(
        final int at, final Call call, final int context, final int peer, final int tier, final int tag,
        final long bytes, final long durationNs, final long endNs, final long waitNs)
    {
        final boolean wide = (bytes >>> 31) != 0 || Long.compareUnsigned(durationNs | waitNs, MAX_UNSIGNED_INT) > 0;
        final UnsafeBuffer buffer = batch;
        buffer.putByte(at + KIND_OFFSET, KIND_CALL);
        buffer.putByte(at + CALL_CALL_OFFSET, (byte)call.ordinal());
        buffer.putByte(at + CALL_TIER_OFFSET, (byte)tier);
        buffer.putByte(at + CALL_TIER_OFFSET + 1, (byte)0);
        buffer.putInt(at + CALL_CONTEXT_OFFSET, context);
        buffer.putInt(at + CALL_PEER_OFFSET, peer < 0 ? -1 : peer);
        buffer.putInt(at + CALL_TAG_OFFSET, tag);
        buffer.putInt(at + CALL_BYTES_OFFSET, wide ? ESCAPE : (int)bytes);
        buffer.putInt(at + CALL_END_OFFSET, (int)(endNs - baseNs));
        buffer.putInt(at + CALL_DURATION_OFFSET, wide ? ESCAPE : (int)durationNs);
        buffer.putInt(at + CALL_WAIT_OFFSET, wide ? ESCAPE : (int)waitNs);
        return wide ? putWide(at + CALL_LENGTH, bytes, durationNs, waitNs) : at + CALL_LENGTH;
    }

    private int putWide(final int at, final long bytes, final long durationNs, final long waitNs)
    {
        final UnsafeBuffer buffer = batch;
        buffer.putLong(at, 0);
        buffer.putByte(at + KIND_OFFSET, KIND_WIDE);
        buffer.putLong(at + WIDE_BYTES_OFFSET, bytes);
        buffer.putLong(at + WIDE_DURATION_OFFSET, durationNs);
        buffer.putLong(at + WIDE_WAIT_OFFSET, waitNs);
        return at + WIDE_LENGTH;
    }

    /**
     * Append a full batch, or one whose first record is old: one branch for both (the signs of the two margins or'ed),
     * taken by every append. C2 inlines the record into the MPI calls it traces ({@code Engine.trace}, the {@code
     * Intracomm} collectives) and compiles a branch its profile never saw taken as a trap: a separate "full" branch,
     * first taken after the warm-up's appends (all by age), sent those calls back to the interpreter and C2 compiled
     * them again in the middle of the program (bench/RESULTS.md).
     */
    private void flushIfDue(final long endNs)
    {
        if (((long)(BATCH_BYTES - 1 - position) | FLUSH_AFTER_NS - (endNs - batchStartNs)) < 0)
        {
            flush(0);
        }
    }

    @Override
    public void close()
    {
        lock.lock();
        try
        {
            end();
        }
        finally
        {
            lock.unlock();
        }
    }

    private void end()
    {
        if (!stopped)
        {
            final int at = position;
            batch.putLong(at, 0);
            batch.putByte(at + KIND_OFFSET, KIND_END);
            batch.putLong(at + END_TIME_OFFSET, System.nanoTime());
            position = at + END_LENGTH;
            flush(0);
        }
        stopped = true;
        if (queue != null)
        {
            queue.close();
        }
    }

    /**
     * Append the batch, and the traffic no record carries, as one document; then fault in the queue's
     * {@code pretouchBytes} after it.
     */
    private void flush(final long pretouchBytes)
    {
        if (!disk.allows(pretouchBytes))
        {
            stopped = true;
            System.err.println(stopped(rank, path) + disk.reason() + "; the rank goes on untraced");
            position = 0;
            return;
        }
        try
        {
            try (DocumentContext document = appenders.get().writingDocument())
            {
                final Bytes<?> out = document.wire().bytes();
                out.write(batchStore, 0L, (long)position);
                if (uncarried)
                {
                    appendTraffic(out);
                }
                pretouch(out, pretouchBytes);
            }
        }
        catch (final RuntimeException | Error failure)
        {
            stopped = true;
            System.err.println(stopped(rank, path) + "cannot write (" + failure + "); the rank goes on untraced");
        }
        position = 0;
    }

    /**
     * Fault in the pages of the queue's file from {@code out}'s write position on, {@code bytes} of them (as far as its
     * mapped chunk goes), each by a compare-and-swap of zero with zero: what lies there is left as it is.
     */
    private static void pretouch(final Bytes<?> out, final long bytes)
    {
        final BytesStore<?, ?> file = out.bytesStore();
        final long from = out.writePosition() + PAGE_BYTES & -PAGE_BYTES;
        for (long page = from; page < from + bytes && file.inside(page, Long.BYTES); page += PAGE_BYTES)
        {
            file.compareAndSwapLong(page, 0L, 0L);
        }
    }

    private void appendTraffic(final Bytes<?> out)
    {
        for (int peer = 0; peer < uncarriedMessages.length; peer++)
        {
            final long messages = uncarriedMessages[peer];
            if (messages != 0)
            {
                out.writeByte(KIND_TRAFFIC).writeByte(uncarriedTier[peer]).writeShort((short)0).writeInt(peer)
                    .writeLong(messages).writeLong(uncarriedBytes[peer]);
                uncarriedMessages[peer] = 0;
                uncarriedBytes[peer] = 0;
            }
        }
        uncarried = false;
    }
}
