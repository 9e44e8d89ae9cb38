package mpjbuf;

/** Storage that {@link BufferFactory#create} hands out (MPJ Express' name); here a heap {@code byte[]}. */
public final class RawBuffer
{
    private final byte[] bytes;

    RawBuffer(final int capacity)
    {
        bytes = new byte[capacity];
    }

    /** Bytes of storage. */
    public int getCapacity()
    {
        return bytes.length;
    }

    byte[] bytes()
    {
        return bytes;
    }
}
