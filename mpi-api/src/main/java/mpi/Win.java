package mpi;

import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;
import io.colompi.core.pt2pt.Engine;
import io.colompi.core.rma.Window;

import java.nio.Buffer;
import java.util.function.Supplier;

/**
 * Open MPI's one-sided window ({@code MPI_Win}) over a buffer: {@code put}, {@code get}, {@code accumulate},
 * {@code getAccumulate}, {@code fetchAndOp}, {@code compareAndSwap} and their request forms, closed by
 * {@code fence}, by {@code post}/{@code start}/{@code complete}/{@code waitFor}, or by {@code lock}/{@code unlock}
 * and {@code flush}. Sizes and displacement units are in elements of the window's
 * buffer, displacements in units. Operations travel as messages that the target applies whenever it is in an MPI
 * call, any call, as MPI allows. Dynamic windows ({@code Win(Info, Comm)}, {@code attach}, {@code detach}) throw an
 * {@link MPIException} naming themselves (README, "Not yet").
 */
public final class Win
{
    final Window core;
    final Engine engine;
    private final Buffer base;
    private final int sizeBytes;
    private final int dispUnitBytes;
    /** The info {@code no_locks=true}: the program said it never locks the window, so a lock is an error. */
    private final boolean noLocks;
    private final java.util.Map<Integer, Object> attributes = new java.util.HashMap<>();
    private String name = "";

    /**
     * {@code MPI_WIN_CREATE}: collective over {@code comm}. Of {@code info}, {@code no_locks=true} makes {@code lock}
     * and {@code lockAll} errors (ERR_RMA_SYNC); colompi takes no other hint.
     */
    public Win(final Buffer base, final int size, final int dispUnit, final Info info, final Comm comm)
    {
        this.engine = comm.engine;
        this.noLocks = info != null && !info.isNull() && "true".equalsIgnoreCase(info.get("no_locks"));
        final int elementBytes = base == null ? 1 : io.colompi.core.type.Memory.elementBytes(base);
        this.base = base;
        this.sizeBytes = size * elementBytes;
        this.dispUnitBytes = dispUnit * elementBytes;
        try
        {
            this.core = Window.create(comm.live("Win"), base, size, dispUnit);
        }
        catch (final MpiError e)
        {
            throw MPI.raise(e, "Win");
        }
    }

    /** {@link #Win(int, int, Info, Comm, Buffer, int)}: {@code MPI_WIN_ALLOCATE}. */
    public static final int FLAVOR_PRIVATE = 0;
    /** {@link #Win(int, int, Info, Comm, Buffer, int)}: {@code MPI_WIN_ALLOCATE_SHARED}. */
    public static final int FLAVOR_SHARED = 1;

    /**
     * {@code MPI_WIN_ALLOCATE} ({@link #FLAVOR_PRIVATE}) and {@code MPI_WIN_ALLOCATE_SHARED} ({@link #FLAVOR_SHARED}):
     * a window over {@code size} new elements of {@code base}'s type, a direct buffer in native byte order that
     * {@link #getAttr getAttr(MPI.WIN_BASE)} returns (Java cannot hand the memory back through {@code base}, which
     * only gives the type). Both flavors make the same window: one a target in its JVM reads and writes in place.
     */
    public Win(final int size, final int dispUnit, final Info info, final Comm comm, final Buffer base,
        final int flavor)
    {
        this(allocate(size, base, flavor), size, dispUnit, info, comm);
    }

    private static Buffer allocate(final int size, final Buffer base, final int flavor)
    {
        if (flavor != FLAVOR_PRIVATE && flavor != FLAVOR_SHARED)
        {
            throw MPI.raise(new MpiError(ErrorClass.ARG, "flavor " + flavor +
                " is neither Win.FLAVOR_PRIVATE nor Win.FLAVOR_SHARED"), "Win");
        }
        if (size < 0)
        {
            throw MPI.raise(new MpiError(ErrorClass.SIZE, "a window of " + size + " elements"), "Win");
        }
        if (base instanceof java.nio.CharBuffer)
        {
            return MPI.newCharBuffer(size);
        }
        if (base instanceof java.nio.ShortBuffer)
        {
            return MPI.newShortBuffer(size);
        }
        if (base instanceof java.nio.IntBuffer)
        {
            return MPI.newIntBuffer(size);
        }
        if (base instanceof java.nio.LongBuffer)
        {
            return MPI.newLongBuffer(size);
        }
        if (base instanceof java.nio.FloatBuffer)
        {
            return MPI.newFloatBuffer(size);
        }
        if (base instanceof java.nio.DoubleBuffer)
        {
            return MPI.newDoubleBuffer(size);
        }
        return MPI.newByteBuffer(size);
    }

    /** {@code MPI_WIN_CREATE_DYNAMIC}: not yet. */
    public Win(final Info info, final Comm comm)
    {
        throw NotYet.raise("Win", "dynamic windows");
    }

    /** The group of processes that share the window. */
    public Group getGroup()
    {
        return new Group(call(core::group, "Win.getGroup"), engine.worldRank());
    }

    public void put(final Buffer origin, final int orgCount, final Datatype orgType, final int targetRank,
        final int targetDisp, final int targetCount, final Datatype targetType)
    {
        call(() -> core.put(origin, orgCount, Datatype.data(orgType), targetRank, targetDisp, targetCount,
            Datatype.data(targetType)),
            "Win.put");
    }

    public void get(final Buffer origin, final int orgCount, final Datatype orgType, final int targetRank,
        final int targetDisp, final int targetCount, final Datatype targetType)
    {
        call(() -> core.get(origin, orgCount, Datatype.data(orgType), targetRank, targetDisp, targetCount,
            Datatype.data(targetType)),
            "Win.get");
    }

    public void accumulate(final Buffer origin, final int orgCount, final Datatype orgType, final int targetRank,
        final int targetDisp, final int targetCount, final Datatype targetType, final Op op)
    {
        call(() -> core.accumulate(origin, orgCount, Datatype.data(orgType), targetRank, targetDisp, targetCount,
            Datatype.data(targetType), Op.live(op, "Win.accumulate", targetType)), "Win.accumulate");
    }

    /** {@link #put}, with a request that completes once {@code origin} may be reused. */
    public Request rPut(final Buffer origin, final int orgCount, final Datatype orgType, final int targetRank,
        final int targetDisp, final int targetCount, final Datatype targetType)
    {
        return request(call(() -> core.put(origin, orgCount, Datatype.data(orgType), targetRank, targetDisp,
            targetCount, Datatype.data(targetType)), "Win.rPut"));
    }

    /** {@link #get}, with a request that completes once the data is in {@code origin}. */
    public Request rGet(final Buffer origin, final int orgCount, final Datatype orgType, final int targetRank,
        final int targetDisp, final int targetCount, final Datatype targetType)
    {
        return request(call(() -> core.get(origin, orgCount, Datatype.data(orgType), targetRank, targetDisp,
            targetCount, Datatype.data(targetType)), "Win.rGet"));
    }

    /** {@link #accumulate}, with a request that completes once {@code origin} may be reused. */
    public Request rAccumulate(final Buffer origin, final int orgCount, final Datatype orgType, final int targetRank,
        final int targetDisp, final int targetCount, final Datatype targetType, final Op op)
    {
        return request(call(() -> core.accumulate(origin, orgCount, Datatype.data(orgType), targetRank,
            targetDisp, targetCount, Datatype.data(targetType), Op.live(op, "Win.rAccumulate", targetType)),
            "Win.rAccumulate"));
    }

    /** Ends an epoch on every rank of the window (collective); {@code assertion} is ignored. */
    public void fence(final int assertion)
    {
        run(core::fence, "Win.fence");
    }

    /** Starts an access epoch to the ranks of {@code group}, once each has posted; {@code assertion} is ignored. */
    public void start(final Group group, final int assertion)
    {
        final int[] targets = ranksOf(group, "Win.start");
        run(() -> core.start(targets), "Win.start");
    }

    public void complete()
    {
        run(core::complete, "Win.complete");
    }

    /** Starts an exposure epoch to the ranks of {@code group}; {@code assertion} is ignored. */
    public void post(final Group group, final int assertion)
    {
        final int[] origins = ranksOf(group, "Win.post");
        run(() -> core.post(origins), "Win.post");
    }

    /** Ends the exposure epoch once every origin of the {@link #post} has called {@link #complete}. */
    public void waitFor()
    {
        run(core::waitForOrigins, "Win.waitFor");
    }

    /** Whether {@link #waitFor} would return now; if so the exposure epoch has ended. */
    public boolean test()
    {
        return call(core::testOrigins, "Win.test");
    }

    /** {@code MPI.LOCK_EXCLUSIVE} or {@code MPI.LOCK_SHARED}; returns once granted; {@code assertion} is ignored. */
    public void lock(final int lockType, final int rank, final int assertion)
    {
        locksAllowed("Win.lock");
        run(() -> core.lock(lockType, rank), "Win.lock");
    }

    private void locksAllowed(final String call)
    {
        if (noLocks)
        {
            throw MPI.raise(new MpiError(ErrorClass.RMA_SYNC, "the window was made with the info no_locks=true"),
                call);
        }
    }

    /** Returns once this rank's operations on {@code rank} are complete there, and releases its lock. */
    public void unlock(final int rank)
    {
        run(() -> core.unlock(rank), "Win.unlock");
    }

    /** A shared lock on every rank of the window. */
    public void lockAll(final int assertion)
    {
        locksAllowed("Win.lockAll");
        run(() ->
        {
            for (int rank = 0; rank < core.size(); rank++)
            {
                core.lock(Window.LOCK_SHARED, rank);
            }
        }, "Win.lockAll");
    }

    public void unlockAll()
    {
        run(() ->
        {
            for (int rank = 0; rank < core.size(); rank++)
            {
                core.unlock(rank);
            }
        }, "Win.unlockAll");
    }

    /** Returns once this rank's operations on {@code rank} are complete there; the lock stays. */
    public void flush(final int rank)
    {
        run(() -> core.flush(rank), "Win.flush");
    }

    public void flushAll()
    {
        run(() ->
        {
            for (int rank = 0; rank < core.size(); rank++)
            {
                core.flush(rank);
            }
        }, "Win.flushAll");
    }

    /** As {@link #flush}: colompi completes an operation at the target to complete it here. */
    public void flushLocal(final int rank)
    {
        flush(rank);
    }

    public void flushLocalAll()
    {
        flushAll();
    }

    /** The window's memory and this rank's view of it agree: a full fence between this thread's accesses. */
    public void sync()
    {
        MPI.started("Win.sync");
        java.lang.invoke.VarHandle.fullFence();
    }

    public void setName(final String name)
    {
        MPI.started("Win.setName");
        this.name = name;
    }

    public String getName()
    {
        MPI.started("Win.getName");
        return name;
    }

    /** Colompi has one error handler per rank, for all its communicators and windows. */
    public void setErrhandler(final Errhandler errhandler)
    {
        MPI.Errorhandler_set(errhandler);
    }

    public Errhandler getErrhandler()
    {
        return MPI.Errorhandler_get();
    }

    /** Collective: every rank of the window frees it, outside any epoch. */
    public void free()
    {
        run(core::free, "Win.free");
    }

    /** {@code MPI_WIN_ATTACH}: not yet (dynamic windows). */
    public void attach(final Buffer base, final int size)
    {
        throw NotYet.raise("Win.attach", "dynamic windows");
    }

    /** {@code MPI_WIN_DETACH}: not yet (dynamic windows). */
    public void detach(final Buffer base)
    {
        throw NotYet.raise("Win.detach", "dynamic windows");
    }

    /**
     * The target's items as they were into {@code resultAddr}, and they become {@code origin}'s {@code op} theirs, the
     * two at once as other accumulates see ({@code MPI.NO_OP}: an atomic get; {@code MPI.REPLACE}: a swap).
     */
    public void getAccumulate(final Buffer origin, final int orgCount, final Datatype orgType, final Buffer resultAddr,
        final int resultCount, final Datatype resultType, final int targetRank, final int targetDisp,
        final int targetCount, final Datatype targetType, final Op op)
    {
        call(() -> core.getAccumulate(origin, orgCount, Datatype.data(orgType), resultAddr, resultCount,
            Datatype.data(resultType), targetRank, targetDisp, targetCount, Datatype.data(targetType),
            Op.live(op, "Win.getAccumulate", targetType)), "Win.getAccumulate");
    }

    /** {@link #getAccumulate}, with a request that completes once the result is in {@code resultAddr}. */
    public Request rGetAccumulate(final Buffer origin, final int orgCount, final Datatype orgType,
        final Buffer resultAddr, final int resultCount, final Datatype resultType, final int targetRank,
        final int targetDisp, final int targetCount, final Datatype targetType, final Op op)
    {
        return request(call(() -> core.getAccumulate(origin, orgCount, Datatype.data(orgType), resultAddr,
            resultCount, Datatype.data(resultType), targetRank, targetDisp, targetCount, Datatype.data(targetType),
            Op.live(op, "Win.rGetAccumulate", targetType)), "Win.rGetAccumulate"));
    }

    /** {@link #getAccumulate} of one element of {@code dataType}. */
    public void fetchAndOp(final Buffer origin, final Buffer resultAddr, final Datatype dataType, final int targetRank,
        final int targetDisp, final Op op)
    {
        call(() -> core.getAccumulate(origin, 1, Datatype.data(dataType), resultAddr, 1, Datatype.data(dataType),
            targetRank, targetDisp, 1, Datatype.data(dataType), Op.live(op, "Win.fetchAndOp", dataType)),
            "Win.fetchAndOp");
    }

    /**
     * The target's element of {@code targetType} (a predefined type) into {@code resultAddr}; if it equals
     * {@code compareAddr}'s, bit for bit, it becomes {@code origin}'s.
     */
    public void compareAndSwap(final Buffer origin, final Buffer compareAddr, final Buffer resultAddr,
        final Datatype targetType, final int targetRank, final int targetDisp)
    {
        run(() -> core.compareAndSwap(origin, compareAddr, resultAddr, Datatype.data(targetType), targetRank,
            targetDisp), "Win.compareAndSwap");
    }

    /** Invoke the rank's error handler on {@code errorCode}: ERRORS_RETURN returns, ERRORS_ARE_FATAL ends the job. */
    public void callErrhandler(final int errorCode)
    {
        MPI.callErrhandler(errorCode, "Win.callErrhandler");
    }

    /** Colompi takes no window hints: an empty {@link Info}. */
    public Info getInfo()
    {
        MPI.started("Win.getInfo");
        return new Info();
    }

    /** Hints are ignored, as MPI allows. */
    public void setInfo(final Info info)
    {
        MPI.started("Win.setInfo");
    }

    /** Keys are shared with communicators' ({@link Comm#createKeyval}). */
    public static int createKeyval()
    {
        return Comm.createKeyval();
    }

    public static void freeKeyval(final int keyval)
    {
        Comm.freeKeyval(keyval);
    }

    public void setAttr(final int keyval, final Object value)
    {
        MPI.started("Win.setAttr");
        if (!attributes.containsKey(keyval))
        {
            Attributes.check(keyval, "Win.setAttr");
        }
        attributes.put(keyval, value);
    }

    /**
     * The value set for {@code keyval}, or null; the predefined {@link MPI#WIN_BASE} (the buffer), {@link MPI#WIN_SIZE}
     * and {@link MPI#WIN_DISP_UNIT} (in bytes, as MPI counts them).
     */
    public Object getAttr(final int keyval)
    {
        MPI.started("Win.getAttr");
        switch (keyval)
        {
            case MPI.WIN_BASE:
                return base;
            case MPI.WIN_SIZE:
                return sizeBytes;
            case MPI.WIN_DISP_UNIT:
                return dispUnitBytes;
            default:
                if (!attributes.containsKey(keyval))
                {
                    Attributes.check(keyval, "Win.getAttr");
                }
                return attributes.get(keyval);
        }
    }

    public void deleteAttr(final int keyval)
    {
        MPI.started("Win.deleteAttr");
        if (!attributes.containsKey(keyval))
        {
            Attributes.check(keyval, "Win.deleteAttr");
        }
        attributes.remove(keyval);
    }

    /** The request of an operation; one that went straight to a target in this JVM is complete already (null). */
    Request request(final io.colompi.core.pt2pt.Request operation)
    {
        return operation == null ? new Request(engine, new Status()) : new Request(engine, operation, 0);
    }

    /** The ranks in this window of {@code group}'s members; ERR_GROUP for one outside it. */
    private int[] ranksOf(final Group group, final String call)
    {
        final int[] window = core.group();
        final int[] ranks = new int[group.members.length];
        for (int i = 0; i < ranks.length; i++)
        {
            ranks[i] = -1;
            for (int r = 0; r < window.length; r++)
            {
                if (window[r] == group.members[i])
                {
                    ranks[i] = r;
                }
            }
            if (ranks[i] < 0)
            {
                throw MPI.raise(new MpiError(ErrorClass.GROUP, "world rank " + group.members[i] +
                    " is not in the window's group"), call);
            }
        }
        return ranks;
    }

    private <T> T call(final Supplier<T> operation, final String call)
    {
        return Calls.call(engine, core.context(), call, operation);
    }

    private void run(final Runnable operation, final String call)
    {
        Calls.run(engine, core.context(), call, operation);
    }
}
