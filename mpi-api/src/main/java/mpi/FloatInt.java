package mpi;

/** The struct of {@link MPI#FLOAT_INT} for {@code MINLOC} and {@code MAXLOC}: a float value, an int index at 4, 8 bytes. */
public final class FloatInt extends PairStruct
{
    /** The layout of C's {@code MPI_FLOAT_INT}; {@link MPI#floatInt} is one. */
    public FloatInt()
    {
        super(4, 8, MPI.FLOAT_INT);
    }

    @Override
    protected Data newData()
    {
        return new Data();
    }

    /** One pair in a buffer. */
    public final class Data extends PairStruct.Data
    {
        public float getValue()
        {
            return getFloat(0);
        }

        public void putValue(final float v)
        {
            putFloat(0, v);
        }
    }
}
