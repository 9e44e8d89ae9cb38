package io.colompi.core.coll;

import io.colompi.core.comm.Communicator;
import io.colompi.core.comm.Locality;
import io.colompi.core.job.JobContext;
import io.colompi.core.job.MpiError;
import io.colompi.core.op.ReduceOp;
import io.colompi.core.pt2pt.Engine;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.Memory;
import io.colompi.core.type.Transfer;
import io.colompi.core.type.TypeMap;
import io.colompi.core.wait.Doorbell;
import io.colompi.core.wait.WaitPolicy;

import org.agrona.BufferUtil;
import org.agrona.UnsafeApi;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the ranks of one communicator that share a JVM meet during a collective. Each publishes its buffers in
 * its {@link ArenaSlot}, then arrives; the ranks read each other's arrays directly (one copy from source to
 * destination, no messages). Reused by every collective of the communicator; counters only grow, so operation
 * {@code k} (each rank numbers its arena operations 1, 2, ...) is complete once {@code k * size} arrivals were
 * counted.
 *
 * <p>With all ranks of the communicator here, the last rank to arrive {@link #start starts} the operation as a
 * {@link LocalTask}: a small one (one chunk) it runs alone and releases everybody, so the others wait for one line
 * to change; a larger one is cut into chunks, every rank present claims chunks until none is left, and whoever
 * finishes the last one releases everybody. Nobody waits for a particular thread to be scheduled, and the ranks
 * that run share the work: what matters when ranks outnumber cores. An allreduce of a few bytes among a few ranks
 * is an {@link #exchange} instead: every rank reads every other's contribution and combines them itself; a bcast of a
 * few bytes is {@link #eagerBcast eager}: the root leaves its data in its line and returns. With ranks in other JVMs
 * too, the leader (local index 0) gathers the arrivals, works across JVMs and releases the others
 * ({@link Hierarchical}).
 *
 * <p>Waiting ({@link #await}) polls the awaited word alone for a few microseconds while each local rank can have
 * a core, then runs the engine's {@link io.colompi.core.wait.Backoff} with longer yielding: it spins only while each
 * local rank can have a core; then it yields, for as long as local ranks keep arriving (oversubscribed ranks hand the
 * core to the one still on its way, in about a microsecond, where a park and its wake-up cost tens); after
 * the settings' {@code arenaYields} yields without anybody arriving it parks on the rank's doorbell with a growing
 * timeout, so idle ranks do not burn a core.
 *
 * <p>A nonblocking collective of ranks all in this JVM is an {@link ArenaOperation} of its own, the next in a chain
 * that begins here: several may be in flight at once, beside the blocking ones.
 */
final class JvmArena extends Participants
{
    /** The arenas of this JVM, by {@link Locality#arenaKey()}: one per communicator and set of colocated ranks. */
    private static final JobContext.Shared<ConcurrentHashMap<Long, JvmArena>> ARENAS =
        new JobContext.Shared<>("JVM arenas", job -> new ConcurrentHashMap<>());

    /** Bytes from one {@link #sync} word to the next: two cache lines (the adjacent-line prefetcher fetches pairs). */
    private static final int STRIDE = 128;
    /** The arrivals counter; the rest of its line holds the call descriptors of up to {@link #LINE_CALLS} ranks. */
    private static final int ARRIVALS = STRIDE;
    private static final int LINE_CALLS = 7;
    private static final int RELEASED = 2 * STRIDE;
    /** The chunked operation on offer, and (same line) the local index of the rank that started it. */
    private static final int READY = 3 * STRIDE;
    private static final int STARTER = READY + Long.BYTES;
    private static final int NEXT_CHUNK = 4 * STRIDE;
    private static final int DONE_CHUNKS = 5 * STRIDE;
    private static final int FINISHED = 6 * STRIDE;
    /**
     * The first {@link #exchange} line; two per rank (by parity) after it, each alone on its {@link #STRIDE}, then two
     * per rank for the {@link #eagerBcast}s it roots (apart, so that ranks running one as the other's call do not
     * take each other's data).
     */
    private static final int EXCHANGE_LINES = 7 * STRIDE;
    private static final int LINE_SEQUENCE = 0;
    private static final int LINE_BYTES = LINE_SEQUENCE + Long.BYTES;
    private static final int LINE_DATA = LINE_BYTES + Long.BYTES;
    /**
     * Largest contribution an {@link #exchange} or an {@link #eagerBcast} carries: what fits the line's first cache
     * line beside its header.
     */
    static final int EXCHANGE_BYTES = 64 - LINE_DATA;
    /** Most ranks that have lines: each reads every other's line in an {@link #exchange}, cheap while they are few. */
    static final int EXCHANGE_RANKS = 8;
    /**
     * Polls of the awaited word alone before a wait turns to the engine and its back-off (a few microseconds): most
     * waits here are shorter, and the back-off's rounds (a clock read each, 0.1 us under KVM, and yields once it has
     * seen the core contended: a system call, microseconds) would end them late. np 2 Allreduce of a double in one
     * JVM, same minutes: 1.12-1.25 us without, 0.86-1.03 with 500 polls (2-core KVM EPYC); 256 kept, so that a
     * wait on a contended core reaches the back-off's yields sooner.
     */
    private static final int POLLS = 256;

    /** What each local rank published, by local index, with its wait: the {@link #contributions}. */
    final ArenaSlot[] slots;
    private final Doorbell[] doorbells;
    /**
     * The words the ranks share, each alone on its lines (aligned, off the heap): waiters spin on {@link #RELEASED},
     * ranks arriving count on {@link #ARRIVALS} and leave their call's descriptor beside it, so that the last one
     * reads them with the count; chunks are claimed and counted apart. A write to one word does not take the
     * others' lines from the cores that read them. Counters only grow.
     */
    private final AtomicBuffer sync;
    /** Operations so far that end with the members' {@link #finish}: the leader's alone. */
    private long finishing;
    /**
     * The node arena's set of an allgather stream ({@link NodeArena#streamOfJvm}): written by the leader before it
     * releases the operation, read by the others once released.
     */
    long streamSet;
    /** {@link #POLLS}, or fewer when the back-off spins less (ranks outnumbering cores: none). */
    private final int polls;
    /**
     * Where the chain of nonblocking operations begins ({@link ArenaOperation#next}), until every local rank has taken
     * it: then the chain is reachable only from the ranks' places in it, and what all of them have passed is garbage.
     */
    private ArenaOperation chainStart;
    private int chainTakers;

    private JvmArena(final Communicator c, final int[] local)
    {
        this(c, local, new ArenaSlot[local.length]);
    }

    private JvmArena(final Communicator c, final int[] local, final ArenaSlot[] slots)
    {
        super(slots, local, c.engine().job().settings().arenaChunkBytes());
        final int n = local.length;
        this.slots = slots;
        this.sync = new UnsafeBuffer(BufferUtil.allocateDirectAligned(
            EXCHANGE_LINES + (n <= EXCHANGE_RANKS ? 4 * n * STRIDE : 0), STRIDE));
        // Yields without a local arrival before a waiting rank parks (colompi.coll.arenaYields, at least the wait
        // policy's): with 8 ranks on 2 cores a rank can yield 20 times while the ranks on the other core are still on
        // their way, and the parks and wake-ups that followed doubled the barrier (np 8: 19-25 us with 20, 8.7-14.7
        // us with 1000, where 8 plain threads in a yield barrier take 8-11 us). At most a millisecond or so.
        final WaitPolicy policy = c.engine().job().waitPolicy();
        final int yields = Math.max(policy.yields(), c.engine().job().settings().arenaYields());
        final int spins = n > Runtime.getRuntime().availableProcessors() ? 0 : policy.spins();
        final WaitPolicy arenaPolicy = policy.withPhases(spins, yields);
        this.polls = Math.min(POLLS, arenaPolicy.spins());
        this.doorbells = new Doorbell[n];
        for (int i = 0; i < n; i++)
        {
            final Engine engine = c.engine().localPeer(c.worldRankOf(local[i]));
            slots[i] = new ArenaSlot(this, engine, arenaPolicy);
            doorbells[i] = engine.doorbell();
        }
    }

    /** The arena of {@code c}'s ranks in this JVM, made by the first of them to ask. */
    static JvmArena of(final Communicator c)
    {
        final Locality locality = c.locality();
        return c.engine().job().shared(ARENAS).computeIfAbsent(locality.arenaKey(),
            key -> new JvmArena(c, locality.localRanks()));
    }

    /** Where a local rank's chain of nonblocking operations begins: taken once by each, before its first one. */
    synchronized ArenaOperation chainStart()
    {
        if (chainTakers == 0)
        {
            chainStart = new ArenaOperation(this, -1); // made by the first that needs it: most arenas never do
        }
        final ArenaOperation start = chainStart;
        if (++chainTakers == size)
        {
            chainStart = null;
        }
        return start;
    }

    /** The slot of local rank {@code index}. */
    ArenaSlot slot(final int index)
    {
        return slots[index];
    }

    void publishSend(final int index, final Object buffer, final int offset, final int count, final TypeMap type)
    {
        slots[index].publishSend(buffer, offset, count, type);
    }

    void publishRecv(final int index, final Object buffer, final int offset, final int count, final TypeMap type)
    {
        slots[index].publishRecv(buffer, offset, count, type);
    }

    /** Per-block counts and displacements (in extents) of a v-collective's send side. */
    void publishSendBlocks(final int index, final int[] counts, final int[] displs)
    {
        slots[index].sendBlockCounts = counts;
        slots[index].sendBlockDispls = displs;
    }

    void publishRecvBlocks(final int index, final int[] counts, final int[] displs)
    {
        slots[index].recvBlockCounts = counts;
        slots[index].recvBlockDispls = displs;
    }

    // ---------------------------------------------------------------- arrival and release

    /**
     * Whether {@code bytes} of each of {@code ranks} ranks, all in one JVM, fit their lines: an allreduce (of
     * contiguous primitives, as every reduction in an arena) then runs as an {@link #exchange}, a bcast (of
     * primitives) as an {@link #eagerBcast}.
     */
    static boolean fitsLines(final int ranks, final long bytes)
    {
        return ranks <= EXCHANGE_RANKS && bytes <= EXCHANGE_BYTES;
    }

    /**
     * An allreduce ({@link #exchanges} said so) by local rank {@code index} as operation {@code sequence}: it writes
     * its contribution into a line of its own, then reads every other rank's and combines all of them in rank order
     * as {@link LocalTask#REDUCE} does, so every rank computes the same result, bit for bit, without waiting for the
     * others to be done. Where the last rank to arrive combines for all, six lines cross between cores one after
     * another (arrivals, slots, arrays, release word, result); here each rank's line goes to each other rank at once.
     * Each rank still arrives first, with its call, as in every operation: the counters stay those of the other
     * operations, and ranks running another collective as this call fail at once, as there ({@link #callsDisagree}).
     * Lines alternate by parity: a rank writes one again two operations later, when every rank is past reading it
     * (the operation between needed all of them, or their lines). A rank that finds another passing another count
     * fails, naming it (every rank reads every line, so all fail alike).
     */
    void exchange(final CallLog calls, final Engine engine, final int index, final long sequence, final Object sbuf,
        final int soffset, final Object rbuf, final int roffset, final int count, final TypeMap type, final ReduceOp op)
    {
        settle(engine, index);
        publishCall(calls, index, LocalTask.REDUCE, op, -1);
        if (arrive(sequence))
        {
            callsDisagree(index, sequence);
        }
        final int elements = count * type.size();
        final BaseType base = type.base();
        final long bytes = (long)elements * base.byteSize();
        final int parity = (int)(sequence & 1);
        writeLine(line(parity, index), index, sbuf, soffset, count, type, bytes, sequence);
        final Object scratch = slots[index].scratch(base, 2 * elements);
        final long peerData = Memory.origin(scratch, base) + bytes;
        for (int i = size - 1; i >= 0; i--)
        {
            final Object src;
            final int srcOffset;
            if (i == index)
            {
                src = sbuf;
                srcOffset = soffset;
            }
            else
            {
                final int theirs = line(parity, i);
                await(engine, index, theirs + LINE_SEQUENCE, sequence, false);
                throwError(index);
                if (sync.getLong(theirs + LINE_BYTES) != bytes)
                {
                    throw countsDiffer(engine, index, parity, sequence, bytes / count);
                }
                UnsafeApi.copyMemory(null, sync.addressOffset() + theirs + LINE_DATA, scratch, peerData, bytes);
                src = scratch;
                srcOffset = elements;
            }
            if (i == size - 1)
            {
                System.arraycopy(src, srcOffset, scratch, 0, elements);
            }
            else
            {
                op.reduce(src, srcOffset, scratch, 0, count, type);
            }
        }
        System.arraycopy(scratch, 0, rbuf, roffset, elements);
    }

    /**
     * The error of an exchange whose ranks pass different counts, once every line is there: the same on every rank,
     * as {@link #countsDisagree} words it, naming local rank 0's count and the first that differs from it.
     */
    private MpiError countsDiffer(final Engine engine, final int index, final int parity, final long sequence,
        final long itemBytes)
    {
        for (int i = 0; i < size; i++)
        {
            await(engine, index, line(parity, i) + LINE_SEQUENCE, sequence, false);
        }
        final long first = sync.getLong(line(parity, 0) + LINE_BYTES);
        int other = 1;
        while (sync.getLong(line(parity, other) + LINE_BYTES) == first)
        {
            other++;
        }
        return countsError(0, first / itemBytes, other, sync.getLong(line(parity, other) + LINE_BYTES) / itemBytes);
    }

    /**
     * A bcast ({@link #fitsLines} said so, of primitives) by local rank {@code index} as operation {@code sequence},
     * from local rank {@code root}: the root writes its data into its line, arrives and returns; every other rank
     * arrives, waits for the root's line and copies from it. So the root does not wait for the others, as with a bcast
     * over messages within the eager limit, and its buffer is free at once; the others wait for one line.
     * <p>The last rank to arrive compares the calls, as in every operation, and releases the operation, which nobody
     * here waits for: each rank's next operation waits for that first ({@link #settle}), so that no rank arrives at
     * an operation before every rank has arrived at the one before (the counters stay unambiguous) and no line is
     * written again while a rank may still read it. Calls that disagree fail the ranks still in the operation; a rank
     * that had left (a root, as an eager send cannot fail at its sender) goes on, and the failing ranks end the job.
     * A rank that passed another count than the root's fails alone, as a receiver whose message was another size.
     */
    void eagerBcast(final CallLog calls, final Engine engine, final int index, final long sequence, final Object buffer,
        final int offset, final int count, final TypeMap type, final int root)
    {
        settle(engine, index);
        publishCall(calls, index, LocalTask.BCAST, null, root);
        final int elements = count * type.size();
        final long bytes = (long)elements * type.base().byteSize();
        final int rootLine = bcastLine((int)(sequence & 1), root);
        if (index == root)
        {
            writeLine(rootLine, index, buffer, offset, count, type, bytes, sequence);
        }
        if (arrive(sequence) && !callsDisagree(index, sequence))
        {
            release(sequence);
        }
        slots[index].eagerSequence = sequence;
        if (index != root)
        {
            await(engine, index, rootLine + LINE_SEQUENCE, sequence, false);
            throwError(index);
            final long theirs = sync.getLong(rootLine + LINE_BYTES);
            if (theirs != bytes)
            {
                throw countsError(root, theirs / (bytes / count), index, count);
            }
            Transfer.unpack(null, sync.addressOffset() + rootLine + LINE_DATA, elements, buffer, offset, type);
        }
        throwError(index);
    }

    /**
     * Before local rank {@code index} takes part in another operation after an {@link #eagerBcast}: wait until that
     * bcast's last rank has arrived and compared the calls. An error it recorded for this rank, which had left, is
     * dropped: the ranks still in the bcast failed with it.
     */
    private void settle(final Engine engine, final int index)
    {
        final ArenaSlot slot = slots[index];
        final long eager = slot.eagerSequence;
        if (eager != 0)
        {
            slot.eagerSequence = 0;
            await(engine, index, RELEASED, eager, false);
            slot.error = null;
        }
    }

    /**
     * Local rank {@code index} writes {@code count} items of {@code type} ({@code bytes} packed) into its line at
     * {@code line} for operation {@code sequence}, then wakes the others.
     */
    private void writeLine(final int line, final int index, final Object buffer, final int offset, final int count,
        final TypeMap type, final long bytes, final long sequence)
    {
        Transfer.pack(buffer, offset, type, count, sync.byteArray(), sync.addressOffset() + line + LINE_DATA);
        sync.putLong(line + LINE_BYTES, bytes);
        sync.putLongRelease(line + LINE_SEQUENCE, sequence);
        for (int i = 0; i < size; i++)
        {
            if (i != index)
            {
                doorbells[i].ring();
            }
        }
    }

    private int line(final int parity, final int index)
    {
        return EXCHANGE_LINES + (2 * index + parity) * STRIDE;
    }

    private int bcastLine(final int parity, final int root)
    {
        return line(parity, size + root);
    }

    /** Count this rank in for operation {@code sequence}; true for the last local rank to arrive. */
    boolean arrive(final long sequence)
    {
        return sync.getAndAddLong(ARRIVALS, 1) + 1 == sequence * size;
    }

    /**
     * A member's part (local index {@code index > 0}): count itself in for operation {@code sequence}, wake the
     * leader, which may be parked waiting for it, and wait until the leader releases the operation.
     */
    void awaitLeader(final Engine engine, final int index, final long sequence)
    {
        arrive(sequence);
        doorbells[0].ring();
        awaitRelease(engine, index, sequence);
    }

    /** The leader's part: count itself in for operation {@code sequence} and wait until every local rank has. */
    void awaitMembers(final Engine leader, final long sequence)
    {
        arrive(sequence);
        await(leader, 0, ARRIVALS, sequence * size, false);
    }

    /** Let everyone waiting for operation {@code sequence} go on. */
    void release(final long sequence)
    {
        sync.putLongVolatile(RELEASED, sequence);
        for (final Doorbell doorbell : doorbells)
        {
            doorbell.ring();
        }
    }

    /** A member is done reading what the leader published for its operation. */
    void finish()
    {
        sync.getAndAddLong(FINISHED, 1);
        doorbells[0].ring();
    }

    /**
     * The leader waits until the other local ranks have {@link #finish}ed the current operation (the operations
     * that end this way are counted apart: not every operation does).
     */
    void awaitFinished(final Engine leader)
    {
        await(leader, 0, FINISHED, ++finishing * (size - 1), false);
    }

    /** Wait until operation {@code sequence} is released; then throw the error a chunk found for this rank. */
    void awaitRelease(final Engine engine, final int index, final long sequence)
    {
        await(engine, index, RELEASED, sequence, true);
        throwError(index);
    }

    /** Throw the error recorded for local rank {@code index}, if any, once. */
    private void throwError(final int index)
    {
        final ArenaSlot slot = slots[index];
        final MpiError error = slot.error;
        if (error != null)
        {
            slot.error = null;
            throw error;
        }
    }

    /**
     * Whether the {@link #sync} word at {@code counter} has reached {@code target}; for an {@link #exchange} line,
     * also whether its operation was released, which only a failed one is.
     */
    boolean reached(final int counter, final long target)
    {
        return sync.getLongVolatile(counter) >= target ||
            counter >= EXCHANGE_LINES && sync.getLongVolatile(RELEASED) >= target;
    }

    // ---------------------------------------------------------------- operations (all ranks in this JVM)

    /**
     * Local rank {@code index} enters operation {@code sequence}, a {@code task} on the data it published, and
     * returns once the operation is complete (throwing the error it found for this rank). Its call's
     * {@code op} and {@code root} (local index, or -1) agree on every rank, as MPI requires.
     */
    void run(final CallLog calls, final Engine engine, final int index, final long sequence, final LocalTask task,
        final ReduceOp op, final int root)
    {
        settle(engine, index);
        publishCall(calls, index, task, op, root);
        if (arrive(sequence))
        {
            start(index, sequence);
        }
        awaitRelease(engine, index, sequence);
    }

    /** Local rank {@code index} publishes its call before it arrives, where the last rank compares them all. */
    private void publishCall(final CallLog calls, final int index, final LocalTask task, final ReduceOp op,
        final int root)
    {
        final ArenaSlot slot = slots[index];
        slot.publishCall(calls, task, op, root);
        final long call = calls.currentCall();
        if (size <= LINE_CALLS)
        {
            sync.putLong(ARRIVALS + Long.BYTES * (1 + index), call);
        }
        else if (slot.call != call)
        {
            slot.call = call;
        }
    }

    /**
     * By the last rank to arrive, local index {@code index}: run its call's task for operation {@code sequence}
     * (MPI makes the parameters agree on every rank). A task {@link LocalTask#alone small enough} it runs alone and
     * releases at once; otherwise it offers the chunks, and every rank helps in {@link #awaitRelease}.
     */
    private void start(final int index, final long sequence)
    {
        final ArenaSlot call = slots[index];
        final LocalTask task = call.task;
        if (callsDisagree(index, sequence))
        {
            return;
        }
        final MpiError countsDiffer = task.sameCounts() ? sendCountsDiffer() : null;
        if (countsDiffer != null)
        {
            failAll(countsDiffer, sequence);
            return;
        }
        final int chunks = task.chunks(this, call);
        if (chunks == 0 || task.alone(this, call, chunks))
        {
            for (int chunk = 0; chunk < chunks; chunk++)
            {
                task.run(this, call, chunk, index);
            }
            release(sequence);
            return;
        }
        call.chunks = chunks;
        sync.putLongVolatile(NEXT_CHUNK, 0);
        sync.putLongVolatile(DONE_CHUNKS, 0);
        sync.putLongVolatile(STARTER, index);
        sync.putLongVolatile(READY, sequence);
    }

    /**
     * Ranks that run different collectives, or the same with different roots or paths, as the same call would each
     * run the operation of the rank that starts it: each fails instead, naming a rank whose call differs.
     */
    private boolean callsDisagree(final int index, final long sequence)
    {
        final long first = call(0);
        for (int i = 1; i < size; i++)
        {
            if (call(i) != first)
            {
                // described by the number of the call that arrived last: a rank that left an eager bcast may be past it
                final long number = slots[index].calls.sequence();
                final MpiError error = MismatchCheck.mismatch(number, rank(i), described(i, number), rank(0),
                    described(0, number));
                failAll(error, sequence);
                return true;
            }
        }
        return false;
    }

    /** What local rank {@code index} ran as blocking call {@code number} on the communicator. */
    private long[] described(final int index, final long number)
    {
        final CallLog calls = slots[index].calls;
        final long[] described = calls.describe(number);
        return described != null ? described : calls.current();
    }

    /** The descriptor of the call with which local rank {@code index} arrived at the current operation. */
    private long call(final int index)
    {
        return size <= LINE_CALLS ? sync.getLong(ARRIVALS + Long.BYTES * (1 + index)) : slots[index].call;
    }

    private void failAll(final MpiError error, final long sequence)
    {
        for (int r = 0; r < size; r++)
        {
            fail(r, error);
        }
        release(sequence);
    }

    /** Run chunks of operation {@code sequence} while any is left; release it after the last one. */
    private void help(final int index, final long sequence)
    {
        final ArenaSlot call = slots[(int)sync.getLongVolatile(STARTER)];
        final int total = call.chunks;
        final LocalTask task = call.task;
        long chunk;
        while ((chunk = sync.getAndAddLong(NEXT_CHUNK, 1)) < total)
        {
            task.run(this, call, (int)chunk, index);
            if (sync.getAndAddLong(DONE_CHUNKS, 1) + 1 == total)
            {
                release(sequence);
            }
        }
    }

    // ---------------------------------------------------------------- waiting

    /**
     * Local rank {@code index} waits until the {@link #sync} word at {@code counter} reaches {@code target}, helping
     * with the chunks of operation {@code target} meanwhile if it may {@code help}. After {@link #polls} polls of the
     * word alone, polls the engine (its transports and nonblocking activities) too, an arrival counting as work,
     * backs off, and throws if the job is aborted. What its back-off idled counts for a traced call
     * ({@link Engine#idled}).
     */
    private void await(final Engine engine, final int index, final int counter, final long target, final boolean help)
    {
        final ArenaSlot wait = slots[index];
        wait.counter = counter;
        wait.target = target;
        wait.backoff.reset();
        int polls = this.polls;
        long seen = sync.getLongVolatile(ARRIVALS);
        while (!reached(counter, target))
        {
            if (help && sync.getLongVolatile(READY) == target &&
                sync.getLongVolatile(NEXT_CHUNK) < slots[(int)sync.getLongVolatile(STARTER)].chunks)
            {
                help(index, target);
                continue;
            }
            if (polls > 0)
            {
                polls--;
                Thread.onSpinWait();
                continue;
            }
            int work = engine.progress();
            engine.checkAbort();
            final long now = sync.getLongVolatile(ARRIVALS);
            if (now != seen)
            {
                seen = now;
                work++;
            }
            wait.backoff.idle(work, wait);
        }
        engine.idled(wait.backoff.idledNs());
    }
}
