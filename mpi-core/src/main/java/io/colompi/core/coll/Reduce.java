package io.colompi.core.coll;

import io.colompi.core.op.ReduceOp;
import io.colompi.core.type.TypeMap;

/** Reduce algorithms; {@link #toDense} is also the first half of reduce-scatter for other than commutative ops. */
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
        final Plan plan,
        final Object sbuf, final int soffset, final Object rbuf, final int roffset,
        final int count, final TypeMap type, final ReduceOp op, final int root)
    {
        final int treeRoot = op.commutative() ? root : 0;
        final Object result = toDense(plan, sbuf, soffset, count, type, op, treeRoot);
        final int rank = plan.rank;
        final int elements = count * type.size();
        if (rank == treeRoot)
        {
            if (treeRoot == root)
            {
                plan.unpack(result, 0, rbuf, roffset, type, elements);
            }
            else
            {
                plan.send(result, 0, elements, TypeMap.dense(type.base()), root);
                plan.round();
            }
        }
        else if (rank == root)
        {
            plan.recv(rbuf, roffset, count, type, treeRoot);
            plan.round();
        }
    }

    /**
     * Reduce to {@code treeRoot} over a binomial tree of ranks relative to it and return the dense temporary
     * (scratch slot 0 or 1) that holds the result there once the plan has run; null on other ranks. At the step
     * of bit {@code m} a rank whose relative rank has that bit set sends what it holds — the combination of
     * relative ranks [r, r + m) — to r - m and is done; the others receive r + m's and combine
     * {@code mine op theirs}, keeping relative-rank order. A rank with no children sends its own buffer as it
     * is, without packing it.
     */
    static Object toDense(
        final Plan plan, final Object sbuf, final int soffset, final int count, final TypeMap type,
        final ReduceOp op, final int treeRoot)
    {
        final int p = plan.size;
        final int relative = (plan.rank - treeRoot + p) % p;
        final int elements = count * type.size();
        final TypeMap dense = TypeMap.dense(type.base());
        Object acc = null;
        Object tmp = null;
        for (int mask = 1; mask < p; mask <<= 1)
        {
            if ((relative & mask) != 0)
            {
                final int parent = (relative - mask + treeRoot) % p;
                if (acc == null)
                {
                    plan.send(sbuf, soffset, count, type, parent);
                }
                else
                {
                    plan.send(acc, 0, elements, dense, parent);
                }
                plan.round();
                return null;
            }
            if (relative + mask < p)
            {
                if (acc == null)
                {
                    acc = plan.scratch(0, type.base(), elements);
                    tmp = plan.scratch(1, type.base(), elements);
                    plan.pack(sbuf, soffset, count, type, acc, 0);
                }
                plan.recv(tmp, 0, elements, dense, (relative + mask + treeRoot) % p);
                plan.round();
                plan.reduce(op, acc, 0, tmp, 0, count, type);
                final Object combined = tmp;
                tmp = acc;
                acc = combined;
            }
        }
        if (acc == null)
        {
            acc = plan.scratch(0, type.base(), elements);
            plan.pack(sbuf, soffset, count, type, acc, 0);
        }
        return acc;
    }
}
