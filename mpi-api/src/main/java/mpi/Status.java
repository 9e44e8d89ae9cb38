package mpi;

import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;

/**
 * The outcome of a receive or probe: who sent it, with which tag, how much. Public fields as MPJ Express
 * programs use them ({@code status.source}, {@code status.tag}, {@code status.index}).
 */
public class Status
{
    /** Rank of the sender in the communicator. */
    public int source;
    /** Tag of the message. */
    public int tag;
    /** Position in the request array, set by {@code Waitany}, {@code Waitsome} and friends. */
    public int index;
    /** Base elements received. */
    public int numEls;
    /** Bytes received (elements times the base type's size; 0 for OBJECT). */
    public int countInBytes;

    private boolean cancelled;
    /** The count of a receive of a zero-size type, which MPJ Express reports as its {@code Get_count}. */
    int zeroSizeItems;

    public Status()
    {
        this(MPI.ANY_SOURCE, MPI.ANY_TAG, 0, 0, false);
    }

    Status(final int source, final int tag, final int elements, final int elementBytes, final boolean cancelled)
    {
        this.source = source;
        this.tag = tag;
        this.index = MPI.UNDEFINED;
        this.numEls = elements;
        this.countInBytes = elements * elementBytes;
        this.cancelled = cancelled;
    }

    /** Items of {@code datatype} received, or {@link MPI#UNDEFINED} if that is not a whole number. */
    public int Get_count(final Datatype datatype)
    {
        final int size = sizeOf(datatype, "Status.Get_count");
        if (size == 0)
        {
            return zeroSizeItems;
        }
        return numEls % size == 0 ? numEls / size : MPI.UNDEFINED;
    }

    /** Base elements received. */
    public int Get_elements(final Datatype datatype)
    {
        return sizeOf(datatype, "Status.Get_elements") == 0 ? MPI.UNDEFINED : numEls;
    }

    /**
     * The elements in an item of {@code datatype}, which must be over the base type the message holds (as MPI
     * requires the receive's type): counting ints in doubles is {@code ERR_TYPE}, not a count of the wrong unit.
     */
    private int sizeOf(final Datatype datatype, final String call)
    {
        try
        {
            final int size = Datatype.given(datatype).map.size();
            // a status that knows no byte count (an object message, a collective's) has nothing to compare
            if (size != 0 && countInBytes != 0 && (long)numEls * datatype.getByteSize() != countInBytes)
            {
                throw new MpiError(ErrorClass.TYPE, "the message holds " + numEls + " elements of " +
                    countInBytes / numEls + " bytes, but " + datatype + " counts elements of " +
                    datatype.getByteSize() + " bytes");
            }
            return size;
        }
        catch (final MpiError e)
        {
            throw MPI.raise(e, call);
        }
    }

    /** Whether the request this status describes was cancelled. */
    public boolean Test_cancelled()
    {
        return cancelled;
    }

    /** Nothing to release: statuses are ordinary objects. */
    public void free()
    {
        // A Status holds no engine resources; the method exists for MPJ Express source compatibility.
    }

    @Override
    public String toString()
    {
        return "Status{source=" + source + ", tag=" + tag + ", index=" + index + ", elements=" + numEls +
            (cancelled ? ", cancelled" : "") + "}";
    }

    // Open MPI Java bindings API

    public int getSource()
    {
        return source;
    }

    public int getTag()
    {
        return tag;
    }

    /**
     * Items of {@code datatype} the bytes received make, or {@link MPI#UNDEFINED} if not a whole number (MPI's
     * {@code MPI_Get_count}, as Open MPI's bindings count: 4 bytes received are 4 {@code MPI.BYTE} items).
     */
    public int getCount(final Datatype datatype)
    {
        final long itemBytes = (long)given(datatype, "Status.getCount").Size() * datatype.getByteSize();
        if (countInBytes == 0 || itemBytes == 0)
        {
            return Get_count(datatype);
        }
        return countInBytes % itemBytes == 0 ? (int)(countInBytes / itemBytes) : MPI.UNDEFINED;
    }

    /** Base elements of {@code datatype} the bytes received make, or {@link MPI#UNDEFINED} if not a whole number. */
    public int getElements(final Datatype datatype)
    {
        final int elementBytes = given(datatype, "Status.getElements").getByteSize();
        if (countInBytes == 0 || elementBytes == 0)
        {
            return Get_elements(datatype);
        }
        return countInBytes % elementBytes == 0 ? countInBytes / elementBytes : MPI.UNDEFINED;
    }

    private static Datatype given(final Datatype datatype, final String call)
    {
        if (datatype == null)
        {
            throw MPI.raise(new MpiError(ErrorClass.TYPE, "the datatype is null"), call);
        }
        return datatype;
    }

    public boolean isCancelled()
    {
        return Test_cancelled();
    }

    /** Position in the request array ({@code waitAnyStatus}, ...). */
    public int getIndex()
    {
        return index;
    }

    /** {@link MPI#SUCCESS}: an error is thrown as {@link MPIException}, never left in a status. */
    public int getError()
    {
        return MPI.SUCCESS;
    }
}
