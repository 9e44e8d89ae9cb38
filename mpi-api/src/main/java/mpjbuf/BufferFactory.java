package mpjbuf;

/** Makes and releases {@link RawBuffer}s, as MPJ Express programs call it. */
public final class BufferFactory
{
    private BufferFactory()
    {
    }

    /** Storage of {@code capacity} bytes. */
    public static RawBuffer create(final int capacity)
    {
        if (capacity < 0)
        {
            throw new IllegalArgumentException("capacity must not be negative: " + capacity);
        }
        return new RawBuffer(capacity);
    }

    /** Nothing to release: the storage is on the heap and goes with its last reference. */
    public static void destroy(final RawBuffer buffer)
    {
    }
}
