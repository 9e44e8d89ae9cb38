package io.colompi.core.coll;

import io.colompi.core.type.BaseType;
import io.colompi.core.type.TypeMap;

import java.io.Serializable;
import java.util.Arrays;

/** Test data and reference layouts for the collective tests. */
final class Layouts
{
    static final TypeMap INT = TypeMap.basic(BaseType.INT);
    static final TypeMap DOUBLE = TypeMap.basic(BaseType.DOUBLE);
    static final TypeMap OBJECT = TypeMap.basic(BaseType.OBJECT);
    /** The job sizes every collective is checked at. */
    static final int[] SIZES = { 1, 2, 3, 4, 5, 7, 8 };

    /** A serializable value with equality, to see objects arrive by value. */
    record Item(int rank, String text) implements Serializable
    {
    }

    private Layouts()
    {
    }

    /** Distinct roots worth testing: first, last and middle rank. */
    static int[] roots(final int np)
    {
        return Arrays.stream(new int[]{ 0, np - 1, np / 2 }).distinct().toArray();
    }

    /** The datum rank {@code rank} contributes at position {@code i}. */
    static int value(final int rank, final int i)
    {
        return rank * 1000 + i + 1;
    }

    /** Element indices, in type-map order, of {@code count} items of {@code type} at {@code offset}. */
    static int[] positions(final int offset, final TypeMap type, final int count)
    {
        final int[] positions = new int[count * type.size()];
        int next = 0;
        for (int item = 0; item < count; item++)
        {
            for (int b = 0; b < type.blockCount(); b++)
            {
                for (int e = 0; e < type.blockLength(b); e++)
                {
                    positions[next++] = offset + item * type.extent() + type.blockDisp(b) + e;
                }
            }
        }
        return positions;
    }

    /** An int array of {@code length} filled with -1 except {@code values} placed in the layout. */
    static int[] laidOut(final int length, final int offset, final TypeMap type, final int count, final int[] values)
    {
        final int[] array = filled(length);
        place(array, offset, type, count, values);
        return array;
    }

    static void place(final int[] array, final int offset, final TypeMap type, final int count, final int[] values)
    {
        final int[] at = positions(offset, type, count);
        for (int i = 0; i < at.length; i++)
        {
            array[at[i]] = values[i];
        }
    }

    static int[] filled(final int length)
    {
        final int[] array = new int[length];
        Arrays.fill(array, -1);
        return array;
    }

    /** {@code values(rank, 0..n-1)}. */
    static int[] values(final int rank, final int n)
    {
        final int[] values = new int[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = value(rank, i);
        }
        return values;
    }

    static double[] doubles(final int rank, final int n)
    {
        final double[] values = new double[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = value(rank, i) * 0.5;
        }
        return values;
    }
}
