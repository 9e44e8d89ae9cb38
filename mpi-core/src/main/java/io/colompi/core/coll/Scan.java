package io.colompi.core.coll;

import io.colompi.core.comm.Communicator;
import io.colompi.core.op.ReduceOp;
import io.colompi.core.type.TypeMap;

/** Inclusive and exclusive scan algorithms. */
final class Scan
{
    private Scan()
    {
    }

    /**
     * Recursive doubling (MPICH's): at distance 2^k a rank swaps with {@code rank xor 2^k} the combination of
     * its aligned run of 2^k ranks ({@code partial}); a rank above its partner prepends the partner's run to
     * both {@code partial} and its prefix, a rank below appends it to {@code partial} only. Keeps rank order, so
     * any operation; ceil(log2 p) steps, any p. Inclusive: rank r gets x0 op ... op xr. Exclusive: rank r > 0
     * gets x0 op ... op x(r-1) and rank 0's receive buffer is left untouched.
     */
    static void recursiveDoubling(
        final Communicator c,
        final Object sbuf, final int soffset, final Object rbuf, final int roffset,
        final int count, final TypeMap type, final ReduceOp op, final boolean inclusive, final int tag)
    {
        final int p = c.size();
        final int rank = c.rank();
        final int elements = count * type.size();
        final TypeMap dense = Buffers.dense(type.base());
        Object partial = Buffers.packed(c.engine(), sbuf, soffset, count, type);
        Object tmp = Buffers.allocate(type.base(), elements);
        // prefix and partial never share elements: an operation may update inout objects in place
        Object prefix = inclusive ? Buffers.packed(c.engine(), sbuf, soffset, count, type) : null;
        for (int mask = 1; mask < p; mask <<= 1)
        {
            final int peer = rank ^ mask;
            if (peer >= p)
            {
                continue;
            }
            Buffers.exchange(c, partial, tmp, elements, dense, peer, tag);
            if (peer < rank)
            {
                op.reduce(tmp, 0, partial, 0, count, type);
                if (prefix != null)
                {
                    op.reduce(tmp, 0, prefix, 0, count, type);
                }
                else
                {
                    prefix = tmp;
                    tmp = Buffers.allocate(type.base(), elements);
                }
            }
            else
            {
                op.reduce(partial, 0, tmp, 0, count, type);
                final Object combined = tmp;
                tmp = partial;
                partial = combined;
            }
        }
        if (prefix != null)
        {
            Buffers.unpack(prefix, 0, rbuf, roffset, type, elements);
        }
    }
}
