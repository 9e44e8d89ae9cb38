package mpi;

/** The struct of {@link MPI#LONG_INT}: a long value and an int index, for {@code MINLOC} and {@code MAXLOC}. */
public final class LongInt extends Struct
{
    private final int indexOffset;

    /** The layout of C's {@code MPI_LONG_INT} (long at 0, index at 8, 16 bytes); {@link MPI#longInt} is one. */
    public LongInt()
    {
        addLong();
        indexOffset = addInt();
        setOffset(16);
    }

    @Override
    protected Data newData()
    {
        return new Data();
    }

    @Override
    Datatype createType()
    {
        return MPI.LONG_INT;
    }

    /** One pair in a buffer. */
    public final class Data extends Struct.Data
    {
        public long getValue()
        {
            return getLong(0);
        }

        public int getIndex()
        {
            return getInt(indexOffset);
        }

        public void putValue(final long v)
        {
            putLong(0, v);
        }

        public void putIndex(final int v)
        {
            putInt(indexOffset, v);
        }
    }
}
