package io.colompi.core.coll;

import io.colompi.core.type.BaseType;

import java.lang.reflect.Array;

/**
 * The temporaries of a rank's nonblocking collectives on one communicator, kept for the next ones: a
 * {@link Schedule} takes its own (several collectives may be in flight at once), and its {@link CollectiveRequest}
 * gives them back once it has run to its end, when nothing refers to them any more. A collective that fails keeps
 * them (a send of one may still be on its way). Without it an allreduce of 4 096 doubles across JVMs allocated
 * 68 KB per call and spent its time in young collections (np=2, a JVM per rank: 36-51 us a call, 8.2-8.6 with it).
 * A few arrays per primitive type, the largest given back; objects' arrays, which would keep the program's objects
 * alive, are not kept. The rank's threads may share it.
 */
final class ScratchPool
{
    /** Arrays kept per base type: as many as collectives a program commonly has in flight, times two. */
    private static final int KEPT = 8;

    private final Object[][] kept = new Object[BaseType.values().length][KEPT];
    private final int[] counts = new int[BaseType.values().length];

    /** An array of at least {@code elements} of {@code base}: a kept one, else a new one. */
    synchronized Object take(final BaseType base, final int elements)
    {
        final Object[] arrays = kept[base.ordinal()];
        final int count = counts[base.ordinal()];
        for (int i = 0; i < count; i++)
        {
            final Object array = arrays[i];
            if (Array.getLength(array) >= elements)
            {
                arrays[i] = arrays[count - 1];
                arrays[count - 1] = null;
                counts[base.ordinal()] = count - 1;
                return array;
            }
        }
        return base.newArray(elements);
    }

    /** {@code array}, of {@code base}, is free again: kept, in place of the smallest kept one if enough are. */
    synchronized void give(final BaseType base, final Object array)
    {
        if (base == BaseType.OBJECT)
        {
            return;
        }
        final Object[] arrays = kept[base.ordinal()];
        final int count = counts[base.ordinal()];
        if (count < KEPT)
        {
            arrays[count] = array;
            counts[base.ordinal()] = count + 1;
            return;
        }
        int smallest = 0;
        for (int i = 1; i < KEPT; i++)
        {
            if (Array.getLength(arrays[i]) < Array.getLength(arrays[smallest]))
            {
                smallest = i;
            }
        }
        if (Array.getLength(arrays[smallest]) < Array.getLength(array))
        {
            arrays[smallest] = array;
        }
    }
}
