package io.colompi.core.rma;

import io.colompi.core.coll.Collectives;
import io.colompi.core.comm.Agreement;
import io.colompi.core.comm.Communicator;
import io.colompi.core.comm.Communicators;
import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.JobContext;
import io.colompi.core.job.MpiError;
import io.colompi.core.op.ReduceOp;
import io.colompi.core.pt2pt.Engine;
import io.colompi.core.pt2pt.Peers;
import io.colompi.core.pt2pt.RecvRequest;
import io.colompi.core.pt2pt.Request;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.Memory;
import io.colompi.core.type.Transfer;
import io.colompi.core.type.TypeMap;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One rank's part of an RMA window ({@code MPI_WIN_CREATE} over a buffer): its memory, the operations this rank
 * starts on the others' memory and the synchronizations that end them, and the {@link Target} that applies the
 * others' operations to its own.
 * <p>
 * Everything travels as point-to-point messages on the window's own communicator. An operation or synchronization is a
 * header ({@link Header}) on {@link #TAG_HEADER}; a target layout that is not dense follows on {@link #TAG_LAYOUT}; a
 * put's or accumulate's data on {@link #TAG_DATA}, straight from the origin's buffer; whatever the target sends back
 * (a get's data, straight from the window, a lock's grant, an unlock's acknowledgement, a post) on {@link #TAG_REPLY}.
 * Between two ranks messages of one tag match in the order they were sent, so the target handles an origin's headers
 * in order and the origin posts its receives of replies in the order they will come.
 * <p>
 * The target side ({@link Target}) applies them whenever this rank polls, in any MPI call, one header at a time.
 * <p>
 * Synchronization: a fence sends every rank a fence header and waits for one from every rank, all of its own
 * operations' replies and sends, and the replies this rank sent as a target; a lock waits for the target's grant
 * (exclusive: alone; shared: with other shared holders; granted in the order asked), an unlock for the target's
 * acknowledgement, which it sends once the origin's operations before it are applied and its replies sent; post,
 * start, complete and wait do the same for groups (a post to each origin, a complete to each target).
 */
public final class Window
{
    static final int TAG_HEADER = 1;
    static final int TAG_LAYOUT = 2;
    static final int TAG_DATA = 3;
    static final int TAG_REPLY = 4;
    /** {@code lock}'s types, as MPI numbers them. */
    public static final int LOCK_EXCLUSIVE = 1;
    public static final int LOCK_SHARED = 2;

    private static final TypeMap INT = TypeMap.dense(BaseType.INT);
    /** The targets of the windows of this JVM's ranks, by the window's context and the rank's world rank. */
    private static final JobContext.Shared<ConcurrentHashMap<Long, Target>> TARGETS_HERE = new JobContext.Shared<>(
        "one-sided windows of this JVM", job -> new ConcurrentHashMap<>());

    private final Communicator comm;
    private final Engine engine;
    private final ConcurrentHashMap<Long, Target> targetsHere;
    /** Every rank's window size and displacement unit in bytes, and its memory's base type, by rank. */
    private final int[] sizeBytes;
    private final int[] dispUnitBytes;
    private final int[] memoryBases;

    private final Target target;
    /** Whether every rank of the window lives in this JVM: then every operation goes straight to its target. */
    private final boolean allHere;
    /** This rank's sends and receives of operations not yet complete. */
    private final List<Request> started = new ArrayList<>();
    private int fences;
    /** Whether this rank has fenced: from its first fence on, it is in an access epoch to every rank. */
    private boolean fenced;
    /** The ranks this rank holds a lock on (an access epoch to each). */
    private final boolean[] locked;
    private int posts;
    private int[] exposedTo;
    private int[] accessing;
    private boolean freed;

    private Window(final Communicator comm, final Object memory, final long windowBytes)
    {
        this.comm = comm;
        this.engine = comm.engine();
        final int n = comm.size();
        this.sizeBytes = new int[n];
        this.dispUnitBytes = new int[n];
        this.memoryBases = new int[n];
        this.locked = new boolean[n];
        this.target = new Target(comm, memory, windowBytes);
        this.targetsHere = engine.job().shared(TARGETS_HERE);
        boolean everyRankHere = true;
        for (int r = 0; r < n; r++)
        {
            everyRankHere &= engine.localPeer(comm.worldRankOf(r)) != null;
        }
        this.allHere = everyRankHere;
        targetsHere.put(key(comm.worldRankOf(comm.rank())), target);
        engine.addActivity(target);
    }

    /** Learn every rank's window: once it returns, every rank's target is registered too. */
    private Window exchange(final int sizeBytes, final int dispUnitBytes, final BaseType base)
    {
        final int[] all = Agreement.allgather(comm, new int[]{ sizeBytes, dispUnitBytes, base.ordinal() });
        for (int r = 0; r < comm.size(); r++)
        {
            this.sizeBytes[r] = all[3 * r];
            this.dispUnitBytes[r] = all[3 * r + 1];
            this.memoryBases[r] = all[3 * r + 2];
        }
        return this;
    }

    private long key(final int worldRank)
    {
        return (long)comm.context() << 32 | worldRank;
    }

    /** Rank {@code rank}'s target when it lives in this JVM, applied to directly; null when messages must go. */
    private Target here(final int rank)
    {
        final int world = comm.worldRankOf(rank);
        return engine.localPeer(world) == null ? null : targetsHere.get(key(world));
    }

    /**
     * {@code MPI_WIN_CREATE}: every rank of {@code parent} exposes {@code sizeElements} elements of {@code memory} (a
     * java.nio buffer or an array), displacements counted in units of {@code dispUnitElements} elements. Collective;
     * the window talks on a communicator of its own. A window said to be larger than its memory exposes the memory
     * alone (C MPI would let accesses run past it; here they are ERR_RMA_RANGE at the origin).
     */
    public static Window create(final Communicator parent, final Object memory, final int sizeElements,
        final int dispUnitElements)
    {
        // a rank may expose nothing: no memory (null) for a window of 0 elements, which MPI allows
        final BaseType base = memory == null && sizeElements <= 0 ? BaseType.BYTE : baseOf(memory);
        final int elements = memory == null ? 0 : Memory.elements(memory, base);
        if (sizeElements < 0 || dispUnitElements <= 0)
        {
            throw new MpiError(ErrorClass.SIZE, "a window of " + sizeElements + " elements in units of " +
                dispUnitElements + " over a buffer of " + elements + " elements");
        }
        final int exposed = Math.min(sizeElements, elements);
        final Communicator comm = Communicators.dup(parent);
        final int scale = base.byteSize();
        return new Window(comm, memory, (long)exposed * scale).exchange(exposed * scale, dispUnitElements * scale,
            base);
    }

    private static BaseType baseOf(final Object memory)
    {
        for (final BaseType base : BaseType.values())
        {
            if (base != BaseType.OBJECT && base != BaseType.PACKED && Memory.fits(base, memory) &&
                (memory instanceof java.nio.ByteBuffer) == (base == BaseType.BYTE))
            {
                return base;
            }
        }
        throw new MpiError(ErrorClass.BUFFER, "a window needs a java.nio buffer or an array of a primitive type");
    }

    /** The context of the window's own communicator. */
    public int context()
    {
        return comm.context();
    }

    /** The window's ranks, as world ranks. */
    public int[] group()
    {
        return comm.group();
    }

    // ---------------------------------------------------------------- operations

    /**
     * {@code MPI_PUT}: {@code count} items of {@code type} from {@code origin} into the target's window; returns the
     * send of the data, complete once {@code origin} may be reused ({@code MPI_RPUT}'s request).
     */
    public Request put(final Object origin, final int count, final TypeMap type, final int target, final int disp,
        final int targetCount, final TypeMap targetType)
    {
        if (toNobody(target))
        {
            return null;
        }
        final int offset = check(origin, count, type, target, disp, targetCount, targetType);
        final Target here = here(target);
        if (here != null)
        {
            here.write(origin, type, offset, targetType, count * type.size());
            return null;
        }
        send(Header.PUT, target, offset, targetCount, targetType, 0);
        return track(comm.isend(origin, 0, count, type, target, TAG_DATA));
    }

    /**
     * {@code MPI_GET}: the target window's items into {@code origin}, there once the epoch ends; returns the receive,
     * complete once they are there ({@code MPI_RGET}'s request).
     */
    public Request get(final Object origin, final int count, final TypeMap type, final int target, final int disp,
        final int targetCount, final TypeMap targetType)
    {
        if (toNobody(target))
        {
            return null;
        }
        checkWritable(origin);
        final int offset = check(origin, count, type, target, disp, targetCount, targetType);
        final Target here = here(target);
        if (here != null)
        {
            here.read(offset, targetType, origin, type, count * type.size());
            return null;
        }
        final Request received = track(comm.irecv(origin, 0, count, type, target, TAG_REPLY));
        send(Header.GET, target, offset, targetCount, targetType, 0);
        return received;
    }

    /** {@code MPI_ACCUMULATE}: the target's items become {@code origin's op target's}, each operation whole. */
    public Request accumulate(final Object origin, final int count, final TypeMap type, final int target,
        final int disp, final int targetCount, final TypeMap targetType, final ReduceOp op)
    {
        if (toNobody(target))
        {
            return null;
        }
        final int code = AccumulateOps.code(op);
        if (!AccumulateOps.movesOnly(op))
        {
            op.check(type);
        }
        final int offset = check(origin, count, type, target, disp, targetCount, targetType);
        final Target here = here(target);
        if (here != null)
        {
            here.combine(Header.ACCUMULATE, code, operand(origin, type, count * type.size()), offset, targetType,
                count * type.size(), null, null);
            return null;
        }
        send(Header.ACCUMULATE, target, offset, targetCount, targetType, code);
        return track(comm.isend(origin, 0, count, type, target, TAG_DATA));
    }

    /**
     * {@code MPI_GET_ACCUMULATE}: the target's items as they were into {@code result}, and they become {@code origin}'s
     * {@code op} theirs, the two at once as far as other accumulates see; with {@code NO_OP} an atomic get (the origin
     * ignored), with {@code REPLACE} a swap. Returns the receive of the result.
     */
    public Request getAccumulate(final Object origin, final int count, final TypeMap type, final Object result,
        final int resultCount, final TypeMap resultType, final int target, final int disp, final int targetCount,
        final TypeMap targetType, final ReduceOp op)
    {
        if (toNobody(target))
        {
            return null;
        }
        final int code = AccumulateOps.code(op);
        checkWritable(result);
        final int offset = check(result, resultCount, resultType, target, disp, targetCount, targetType);
        if (op != AccumulateOps.NO_OP)
        {
            if (op != AccumulateOps.REPLACE)
            {
                op.check(type);
            }
            check(origin, count, type, target, disp, targetCount, targetType);
        }
        final Target here = here(target);
        if (here != null)
        {
            final int elements = resultCount * resultType.size();
            here.combine(Header.GET_ACCUMULATE, code, op == AccumulateOps.NO_OP ? null :
                operand(origin, type, elements), offset, targetType, elements, result, resultType);
            return null;
        }
        final Request received = track(comm.irecv(result, 0, resultCount, resultType, target, TAG_REPLY));
        send(Header.GET_ACCUMULATE, target, offset, targetCount, targetType, code);
        if (op != AccumulateOps.NO_OP)
        {
            track(comm.isend(origin, 0, count, type, target, TAG_DATA));
        }
        return received;
    }

    /**
     * {@code MPI_COMPARE_AND_SWAP}: one element of {@code type} (a predefined type) at the target into {@code result};
     * if it equals {@code compare}'s, bit for bit, it becomes {@code origin}'s, at once as other accumulates see.
     */
    public void compareAndSwap(final Object origin, final Object compare, final Object result, final TypeMap type,
        final int target, final int disp)
    {
        if (toNobody(target))
        {
            return;
        }
        checkWritable(result);
        if (type.size() != 1)
        {
            throw new MpiError(ErrorClass.TYPE, "compare-and-swap takes one element of a predefined type, not " + type);
        }
        final int offset = check(origin, 1, type, target, disp, 1, type);
        check(compare, 1, type, target, disp, 1, type);
        check(result, 1, type, target, disp, 1, type);
        final BaseType base = type.base();
        final TypeMap dense = TypeMap.dense(base);
        final Object pair = base.newArray(2);
        Transfer.copy(origin, 0, type, pair, 0, dense, 1);
        Transfer.copy(compare, 0, type, pair, 1, dense, 1);
        final Target here = here(target);
        if (here != null)
        {
            here.combine(Header.COMPARE_AND_SWAP, 0, pair, offset, type, 1, result, type);
            return;
        }
        track(comm.irecv(result, 0, 1, type, target, TAG_REPLY));
        send(Header.COMPARE_AND_SWAP, target, offset, 1, type, 0);
        track(comm.isend(pair, 0, 2, dense, target, TAG_DATA));
    }

    private synchronized Request track(final Request request)
    {
        started.add(request);
        return request;
    }

    /** {@code elements} elements of {@code type} from {@code origin}, as a dense array of their base type. */
    private static Object operand(final Object origin, final TypeMap type, final int elements)
    {
        final Object operand = type.base().newArray(elements);
        Transfer.copy(origin, 0, type, operand, 0, TypeMap.dense(type.base()), elements);
        return operand;
    }

    /** Whether an operation goes to {@code MPI_PROC_NULL}: then it does nothing and is complete, as MPI says. */
    private boolean toNobody(final int target)
    {
        live();
        return target == Peers.PROC_NULL;
    }

    /** Check one operation's arguments against the target's window; its first element there, in elements. */
    private int check(final Object origin, final int count, final TypeMap type, final int target, final int disp,
        final int targetCount, final TypeMap targetType)
    {
        live();
        if (target < 0 || target >= comm.size())
        {
            throw new MpiError(ErrorClass.RANK, "target rank " + target + " is not in the window's group of " +
                comm.size());
        }
        if (!fenced && !locked[target] && !accesses(target))
        {
            throw new MpiError(ErrorClass.RMA_SYNC, "no access epoch to rank " + target +
                ": fence, lock or start first");
        }
        if (count < 0 || targetCount < 0)
        {
            throw new MpiError(ErrorClass.COUNT, "counts must not be negative: " + count + " and " + targetCount);
        }
        final BaseType base = type.base();
        if (base == null || base == BaseType.OBJECT || base != targetType.base())
        {
            throw new MpiError(ErrorClass.TYPE, "origin and target types must be built from one primitive type, " +
                "got " + type + " and " + targetType);
        }
        if ((long)count * type.size() != (long)targetCount * targetType.size())
        {
            throw new MpiError(ErrorClass.TYPE, count + " items of " + type + " do not match " + targetCount +
                " items of " + targetType + " at the target");
        }
        final BaseType targetMemory = BaseType.values()[memoryBases[target]];
        if (targetMemory != BaseType.BYTE && targetMemory != base)
        {
            throw new MpiError(ErrorClass.TYPE, "rank " + target + "'s window holds " + targetMemory +
                " elements, not " + base);
        }
        final long byteOffset = (long)disp * dispUnitBytes[target];
        if (disp < 0 || byteOffset % base.byteSize() != 0)
        {
            throw new MpiError(ErrorClass.DISP, "displacement " + disp + " is " + byteOffset +
                " bytes into rank " + target + "'s window: not a whole number of " + base + " elements");
        }
        final long endBytes = targetCount == 0 ? byteOffset :
            byteOffset + ((long)(targetCount - 1) * targetType.extent() + targetType.trueUb()) * base.byteSize();
        if (targetType.trueLb() < 0 || endBytes > sizeBytes[target])
        {
            throw new MpiError(ErrorClass.RMA_RANGE, targetCount + " items of " + targetType + " at displacement " +
                disp + " reach past rank " + target + "'s window of " + sizeBytes[target] + " bytes");
        }
        Memory.checkBuffer(base, origin, count, false);
        Transfer.checkRange(origin, 0, type, count);
        return (int)(byteOffset / base.byteSize());
    }

    private void send(final int kind, final int target, final int offset, final int targetCount,
        final TypeMap targetType, final int op)
    {
        final BaseType base = targetType.base();
        final int[] blocks = Header.layout(targetType, targetCount);
        final int[] message = Header.of(kind, offset, base.ordinal(), targetCount * targetType.size(), op,
            blocks == null ? 0 : blocks.length / 2, 0);
        track(comm.isend(message, 0, Header.INTS, INT, target, TAG_HEADER));
        if (blocks != null)
        {
            track(comm.isend(blocks, 0, blocks.length, INT, target, TAG_LAYOUT));
        }
    }

    private void control(final int kind, final int target, final int lockType)
    {
        final int[] message = Header.of(kind, 0, 0, 0, 0, 0, lockType);
        track(comm.isend(message, 0, Header.INTS, INT, target, TAG_HEADER));
    }

    // ---------------------------------------------------------------- synchronization

    /** {@code MPI_WIN_FENCE}: ends the epoch on every rank; collective. */
    public void fence()
    {
        live();
        fenced = true;
        if (allHere)
        {
            // every operation went straight to its target: once every rank is here, all are complete
            Collectives.barrier(comm);
            return;
        }
        fences++;
        for (int r = 0; r < comm.size(); r++)
        {
            control(Header.FENCE, r, 0);
        }
        final int epoch = fences;
        engine.await(() -> target.fenced(epoch) && done());
    }

    /** {@code MPI_WIN_LOCK}: returns once {@code target} has granted the lock. */
    public void lock(final int lockType, final int target)
    {
        live();
        if (lockType != LOCK_EXCLUSIVE && lockType != LOCK_SHARED)
        {
            throw new MpiError(ErrorClass.LOCKTYPE, "lock type " + lockType + " is neither LOCK_EXCLUSIVE nor " +
                "LOCK_SHARED");
        }
        checkRank(target);
        if (locked[target])
        {
            throw new MpiError(ErrorClass.RMA_SYNC, "rank " + target + " is already locked by this rank");
        }
        final Target here = here(target);
        if (here != null)
        {
            final int me = comm.rank();
            here.lockHere(me, lockType);
            engine.await(() -> here.holds(me));
        }
        else
        {
            final RecvRequest grant = comm.irecv(new int[1], 0, 1, INT, target, TAG_REPLY);
            control(Header.LOCK, target, lockType);
            engine.await(grant);
        }
        locked[target] = true;
    }

    /** {@code MPI_WIN_UNLOCK}: returns once this rank's operations on {@code target} are complete there. */
    public void unlock(final int target)
    {
        live();
        checkRank(target);
        if (!locked[target])
        {
            throw new MpiError(ErrorClass.RMA_SYNC, "unlock of rank " + target + ", which this rank has not locked");
        }
        locked[target] = false;
        final Target here = here(target);
        if (here != null)
        {
            here.unlockHere(comm.rank());
            return;
        }
        acknowledged(Header.UNLOCK, target);
    }

    /** {@code MPI_WIN_FLUSH}: this rank's operations on {@code target} complete there; the lock stays. */
    public void flush(final int target)
    {
        live();
        checkRank(target);
        if (here(target) == null)
        {
            acknowledged(Header.FLUSH, target);
        }
    }

    private void acknowledged(final int kind, final int target)
    {
        live();
        checkRank(target);
        final RecvRequest acknowledged = comm.irecv(new int[1], 0, 1, INT, target, TAG_REPLY);
        control(kind, target, 0);
        engine.await(() -> acknowledged.isComplete() && done());
    }

    /** This window's group size. */
    public int size()
    {
        return comm.size();
    }

    /** {@code MPI_WIN_POST}: exposes this rank's window to {@code origins} (ranks of the window). */
    public void post(final int[] origins)
    {
        live();
        for (final int origin : origins)
        {
            checkRank(origin);
        }
        exposedTo = origins.clone();
        posts++;
        for (final int origin : origins)
        {
            target.replied(comm.isend(new int[1], 0, 1, INT, origin, TAG_REPLY));
        }
    }

    /** {@code MPI_WIN_START}: waits until each of {@code targets} has posted. */
    public void start(final int[] targets)
    {
        live();
        final List<Request> posted = new ArrayList<>(targets.length);
        for (final int target : targets)
        {
            checkRank(target);
            posted.add(comm.irecv(new int[1], 0, 1, INT, target, TAG_REPLY));
        }
        accessing = targets.clone();
        engine.await(() -> allComplete(posted));
    }

    /** {@code MPI_WIN_COMPLETE}: ends the access epoch of {@link #start}. */
    public void complete()
    {
        live();
        if (accessing == null)
        {
            throw new MpiError(ErrorClass.RMA_SYNC, "complete without start");
        }
        for (final int target : accessing)
        {
            control(Header.COMPLETE, target, 0);
        }
        accessing = null;
        engine.await(this::done);
    }

    /** {@code MPI_WIN_WAIT}: ends the exposure epoch of {@link #post} once every origin has completed. */
    public void waitForOrigins()
    {
        live();
        if (exposedTo == null)
        {
            throw new MpiError(ErrorClass.RMA_SYNC, "wait without post");
        }
        engine.await(this::originsCompleted);
        exposedTo = null;
    }

    /** {@code MPI_WIN_TEST}: whether {@link #waitForOrigins} would return now (and then it has ended the epoch). */
    public boolean testOrigins()
    {
        live();
        if (exposedTo == null)
        {
            throw new MpiError(ErrorClass.RMA_SYNC, "test without post");
        }
        engine.progress();
        if (!originsCompleted())
        {
            return false;
        }
        exposedTo = null;
        return true;
    }

    private boolean originsCompleted()
    {
        return target.completed(exposedTo, posts);
    }

    /** {@code MPI_WIN_FREE}: collective; the window must not be in an epoch. */
    public void free()
    {
        live();
        engine.await(this::done);
        Collectives.barrier(comm);
        engine.removeActivity(target);
        target.close();
        targetsHere.remove(key(comm.worldRankOf(comm.rank())));
        freed = true;
        Collectives.free(comm);
    }

    /** Whether this rank's own operations and sends are all complete. */
    private boolean done()
    {
        synchronized (this)
        {
            return allComplete(started);
        }
    }

    private static boolean allComplete(final List<Request> requests)
    {
        requests.removeIf(Request::isComplete);
        return requests.isEmpty();
    }

    private void live()
    {
        if (freed)
        {
            throw new MpiError(ErrorClass.WIN, "the window was freed");
        }
    }

    /** Whether {@code target} is among the ranks of this rank's {@link #start} epoch. */
    private boolean accesses(final int target)
    {
        if (accessing != null)
        {
            for (final int rank : accessing)
            {
                if (rank == target)
                {
                    return true;
                }
            }
        }
        return false;
    }

    private void checkRank(final int rank)
    {
        if (rank < 0 || rank >= comm.size())
        {
            throw new MpiError(ErrorClass.RANK, "rank " + rank + " is not in the window's group of " + comm.size());
        }
    }

    private static void checkWritable(final Object origin)
    {
        if (Memory.isReadOnly(origin))
        {
            throw new MpiError(ErrorClass.BUFFER, "a read-only buffer cannot receive a get");
        }
    }
}
