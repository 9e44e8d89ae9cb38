package mpi;

/**
 * Where the bytes of an MPJ Express {@link mpjbuf.Buffer} lie: point-to-point calls move its region as the
 * {@code byte[]} it is, offsets counted from the region's start; any other buffer is itself.
 */
final class Packed
{
    private Packed()
    {
    }

    static Object array(final Object buf)
    {
        return buf instanceof mpjbuf.Buffer b ? b.array() : buf;
    }

    static int offset(final Object buf, final int offset)
    {
        return buf instanceof mpjbuf.Buffer b ? b.arrayOffset() + offset : offset;
    }
}
