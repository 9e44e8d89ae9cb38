package mpi;

/** The struct of {@link MPI#LONG_INT} for {@code MINLOC} and {@code MAXLOC}: a long value, an int index at 8, 16 bytes. */
public final class LongInt extends PairStruct
{
    /** The layout of C's {@code MPI_LONG_INT}; {@link MPI#longInt} is one. */
    public LongInt()
    {
        super(8, 16, MPI.LONG_INT);
    }

    @Override
    protected Data newData()
    {
        return new Data();
    }

    /** One pair in a buffer. */
    public final class Data extends PairStruct.Data
    {
        public long getValue()
        {
            return getLong(0);
        }

        public void putValue(final long v)
        {
            putLong(0, v);
        }
    }
}
