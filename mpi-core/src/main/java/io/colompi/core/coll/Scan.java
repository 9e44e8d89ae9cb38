package io.colompi.core.coll;

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
        final Plan plan,
        final Object sbuf, final int soffset, final Object rbuf, final int roffset,
        final int count, final TypeMap type, final ReduceOp op, final boolean inclusive)
    {
        final int p = plan.size;
        final int rank = plan.rank;
        final int elements = count * type.size();
        final TypeMap dense = TypeMap.dense(type.base());
        Object partial = plan.scratch(0, type.base(), elements);
        Object tmp = plan.scratch(1, type.base(), elements);
        plan.pack(sbuf, soffset, count, type, partial, 0);
        // prefix and partial never share elements: an operation may update inout objects in place
        Object prefix = null;
        if (inclusive)
        {
            prefix = plan.scratch(2, type.base(), elements);
            plan.pack(sbuf, soffset, count, type, prefix, 0);
        }
        for (int mask = 1; mask < p; mask <<= 1)
        {
            final int peer = rank ^ mask;
            if (peer >= p)
            {
                continue;
            }
            plan.recv(tmp, 0, elements, dense, peer);
            plan.send(partial, 0, elements, dense, peer);
            plan.round();
            if (peer < rank)
            {
                plan.reduce(op, tmp, 0, partial, 0, count, type);
                if (prefix != null)
                {
                    plan.reduce(op, tmp, 0, prefix, 0, count, type);
                }
                else
                {
                    prefix = tmp;
                    tmp = plan.scratch(2, type.base(), elements);
                }
            }
            else
            {
                plan.reduce(op, partial, 0, tmp, 0, count, type);
                final Object combined = tmp;
                tmp = partial;
                partial = combined;
            }
        }
        if (prefix != null)
        {
            plan.unpack(prefix, 0, rbuf, roffset, type, elements);
        }
    }
}
