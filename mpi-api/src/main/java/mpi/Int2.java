package mpi;

/** The struct of {@link MPI#INT2}: pair of ints, value and index, for {@code MINLOC} and {@code MAXLOC}. */
public final class Int2 extends Struct
{
    private final int indexOffset;

    /** The layout of C's {@code MPI_INT2} (int at 0, index at 4, 8 bytes); {@link MPI#int2} is one. */
    public Int2()
    {
        addInt();
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
        return MPI.INT2;
    }

    /** One pair in a buffer. */
    public final class Data extends Struct.Data
    {
        public int getValue()
        {
            return getInt(0);
        }

        public int getIndex()
        {
            return getInt(indexOffset);
        }

        public void putValue(final int v)
        {
            putInt(0, v);
        }

        public void putIndex(final int v)
        {
            putInt(indexOffset, v);
        }
    }
}
