package io.colompi.core.rma;

import io.colompi.core.type.BaseType;
import io.colompi.core.type.TypeMap;

import java.util.Arrays;

/**
 * The header of one RMA operation or synchronization, as a {@link Window} sends it to a target: {@value #INTS} ints.
 * An operation's target layout, when not dense, goes as (displacement, length) pairs in elements, items laid end to
 * end, in a message of its own.
 */
final class Header
{
    static final int INTS = 7;

    /** What the header asks: an operation or a synchronization. */
    static final int KIND = 0;
    /** An operation's first element in the target's memory, counted in elements of its base type. */
    static final int OFFSET = 1;
    /** The operation's {@link BaseType} ordinal. */
    static final int BASE = 2;
    /** Elements the operation moves. */
    static final int ELEMENTS = 3;
    /** An accumulate's operation ({@link AccumulateOps#code}). */
    static final int OP = 4;
    /** Blocks of the target layout that follows; 0 when the target's elements are dense from {@link #OFFSET}. */
    static final int BLOCKS = 5;
    /** A lock's type. */
    static final int LOCK_TYPE = 6;

    static final int PUT = 1;
    static final int GET = 2;
    static final int ACCUMULATE = 3;
    static final int FENCE = 4;
    static final int LOCK = 5;
    static final int UNLOCK = 6;
    static final int COMPLETE = 7;
    static final int FLUSH = 8;
    static final int GET_ACCUMULATE = 9;
    static final int COMPARE_AND_SWAP = 10;

    private Header()
    {
    }

    static int[] of(final int kind, final int offset, final int base, final int elements, final int op,
        final int blocks, final int lockType)
    {
        return new int[]{ kind, offset, base, elements, op, blocks, lockType };
    }

    /** {@code count} items of {@code type} as (displacement, length) pairs, adjacent blocks merged; null if dense. */
    static int[] layout(final TypeMap type, final int count)
    {
        if (type.isContiguous())
        {
            return null;
        }
        int[] pairs = new int[2 * Math.max(1, count * type.blockCount())];
        int n = 0;
        for (int item = 0; item < count; item++)
        {
            for (int b = 0; b < type.blockCount(); b++)
            {
                final int disp = item * type.extent() + type.blockDisp(b);
                if (n > 0 && pairs[n - 2] + pairs[n - 1] == disp)
                {
                    pairs[n - 1] += type.blockLength(b);
                }
                else
                {
                    pairs[n] = disp;
                    pairs[n + 1] = type.blockLength(b);
                    n += 2;
                }
            }
        }
        return Arrays.copyOf(pairs, n);
    }

    /** The layout that {@link #layout} described: one item of {@code base} elements. */
    static TypeMap target(final BaseType base, final int[] pairs)
    {
        final int[] lengths = new int[pairs.length / 2];
        final int[] displacements = new int[pairs.length / 2];
        for (int b = 0; b < lengths.length; b++)
        {
            displacements[b] = pairs[2 * b];
            lengths[b] = pairs[2 * b + 1];
        }
        return TypeMap.indexed(lengths, displacements, TypeMap.dense(base));
    }
}
