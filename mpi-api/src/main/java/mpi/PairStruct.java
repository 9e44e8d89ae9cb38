package mpi;

/**
 * The struct of a MINLOC/MAXLOC pair ({@link DoubleInt}, ...): the value at byte 0, the int index after it, laid out
 * as C lays out its pair type, which it moves as.
 */
abstract class PairStruct extends Struct
{
    private final int indexOffset;
    private final Datatype pairType;

    PairStruct(final int indexOffset, final int extent, final Datatype pairType)
    {
        setOffset(indexOffset);
        this.indexOffset = addInt();
        setOffset(extent);
        this.pairType = pairType;
    }

    @Override
    Datatype createType(final int extent)
    {
        return pairType;
    }

    /** One pair in a buffer: its index here, its value in the subclass. */
    public abstract class Data extends Struct.Data
    {
        public final int getIndex()
        {
            return getInt(indexOffset);
        }

        public final void putIndex(final int v)
        {
            putInt(indexOffset, v);
        }
    }
}
