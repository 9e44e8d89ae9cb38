package io.colompi.core.coll;

import io.colompi.core.comm.Communicator;
import io.colompi.core.comm.Neighbourhood;
import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;
import io.colompi.core.op.ReduceOp;
import io.colompi.core.type.TypeMap;

/**
 * The argument checks of each collective, run on every rank before any message moves, so a bad root, count or
 * buffer fails on all ranks instead of as a hang. Arguments MPI calls significant only at the root are checked
 * only there; where the root is a sink (gather, reduce; exscan's ranks above 0) their error is returned instead of
 * thrown, for the root to take part with a scratch in their place before it raises it ({@link Collectives}): the
 * other ranks, which cannot know, neither wait for it nor leave messages its next collective would take as its own.
 * Where the root is the source (scatter) or cannot size a scratch (gatherv without usable counts), the root's later
 * collectives on the communicator fail instead ({@link CollectiveState#failedAtRoot}), rather than send what the
 * others would take for the failed call's or take what they sent for it; a blocking call is logged as failed, so
 * that the others, who wait in it, fail too.
 */
final class CollectiveArguments
{
    private static final String RANK = "rank";
    private static final String NEIGHBOUR = "neighbour";

    private CollectiveArguments()
    {
    }

    static void bcast(final Communicator c, final Object buf, final int offset, final int count,
        final TypeMap type, final int root)
    {
        rootInRange(c, root);
        nonNegative("count", count);
        Buffers.check("buffer", buf, offset, count, type);
    }

    /** Returns the error of the root's receive side (null if none). */
    static MpiError gather(
        final Communicator c,
        final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int rcount, final TypeMap rtype,
        final int root)
    {
        rootInRange(c, root);
        side(Side.SEND, sbuf, soffset, scount, 1, stype);
        if (c.rank() != root)
        {
            return null;
        }
        try
        {
            side(Side.RECEIVE, rbuf, roffset, rcount, c.size(), rtype);
            return null;
        }
        catch (final MpiError e)
        {
            return e;
        }
    }

    /** Returns the error of the root's receive side (null if none). */
    static MpiError gatherv(
        final Communicator c,
        final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int[] rcounts, final int[] displs, final TypeMap rtype,
        final int root)
    {
        rootInRange(c, root);
        side(Side.SEND, sbuf, soffset, scount, 1, stype);
        if (c.rank() != root)
        {
            return null;
        }
        try
        {
            blocks(c, "receive", rbuf, roffset, rcounts, displs, rtype);
            return null;
        }
        catch (final MpiError e)
        {
            return e;
        }
    }

    /** Returns the error of the root's send side (null if none). */
    static MpiError scatter(
        final Communicator c,
        final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int rcount, final TypeMap rtype,
        final int root)
    {
        rootInRange(c, root);
        side(Side.RECEIVE, rbuf, roffset, rcount, 1, rtype);
        if (c.rank() != root)
        {
            return null;
        }
        try
        {
            side(Side.SEND, sbuf, soffset, scount, c.size(), stype);
            return null;
        }
        catch (final MpiError e)
        {
            return e;
        }
    }

    /** Returns the error of the root's send side (null if none). */
    static MpiError scatterv(
        final Communicator c,
        final Object sbuf, final int soffset, final int[] scounts, final int[] displs, final TypeMap stype,
        final Object rbuf, final int roffset, final int rcount, final TypeMap rtype,
        final int root)
    {
        rootInRange(c, root);
        side(Side.RECEIVE, rbuf, roffset, rcount, 1, rtype);
        if (c.rank() != root)
        {
            return null;
        }
        try
        {
            blocks(c, "send", sbuf, soffset, scounts, displs, stype);
            return null;
        }
        catch (final MpiError e)
        {
            return e;
        }
    }

    static void allgather(
        final Communicator c,
        final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int rcount, final TypeMap rtype)
    {
        side(Side.SEND, sbuf, soffset, scount, 1, stype);
        side(Side.RECEIVE, rbuf, roffset, rcount, c.size(), rtype);
    }

    static void allgatherv(
        final Communicator c,
        final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int[] rcounts, final int[] displs, final TypeMap rtype)
    {
        side(Side.SEND, sbuf, soffset, scount, 1, stype);
        blocks(c, "receive", rbuf, roffset, rcounts, displs, rtype);
    }

    static void alltoall(
        final Communicator c,
        final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int rcount, final TypeMap rtype)
    {
        side(Side.SEND, sbuf, soffset, scount, c.size(), stype);
        side(Side.RECEIVE, rbuf, roffset, rcount, c.size(), rtype);
    }

    static void alltoallv(
        final Communicator c,
        final Object sbuf, final int soffset, final int[] scounts, final int[] sdispls, final TypeMap stype,
        final Object rbuf, final int roffset, final int[] rcounts, final int[] rdispls, final TypeMap rtype)
    {
        blocks(c, "send", sbuf, soffset, scounts, sdispls, stype);
        blocks(c, "receive", rbuf, roffset, rcounts, rdispls, rtype);
    }

    /**
     * An alltoallw: a block, its count, displacement (in elements) and type, per rank and side (per rank of the
     * other group, on an intercommunicator).
     */
    static void alltoallw(
        final Communicator c,
        final Object sbuf, final int[] scounts, final int[] sdispls, final TypeMap[] stypes,
        final Object rbuf, final int[] rcounts, final int[] rdispls, final TypeMap[] rtypes)
    {
        typedBlocks(c, "send", sbuf, scounts, sdispls, stypes);
        typedBlocks(c, "receive", rbuf, rcounts, rdispls, rtypes);
    }

    private static void typedBlocks(
        final Communicator c, final String side, final Object buffer, final int[] counts, final int[] displs,
        final TypeMap[] types)
    {
        final int n = c.isInter() ? c.remoteSize() : c.size();
        entryPer(RANK, side, " counts", counts, n);
        entryPer(RANK, side, " displacements", displs, n);
        if (types == null || types.length < n)
        {
            throw new MpiError(ErrorClass.ARG, "the " + side + " types must have an entry per rank (" + n + "), not " +
                (types == null ? "null" : types.length));
        }
        for (int i = 0; i < n; i++)
        {
            if (counts[i] < 0)
            {
                nonNegative(side + " count for " + RANK + " " + i, counts[i]);
            }
            if (types[i] == null)
            {
                throw new MpiError(ErrorClass.TYPE, "the " + side + " type for rank " + i + " is null");
            }
            Buffers.checkBlock(side, RANK, i, buffer, displs[i], counts[i], types[i]);
        }
    }

    /** Returns the error of the root's receive buffer (null if none). */
    static MpiError reduce(
        final Communicator c, final Object sbuf, final int soffset, final Object rbuf, final int roffset,
        final int count, final TypeMap type, final ReduceOp op, final int root)
    {
        rootInRange(c, root);
        reduction(count, type, op);
        Buffers.check("send buffer", sbuf, soffset, count, type);
        if (c.rank() != root)
        {
            return null;
        }
        try
        {
            Buffers.check("receive buffer", rbuf, roffset, count, type);
            return null;
        }
        catch (final MpiError e)
        {
            return e;
        }
    }

    /** Allreduce and scan: every rank sends and receives. */
    static void allreduce(
        final Object sbuf, final int soffset, final Object rbuf, final int roffset,
        final int count, final TypeMap type, final ReduceOp op)
    {
        reduction(count, type, op);
        Buffers.check("send buffer", sbuf, soffset, count, type);
        Buffers.check("receive buffer", rbuf, roffset, count, type);
    }

    /** Returns the error of the receive buffer of a rank above 0 (null if none). */
    static MpiError exscan(
        final Communicator c, final Object sbuf, final int soffset, final Object rbuf, final int roffset,
        final int count, final TypeMap type, final ReduceOp op)
    {
        reduction(count, type, op);
        Buffers.check("send buffer", sbuf, soffset, count, type);
        if (c.rank() == 0)
        {
            return null;
        }
        try
        {
            Buffers.check("receive buffer", rbuf, roffset, count, type);
            return null;
        }
        catch (final MpiError e)
        {
            return e;
        }
    }

    /** Throw {@code rootOnly}, if any: a nonblocking collective refuses bad root arguments before it starts. */
    static void raise(final MpiError rootOnly)
    {
        if (rootOnly != null)
        {
            throw rootOnly;
        }
    }

    /** Whether {@code counts} has a non-negative count for each of {@code n} ranks: a v-collective can use them. */
    static boolean usable(final int[] counts, final int n)
    {
        if (counts == null || counts.length < n)
        {
            return false;
        }
        for (int i = 0; i < n; i++)
        {
            if (counts[i] < 0)
            {
                return false;
            }
        }
        return true;
    }

    /** Returns the total count. */
    static int reduceScatter(
        final Communicator c, final Object sbuf, final int soffset, final Object rbuf, final int roffset,
        final int[] rcounts, final TypeMap type, final ReduceOp op)
    {
        entryPer(RANK, "receive", " counts", rcounts, c.size());
        long total = 0;
        for (int r = 0; r < c.size(); r++)
        {
            nonNegative("receive count", rcounts[r]);
            total += rcounts[r];
        }
        if (total * Math.max(1, type.size()) > Integer.MAX_VALUE)
        {
            throw new MpiError(ErrorClass.COUNT, "reduce-scatter of " + total + " items of " + type +
                " exceeds the largest array");
        }
        reduction((int)total, type, op);
        Buffers.check("send buffer", sbuf, soffset, (int)total, type);
        Buffers.check("receive buffer", rbuf, roffset, rcounts[c.rank()], type);
        return (int)total;
    }

    private static void rootInRange(final Communicator c, final int root)
    {
        if (root < 0 || root >= c.size())
        {
            throw new MpiError(ErrorClass.ROOT, "invalid root " + root + ": communicator has " + c.size() + " ranks");
        }
    }

    private static void nonNegative(final String what, final int count)
    {
        if (count < 0)
        {
            throw new MpiError(ErrorClass.COUNT, what + " must not be negative: " + count);
        }
    }

    /**
     * MPJ Express reads the first {@code n} entries of a longer array; only a shorter one is an error, naming the
     * array as {@code side} and {@code what} (joined only then: a check that passes builds no text).
     */
    private static void entryPer(final String unit, final String side, final String what, final int[] array,
        final int n)
    {
        if (array == null || array.length < n)
        {
            throw new MpiError(ErrorClass.ARG, side + what + " must have an entry per " + unit + " (" + n + "), got " +
                (array == null ? "null" : array.length + " entries"));
        }
    }

    /** One side of a collective: {@code blocks} blocks of {@code count} items of {@code type} in {@code buffer}. */
    private static void side(final Side side, final Object buffer, final int offset, final int count,
        final int blocks, final TypeMap type)
    {
        nonNegative(side.count, count);
        Buffers.check(side.buffer, buffer, offset, count * blocks, type);
    }

    /** A side of a collective and what its errors call its count and buffer: made once, so a check builds no text. */
    private enum Side
    {
        SEND("send"),
        RECEIVE("receive");

        final String count;
        final String buffer;

        Side(final String name)
        {
            this.count = name + " count";
            this.buffer = name + " buffer";
        }
    }

    /** Counts and displacements of a v-collective side, and that every block lies inside its buffer. */
    private static void blocks(
        final Communicator c, final String side, final Object buffer, final int offset, final int[] counts,
        final int[] displs, final TypeMap type)
    {
        blocks(RANK, c.size(), side, buffer, offset, counts, displs, type);
    }

    /** As above for {@code n} blocks, one per {@code unit} (a rank or a neighbour). */
    private static void blocks(
        final String unit, final int n, final String side, final Object buffer, final int offset, final int[] counts,
        final int[] displs, final TypeMap type)
    {
        entryPer(unit, side, " counts", counts, n);
        entryPer(unit, side, " displacements", displs, n);
        for (int i = 0; i < n; i++)
        {
            if (counts[i] < 0)
            {
                nonNegative(side + " count for " + unit + " " + i, counts[i]);
            }
            Buffers.checkBlock(side, unit, i, buffer, offset + displs[i] * type.extent(), counts[i], type);
        }
    }

    /** A neighbourhood allgather(v): one send block; a receive block per source ({@code rcounts} null: uniform). */
    static void neighbourAllgather(
        final Neighbourhood neighbours, final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int rcount, final int[] rcounts, final int[] rdispls,
        final TypeMap rtype)
    {
        side(Side.SEND, sbuf, soffset, scount, 1, stype);
        receiveBlocks(neighbours, rbuf, roffset, rcount, rcounts, rdispls, rtype);
    }

    /** A neighbourhood alltoall(v): a block per destination and per source ({@code scounts} null: uniform). */
    static void neighbourAlltoall(
        final Neighbourhood neighbours,
        final Object sbuf, final int soffset, final int scount, final int[] scounts, final int[] sdispls,
        final TypeMap stype,
        final Object rbuf, final int roffset, final int rcount, final int[] rcounts, final int[] rdispls,
        final TypeMap rtype)
    {
        if (scounts == null)
        {
            side(Side.SEND, sbuf, soffset, scount, neighbours.outdegree(), stype);
        }
        else
        {
            blocks(NEIGHBOUR, neighbours.outdegree(), "send", sbuf, soffset, scounts, sdispls, stype);
        }
        receiveBlocks(neighbours, rbuf, roffset, rcount, rcounts, rdispls, rtype);
    }

    /** A neighbourhood allgatherv: {@link #neighbourAllgather}, where null counts would mean uniform blocks. */
    static void neighbourAllgatherv(
        final Neighbourhood neighbours, final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int[] rcounts, final int[] rdispls, final TypeMap rtype)
    {
        entryPer(NEIGHBOUR, "receive", " counts", rcounts, neighbours.indegree());
        neighbourAllgather(neighbours, sbuf, soffset, scount, stype, rbuf, roffset, 0, rcounts, rdispls, rtype);
    }

    /** A neighbourhood alltoallv: {@link #neighbourAlltoall}, where null counts would mean uniform blocks. */
    static void neighbourAlltoallv(
        final Neighbourhood neighbours,
        final Object sbuf, final int soffset, final int[] scounts, final int[] sdispls, final TypeMap stype,
        final Object rbuf, final int roffset, final int[] rcounts, final int[] rdispls, final TypeMap rtype)
    {
        entryPer(NEIGHBOUR, "send", " counts", scounts, neighbours.outdegree());
        entryPer(NEIGHBOUR, "receive", " counts", rcounts, neighbours.indegree());
        neighbourAlltoall(neighbours, sbuf, soffset, 0, scounts, sdispls, stype, rbuf, roffset, 0, rcounts, rdispls,
            rtype);
    }

    private static void receiveBlocks(
        final Neighbourhood neighbours, final Object rbuf, final int roffset, final int rcount, final int[] rcounts,
        final int[] rdispls, final TypeMap rtype)
    {
        if (rcounts == null)
        {
            side(Side.RECEIVE, rbuf, roffset, rcount, neighbours.indegree(), rtype);
        }
        else
        {
            blocks(NEIGHBOUR, neighbours.indegree(), "receive", rbuf, roffset, rcounts, rdispls, rtype);
        }
    }

    private static void reduction(final int count, final TypeMap type, final ReduceOp op)
    {
        nonNegative("count", count);
        MpiError.nonNull(type, ErrorClass.TYPE, "datatype");
        if (op == null)
        {
            throw new MpiError(ErrorClass.OP, "reduction operation is null");
        }
        op.check(type);
    }
}
