package io.colompi.core.pt2pt;

/**
 * Byte arrays for messages from other JVMs too large for an {@link Incoming}'s own buffer that arrive before their
 * receive, reused from one message to the next instead of allocated for each; bounded: at most
 * {@value #MAX_ARRAYS} arrays and {@value #MAX_BYTES} bytes are kept, larger ones are left to the collector. Used
 * under the {@link Matcher}'s lock.
 */
final class BufferPool
{
    static final int MAX_ARRAYS = 4;
    static final long MAX_BYTES = 64L << 20;

    private final byte[][] kept = new byte[MAX_ARRAYS][];
    private int count;
    private long bytes;

    /** An array of at least {@code length} bytes: the smallest kept one that is large enough, else a new one. */
    byte[] take(final int length)
    {
        int best = -1;
        for (int i = 0; i < count; i++)
        {
            if (kept[i].length >= length && (best < 0 || kept[i].length < kept[best].length))
            {
                best = i;
            }
        }
        if (best < 0)
        {
            return new byte[length];
        }
        final byte[] array = kept[best];
        kept[best] = kept[--count];
        kept[count] = null;
        bytes -= array.length;
        return array;
    }

    /** Keep {@code array}, no longer used, for a later message if there is room; else forget it. */
    void give(final byte[] array)
    {
        if (count < MAX_ARRAYS && bytes + array.length <= MAX_BYTES)
        {
            kept[count++] = array;
            bytes += array.length;
        }
    }
}
