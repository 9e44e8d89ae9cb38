package io.colompi.core.coll;

import io.colompi.core.comm.Communicator;
import io.colompi.core.op.ReduceOp;
import io.colompi.core.type.TypeMap;

/** Reduce-scatter algorithms. */
final class ReduceScatter
{
    private ReduceScatter()
    {
    }

    /**
     * Reduce the whole vector to rank 0 over a binomial tree (in rank order, so any operation), then scatter
     * block {@code i} of the dense result to rank {@code i}. Both phases share {@code tag}: tree messages only go
     * towards rank 0 and scatter messages only leave it.
     */
    static void reduceThenScatter(
        final Communicator c,
        final Object sbuf, final int soffset, final Object rbuf, final int roffset,
        final int[] rcounts, final TypeMap type, final ReduceOp op, final int tag)
    {
        final int p = c.size();
        final int size = type.size();
        final int[] elementCounts = new int[p];
        final int[] elementDispls = new int[p];
        int total = 0;
        for (int i = 0; i < p; i++)
        {
            elementCounts[i] = rcounts[i] * size;
            elementDispls[i] = total * size;
            total += rcounts[i];
        }
        final Object result = Reduce.toDense(c, sbuf, soffset, total, type, op, 0, tag);
        Scatter.linear(c, result, 0, elementCounts, elementDispls, Buffers.dense(type.base()),
            rbuf, roffset, rcounts[c.rank()], type, 0, tag);
    }
}
