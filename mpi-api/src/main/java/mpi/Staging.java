package mpi;

import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.Memory;
import io.colompi.core.type.Transfer;
import io.colompi.core.type.TypeMap;

import java.util.function.Supplier;

/**
 * The buffers of one collective call, as the arrays the collective algorithms work on. An array is used as it is,
 * and so is the backing array of a heap buffer of the same element type: no copy. Any other {@link java.nio.Buffer}
 * (direct, or a byte buffer holding other types) is copied into an array first, and the ones the collective writes
 * are copied back when it completes (after the call, or when its request reports completion): one copy each way.
 * Point-to-point calls need none of this: they move buffers directly.
 * <p>
 * A blocking collective stages through its communicator's {@link #reusable} staging, whose arrays (up to
 * {@link #SCRATCH_BYTES}) and slots serve call after call: once warm, a blocking call on direct buffers allocates
 * nothing. A nonblocking one gets a staging of its own, which its request holds until it completes.
 * <p>
 * The Open MPI-style calls stage {@code count} items from a buffer's element 0, and check arrays here too; the
 * MPJ Express-style ones ({@code offset} forms) stage only nio buffers, from element {@code offset}, and leave
 * arrays to the core's checks as they always were.
 */
final class Staging
{
    /** A buffer as the core sees it: an array and the index of the buffer's element 0 in it. */
    static final class Staged
    {
        Object array;
        int offset;

        private Staged set(final Object array, final int offset)
        {
            this.array = array;
            this.offset = offset;
            return this;
        }
    }

    /** The most buffers one call stages (an in-place reduce: its operand's copy and its result). */
    private static final int SLOTS = 3;
    /** Largest array a reusable staging keeps for the next call; a larger one is allocated per call. */
    private static final int SCRATCH_BYTES = 1 << 20;
    private static final int BASES = BaseType.values().length;

    private final Staged[] slots = new Staged[SLOTS];
    /** Kept arrays, by slot and base type; null in a one-call staging. */
    private final Object[] scratch;
    /** The buffers written back when the call completes, and the arrays they are written back from. */
    private final Object[] backTo = new Object[SLOTS];
    private final Object[] backFrom = new Object[SLOTS];
    private final BaseType[] backBase = new BaseType[SLOTS];
    private final int[] backOffset = new int[SLOTS];
    private final int[] backElements = new int[SLOTS];
    private int staged;
    private int backs;
    private boolean inUse;
    String call;

    /** A staging for one call, e.g. a nonblocking collective's, which its request keeps. */
    Staging(final String call)
    {
        this.call = call;
        this.scratch = null;
    }

    private Staging()
    {
        this.scratch = new Object[SLOTS * BASES];
    }

    /** A staging a communicator keeps for its blocking collectives; {@link #begin} each call. */
    static Staging reusable()
    {
        return new Staging();
    }

    /**
     * Start a blocking call {@code call} on this reusable staging; false (use a one-call staging) if a call is
     * already using it: another thread's, which MPI forbids on one communicator, but not to corrupt its buffers.
     */
    boolean begin(final String call)
    {
        if (inUse)
        {
            return false;
        }
        inUse = true;
        this.call = call;
        return true;
    }

    /** A buffer the collective only reads. */
    Staged in(final Object buffer, final int count, final Datatype type)
    {
        return stage(buffer, 0, count, type, false, false);
    }

    /** A buffer the collective writes (and may read: a broadcast's root), leaving what it does not write as it was. */
    Staged out(final Object buffer, final int count, final Datatype type)
    {
        return stage(buffer, 0, count, type, true, false);
    }

    /** A private copy of {@code count} items of {@code buffer}: the send side of an in-place collective. */
    Staged copy(final Object buffer, final int count, final Datatype type)
    {
        return stage(buffer, 0, count, type, false, true);
    }

    /** MPJ Express-style {@link #in}: from element {@code offset}; an array goes to the core as it is. */
    Staged in(final Object buffer, final int offset, final int count, final Datatype type)
    {
        return inIf(true, buffer, offset, count, type);
    }

    /** MPJ Express-style {@link #out}: from element {@code offset}; an array goes to the core as it is. */
    Staged out(final Object buffer, final int offset, final int count, final Datatype type)
    {
        return outIf(true, buffer, offset, count, type);
    }

    /** MPJ Express-style {@link #inIf}: an array goes to the core as it is, used or not. */
    Staged inIf(final boolean used, final Object buffer, final int offset, final int count, final Datatype type)
    {
        return !(buffer instanceof java.nio.Buffer) ? slot(buffer, offset) :
            used ? stage(buffer, offset, count, type, false, false) : slot(null, 0);
    }

    /** MPJ Express-style {@link #outIf}: an array goes to the core as it is, used or not. */
    Staged outIf(final boolean used, final Object buffer, final int offset, final int count, final Datatype type)
    {
        return !(buffer instanceof java.nio.Buffer) ? slot(buffer, offset) :
            used ? stage(buffer, offset, count, type, true, false) : slot(null, 0);
    }

    /** {@link #in} only where {@code used} (a root's buffer, meaningless elsewhere), else nothing. */
    Staged inIf(final boolean used, final Object buffer, final int count, final Datatype type)
    {
        return used ? in(buffer, count, type) : slot(null, 0);
    }

    /** {@link #out} only where {@code used}, else nothing. */
    Staged outIf(final boolean used, final Object buffer, final int count, final Datatype type)
    {
        return used ? out(buffer, count, type) : slot(null, 0);
    }

    /** Run a blocking collective, then copy its results back into the buffers that are not arrays. */
    void run(final Runnable collective)
    {
        boolean completed = false;
        try
        {
            collective.run();
            completed = true;
        }
        catch (final MpiError e)
        {
            throw MPI.raise(e, call);
        }
        finally
        {
            end(completed);
        }
    }

    /** Start a nonblocking collective; its request copies the results back when it reports completion. */
    Request start(final io.colompi.core.pt2pt.Engine engine, final Supplier<io.colompi.core.pt2pt.Request> collective)
    {
        try
        {
            return new StagedRequest(engine, collective.get(), this);
        }
        catch (final MpiError e)
        {
            throw MPI.raise(e, call);
        }
    }

    /** The call is over: copy the results back if it {@code completed}, and free the staging for the next call. */
    void end(final boolean completed)
    {
        for (int i = 0; i < backs; i++)
        {
            if (completed)
            {
                final TypeMap dense = TypeMap.dense(backBase[i]);
                Transfer.copy(backFrom[i], 0, dense, backTo[i], backOffset[i], dense, backElements[i]);
            }
            backTo[i] = null;
            backFrom[i] = null;
        }
        for (int i = 0; i < staged; i++)
        {
            slots[i].set(null, 0);
        }
        backs = 0;
        staged = 0;
        inUse = false;
    }

    /**
     * Items that {@code counts[i]} items at {@code displs[i]} (a v-collective's blocks) reach; none where either is
     * null, as a non-root's may be (a gatherv's or scatterv's root alone reads them, and the buffer).
     */
    static int items(final int[] counts, final int[] displs)
    {
        if (counts == null || displs == null)
        {
            return 0;
        }
        int items = 0;
        for (int i = 0; i < Math.min(counts.length, displs.length); i++)
        {
            items = Math.max(items, displs[i] + counts[i]);
        }
        return items;
    }

    /** Buffer element {@code offset} and the {@code count} items from it, as an array and the index of that element. */
    private Staged stage(final Object buffer, final int offset, final int count, final Datatype type,
        final boolean writes, final boolean copy)
    {
        try
        {
            if (type == null)
            {
                throw new MpiError(ErrorClass.TYPE, "the datatype is null");
            }
            final TypeMap map = type.data();
            if (count < 0)
            {
                throw new MpiError(ErrorClass.COUNT, "count must not be negative: " + count);
            }
            Memory.checkBuffer(map.base(), buffer, count, writes);
            if (buffer == null)
            {
                return slot(null, 0);
            }
            Transfer.checkRange(buffer, offset, map, count);
            final BaseType base = map.base();
            if (!copy && !(buffer instanceof java.nio.Buffer))
            {
                return slot(buffer, offset);
            }
            final java.nio.Buffer nio = buffer instanceof java.nio.Buffer ? (java.nio.Buffer)buffer : null;
            if (!copy && nio.hasArray() && nio.array().getClass() == base.arrayClass())
            {
                return slot(nio.array(), nio.arrayOffset() + offset);
            }
            final int elements = (int)Transfer.span(map, count);
            final Object array = array(base, elements);
            final TypeMap dense = TypeMap.dense(base);
            // Copied in also when written: a result need not cover the span (v-collective gaps, layout holes).
            Transfer.copy(buffer, offset, dense, array, 0, dense, elements);
            if (writes)
            {
                backTo[backs] = buffer;
                backFrom[backs] = array;
                backBase[backs] = base;
                backOffset[backs] = offset;
                backElements[backs] = elements;
                backs++;
            }
            return slot(array, 0);
        }
        catch (final MpiError e)
        {
            end(false);
            throw MPI.raise(e, call);
        }
    }

    /** This call's next slot, holding {@code array} from {@code offset}. */
    private Staged slot(final Object array, final int offset)
    {
        Staged slot = slots[staged];
        if (slot == null)
        {
            slot = slots[staged] = new Staged();
        }
        staged++;
        return slot.set(array, offset);
    }

    /** An array of at least {@code elements} of {@code base} for this call's next slot: a kept one if it fits. */
    private Object array(final BaseType base, final int elements)
    {
        final boolean keep = scratch != null && base != BaseType.OBJECT &&
            (long)elements * base.byteSize() <= SCRATCH_BYTES;
        if (!keep)
        {
            return base.newArray(elements);
        }
        final int at = staged * BASES + base.ordinal();
        final Object kept = scratch[at];
        if (kept != null && java.lang.reflect.Array.getLength(kept) >= elements)
        {
            return kept;
        }
        return scratch[at] = base.newArray(elements);
    }
}
