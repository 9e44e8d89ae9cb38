package io.colompi.core.coll;

import io.colompi.core.op.ReduceOp;
import io.colompi.core.type.TypeMap;

/** Reduce-scatter algorithms. */
final class ReduceScatter
{
    private ReduceScatter()
    {
    }

    /** Run {@code algorithm} ({@link Selection}'s choice). */
    static void run(
        final Plan plan, final Selection.Algorithm algorithm,
        final Object sbuf, final int soffset, final Object rbuf, final int roffset,
        final int[] rcounts, final TypeMap type, final ReduceOp op)
    {
        if (algorithm == Selection.Algorithm.RECURSIVE_HALVING)
        {
            recursiveHalving(plan, sbuf, soffset, rbuf, roffset, rcounts, type, op);
        }
        else
        {
            reduceThenScatter(plan, sbuf, soffset, rbuf, roffset, rcounts, type, op);
        }
    }

    /**
     * Reduce the whole vector to rank 0 over a binomial tree (in rank order, so any operation), then scatter
     * block {@code i} of the dense result to rank {@code i}. Both phases share the tag: tree messages only go
     * towards rank 0 and scatter messages only leave it.
     */
    static void reduceThenScatter(
        final Plan plan,
        final Object sbuf, final int soffset, final Object rbuf, final int roffset,
        final int[] rcounts, final TypeMap type, final ReduceOp op)
    {
        final int p = plan.size;
        final int size = type.size();
        final int[] elementCounts = plan.ints(0, p);
        final int[] elementDispls = plan.ints(1, p);
        int total = 0;
        for (int i = 0; i < p; i++)
        {
            elementCounts[i] = rcounts[i] * size;
            elementDispls[i] = total * size;
            total += rcounts[i];
        }
        final Object result = Reduce.toDense(plan, sbuf, soffset, total, type, op, 0);
        Scatter.linear(plan, result, 0, elementCounts, elementDispls, TypeMap.dense(type.base()),
            rbuf, roffset, rcounts[plan.rank], type, 0);
    }

    /**
     * Recursive halving for commutative operations (MPICH's): the fold of {@link Allreduce#recursiveDoubling}
     * for p not a power of two, then {@link Allreduce#reduceScatterByHalving} over blocks that are the unions of
     * the result blocks of the ranks each remaining rank stands for; finally odd folded ranks hand their even
     * neighbour its part. log2 p steps, about one vector sent per rank.
     */
    static void recursiveHalving(
        final Plan plan,
        final Object sbuf, final int soffset, final Object rbuf, final int roffset,
        final int[] rcounts, final TypeMap type, final ReduceOp op)
    {
        final int p = plan.size;
        final int rank = plan.rank;
        final int size = type.size();
        final TypeMap dense = TypeMap.dense(type.base());
        final int[] displs = plan.ints(1, p + 1);
        displs[0] = 0;
        for (int i = 0; i < p; i++)
        {
            displs[i + 1] = displs[i] + rcounts[i];
        }
        final int total = displs[p];
        final Object acc = plan.scratch(0, type.base(), total * size);
        final Object tmp = plan.scratch(1, type.base(), total * size);
        plan.pack(sbuf, soffset, total, type, acc, 0);
        final int powerOfTwo = Integer.highestOneBit(p);
        final int folded = p - powerOfTwo;
        final int newRank = Allreduce.foldIn(plan, acc, tmp, total, type, op, folded);
        if (newRank >= 0)
        {
            final int[] starts = plan.ints(0, powerOfTwo + 1);
            for (int j = 0; j < powerOfTwo; j++)
            {
                starts[j] = displs[j < folded ? 2 * j : j + folded];
            }
            starts[powerOfTwo] = total;
            Allreduce.reduceScatterByHalving(plan, acc, tmp, starts, newRank, powerOfTwo, folded, type, op);
        }
        if (rank < 2 * folded)
        {
            if ((rank & 1) != 0)
            {
                plan.send(acc, displs[rank - 1] * size, rcounts[rank - 1] * size, dense, rank - 1);
            }
            else
            {
                plan.recv(acc, displs[rank] * size, rcounts[rank] * size, dense, rank + 1);
            }
            plan.round();
        }
        plan.unpack(acc, displs[rank] * size, rbuf, roffset, type, rcounts[rank] * size);
    }
}
