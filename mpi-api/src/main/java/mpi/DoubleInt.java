package mpi;

/** The struct of {@link MPI#DOUBLE_INT} for {@code MINLOC} and {@code MAXLOC}: a double value, an int index at 8, 16 bytes. */
public final class DoubleInt extends PairStruct
{
    /** The layout of C's {@code MPI_DOUBLE_INT}; {@link MPI#doubleInt} is one. */
    public DoubleInt()
    {
        super(8, 16, MPI.DOUBLE_INT);
    }

    @Override
    protected Data newData()
    {
        return new Data();
    }

    /** One pair in a buffer. */
    public final class Data extends PairStruct.Data
    {
        public double getValue()
        {
            return getDouble(0);
        }

        public void putValue(final double v)
        {
            putDouble(0, v);
        }
    }
}
