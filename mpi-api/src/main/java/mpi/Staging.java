package mpi;

import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.Memory;
import io.colompi.core.type.Transfer;
import io.colompi.core.type.TypeMap;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The buffers of one collective call, as the arrays the collective algorithms work on. An array is used as it is,
 * and so is the backing array of a heap buffer of the same element type: no copy. Any other {@link java.nio.Buffer}
 * (direct, or a byte buffer holding other types) is copied into a temporary array first, and the ones the
 * collective writes are copied back when it completes (after the call, or when its request reports completion):
 * one copy each way. Point-to-point calls need none of this: they move buffers directly.
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
        final Object array;
        final int offset;

        Staged(final Object array, final int offset)
        {
            this.array = array;
            this.offset = offset;
        }
    }

    private static final Staged ABSENT = new Staged(null, 0);

    final String call;
    private List<Runnable> copyBacks;

    Staging(final String call)
    {
        this.call = call;
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
        return !(buffer instanceof java.nio.Buffer) ? new Staged(buffer, offset) :
            used ? stage(buffer, offset, count, type, false, false) : ABSENT;
    }

    /** MPJ Express-style {@link #outIf}: an array goes to the core as it is, used or not. */
    Staged outIf(final boolean used, final Object buffer, final int offset, final int count, final Datatype type)
    {
        return !(buffer instanceof java.nio.Buffer) ? new Staged(buffer, offset) :
            used ? stage(buffer, offset, count, type, true, false) : ABSENT;
    }

    /** {@link #in} only where {@code used} (a root's buffer, meaningless elsewhere), else nothing. */
    Staged inIf(final boolean used, final Object buffer, final int count, final Datatype type)
    {
        return used ? in(buffer, count, type) : ABSENT;
    }

    /** {@link #out} only where {@code used}, else nothing. */
    Staged outIf(final boolean used, final Object buffer, final int count, final Datatype type)
    {
        return used ? out(buffer, count, type) : ABSENT;
    }

    /** Run a blocking collective, then copy its results back into the buffers that are not arrays. */
    void run(final Runnable collective)
    {
        try
        {
            collective.run();
        }
        catch (final MpiError e)
        {
            throw MPI.raise(e, call);
        }
        finish();
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

    void finish()
    {
        if (copyBacks != null)
        {
            copyBacks.forEach(Runnable::run);
            copyBacks = null;
        }
    }

    /** Items that {@code counts[i]} items at {@code displs[i]} (a v-collective's blocks) reach. */
    static int items(final int[] counts, final int[] displs)
    {
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
            final TypeMap map = type.data();
            if (count < 0)
            {
                throw new MpiError(ErrorClass.COUNT, "count must not be negative: " + count);
            }
            final MpiError unfit = Memory.check(map.base(), buffer);
            if (unfit != null)
            {
                throw unfit;
            }
            if (writes && Memory.isReadOnly(buffer))
            {
                throw new MpiError(ErrorClass.BUFFER, "a read-only " + buffer.getClass().getSimpleName() +
                    " cannot receive the result");
            }
            Transfer.checkRange(buffer, offset, map, count);
            final BaseType base = map.base();
            if (!copy && !(buffer instanceof java.nio.Buffer))
            {
                return new Staged(buffer, offset);
            }
            final java.nio.Buffer nio = buffer instanceof java.nio.Buffer ? (java.nio.Buffer)buffer : null;
            if (!copy && nio.hasArray() && nio.array().getClass() == base.arrayClass())
            {
                return new Staged(nio.array(), nio.arrayOffset() + offset);
            }
            final int elements = (int)Transfer.span(map, count);
            final TypeMap dense = TypeMap.basic(base);
            final Object array = base == BaseType.OBJECT ? new Object[elements] :
                java.lang.reflect.Array.newInstance(base.arrayClass().getComponentType(), elements);
            // Copied in also when written: a result need not cover the span (v-collective gaps, layout holes).
            Transfer.copy(buffer, offset, dense, array, 0, dense, elements);
            if (writes)
            {
                if (copyBacks == null)
                {
                    copyBacks = new ArrayList<>(2);
                }
                copyBacks.add(() -> Transfer.copy(array, 0, dense, buffer, offset, dense, elements));
            }
            return new Staged(array, 0);
        }
        catch (final MpiError e)
        {
            throw MPI.raise(e, call);
        }
    }
}
