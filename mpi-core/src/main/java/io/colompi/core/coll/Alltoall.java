package io.colompi.core.coll;

import io.colompi.core.type.TypeMap;

/** All-to-all algorithms (alltoall is alltoallv with equal blocks). */
final class Alltoall
{
    private Alltoall()
    {
    }

    /** Run {@code algorithm} ({@link Selection}'s choice) with equal blocks. */
    static void run(
        final Plan plan, final Selection.Algorithm algorithm,
        final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int rcount, final TypeMap rtype)
    {
        if (algorithm == Selection.Algorithm.BRUCK)
        {
            bruck(plan, sbuf, soffset, scount, stype, rbuf, roffset, rcount, rtype);
        }
        else if (algorithm == Selection.Algorithm.LINEAR)
        {
            linear(plan, sbuf, soffset, plan.uniform(0, scount), plan.consecutive(1, scount), stype,
                rbuf, roffset, plan.uniform(2, rcount), plan.consecutive(3, rcount), rtype);
        }
        else
        {
            pairwise(plan, sbuf, soffset, plan.uniform(0, scount), plan.consecutive(1, scount), stype,
                rbuf, roffset, plan.uniform(2, rcount), plan.consecutive(3, rcount), rtype);
        }
    }

    /**
     * Pairwise exchange: in step k a rank sends its block for rank + k while receiving rank - k's block for it,
     * so every rank talks to one peer at a time and no rank is flooded. p - 1 steps, each block moved once: the
     * shape for long blocks. The own block is a local copy, made last. Any p. Send block {@code i} starts
     * {@code sdispls[i]} extents of {@code stype} after {@code soffset}; receive blocks likewise.
     */
    static void pairwise(
        final Plan plan,
        final Object sbuf, final int soffset, final int[] scounts, final int[] sdispls, final TypeMap stype,
        final Object rbuf, final int roffset, final int[] rcounts, final int[] rdispls, final TypeMap rtype)
    {
        exchange(plan, false, sbuf, soffset, scounts, sdispls, stype, rbuf, roffset, rcounts, rdispls, rtype);
    }

    /**
     * Linear: the pairwise exchange's messages in one round, every receive and every send (to rank + 1, rank + 2,
     * ..., so that the ranks do not all send to one first) at once: one latency where pairwise takes p - 1.
     */
    static void linear(
        final Plan plan,
        final Object sbuf, final int soffset, final int[] scounts, final int[] sdispls, final TypeMap stype,
        final Object rbuf, final int roffset, final int[] rcounts, final int[] rdispls, final TypeMap rtype)
    {
        exchange(plan, true, sbuf, soffset, scounts, sdispls, stype, rbuf, roffset, rcounts, rdispls, rtype);
    }

    /** {@link #linear} with a type per block ({@code MPI_ALLTOALLW}), displacements in elements. */
    static void typed(
        final Plan plan,
        final Object sbuf, final int[] scounts, final int[] sdispls, final TypeMap[] stypes,
        final Object rbuf, final int[] rcounts, final int[] rdispls, final TypeMap[] rtypes)
    {
        final int p = plan.size;
        final int rank = plan.rank;
        for (int step = 1; step < p; step++)
        {
            final int to = (rank + step) % p;
            final int from = (rank - step + p) % p;
            plan.recv(rbuf, rdispls[from], rcounts[from], rtypes[from], from);
            plan.send(sbuf, sdispls[to], scounts[to], stypes[to], to);
        }
        plan.round();
        plan.copyLocal(sbuf, sdispls[rank], scounts[rank], stypes[rank], rbuf, rdispls[rank], rcounts[rank],
            rtypes[rank]);
    }

    private static void exchange(
        final Plan plan, final boolean oneRound,
        final Object sbuf, final int soffset, final int[] scounts, final int[] sdispls, final TypeMap stype,
        final Object rbuf, final int roffset, final int[] rcounts, final int[] rdispls, final TypeMap rtype)
    {
        final int p = plan.size;
        final int rank = plan.rank;
        final int sextent = stype.extent();
        final int rextent = rtype.extent();
        for (int step = 1; step < p; step++)
        {
            final int to = (rank + step) % p;
            final int from = (rank - step + p) % p;
            plan.recv(rbuf, roffset + rdispls[from] * rextent, rcounts[from], rtype, from);
            plan.send(sbuf, soffset + sdispls[to] * sextent, scounts[to], stype, to);
            if (!oneRound || step == p - 1)
            {
                plan.round();
            }
        }
        plan.copyLocal(sbuf, soffset + sdispls[rank] * sextent, scounts[rank], stype,
            rbuf, roffset + rdispls[rank] * rextent, rcounts[rank], rtype);
    }

    /**
     * Bruck's algorithm for short equal blocks: the send blocks are packed rotated (block i is the one for
     * rank + i); at distance 2^k every rank sends the blocks whose index has bit k set to rank + 2^k, in one
     * message, and puts those from rank - 2^k in their place; after ceil(log2 p) steps block i holds what rank
     * - i sent this rank. ceil(log2 p) messages instead of p - 1, each about half the data.
     */
    static void bruck(
        final Plan plan,
        final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int rcount, final TypeMap rtype)
    {
        final int p = plan.size;
        final int rank = plan.rank;
        final int block = scount * stype.size();
        final TypeMap dense = TypeMap.dense(stype.base());
        int widest = 0;
        for (int distance = 1; distance < p; distance <<= 1)
        {
            widest = Math.max(widest, moved(p, distance));
        }
        final Object tmp = plan.scratch(0, stype.base(), p * block);
        final Object out = plan.scratch(1, stype.base(), widest * block);
        final Object in = plan.scratch(2, stype.base(), widest * block);
        final int sblock = scount * stype.extent();
        for (int i = 0; i < p; i++)
        {
            plan.pack(sbuf, soffset + (rank + i) % p * sblock, scount, stype, tmp, i * block);
        }
        for (int distance = 1; distance < p; distance <<= 1)
        {
            int k = 0;
            for (int i = distance; i < p; i++)
            {
                if ((i & distance) != 0)
                {
                    plan.copy(tmp, i * block, out, k++ * block, block);
                }
            }
            plan.recv(in, 0, k * block, dense, (rank - distance + p) % p);
            plan.send(out, 0, k * block, dense, (rank + distance) % p);
            plan.round();
            k = 0;
            for (int i = distance; i < p; i++)
            {
                if ((i & distance) != 0)
                {
                    plan.copy(in, k++ * block, tmp, i * block, block);
                }
            }
        }
        final int rblock = rcount * rtype.extent();
        for (int i = 0; i < p; i++)
        {
            plan.place(tmp, i * block, block, stype.base(), rbuf, roffset + (rank - i + p) % p * rblock, rcount, rtype);
        }
    }

    /** How many of the block indices 0..p-1 have bit {@code distance} set. */
    private static int moved(final int p, final int distance)
    {
        int k = 0;
        for (int i = distance; i < p; i++)
        {
            if ((i & distance) != 0)
            {
                k++;
            }
        }
        return k;
    }
}
