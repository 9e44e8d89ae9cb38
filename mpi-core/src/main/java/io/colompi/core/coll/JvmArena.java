package io.colompi.core.coll;

import io.colompi.core.comm.Communicator;
import io.colompi.core.comm.Locality;
import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.JobContext;
import io.colompi.core.job.MpiError;
import io.colompi.core.op.ReduceOp;
import io.colompi.core.pt2pt.Engine;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.TypeMap;
import io.colompi.core.wait.Backoff;
import io.colompi.core.wait.WaitPolicy;
import io.colompi.core.wait.WakeCondition;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where the ranks of one communicator that share a JVM meet during a collective. Each publishes its buffers in
 * its slot, then arrives; the ranks read each other's arrays directly (one copy from source to destination, no
 * messages). Reused by every collective of the communicator; counters only grow, so operation {@code k} (each
 * rank numbers its arena operations 1, 2, ...) is complete once {@code k * size} arrivals were counted.
 *
 * <p>With all ranks of the communicator here, the last rank to arrive {@link #start starts} the operation as a
 * {@link LocalTask} cut into chunks; every rank present claims chunks until none is left, and whoever finishes
 * the last one releases everybody. Nobody waits for a particular thread to be scheduled, and the ranks that run
 * share the work: what matters when ranks outnumber cores. With ranks in other JVMs too, the leader (local index
 * 0) gathers the arrivals, works across JVMs and releases the others ({@link Hierarchical}).
 *
 * <p>Waiting ({@link #await}) is the engine's {@link Backoff} with longer yielding: it spins only while each local
 * rank can have a core; then it yields, for as long as local ranks keep arriving (oversubscribed ranks hand the
 * core to the one still on its way, in about a microsecond, where a park and its wake-up cost tens); after
 * the settings' {@code arenaYields} yields without anybody arriving it parks on the rank's doorbell with a growing
 * timeout, so idle ranks do not burn a core.
 */
final class JvmArena
{
    /** The arenas of this JVM, by {@link Locality#arenaKey()}: one per communicator and set of colocated ranks. */
    private static final JobContext.Shared<ConcurrentHashMap<Long, JvmArena>> ARENAS =
        new JobContext.Shared<>("JVM arenas", job -> new ConcurrentHashMap<>());

    final int size;
    /**
     * Bytes of a reduction chunk ({@code colompi.coll.arenaChunkBytes}): a few of them fit a core's L1 cache next
     * to the inputs streaming through.
     */
    final int chunkBytes;
    /** The communicator rank of each local index. */
    private final int[] ranks;
    /** Send side of each local rank: buffer, offset, count, type; per-block counts and displacements (v). */
    final Object[] sendBuffers;
    final int[] sendOffsets;
    final int[] sendCounts;
    final TypeMap[] sendTypes;
    final int[][] sendBlockCounts;
    final int[][] sendBlockDispls;
    /** Receive side of each local rank, likewise. */
    final Object[] recvBuffers;
    final int[] recvOffsets;
    final int[] recvCounts;
    final TypeMap[] recvTypes;
    final int[][] recvBlockCounts;
    final int[][] recvBlockDispls;
    /** Each local rank's {@link CallLog}, published as it arrives: the rank that starts an operation compares them. */
    final CallLog[] calls;
    /** An error a chunk found for a local rank (a truncated block), thrown by that rank when it is released. */
    private final MpiError[] errors;
    /** Per local rank, the dense temporary of its reduction chunks; touched by that rank alone. */
    private final Object[] scratch;

    /** The operation being run: set by the rank that starts it, before {@link #ready} publishes it. */
    LocalTask task;
    int count;
    TypeMap type;
    ReduceOp op;
    /** Local index of the root, or -1. */
    int root;
    int chunks;
    int itemsPerChunk;
    private volatile long ready;
    private final AtomicInteger nextChunk = new AtomicInteger();
    private final AtomicInteger doneChunks = new AtomicInteger();

    private final AtomicLong arrivals = new AtomicLong();
    private final AtomicLong finished = new AtomicLong();
    /** Operations so far that end with the members' {@link #finish}: the leader's alone. */
    private long finishing;
    private volatile long released;
    private final Engine[] engines;

    /** Per local rank, its wait here (the leader, index 0, also while it gathers). */
    private final Wait[] waits;

    private JvmArena(final Communicator c, final Locality locality)
    {
        final int[] local = locality.localRanks();
        final int n = local.length;
        this.size = n;
        this.chunkBytes = c.engine().job().settings().arenaChunkBytes();
        this.ranks = local;
        this.sendBuffers = new Object[n];
        this.sendOffsets = new int[n];
        this.sendCounts = new int[n];
        this.sendTypes = new TypeMap[n];
        this.sendBlockCounts = new int[n][];
        this.sendBlockDispls = new int[n][];
        this.recvBuffers = new Object[n];
        this.recvOffsets = new int[n];
        this.recvCounts = new int[n];
        this.recvTypes = new TypeMap[n];
        this.recvBlockCounts = new int[n][];
        this.recvBlockDispls = new int[n][];
        this.calls = new CallLog[n];
        this.errors = new MpiError[n];
        this.scratch = new Object[n];
        this.engines = new Engine[n];
        for (int i = 0; i < n; i++)
        {
            engines[i] = c.engine().localPeer(c.worldRankOf(local[i]));
        }
        // Yields without a local arrival before a waiting rank parks (colompi.coll.arenaYields, at least the wait
        // policy's): with 8 ranks on 2 cores a rank can yield 20 times while the ranks on the other core are still on
        // their way, and the parks and wake-ups that followed doubled the barrier (np 8: 19-25 us with 20, 8.7-14.7
        // us with 1000, where 8 plain threads in a yield barrier take 8-11 us). At most a millisecond or so.
        final WaitPolicy policy = c.engine().job().waitPolicy();
        final int yields = Math.max(policy.yields(), c.engine().job().settings().arenaYields());
        final WaitPolicy arenaPolicy = new WaitPolicy(n > Runtime.getRuntime().availableProcessors() ? 0 : policy.spins(),
            yields, policy.minParkNs(), policy.maxParkNs(), policy.adaptive());
        this.waits = new Wait[n];
        for (int i = 0; i < n; i++)
        {
            waits[i] = new Wait(engines[i], arenaPolicy);
        }
    }

    /** The arena of {@code c}'s ranks in this JVM, made by the first of them to ask. */
    static JvmArena of(final Communicator c)
    {
        final Locality locality = c.locality();
        return c.engine().job().shared(ARENAS).computeIfAbsent(locality.arenaKey(), key -> new JvmArena(c, locality));
    }

    void publishSend(final int index, final Object buffer, final int offset, final int count, final TypeMap type)
    {
        sendBuffers[index] = buffer;
        sendOffsets[index] = offset;
        sendCounts[index] = count;
        sendTypes[index] = type;
        sendBlockCounts[index] = null;
        sendBlockDispls[index] = null;
    }

    void publishRecv(final int index, final Object buffer, final int offset, final int count, final TypeMap type)
    {
        recvBuffers[index] = buffer;
        recvOffsets[index] = offset;
        recvCounts[index] = count;
        recvTypes[index] = type;
        recvBlockCounts[index] = null;
        recvBlockDispls[index] = null;
    }

    /** Per-block counts and displacements (in extents) of a v-collective's send side. */
    void publishSendBlocks(final int index, final int[] counts, final int[] displs)
    {
        sendBlockCounts[index] = counts;
        sendBlockDispls[index] = displs;
    }

    void publishRecvBlocks(final int index, final int[] counts, final int[] displs)
    {
        recvBlockCounts[index] = counts;
        recvBlockDispls[index] = displs;
    }

    // ---------------------------------------------------------------- arrival and release

    /** Count this rank in for operation {@code sequence}; true for the last local rank to arrive. */
    boolean arrive(final long sequence)
    {
        return arrivals.incrementAndGet() == sequence * size;
    }

    /**
     * A member's part (local index {@code index > 0}): count itself in for operation {@code sequence}, wake the
     * leader, which may be parked waiting for it, and wait until the leader releases the operation.
     */
    void awaitLeader(final Engine engine, final int index, final long sequence)
    {
        arrive(sequence);
        engines[0].doorbell().ring();
        awaitRelease(engine, index, sequence);
    }

    /** The leader's part: count itself in for operation {@code sequence} and wait until every local rank has. */
    void awaitMembers(final Engine leader, final long sequence)
    {
        arrive(sequence);
        await(leader, -1, arrivals, sequence * size);
    }

    /** Let everyone waiting for operation {@code sequence} go on. */
    void release(final long sequence)
    {
        released = sequence;
        for (final Engine engine : engines)
        {
            engine.doorbell().ring();
        }
    }

    /** A member is done reading what the leader published for its operation. */
    void finish()
    {
        finished.incrementAndGet();
        engines[0].doorbell().ring();
    }

    /**
     * The leader waits until the other local ranks have {@link #finish}ed the current operation (the operations
     * that end this way are counted apart: not every operation does).
     */
    void awaitFinished(final Engine leader)
    {
        await(leader, -1, finished, ++finishing * (size - 1));
    }

    /** Wait until operation {@code sequence} is released; then throw the error a chunk found for this rank. */
    void awaitRelease(final Engine engine, final int index, final long sequence)
    {
        await(engine, index, null, sequence);
        final MpiError error = errors[index];
        if (error != null)
        {
            errors[index] = null;
            throw error;
        }
    }

    // ---------------------------------------------------------------- chunked tasks (all ranks in this JVM)

    /**
     * By the last rank to arrive: run {@code task} for operation {@code sequence}, with the parameters of this
     * rank's call (MPI makes them agree on every rank); every rank then helps in {@link #awaitRelease}.
     */
    void start(final long sequence, final LocalTask task, final int count, final TypeMap type, final ReduceOp op,
        final int root)
    {
        this.task = task;
        this.count = count;
        this.type = type;
        this.op = op;
        this.root = root;
        if (callsDisagree(sequence) || task == LocalTask.REDUCE && countsDisagree(sequence))
        {
            return;
        }
        final int chunks = task.chunks(this);
        if (chunks == 0)
        {
            release(sequence);
            return;
        }
        this.chunks = chunks;
        nextChunk.set(0);
        doneChunks.set(0);
        ready = sequence;
    }

    /**
     * Ranks that run different collectives, or the same with different roots or paths, as the same call would each
     * run the operation of the rank that starts it: each fails instead, naming a rank whose call differs.
     */
    private boolean callsDisagree(final long sequence)
    {
        final long first = calls[0].currentCall();
        for (int i = 1; i < size; i++)
        {
            if (calls[i].currentCall() != first)
            {
                final MpiError error = MismatchCheck.mismatch(calls[0].sequence(), ranks[i], calls[i].current(),
                    ranks[0], calls[0].current());
                for (int r = 0; r < size; r++)
                {
                    fail(r, error);
                }
                release(sequence);
                return true;
            }
        }
        return false;
    }

    /**
     * A reduction whose ranks pass different counts fails in every one of them, naming both, before any buffer is
     * read or written (a chunk would run past the smaller buffers).
     */
    private boolean countsDisagree(final long sequence)
    {
        for (int i = 1; i < size; i++)
        {
            if ((long)sendCounts[i] * sendTypes[i].size() != (long)sendCounts[0] * sendTypes[0].size())
            {
                final MpiError error = new MpiError(ErrorClass.TRUNCATE, "reduction counts differ: rank " + ranks[0] +
                    " passed " + sendCounts[0] + " items, rank " + ranks[i] + " passed " + sendCounts[i]);
                for (int r = 0; r < size; r++)
                {
                    fail(r, error);
                }
                release(sequence);
                return true;
            }
        }
        return false;
    }

    /** The communicator rank of local rank {@code index}. */
    int rank(final int index)
    {
        return ranks[index];
    }

    /** Record an error for local rank {@code index}, thrown there when the operation completes. */
    void fail(final int index, final MpiError error)
    {
        errors[index] = error;
    }

    /** The dense temporary of local rank {@code index}: at least {@code elements} of {@code base}, reused. */
    Object scratch(final int index, final BaseType base, final int elements)
    {
        final Object current = scratch[index];
        if (current != null && current.getClass() == base.arrayClass() &&
            java.lang.reflect.Array.getLength(current) >= elements)
        {
            return current;
        }
        final Object grown = Buffers.allocate(base, Math.max(elements, 16));
        scratch[index] = grown;
        return grown;
    }

    /** Run chunks of operation {@code sequence} while any is left; release it after the last one. */
    private void help(final int index, final long sequence)
    {
        final int total = chunks;
        final LocalTask current = task;
        int chunk;
        while ((chunk = nextChunk.getAndIncrement()) < total)
        {
            current.run(this, chunk, index);
            if (doneChunks.incrementAndGet() == total)
            {
                release(sequence);
            }
        }
    }

    // ---------------------------------------------------------------- waiting

    /**
     * Wait until {@code counter} (or, if null, {@link #released}) reaches {@code target}, helping with the chunks
     * of operation {@code target} meanwhile if {@code index >= 0} (-1: the leader gathering). Polls the engine (its
     * transports and nonblocking activities) throughout, an arrival counting as work, and throws if the job is
     * aborted.
     */
    private void await(final Engine engine, final int index, final AtomicLong counter, final long target)
    {
        final Wait wait = waits[Math.max(index, 0)];
        wait.counter = counter;
        wait.target = target;
        wait.backoff.reset();
        long seen = arrivals.get();
        while (true)
        {
            if (counter == null ? released >= target : counter.get() >= target)
            {
                return;
            }
            if (index >= 0 && ready == target && nextChunk.get() < chunks)
            {
                help(index, target);
                continue;
            }
            int work = engine.progress();
            engine.checkAbort();
            final long now = arrivals.get();
            if (now != seen)
            {
                seen = now;
                work++;
            }
            wait.backoff.idle(work, wait);
        }
    }

    /** A local rank's wait: its back-off, and what a park re-checks (without allocating per wait). */
    private final class Wait implements WakeCondition
    {
        final Engine engine;
        final Backoff backoff;
        AtomicLong counter;
        long target;

        Wait(final Engine engine, final WaitPolicy policy)
        {
            this.engine = engine;
            this.backoff = engine.newBackoff(policy);
        }

        @Override
        public boolean ready()
        {
            return (counter == null ? released : counter.get()) >= target || engine.progress() > 0;
        }
    }
}
