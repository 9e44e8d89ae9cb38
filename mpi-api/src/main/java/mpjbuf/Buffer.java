package mpjbuf;

/**
 * Bytes {@code [offset, capacity)} of a {@link RawBuffer}, as MPJ Express programs make it:
 * {@code new Buffer(BufferFactory.create(n + MPI.SEND_OVERHEAD), MPI.SEND_OVERHEAD, n + MPI.SEND_OVERHEAD)}.
 * {@code Comm.Pack}/{@code Unpack} positions and the offset of a {@code MPI.PACKED} send or receive count from the
 * region's first byte.
 */
public final class Buffer
{
    private final RawBuffer storage;
    private final int offset;
    private final int capacity;

    public Buffer(final RawBuffer storage, final int offset, final int capacity)
    {
        if (offset < 0 || capacity < offset || capacity > storage.getCapacity())
        {
            throw new IllegalArgumentException("region [" + offset + ", " + capacity + ") is not inside a buffer of " +
                storage.getCapacity() + " bytes");
        }
        this.storage = storage;
        this.offset = offset;
        this.capacity = capacity;
    }

    /** The storage this region lies in, to hand back to {@link BufferFactory#destroy}. */
    public RawBuffer getStaticBuffer()
    {
        return storage;
    }

    /** Bytes in the region. */
    public int getCapacity()
    {
        return capacity - offset;
    }

    /** The storage's array (colompi's, for {@code Comm}): the region starts at {@link #arrayOffset()}. */
    public byte[] array()
    {
        return storage.bytes();
    }

    /** Index in {@link #array()} of the region's first byte. */
    public int arrayOffset()
    {
        return offset;
    }
}
