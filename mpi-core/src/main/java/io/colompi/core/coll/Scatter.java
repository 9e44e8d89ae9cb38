package io.colompi.core.coll;

import io.colompi.core.type.BaseType;
import io.colompi.core.type.TypeMap;

/** Scatter algorithms (scatter is scatterv with equal blocks). */
final class Scatter
{
    private Scatter()
    {
    }

    /** Run {@code algorithm} ({@link Selection}'s choice) with equal blocks. */
    static void run(
        final Plan plan, final Selection.Algorithm algorithm,
        final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int rcount, final TypeMap rtype,
        final int root)
    {
        if (algorithm == Selection.Algorithm.BINOMIAL)
        {
            binomial(plan, sbuf, soffset, scount, stype, rbuf, roffset, rcount, rtype, root);
        }
        else
        {
            linear(plan, sbuf, soffset, plan.uniform(0, scount), plan.consecutive(1, scount), stype,
                rbuf, roffset, rcount, rtype, root);
        }
    }

    /** Scatter in place from {@code root}'s {@code buf}, blocks as in {@link Gather#runs}. */
    static void runs(final Plan plan, final Selection.Algorithm algorithm, final Object buf, final int[] counts,
        final int[] displs, final TypeMap dense, final int root)
    {
        final int rank = plan.rank;
        if (algorithm == Selection.Algorithm.BINOMIAL)
        {
            binomial(plan, buf, 0, counts[0], dense, buf, displs[rank], counts[rank], dense, root);
        }
        else
        {
            linear(plan, buf, 0, counts, displs, dense, buf, displs[rank], counts[rank], dense, root);
        }
    }

    /**
     * The root starts a send per rank straight from that rank's block of the send layout, copies its own block
     * locally, then waits for all; the others receive once. Block {@code i} starts {@code displs[i]} extents of
     * {@code stype} after {@code soffset}.
     */
    static void linear(
        final Plan plan,
        final Object sbuf, final int soffset, final int[] scounts, final int[] displs, final TypeMap stype,
        final Object rbuf, final int roffset, final int rcount, final TypeMap rtype,
        final int root)
    {
        final int rank = plan.rank;
        if (rank != root)
        {
            plan.recv(rbuf, roffset, rcount, rtype, root);
            plan.round();
            return;
        }
        final int p = plan.size;
        final int extent = stype.extent();
        for (int i = 0; i < p; i++)
        {
            if (i != rank)
            {
                plan.send(sbuf, soffset + displs[i] * extent, scounts[i], stype, i);
            }
        }
        plan.copyLocal(sbuf, soffset + displs[rank] * extent, scounts[rank], stype, rbuf, roffset, rcount, rtype);
        plan.round();
    }

    /**
     * Binomial tree over ranks relative to the root (MPICH's): the root packs the blocks in relative-rank order
     * into a dense temporary and sends each child the run of blocks of its subtree in one message; inner ranks
     * receive their subtree's run and pass it on the same way; leaves receive straight into their layout.
     * ceil(log2 p) steps: the shape for short blocks. Equal blocks only.
     */
    static void binomial(
        final Plan plan,
        final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int rcount, final TypeMap rtype,
        final int root)
    {
        final int p = plan.size;
        final int relative = (plan.rank - root + p) % p;
        final boolean isRoot = relative == 0;
        final BaseType base = isRoot ? stype.base() : rtype.base();
        final int block = isRoot ? scount * stype.size() : rcount * rtype.size();
        final TypeMap dense = TypeMap.dense(base);
        final int lowest = isRoot ? Integer.highestOneBit(p - 1) << 1 : Integer.lowestOneBit(relative);
        final int subtree = Math.min(lowest, p - relative);
        final int parent = (relative - lowest + root) % p;
        if (subtree == 1)
        {
            plan.recv(rbuf, roffset, rcount, rtype, parent);
            plan.round();
            return;
        }
        final Object tmp = plan.scratch(0, base, subtree * block);
        if (isRoot)
        {
            final int sblock = scount * stype.extent();
            for (int i = 0; i < p; i++)
            {
                plan.pack(sbuf, soffset + (i + root) % p * sblock, scount, stype, tmp, i * block);
            }
        }
        else
        {
            plan.recv(tmp, 0, subtree * block, dense, parent);
            plan.round();
        }
        for (int mask = lowest >> 1; mask > 0; mask >>= 1)
        {
            if (relative + mask < p)
            {
                final int blocks = Math.min(mask, p - relative - mask);
                plan.send(tmp, mask * block, blocks * block, dense, (relative + mask + root) % p);
            }
        }
        plan.place(tmp, 0, block, base, rbuf, roffset, rcount, rtype);
        plan.round();
    }
}
