package io.colompi.core.coll;

import io.colompi.core.comm.Communicator;
import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;
import io.colompi.core.op.ReduceOp;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.TypeMap;

import java.util.Arrays;

/**
 * The collective operations of an intracommunicator, as the {@code mpi} facade calls them. Buffers are
 * {@code (array, offset, count, datatype)} as in mpiJava; counts are in items, displacements in extents of the
 * datatype of their side; arguments that MPI calls significant only at the root are only read there.
 *
 * <p>Each call checks its arguments on every rank before any message moves (so a bad root or count fails on all
 * ranks, not as a hang), then picks an algorithm from the family classes ({@link Broadcast}, {@link Reduce},
 * ...) and runs it on {@link Communicator#collective()}: this class is the one place where algorithms are
 * chosen per call, today one per family, later by message size, np and placement.
 *
 * <p>{@code MPI.OBJECT} buffers travel serialized; a rank's contribution to itself is serialized and
 * deserialized too, so objects a rank receives are always copies, wherever they came from. Reductions pack
 * derived layouts into dense temporaries, combine, and unpack; operations are applied in rank order unless
 * {@link ReduceOp#commutative()}, so a non-commutative operation yields {@code x0 op x1 op ... op x(p-1)}.
 * The reductions read a rank's send buffer before they write its receive buffer, so both may be the same
 * array region: that is how the facade can offer {@code MPI.IN_PLACE}.
 */
public final class Collectives
{
    /**
     * {@code -Dcolompi.coll.reproducible=true}: reductions combine in an order fixed by rank and size alone,
     * so floating-point results do not depend on placement or timing.
     */
    public static final boolean REPRODUCIBLE = Boolean.getBoolean("colompi.coll.reproducible");

    private Collectives()
    {
    }

    /** Returns once every rank of {@code comm} has entered the barrier. */
    public static void barrier(final Communicator comm)
    {
        final Communicator c = collective(comm);
        if (shareJvms(c))
        {
            Hierarchical.barrier(c);
            return;
        }
        Barrier.dissemination(c, CollectiveTag.BARRIER);
    }

    /** The root's {@code count} items of {@code type} at {@code offset} end up in every rank's buffer. */
    public static void bcast(
        final Communicator comm, final Object buf, final int offset, final int count, final TypeMap type,
        final int root)
    {
        final Communicator c = collective(comm);
        checkRoot(c, root);
        checkCount("count", count);
        Buffers.check("buffer", buf, offset, count, type);
        if (count == 0 || c.size() == 1)
        {
            return;
        }
        if (shareJvms(c) && type.base() != BaseType.OBJECT)
        {
            Hierarchical.bcast(c, buf, offset, count, type, root);
            return;
        }
        Broadcast.binomial(c, buf, offset, count, type, root, CollectiveTag.BCAST);
    }

    /** Rank i's {@code scount} items go to block i ({@code rcount} items of {@code rtype}) of the root's buffer. */
    public static void gather(
        final Communicator comm,
        final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int rcount, final TypeMap rtype,
        final int root)
    {
        final Communicator c = collective(comm);
        checkRoot(c, root);
        checkCount("send count", scount);
        Buffers.check("send buffer", sbuf, soffset, scount, stype);
        if (c.rank() == root)
        {
            checkCount("receive count", rcount);
            Buffers.check("receive buffer", rbuf, roffset, rcount * c.size(), rtype);
        }
        Gather.linear(c, sbuf, soffset, scount, stype, rbuf, roffset, uniform(c, rcount), blocks(c, rcount), rtype,
            root, CollectiveTag.GATHER);
    }

    /** As {@link #gather}, with rank i's block holding {@code rcounts[i]} items at {@code displs[i]} extents. */
    public static void gatherv(
        final Communicator comm,
        final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int[] rcounts, final int[] displs, final TypeMap rtype,
        final int root)
    {
        final Communicator c = collective(comm);
        checkRoot(c, root);
        checkCount("send count", scount);
        Buffers.check("send buffer", sbuf, soffset, scount, stype);
        if (c.rank() == root)
        {
            checkBlocks(c, "receive", rbuf, roffset, rcounts, displs, rtype);
        }
        Gather.linear(c, sbuf, soffset, scount, stype, rbuf, roffset, rcounts, displs, rtype, root,
            CollectiveTag.GATHER);
    }

    /** Block i ({@code scount} items of {@code stype}) of the root's buffer goes to rank i. */
    public static void scatter(
        final Communicator comm,
        final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int rcount, final TypeMap rtype,
        final int root)
    {
        final Communicator c = collective(comm);
        checkRoot(c, root);
        checkCount("receive count", rcount);
        Buffers.check("receive buffer", rbuf, roffset, rcount, rtype);
        if (c.rank() == root)
        {
            checkCount("send count", scount);
            Buffers.check("send buffer", sbuf, soffset, scount * c.size(), stype);
        }
        Scatter.linear(c, sbuf, soffset, uniform(c, scount), blocks(c, scount), stype, rbuf, roffset, rcount, rtype,
            root, CollectiveTag.SCATTER);
    }

    /** As {@link #scatter}, with rank i's block holding {@code scounts[i]} items at {@code displs[i]} extents. */
    public static void scatterv(
        final Communicator comm,
        final Object sbuf, final int soffset, final int[] scounts, final int[] displs, final TypeMap stype,
        final Object rbuf, final int roffset, final int rcount, final TypeMap rtype,
        final int root)
    {
        final Communicator c = collective(comm);
        checkRoot(c, root);
        checkCount("receive count", rcount);
        Buffers.check("receive buffer", rbuf, roffset, rcount, rtype);
        if (c.rank() == root)
        {
            checkBlocks(c, "send", sbuf, soffset, scounts, displs, stype);
        }
        Scatter.linear(c, sbuf, soffset, scounts, displs, stype, rbuf, roffset, rcount, rtype, root,
            CollectiveTag.SCATTER);
    }

    /** A gather whose result every rank receives. */
    public static void allgather(
        final Communicator comm,
        final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int rcount, final TypeMap rtype)
    {
        final Communicator c = collective(comm);
        checkCount("send count", scount);
        checkCount("receive count", rcount);
        Buffers.check("send buffer", sbuf, soffset, scount, stype);
        Buffers.check("receive buffer", rbuf, roffset, rcount * c.size(), rtype);
        Allgather.ring(c, sbuf, soffset, scount, stype, rbuf, roffset, uniform(c, rcount), blocks(c, rcount), rtype,
            CollectiveTag.ALLGATHER);
    }

    /** A gatherv whose result every rank receives. */
    public static void allgatherv(
        final Communicator comm,
        final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int[] rcounts, final int[] displs, final TypeMap rtype)
    {
        final Communicator c = collective(comm);
        checkCount("send count", scount);
        Buffers.check("send buffer", sbuf, soffset, scount, stype);
        checkBlocks(c, "receive", rbuf, roffset, rcounts, displs, rtype);
        Allgather.ring(c, sbuf, soffset, scount, stype, rbuf, roffset, rcounts, displs, rtype,
            CollectiveTag.ALLGATHER);
    }

    /** Block j of rank i's send buffer goes to block i of rank j's receive buffer; blocks are equal. */
    public static void alltoall(
        final Communicator comm,
        final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int rcount, final TypeMap rtype)
    {
        final Communicator c = collective(comm);
        checkCount("send count", scount);
        checkCount("receive count", rcount);
        Buffers.check("send buffer", sbuf, soffset, scount * c.size(), stype);
        Buffers.check("receive buffer", rbuf, roffset, rcount * c.size(), rtype);
        Alltoall.pairwise(c, sbuf, soffset, uniform(c, scount), blocks(c, scount), stype,
            rbuf, roffset, uniform(c, rcount), blocks(c, rcount), rtype, CollectiveTag.ALLTOALL);
    }

    /** As {@link #alltoall} with per-peer counts and displacements (in extents) on both sides. */
    public static void alltoallv(
        final Communicator comm,
        final Object sbuf, final int soffset, final int[] scounts, final int[] sdispls, final TypeMap stype,
        final Object rbuf, final int roffset, final int[] rcounts, final int[] rdispls, final TypeMap rtype)
    {
        final Communicator c = collective(comm);
        checkBlocks(c, "send", sbuf, soffset, scounts, sdispls, stype);
        checkBlocks(c, "receive", rbuf, roffset, rcounts, rdispls, rtype);
        Alltoall.pairwise(c, sbuf, soffset, scounts, sdispls, stype, rbuf, roffset, rcounts, rdispls, rtype,
            CollectiveTag.ALLTOALL);
    }

    /** Combine every rank's {@code count} items with {@code op}, in rank order; the result lands at the root. */
    public static void reduce(
        final Communicator comm,
        final Object sbuf, final int soffset, final Object rbuf, final int roffset,
        final int count, final TypeMap type, final ReduceOp op, final int root)
    {
        final Communicator c = collective(comm);
        checkRoot(c, root);
        checkReduction(count, type, op);
        Buffers.check("send buffer", sbuf, soffset, count, type);
        if (c.rank() == root)
        {
            Buffers.check("receive buffer", rbuf, roffset, count, type);
        }
        if (count == 0 || type.size() == 0)
        {
            return;
        }
        if (combineInJvms(c, type, op))
        {
            Hierarchical.reduce(c, sbuf, soffset, rbuf, roffset, count, type, op, root);
            return;
        }
        Reduce.binomial(c, sbuf, soffset, rbuf, roffset, count, type, op, root, CollectiveTag.REDUCE);
    }

    /** A reduce whose result every rank receives. */
    public static void allreduce(
        final Communicator comm,
        final Object sbuf, final int soffset, final Object rbuf, final int roffset,
        final int count, final TypeMap type, final ReduceOp op)
    {
        final Communicator c = collective(comm);
        checkReduction(count, type, op);
        Buffers.check("send buffer", sbuf, soffset, count, type);
        Buffers.check("receive buffer", rbuf, roffset, count, type);
        if (count == 0 || type.size() == 0)
        {
            return;
        }
        if (combineInJvms(c, type, op))
        {
            Hierarchical.reduce(c, sbuf, soffset, rbuf, roffset, count, type, op, -1);
            return;
        }
        Allreduce.recursiveDoubling(c, sbuf, soffset, rbuf, roffset, count, type, op, CollectiveTag.ALLREDUCE);
    }

    /**
     * Reduce {@code sum(rcounts)} items element-wise, then rank i receives items
     * {@code [rcounts[0] + ... + rcounts[i-1], +rcounts[i])} of the result.
     */
    public static void reduceScatter(
        final Communicator comm,
        final Object sbuf, final int soffset, final Object rbuf, final int roffset,
        final int[] rcounts, final TypeMap type, final ReduceOp op)
    {
        final Communicator c = collective(comm);
        checkLength("receive counts", rcounts, c.size());
        long total = 0;
        for (final int count : rcounts)
        {
            checkCount("receive count", count);
            total += count;
        }
        if (total * Math.max(1, type.size()) > Integer.MAX_VALUE)
        {
            throw new MpiError(ErrorClass.COUNT, "reduce-scatter of " + total + " items of " + type +
                " exceeds the largest array");
        }
        checkReduction((int)total, type, op);
        Buffers.check("send buffer", sbuf, soffset, (int)total, type);
        Buffers.check("receive buffer", rbuf, roffset, rcounts[c.rank()], type);
        if (total == 0 || type.size() == 0)
        {
            return;
        }
        ReduceScatter.reduceThenScatter(c, sbuf, soffset, rbuf, roffset, rcounts, type, op,
            CollectiveTag.REDUCE_SCATTER);
    }

    /** Inclusive prefix reduction: rank r receives {@code x0 op ... op xr}. */
    public static void scan(
        final Communicator comm,
        final Object sbuf, final int soffset, final Object rbuf, final int roffset,
        final int count, final TypeMap type, final ReduceOp op)
    {
        final Communicator c = collective(comm);
        checkReduction(count, type, op);
        Buffers.check("send buffer", sbuf, soffset, count, type);
        Buffers.check("receive buffer", rbuf, roffset, count, type);
        if (count == 0 || type.size() == 0)
        {
            return;
        }
        Scan.recursiveDoubling(c, sbuf, soffset, rbuf, roffset, count, type, op, true, CollectiveTag.SCAN);
    }

    /**
     * Exclusive prefix reduction: rank r > 0 receives {@code x0 op ... op x(r-1)}; rank 0's receive buffer is
     * not touched (MPI leaves it undefined).
     */
    public static void exscan(
        final Communicator comm,
        final Object sbuf, final int soffset, final Object rbuf, final int roffset,
        final int count, final TypeMap type, final ReduceOp op)
    {
        final Communicator c = collective(comm);
        checkReduction(count, type, op);
        Buffers.check("send buffer", sbuf, soffset, count, type);
        if (c.rank() > 0)
        {
            Buffers.check("receive buffer", rbuf, roffset, count, type);
        }
        if (count == 0 || type.size() == 0)
        {
            return;
        }
        Scan.recursiveDoubling(c, sbuf, soffset, rbuf, roffset, count, type, op, false, CollectiveTag.EXSCAN);
    }

    /**
     * Whether some JVM hosts several ranks of {@code c}, so they can meet in shared memory. Every rank computes
     * the same answer from the job's placement, so all take the same algorithm.
     */
    private static boolean shareJvms(final Communicator c)
    {
        return c.size() > 1 && c.locality().jvmCount() < c.size();
    }

    /**
     * Whether a reduction may combine inside JVMs first: not in reproducible mode (the order would then depend
     * on placement), only on contiguous primitive types (MPI makes every rank pass the same type), and for a
     * non-commutative operation only if each JVM holds a run of consecutive ranks.
     */
    private static boolean combineInJvms(final Communicator c, final TypeMap type, final ReduceOp op)
    {
        return !REPRODUCIBLE && shareJvms(c) && type.base() != BaseType.OBJECT && type.isContiguous() &&
            (op.commutative() || c.locality().contiguous());
    }

    private static Communicator collective(final Communicator comm)
    {
        if (comm.isInter())
        {
            throw new MpiError(ErrorClass.COMM, "collectives on intercommunicators are not supported yet");
        }
        return comm.collective();
    }

    private static void checkRoot(final Communicator c, final int root)
    {
        if (root < 0 || root >= c.size())
        {
            throw new MpiError(ErrorClass.ROOT, "invalid root " + root + ": communicator has " + c.size() + " ranks");
        }
    }

    private static void checkCount(final String what, final int count)
    {
        if (count < 0)
        {
            throw new MpiError(ErrorClass.COUNT, what + " must not be negative: " + count);
        }
    }

    private static void checkLength(final String what, final int[] array, final int size)
    {
        if (array == null || array.length != size)
        {
            throw new MpiError(ErrorClass.ARG, what + " must have one entry per rank (" + size + "), got " +
                (array == null ? "null" : array.length + " entries"));
        }
    }

    /** Counts and displacements of a v-collective side, and that every block lies inside its buffer. */
    private static void checkBlocks(
        final Communicator c, final String side, final Object buffer, final int offset, final int[] counts,
        final int[] displs, final TypeMap type)
    {
        final int p = c.size();
        checkLength(side + " counts", counts, p);
        checkLength(side + " displacements", displs, p);
        for (int i = 0; i < p; i++)
        {
            checkCount(side + " count for rank " + i, counts[i]);
            Buffers.check(side + " buffer (block of rank " + i + ")", buffer, offset + displs[i] * type.extent(),
                counts[i], type);
        }
    }

    private static void checkReduction(final int count, final TypeMap type, final ReduceOp op)
    {
        checkCount("count", count);
        if (op == null)
        {
            throw new MpiError(ErrorClass.OP, "reduction operation is null");
        }
        op.check(type);
    }

    /** {@code count} for every rank. */
    private static int[] uniform(final Communicator c, final int count)
    {
        final int[] counts = new int[c.size()];
        Arrays.fill(counts, count);
        return counts;
    }

    /** Displacements of consecutive blocks of {@code count} items. */
    private static int[] blocks(final Communicator c, final int count)
    {
        final int[] displs = new int[c.size()];
        for (int i = 0; i < displs.length; i++)
        {
            displs[i] = i * count;
        }
        return displs;
    }
}
