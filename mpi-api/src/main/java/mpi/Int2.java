package mpi;

/** The struct of {@link MPI#INT2} for {@code MINLOC} and {@code MAXLOC}: an int value, an int index at 4, 8 bytes. */
public final class Int2 extends PairStruct
{
    /** The layout of C's {@code MPI_INT2}; {@link MPI#int2} is one. */
    public Int2()
    {
        super(4, 8, MPI.INT2);
    }

    @Override
    protected Data newData()
    {
        return new Data();
    }

    /** One pair in a buffer. */
    public final class Data extends PairStruct.Data
    {
        public int getValue()
        {
            return getInt(0);
        }

        public void putValue(final int v)
        {
            putInt(0, v);
        }
    }
}
