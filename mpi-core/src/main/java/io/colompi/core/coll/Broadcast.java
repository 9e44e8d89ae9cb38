package io.colompi.core.coll;

import io.colompi.core.type.TypeMap;

/** Broadcast algorithms. */
final class Broadcast
{
    private Broadcast()
    {
    }

    /** Run {@code algorithm} ({@link Selection}'s choice). */
    static void run(final Plan plan, final Selection.Algorithm algorithm, final Object buffer, final int offset,
        final int count, final TypeMap type, final int root)
    {
        if (algorithm == Selection.Algorithm.BINOMIAL)
        {
            binomial(plan, buffer, offset, count, type, root);
        }
        else
        {
            scatterRingAllgather(plan, buffer, offset, count, type, root);
        }
    }

    /**
     * Binomial tree over ranks relative to the root: a rank receives from the rank that differs in its lowest set
     * bit, then sends to the ranks below that bit, all at once so large (rendezvous) sends to children overlap.
     * Every hop moves the user's layout directly; no temporaries. ceil(log2 p) steps: the right shape for short
     * messages, where latency dominates.
     */
    static void binomial(
        final Plan plan, final Object buffer, final int offset, final int count, final TypeMap type, final int root)
    {
        final int p = plan.size;
        final int relative = (plan.rank - root + p) % p;
        final int mask = binomialMask(relative, p);
        if (relative != 0)
        {
            plan.recv(buffer, offset, count, type, (relative - mask + root) % p);
            plan.round();
        }
        binomialChildren(plan, buffer, offset, count, type, root, relative, mask);
        plan.round();
    }

    /**
     * The step at which relative rank {@code relative} receives in a binomial tree over {@code p} ranks: its lowest
     * set bit (its parent is {@code relative - mask}); for the root, the first power of two not below p.
     */
    static int binomialMask(final int relative, final int p)
    {
        return relative != 0 ? Integer.lowestOneBit(relative) : p <= 1 ? 1 : Integer.highestOneBit(p - 1) << 1;
    }

    /** Send to the children of relative rank {@code relative} ({@link #binomialMask} {@code mask}), all at once. */
    static void binomialChildren(final Plan plan, final Object buffer, final int offset, final int count,
        final TypeMap type, final int root, final int relative, final int mask)
    {
        final int p = plan.size;
        for (int child = mask >> 1; child > 0; child >>= 1)
        {
            if (relative + child < p)
            {
                plan.send(buffer, offset, count, type, (relative + child + root) % p);
            }
        }
    }

    /**
     * Van de Geijn's long-message broadcast (MPICH's scatter + ring allgather): the message, seen as
     * {@code count * type.size()} elements, is cut into p chunks; a binomial scatter hands chunk i to relative
     * rank i, then a ring allgather passes every chunk round. Each rank sends and receives about twice the
     * message instead of log2 p times: bandwidth-optimal. A contiguous layout is cut in place; any other goes
     * through a dense temporary. Any p.
     */
    static void scatterRingAllgather(
        final Plan plan, final Object buffer, final int offset, final int count, final TypeMap type, final int root)
    {
        final int p = plan.size;
        final int relative = (plan.rank - root + p) % p;
        final int n = count * type.size();
        final TypeMap dense = TypeMap.dense(type.base());
        final boolean inPlace = type.isContiguous();
        final Object data = inPlace ? buffer : plan.scratch(0, type.base(), n);
        final int base = inPlace ? offset : 0;
        if (!inPlace && relative == 0)
        {
            plan.pack(buffer, offset, count, type, data, 0);
        }
        final int chunk = (n + p - 1) / p;

        // binomial scatter: relative rank r ends up with chunks [r, r + subtree), clipped to the message
        int held = relative == 0 ? n : 0;
        int mask = 1;
        while (mask < p)
        {
            if ((relative & mask) != 0)
            {
                held = clip(n, relative, chunk, mask);
                if (held > 0)
                {
                    plan.recv(data, base + relative * chunk, held, dense, (relative - mask + root) % p);
                    plan.round();
                }
                break;
            }
            mask <<= 1;
        }
        for (mask >>= 1; mask > 0; mask >>= 1)
        {
            if (relative + mask < p)
            {
                final int give = held - chunk * mask;
                if (give > 0)
                {
                    plan.send(data, base + (relative + mask) * chunk, give, dense, (relative + mask + root) % p);
                    held -= give;
                }
            }
        }
        plan.round();

        // ring allgather of the chunks
        final int right = (relative + 1) % p;
        final int left = (relative - 1 + p) % p;
        int outgoing = relative;
        int incoming = left;
        for (int step = 1; step < p; step++)
        {
            final int in = clip(n, incoming, chunk, 1);
            final int out = clip(n, outgoing, chunk, 1);
            if (in > 0)
            {
                plan.recv(data, base + incoming * chunk, in, dense, (left + root) % p);
            }
            if (out > 0)
            {
                plan.send(data, base + outgoing * chunk, out, dense, (right + root) % p);
            }
            plan.round();
            outgoing = incoming;
            incoming = (incoming - 1 + p) % p;
        }
        if (!inPlace && relative != 0)
        {
            plan.unpack(data, 0, buffer, offset, type, n);
        }
    }

    /** Elements of {@code chunks} chunks of {@code chunk} starting at chunk {@code first}, within {@code n}. */
    private static int clip(final int n, final int first, final int chunk, final int chunks)
    {
        return (int)Math.max(0, Math.min((long)chunks * chunk, n - (long)first * chunk));
    }
}
