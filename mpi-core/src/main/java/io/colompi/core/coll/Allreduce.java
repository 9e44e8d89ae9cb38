package io.colompi.core.coll;

import io.colompi.core.comm.Communicator;
import io.colompi.core.op.ReduceOp;
import io.colompi.core.type.TypeMap;

/** Allreduce algorithms. Blocks of a vector are cut on item boundaries, so operations always see whole items. */
final class Allreduce
{
    private Allreduce()
    {
    }

    /** Run {@code algorithm} ({@link Selection}'s choice). */
    static void run(
        final Plan plan, final Selection.Algorithm algorithm,
        final Object sbuf, final int soffset, final Object rbuf, final int roffset,
        final int count, final TypeMap type, final ReduceOp op)
    {
        switch (algorithm)
        {
            case RING -> ring(plan, sbuf, soffset, rbuf, roffset, count, type, op);
            case RABENSEIFNER -> rabenseifner(plan, sbuf, soffset, rbuf, roffset, count, type, op);
            default -> recursiveDoubling(plan, sbuf, soffset, rbuf, roffset, count, type, op);
        }
    }

    /** {@link #recursiveDoubling(Plan, Object, int, Object, int, int, TypeMap, ReduceOp)} on {@code c}, now. */
    static void recursiveDoubling(
        final Communicator c,
        final Object sbuf, final int soffset, final Object rbuf, final int roffset,
        final int count, final TypeMap type, final ReduceOp op, final int tag)
    {
        final BlockingPlan plan = BlockingPlan.of(c, tag);
        recursiveDoubling(plan, sbuf, soffset, rbuf, roffset, count, type, op);
        plan.finish();
    }

    /**
     * Recursive doubling with MPICH's fold for p not a power of two: of the first 2 * (p - 2^k) ranks, each even
     * one hands its data to the next odd one and sits out; the remaining 2^k ranks exchange whole vectors with
     * partners at distance 1, 2, 4, ... and combine lower block first; the folded ranks get the result at the
     * end. Each step joins two adjacent runs of ranks, so non-commutative operations keep rank order, and both
     * partners compute the same {@code lower op upper}, so all ranks end with identical results.
     * log2 p steps of a full vector: the right shape for short vectors.
     */
    static void recursiveDoubling(
        final Plan plan,
        final Object sbuf, final int soffset, final Object rbuf, final int roffset,
        final int count, final TypeMap type, final ReduceOp op)
    {
        final int p = plan.size;
        final int rank = plan.rank;
        final int elements = count * type.size();
        final TypeMap dense = TypeMap.dense(type.base());
        Object acc = plan.scratch(0, type.base(), elements);
        Object tmp = plan.scratch(1, type.base(), elements);
        plan.pack(sbuf, soffset, count, type, acc, 0);
        final int powerOfTwo = Integer.highestOneBit(p);
        final int folded = p - powerOfTwo;
        final int newRank = foldIn(plan, acc, tmp, count, type, op, folded);
        if (newRank >= 0)
        {
            for (int mask = 1; mask < powerOfTwo; mask <<= 1)
            {
                final int peer = realRank(newRank ^ mask, folded);
                plan.recv(tmp, 0, elements, dense, peer);
                plan.send(acc, 0, elements, dense, peer);
                plan.round();
                if (peer < rank)
                {
                    plan.reduce(op, tmp, 0, acc, 0, count, type);
                }
                else
                {
                    plan.reduce(op, acc, 0, tmp, 0, count, type);
                    final Object combined = tmp;
                    tmp = acc;
                    acc = combined;
                }
            }
        }
        foldOut(plan, acc, 0, elements, dense, folded);
        plan.unpack(acc, 0, rbuf, roffset, type, elements);
    }

    /**
     * Rabenseifner's algorithm for long vectors and commutative operations: after the fold of
     * {@link #recursiveDoubling}, the 2^k ranks reduce-scatter the vector by recursive halving (at distance
     * 2^(k-1), 2^(k-2), ..., 1 a rank keeps one half of its range, sends the other and combines the partner's
     * copy of its half), so each ends with one fully reduced 1/2^k of the vector; a recursive-doubling allgather
     * then gives everyone everything. About 2 vectors sent per rank in 2 log2 p steps, instead of log2 p vectors.
     */
    static void rabenseifner(
        final Plan plan,
        final Object sbuf, final int soffset, final Object rbuf, final int roffset,
        final int count, final TypeMap type, final ReduceOp op)
    {
        final int p = plan.size;
        final int size = type.size();
        final int elements = count * size;
        final TypeMap dense = TypeMap.dense(type.base());
        final Object acc = plan.scratch(0, type.base(), elements);
        final Object tmp = plan.scratch(1, type.base(), elements);
        plan.pack(sbuf, soffset, count, type, acc, 0);
        final int powerOfTwo = Integer.highestOneBit(p);
        final int folded = p - powerOfTwo;
        final int newRank = foldIn(plan, acc, tmp, count, type, op, folded);
        if (newRank >= 0)
        {
            final int[] starts = plan.ints(0, powerOfTwo + 1);
            for (int i = 0; i <= powerOfTwo; i++)
            {
                starts[i] = i * (count / powerOfTwo) + Math.min(i, count % powerOfTwo);
            }
            final int block = reduceScatterByHalving(plan, acc, tmp, starts, newRank, powerOfTwo, folded, type, op);
            allgatherByDoubling(plan, acc, starts, block, newRank, powerOfTwo, folded, size, dense);
        }
        foldOut(plan, acc, 0, elements, dense, folded);
        plan.unpack(acc, 0, rbuf, roffset, type, elements);
    }

    /**
     * Ring for long vectors, commutative operations, any p without a fold: the vector is cut into p blocks; in
     * p - 1 steps each rank passes a block to its right neighbour and adds the one from its left into its own
     * copy (a reduce-scatter: block rank + 1 ends complete here), then p - 1 more steps pass the complete blocks
     * round. About 2 vectors sent per rank, all to one neighbour; every block is reduced once, by one rank.
     */
    static void ring(
        final Plan plan,
        final Object sbuf, final int soffset, final Object rbuf, final int roffset,
        final int count, final TypeMap type, final ReduceOp op)
    {
        final int p = plan.size;
        final int rank = plan.rank;
        final int size = type.size();
        final int elements = count * size;
        final TypeMap dense = TypeMap.dense(type.base());
        final int quotient = count / p;
        final int remainder = count % p;
        final Object acc = plan.scratch(0, type.base(), elements);
        final Object tmp = plan.scratch(1, type.base(), (quotient + 1) * size);
        plan.pack(sbuf, soffset, count, type, acc, 0);
        final int right = (rank + 1) % p;
        final int left = (rank - 1 + p) % p;
        for (int step = 0; step < p - 1; step++)
        {
            final int out = (rank - step + p) % p;
            final int in = (rank - step - 1 + p) % p;
            final int inItems = quotient + (in < remainder ? 1 : 0);
            plan.recv(tmp, 0, inItems * size, dense, left);
            plan.send(acc, start(out, quotient, remainder) * size, (quotient + (out < remainder ? 1 : 0)) * size,
                dense, right);
            plan.round();
            plan.reduce(op, tmp, 0, acc, start(in, quotient, remainder) * size, inItems, type);
        }
        for (int step = 0; step < p - 1; step++)
        {
            final int out = (rank - step + 1 + p) % p;
            final int in = (rank - step + p) % p;
            plan.recv(acc, start(in, quotient, remainder) * size, (quotient + (in < remainder ? 1 : 0)) * size,
                dense, left);
            plan.send(acc, start(out, quotient, remainder) * size, (quotient + (out < remainder ? 1 : 0)) * size,
                dense, right);
            plan.round();
        }
        plan.unpack(acc, 0, rbuf, roffset, type, elements);
    }

    /**
     * MPICH's fold for p not a power of two: of ranks below {@code 2 * folded}, even ones send their vector to the
     * next odd one, which combines {@code theirs op mine}. Returns the rank among the remaining 2^k, or -1 for a
     * rank that sat out.
     */
    static int foldIn(final Plan plan, final Object acc, final Object tmp, final int count, final TypeMap type,
        final ReduceOp op, final int folded)
    {
        final int rank = plan.rank;
        final int elements = count * type.size();
        if (rank >= 2 * folded)
        {
            return rank - folded;
        }
        final TypeMap dense = TypeMap.dense(type.base());
        if ((rank & 1) == 0)
        {
            plan.send(acc, 0, elements, dense, rank + 1);
            plan.round();
            return -1;
        }
        plan.recv(tmp, 0, elements, dense, rank - 1);
        plan.round();
        plan.reduce(op, tmp, 0, acc, 0, count, type);
        return rank >> 1;
    }

    /** The end of the fold: odd ranks below {@code 2 * folded} send {@code elements} of the result to the even one. */
    static void foldOut(final Plan plan, final Object acc, final int offset, final int elements, final TypeMap dense,
        final int folded)
    {
        final int rank = plan.rank;
        if (rank < 2 * folded)
        {
            if ((rank & 1) != 0)
            {
                plan.send(acc, offset, elements, dense, rank - 1);
            }
            else
            {
                plan.recv(acc, offset, elements, dense, rank + 1);
            }
            plan.round();
        }
    }

    /** The rank of the fold's remaining rank {@code newRank}. */
    static int realRank(final int newRank, final int folded)
    {
        return newRank < folded ? newRank * 2 + 1 : newRank + folded;
    }

    /**
     * Recursive halving among the 2^k ranks left after the fold: {@code starts[i]} is the first item of block i
     * ({@code starts[2^k]} the end), and {@code acc} the whole vector. Returns the block this rank then holds
     * fully reduced: {@code newRank}. Needs a commutative operation (partners are not adjacent runs).
     */
    static int reduceScatterByHalving(
        final Plan plan, final Object acc, final Object tmp, final int[] starts, final int newRank,
        final int powerOfTwo, final int folded, final TypeMap type, final ReduceOp op)
    {
        final int size = type.size();
        final TypeMap dense = TypeMap.dense(type.base());
        int low = 0;
        int high = powerOfTwo;
        for (int distance = powerOfTwo >> 1; distance > 0; distance >>= 1)
        {
            final int peer = realRank(newRank ^ distance, folded);
            final int middle = low + distance;
            final boolean lower = (newRank & distance) == 0;
            final int keepFrom = lower ? low : middle;
            final int keepTo = lower ? middle : high;
            final int sendFrom = lower ? middle : low;
            final int sendTo = lower ? high : middle;
            final int keepItems = starts[keepTo] - starts[keepFrom];
            plan.recv(tmp, starts[keepFrom] * size, keepItems * size, dense, peer);
            plan.send(acc, starts[sendFrom] * size, (starts[sendTo] - starts[sendFrom]) * size, dense, peer);
            plan.round();
            plan.reduce(op, tmp, starts[keepFrom] * size, acc, starts[keepFrom] * size, keepItems, type);
            low = keepFrom;
            high = keepTo;
        }
        return low;
    }

    /**
     * The reverse of {@link #reduceScatterByHalving}: starting from block {@code block}, at distance 1, 2, ...
     * a rank swaps its run of blocks with its partner's adjacent run, straight in {@code acc}.
     */
    static void allgatherByDoubling(
        final Plan plan, final Object acc, final int[] starts, final int block, final int newRank,
        final int powerOfTwo, final int folded, final int size, final TypeMap dense)
    {
        int low = block;
        int high = block + 1;
        for (int distance = 1; distance < powerOfTwo; distance <<= 1)
        {
            final int peer = realRank(newRank ^ distance, folded);
            final boolean lower = (newRank & distance) == 0;
            final int theirFrom = lower ? high : low - distance;
            final int theirTo = lower ? high + distance : low;
            plan.recv(acc, starts[theirFrom] * size, (starts[theirTo] - starts[theirFrom]) * size, dense, peer);
            plan.send(acc, starts[low] * size, (starts[high] - starts[low]) * size, dense, peer);
            plan.round();
            low = Math.min(low, theirFrom);
            high = Math.max(high, theirTo);
        }
    }

    /** First item of block {@code i} when {@code count = quotient * p + remainder} items are cut into p blocks. */
    private static int start(final int i, final int quotient, final int remainder)
    {
        return i * quotient + Math.min(i, remainder);
    }
}
