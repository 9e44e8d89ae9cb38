package io.colompi.core.coll;

import io.colompi.core.type.TypeMap;

/** Gather algorithms (gather is gatherv with equal blocks). */
final class Gather
{
    private Gather()
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
            linear(plan, sbuf, soffset, scount, stype, rbuf, roffset, plan.uniform(0, rcount),
                plan.consecutive(1, rcount), rtype, root);
        }
    }

    /**
     * Gather in place into {@code root}'s {@code buf}: block i holds {@code counts[i]} dense items at
     * {@code displs[i]}, this rank's already there (the JVM leaders' runs). The binomial tree needs equal
     * consecutive blocks ({@link Selection} chooses it only then).
     */
    static void runs(final Plan plan, final Selection.Algorithm algorithm, final Object buf, final int[] counts,
        final int[] displs, final TypeMap dense, final int root)
    {
        final int rank = plan.rank;
        if (algorithm == Selection.Algorithm.BINOMIAL)
        {
            binomial(plan, buf, displs[rank], counts[rank], dense, buf, 0, counts[0], dense, root);
        }
        else
        {
            linear(plan, buf, displs[rank], counts[rank], dense, buf, 0, counts, displs, dense, root);
        }
    }

    /**
     * The root posts a receive per rank straight into that rank's block of the receive layout, then copies its own
     * block locally while the others arrive; the others send once. Posting first lets large (rendezvous) sends
     * complete in any order. Block {@code i} starts {@code displs[i]} extents of {@code rtype} after
     * {@code roffset}.
     */
    static void linear(
        final Plan plan,
        final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int[] rcounts, final int[] displs, final TypeMap rtype,
        final int root)
    {
        final int rank = plan.rank;
        if (rank != root)
        {
            plan.send(sbuf, soffset, scount, stype, root);
            plan.round();
            return;
        }
        final int p = plan.size;
        final int extent = rtype.extent();
        for (int i = 0; i < p; i++)
        {
            if (i != rank)
            {
                plan.recv(rbuf, roffset + displs[i] * extent, rcounts[i], rtype, i);
            }
        }
        plan.copyLocal(sbuf, soffset, scount, stype, rbuf, roffset + displs[rank] * extent, rcounts[rank], rtype);
        plan.round();
    }

    /**
     * Binomial tree over ranks relative to the root (MPICH's): a rank first collects, in a dense temporary in
     * relative-rank order, the blocks of its subtree (relative ranks [r, r + 2^k), k its lowest set bit), then
     * sends them to its parent in one message; a leaf sends straight from its send buffer. ceil(log2 p) steps
     * instead of p - 1 messages into the root: the shape for short blocks. Equal blocks only.
     */
    static void binomial(
        final Plan plan,
        final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int rcount, final TypeMap rtype,
        final int root)
    {
        final int p = plan.size;
        final int relative = (plan.rank - root + p) % p;
        final int block = scount * stype.size();
        final TypeMap dense = TypeMap.dense(stype.base());
        final int lowest = relative == 0 ? Integer.highestOneBit(p - 1) << 1 : Integer.lowestOneBit(relative);
        final int subtree = Math.min(lowest, p - relative);
        if (subtree == 1)
        {
            plan.send(sbuf, soffset, scount, stype, (relative - lowest + root) % p);
            plan.round();
            return;
        }
        final Object tmp = plan.scratch(0, stype.base(), subtree * block);
        plan.pack(sbuf, soffset, scount, stype, tmp, 0);
        for (int mask = 1; mask < lowest && relative + mask < p; mask <<= 1)
        {
            final int blocks = Math.min(mask, p - relative - mask);
            plan.recv(tmp, mask * block, blocks * block, dense, (relative + mask + root) % p);
        }
        plan.round();
        if (relative != 0)
        {
            plan.send(tmp, 0, subtree * block, dense, (relative - lowest + root) % p);
            plan.round();
            return;
        }
        final int rblock = rcount * rtype.extent();
        for (int i = 0; i < p; i++)
        {
            plan.place(tmp, i * block, block, stype.base(), rbuf, roffset + (i + root) % p * rblock, rcount, rtype);
        }
    }
}
