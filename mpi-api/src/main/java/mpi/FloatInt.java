package mpi;

/** The struct of {@link MPI#FLOAT_INT}: a float value and an int index, for {@code MINLOC} and {@code MAXLOC}. */
public final class FloatInt extends Struct
{
    private final int indexOffset;

    /** The layout of C's {@code MPI_FLOAT_INT} (float at 0, index at 4, 8 bytes); {@link MPI#floatInt} is one. */
    public FloatInt()
    {
        addFloat();
        indexOffset = addInt();
    }

    @Override
    protected Data newData()
    {
        return new Data();
    }

    @Override
    Datatype createType()
    {
        return MPI.FLOAT_INT;
    }

    /** One pair in a buffer. */
    public final class Data extends Struct.Data
    {
        public float getValue()
        {
            return getFloat(0);
        }

        public int getIndex()
        {
            return getInt(indexOffset);
        }

        public void putValue(final float v)
        {
            putFloat(0, v);
        }

        public void putIndex(final int v)
        {
            putInt(indexOffset, v);
        }
    }
}
