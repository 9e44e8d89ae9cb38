package mpi;

/** The struct of {@link MPI#SHORT_INT} for {@code MINLOC} and {@code MAXLOC}: a short value, an int index at 4, 8 bytes. */
public final class ShortInt extends PairStruct
{
    /** The layout of C's {@code MPI_SHORT_INT}; {@link MPI#shortInt} is one. */
    public ShortInt()
    {
        super(4, 8, MPI.SHORT_INT);
    }

    @Override
    protected Data newData()
    {
        return new Data();
    }

    /** One pair in a buffer. */
    public final class Data extends PairStruct.Data
    {
        public short getValue()
        {
            return getShort(0);
        }

        public void putValue(final short v)
        {
            putShort(0, v);
        }
    }
}
