package mpi;

/** The struct of {@link MPI#SHORT_INT}: a short value and an int index, for {@code MINLOC} and {@code MAXLOC}. */
public final class ShortInt extends Struct
{
    private final int indexOffset;

    /** The layout of C's {@code MPI_SHORT_INT} (short at 0, index at 4, 8 bytes); {@link MPI#shortInt} is one. */
    public ShortInt()
    {
        addShort();
        indexOffset = setOffset(4).addInt();
    }

    @Override
    protected Data newData()
    {
        return new Data();
    }

    @Override
    Datatype createType()
    {
        return MPI.SHORT_INT;
    }

    /** One pair in a buffer. */
    public final class Data extends Struct.Data
    {
        public short getValue()
        {
            return getShort(0);
        }

        public int getIndex()
        {
            return getInt(indexOffset);
        }

        public void putValue(final short v)
        {
            putShort(0, v);
        }

        public void putIndex(final int v)
        {
            putInt(indexOffset, v);
        }
    }
}
