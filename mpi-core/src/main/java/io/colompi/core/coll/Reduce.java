package io.colompi.core.coll;

import io.colompi.core.comm.Communicator;
import io.colompi.core.op.ReduceOp;
import io.colompi.core.pt2pt.SendMode;
import io.colompi.core.type.TypeMap;

/** Reduce algorithms; {@link #toDense} is also the first half of reduce-scatter. */
final class Reduce
{
    private Reduce()
    {
    }

    /**
     * Binomial tree. A commutative operation runs on a tree rooted at {@code root}; any other runs on a tree
     * rooted at rank 0, whose subtrees are runs of consecutive ranks combined lowest first, and the result then
     * goes to {@code root} in one more message (as MPICH does).
     */
    static void binomial(
        final Communicator c,
        final Object sbuf, final int soffset, final Object rbuf, final int roffset,
        final int count, final TypeMap type, final ReduceOp op, final int root, final int tag)
    {
        final int treeRoot = op.commutative() ? root : 0;
        final Object result = toDense(c, sbuf, soffset, count, type, op, treeRoot, tag);
        final int rank = c.rank();
        final int elements = count * type.size();
        if (rank == treeRoot)
        {
            if (treeRoot == root)
            {
                Buffers.unpack(result, 0, rbuf, roffset, type, elements);
            }
            else
            {
                c.send(result, 0, elements, Buffers.dense(type.base()), root, tag, SendMode.STANDARD);
            }
        }
        else if (rank == root)
        {
            c.recv(rbuf, roffset, count, type, treeRoot, tag);
        }
    }

    /**
     * Reduce to {@code treeRoot} over a binomial tree of ranks relative to it and return the result there as a
     * new dense array ({@code null} on other ranks). At the step of bit {@code m} a rank whose relative rank has
     * that bit set sends what it holds — the combination of relative ranks [r, r + m) — to r - m and is done;
     * the others receive r + m's and combine {@code mine op theirs}, keeping relative-rank order. A rank with no
     * children sends its own buffer as it is, without packing it.
     */
    static Object toDense(
        final Communicator c, final Object sbuf, final int soffset, final int count, final TypeMap type,
        final ReduceOp op, final int treeRoot, final int tag)
    {
        final int p = c.size();
        final int relative = (c.rank() - treeRoot + p) % p;
        final int elements = count * type.size();
        final TypeMap dense = Buffers.dense(type.base());
        Object acc = null;
        Object tmp = null;
        for (int mask = 1; mask < p; mask <<= 1)
        {
            if ((relative & mask) != 0)
            {
                final int parent = (relative - mask + treeRoot) % p;
                if (acc == null)
                {
                    c.send(sbuf, soffset, count, type, parent, tag, SendMode.STANDARD);
                }
                else
                {
                    c.send(acc, 0, elements, dense, parent, tag, SendMode.STANDARD);
                }
                return null;
            }
            if (relative + mask < p)
            {
                if (acc == null)
                {
                    acc = Buffers.packed(c.engine(), sbuf, soffset, count, type);
                    tmp = Buffers.allocate(type.base(), elements);
                }
                c.recv(tmp, 0, elements, dense, (relative + mask + treeRoot) % p, tag);
                op.reduce(acc, 0, tmp, 0, count, type);
                final Object combined = tmp;
                tmp = acc;
                acc = combined;
            }
        }
        return acc != null ? acc : Buffers.packed(c.engine(), sbuf, soffset, count, type);
    }
}
