package io.colompi.core.coll;

import io.colompi.core.type.TypeMap;

/** Allgather algorithms (allgather is allgatherv with equal blocks). */
final class Allgather
{
    private Allgather()
    {
    }

    /** Run {@code algorithm} ({@link Selection}'s choice) with equal blocks. */
    static void run(
        final Plan plan, final Selection.Algorithm algorithm,
        final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int rcount, final TypeMap rtype)
    {
        switch (algorithm)
        {
            case RECURSIVE_DOUBLING -> recursiveDoubling(plan, sbuf, soffset, scount, stype, rbuf, roffset, rcount,
                rtype);
            case BRUCK -> bruck(plan, sbuf, soffset, scount, stype, rbuf, roffset, rcount, rtype);
            default -> ring(plan, sbuf, soffset, scount, stype, rbuf, roffset, plan.uniform(0, rcount),
                plan.consecutive(1, rcount), rtype);
        }
    }

    /** Allgather in place, blocks as in {@link Gather#runs}; other than the ring, equal consecutive blocks only. */
    static void runs(final Plan plan, final Selection.Algorithm algorithm, final Object buf, final int[] counts,
        final int[] displs, final TypeMap dense)
    {
        final int rank = plan.rank;
        if (algorithm == Selection.Algorithm.RING)
        {
            ring(plan, buf, displs[rank], counts[rank], dense, buf, 0, counts, displs, dense);
        }
        else
        {
            run(plan, algorithm, buf, displs[rank], counts[rank], dense, buf, 0, counts[0], dense);
        }
    }

    /**
     * Ring: in each of p - 1 steps a rank passes a block to its right neighbour while receiving the next one from
     * its left: first its own block straight from the send buffer, then the block it received last, straight
     * from its receive layout. Every rank sends and receives each block once: bandwidth-optimal, p - 1
     * latencies. The own block is copied into place last. Any p, any block sizes.
     */
    static void ring(
        final Plan plan,
        final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int[] rcounts, final int[] displs, final TypeMap rtype)
    {
        final int p = plan.size;
        final int rank = plan.rank;
        final int extent = rtype.extent();
        final int right = (rank + 1) % p;
        final int left = (rank - 1 + p) % p;
        for (int step = 0; step < p - 1; step++)
        {
            final int incoming = (rank - step - 1 + p) % p;
            plan.recv(rbuf, roffset + displs[incoming] * extent, rcounts[incoming], rtype, left);
            if (step == 0)
            {
                plan.send(sbuf, soffset, scount, stype, right);
            }
            else
            {
                final int outgoing = (rank - step + p) % p;
                plan.send(rbuf, roffset + displs[outgoing] * extent, rcounts[outgoing], rtype, right);
            }
            plan.round();
        }
        plan.copyLocal(sbuf, soffset, scount, stype, rbuf, roffset + displs[rank] * extent, rcounts[rank], rtype);
    }

    /**
     * Linear: one round in which a rank sends its block to every other and receives every other's; p - 1 messages
     * each way at once, one latency where the ring takes p - 1. Any p, any block sizes.
     */
    static void linear(
        final Plan plan,
        final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int[] rcounts, final int[] displs, final TypeMap rtype)
    {
        final int p = plan.size;
        final int rank = plan.rank;
        final int extent = rtype.extent();
        for (int step = 1; step < p; step++)
        {
            final int from = (rank - step + p) % p;
            plan.recv(rbuf, roffset + displs[from] * extent, rcounts[from], rtype, from);
        }
        for (int step = 1; step < p; step++)
        {
            plan.send(sbuf, soffset, scount, stype, (rank + step) % p);
        }
        plan.round();
        plan.copyLocal(sbuf, soffset, scount, stype, rbuf, roffset + displs[rank] * extent, rcounts[rank], rtype);
    }

    /**
     * Recursive doubling (p a power of two): at distance 2^k a rank swaps with {@code rank xor 2^k} the 2^k
     * blocks it holds, an aligned run that is one message of {@code 2^k * rcount} items of the receive layout.
     * log2 p steps. The own block is copied into place first (a local error is raised at the end).
     */
    static void recursiveDoubling(
        final Plan plan,
        final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int rcount, final TypeMap rtype)
    {
        final int p = plan.size;
        final int rank = plan.rank;
        final int blockExtent = rcount * rtype.extent();
        plan.copyLocal(sbuf, soffset, scount, stype, rbuf, roffset + rank * blockExtent, rcount, rtype);
        for (int mask = 1; mask < p; mask <<= 1)
        {
            final int peer = rank ^ mask;
            final int mine = rank & -mask;
            final int theirs = peer & -mask;
            plan.recv(rbuf, roffset + theirs * blockExtent, mask * rcount, rtype, peer);
            plan.send(rbuf, roffset + mine * blockExtent, mask * rcount, rtype, peer);
            plan.round();
        }
    }

    /**
     * Bruck's algorithm, any p: blocks are gathered in a dense temporary rotated so that this rank's block is
     * first; at distance 2^k a rank sends the first min(2^k, p - 2^k) blocks it holds to rank - 2^k and appends
     * those of rank + 2^k; after ceil(log2 p) steps it holds all p, which a final rotation puts in place.
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
        final Object tmp = plan.scratch(0, stype.base(), p * block);
        plan.pack(sbuf, soffset, scount, stype, tmp, 0);
        for (int distance = 1; distance < p; distance <<= 1)
        {
            final int blocks = Math.min(distance, p - distance);
            plan.recv(tmp, distance * block, blocks * block, dense, (rank + distance) % p);
            plan.send(tmp, 0, blocks * block, dense, (rank - distance + p) % p);
            plan.round();
        }
        final int blockExtent = rcount * rtype.extent();
        for (int i = 0; i < p; i++)
        {
            // tmp block i is rank (rank + i) % p's
            plan.place(tmp, i * block, block, stype.base(), rbuf, roffset + (rank + i) % p * blockExtent, rcount,
                rtype);
        }
    }
}
