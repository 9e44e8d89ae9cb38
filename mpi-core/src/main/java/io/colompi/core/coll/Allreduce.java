package io.colompi.core.coll;

import io.colompi.core.comm.Communicator;
import io.colompi.core.op.ReduceOp;
import io.colompi.core.pt2pt.SendMode;
import io.colompi.core.type.TypeMap;

/** Allreduce algorithms. */
final class Allreduce
{
    private Allreduce()
    {
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
        final Communicator c,
        final Object sbuf, final int soffset, final Object rbuf, final int roffset,
        final int count, final TypeMap type, final ReduceOp op, final int tag)
    {
        final int p = c.size();
        final int rank = c.rank();
        final int elements = count * type.size();
        final TypeMap dense = Buffers.dense(type.base());
        Object acc = Buffers.packed(c.engine(), sbuf, soffset, count, type);
        Object tmp = Buffers.allocate(type.base(), elements);
        final int powerOfTwo = Integer.highestOneBit(p);
        final int folded = p - powerOfTwo;
        final int newRank;
        if (rank < 2 * folded)
        {
            if ((rank & 1) == 0)
            {
                c.send(acc, 0, elements, dense, rank + 1, tag, SendMode.STANDARD);
                newRank = -1;
            }
            else
            {
                c.recv(tmp, 0, elements, dense, rank - 1, tag);
                op.reduce(tmp, 0, acc, 0, count, type);
                newRank = rank >> 1;
            }
        }
        else
        {
            newRank = rank - folded;
        }
        if (newRank >= 0)
        {
            for (int mask = 1; mask < powerOfTwo; mask <<= 1)
            {
                final int newPeer = newRank ^ mask;
                final int peer = newPeer < folded ? newPeer * 2 + 1 : newPeer + folded;
                Buffers.exchange(c, acc, tmp, elements, dense, peer, tag);
                if (peer < rank)
                {
                    op.reduce(tmp, 0, acc, 0, count, type);
                }
                else
                {
                    op.reduce(acc, 0, tmp, 0, count, type);
                    final Object combined = tmp;
                    tmp = acc;
                    acc = combined;
                }
            }
        }
        if (rank < 2 * folded)
        {
            if ((rank & 1) != 0)
            {
                c.send(acc, 0, elements, dense, rank - 1, tag, SendMode.STANDARD);
            }
            else
            {
                c.recv(acc, 0, elements, dense, rank + 1, tag);
            }
        }
        Buffers.unpack(acc, 0, rbuf, roffset, type, elements);
    }
}
