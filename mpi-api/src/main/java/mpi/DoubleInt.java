package mpi;

/** The struct of {@link MPI#DOUBLE_INT}: a double value and an int index, for {@code MINLOC} and {@code MAXLOC}. */
public final class DoubleInt extends Struct
{
    private final int indexOffset;

    /** The layout of C's {@code MPI_DOUBLE_INT} (double at 0, index at 8, 16 bytes); {@link MPI#doubleInt} is one. */
    public DoubleInt()
    {
        addDouble();
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
        return MPI.DOUBLE_INT;
    }

    /** One pair in a buffer. */
    public final class Data extends Struct.Data
    {
        public double getValue()
        {
            return getDouble(0);
        }

        public int getIndex()
        {
            return getInt(indexOffset);
        }

        public void putValue(final double v)
        {
            putDouble(0, v);
        }

        public void putIndex(final int v)
        {
            putInt(indexOffset, v);
        }
    }
}
