package io.colompi.examples.programs;

import mpi.MPI;

import java.nio.LongBuffer;

/** The storms' data: every item a function of the seed, the round, the message and its index, known to every rank. */
final class StormValues
{
    private StormValues()
    {
    }

    /** The key of message (or operation, or segment) {@code id} of {@code round} under {@code seed}. */
    static long key(final long seed, final int round, final int id)
    {
        long z = seed * 0x9E3779B97F4A7C15L + round * 0xBF58476D1CE4E5B9L + id * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 31)) * 0xBF58476D1CE4E5B9L;
        return z ^ (z >>> 29);
    }

    /** Item {@code item} of the data of {@code key}. */
    static long value(final long key, final int item)
    {
        long z = key + item * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        return z ^ (z >>> 27);
    }

    /** The first {@code length} items of {@code key} in a direct buffer. */
    static LongBuffer longs(final long key, final int length)
    {
        final LongBuffer values = MPI.newLongBuffer(length);
        for (int i = 0; i < length; i++)
        {
            values.put(i, value(key, i));
        }
        return values;
    }
}
