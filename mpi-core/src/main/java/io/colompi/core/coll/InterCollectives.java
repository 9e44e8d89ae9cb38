package io.colompi.core.coll;

import io.colompi.core.comm.Communicator;
import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;
import io.colompi.core.op.ReduceOp;
import io.colompi.core.pt2pt.Peers;
import io.colompi.core.pt2pt.Request;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.TypeMap;

/**
 * The collectives of an intercommunicator, as MPI defines them between its two groups: a rooted one moves data
 * between the root (which passes {@link Peers#ROOT}; the rest of its group passes {@link Peers#PROC_NULL} and does
 * nothing) and every rank of the other group (which passes the root's rank in the root's group); an allreduce gives
 * each group the combination of the other's vectors, a reduce-scatter scatters it over the group, an allgather gives
 * each group the other's blocks, an alltoall sends each rank of one group a block from each rank of the other.
 * Each group works inside its own local communicator (the intercommunicator keeps it,
 * {@link CollectiveState#localComm}); across the groups only the two leaders (local rank 0) talk, on the
 * intercommunicator's collective context, except in alltoall and the v-variants, where each rank sends straight to
 * the ranks of the other group.
 * <p>
 * The blocking barrier, bcast, reduce, allreduce, gather, scatter and allgather run the local communicator's
 * blocking collectives (through its arenas where they apply) and the leaders' messages, under a tag per kind. Every
 * other call is a {@link Schedule} on the local communicator, started at once (a nonblocking call returns its
 * request, a blocking one waits for it): flat algorithms inside the group, and the steps across, under the tag the
 * call took from the local communicator's nonblocking sequence, which counts the intercommunicator's schedules alike
 * in both groups, since MPI has every rank call them in the same order. What the leaders of a schedule combine or
 * collect travels densely in the data's base type (the two sides' type signatures match).
 */
final class InterCollectives
{
    /** The blocking calls' leaders talk on the intercommunicator's collective context with tags of their own. */
    private static final int TAG = 400;

    private InterCollectives()
    {
    }

    // ---------------------------------------------------------------- blocking, from the intracommunicator collectives

    static void barrier(final Communicator inter)
    {
        final CallLog calls = CallLog.enterAcross(inter, CollectiveTag.BARRIER);
        try
        {
            final Communicator local = local(inter);
            Collectives.barrier(local);
            if (local.rank() == 0)
            {
                exchange(inter, new int[0], 0, 0, TypeMap.dense(BaseType.INT), new int[0], 0, 0,
                    TypeMap.dense(BaseType.INT), CollectiveTag.BARRIER);
            }
            Collectives.barrier(local);
        }
        finally
        {
            calls.exit();
        }
    }

    static void bcast(final Communicator inter, final Object buf, final int offset, final int count,
        final TypeMap type, final int root)
    {
        final CallLog calls = CallLog.enterAcross(inter, CollectiveTag.BCAST);
        try
        {
            if (rootSide(inter, root))
            {
                if (root == Peers.ROOT)
                {
                    inter.collective().sendStep(buf, offset, count, type, 0, TAG + CollectiveTag.BCAST);
                }
                return;
            }
            final Communicator local = local(inter);
            if (local.rank() == 0)
            {
                inter.collective().recvStep(buf, offset, count, type, root, TAG + CollectiveTag.BCAST);
            }
            Collectives.bcast(local, buf, offset, count, type, 0);
        }
        finally
        {
            calls.exit();
        }
    }

    /** Reduce ({@code root} a rank, ROOT or PROC_NULL) or allreduce ({@code root} -1). */
    static void reduce(final Communicator inter, final Object sbuf, final int soffset, final Object rbuf,
        final int roffset, final int count, final TypeMap type, final ReduceOp op, final int root)
    {
        final CallLog calls = CallLog.enterAcross(inter, root == -1 ? CollectiveTag.ALLREDUCE : CollectiveTag.REDUCE);
        try
        {
            final boolean all = root == -1;
            if (!all && rootSide(inter, root))
            {
                if (root == Peers.ROOT)
                {
                    inter.collective().recvStep(rbuf, roffset, count, type, 0, TAG + CollectiveTag.REDUCE);
                }
                return;
            }
            final Communicator local = local(inter);
            // the group's combination, at its leader, laid out as the type lays out count items from index `at`, where
            // its lowest element lands on index 0
            final int at = Math.max(0, -type.trueLb());
            final Object combined = local.rank() == 0 ?
                type.base().newArray(count == 0 ? 0 : at + (count - 1) * type.extent() + type.trueUb()) : null;
            Collectives.reduce(local, sbuf, soffset, combined, at, count, type, op, 0);
            if (!all)
            {
                if (local.rank() == 0)
                {
                    inter.collective().sendStep(combined, at, count, type, root, TAG + CollectiveTag.REDUCE);
                }
                return;
            }
            if (local.rank() == 0)
            {
                exchange(inter, combined, at, count, type, rbuf, roffset, count, type, CollectiveTag.ALLREDUCE);
            }
            Collectives.bcast(local, rbuf, roffset, count, type, 0);
        }
        finally
        {
            calls.exit();
        }
    }

    static void gather(final Communicator inter, final Object sbuf, final int soffset, final int scount,
        final TypeMap stype, final Object rbuf, final int roffset, final int rcount, final TypeMap rtype,
        final int root)
    {
        final CallLog calls = CallLog.enterAcross(inter, CollectiveTag.GATHER);
        try
        {
            if (rootSide(inter, root))
            {
                if (root == Peers.ROOT)
                {
                    inter.collective().recvStep(rbuf, roffset, rcount * inter.remoteSize(), rtype, 0,
                        TAG + CollectiveTag.GATHER);
                }
                return;
            }
            final Communicator local = local(inter);
            final int block = scount * stype.size();
            final TypeMap dense = TypeMap.dense(stype.base());
            final Object blocks = local.rank() == 0 ? stype.base().newArray(block * local.size()) : null;
            Collectives.gather(local, sbuf, soffset, scount, stype, blocks, 0, block, dense, 0);
            if (local.rank() == 0)
            {
                inter.collective().sendStep(blocks, 0, block * local.size(), dense, root, TAG + CollectiveTag.GATHER);
            }
        }
        finally
        {
            calls.exit();
        }
    }

    static void scatter(final Communicator inter, final Object sbuf, final int soffset, final int scount,
        final TypeMap stype, final Object rbuf, final int roffset, final int rcount, final TypeMap rtype,
        final int root)
    {
        final CallLog calls = CallLog.enterAcross(inter, CollectiveTag.SCATTER);
        try
        {
            if (rootSide(inter, root))
            {
                if (root == Peers.ROOT)
                {
                    inter.collective().sendStep(sbuf, soffset, scount * inter.remoteSize(), stype, 0,
                        TAG + CollectiveTag.SCATTER);
                }
                return;
            }
            final Communicator local = local(inter);
            final int block = rcount * rtype.size();
            final TypeMap dense = TypeMap.dense(rtype.base());
            final Object blocks = local.rank() == 0 ? rtype.base().newArray(block * local.size()) : null;
            if (local.rank() == 0)
            {
                inter.collective().recvStep(blocks, 0, block * local.size(), dense, root, TAG + CollectiveTag.SCATTER);
            }
            Collectives.scatter(local, blocks, 0, block, dense, rbuf, roffset, rcount, rtype, 0);
        }
        finally
        {
            calls.exit();
        }
    }

    static void allgather(final Communicator inter, final Object sbuf, final int soffset, final int scount,
        final TypeMap stype, final Object rbuf, final int roffset, final int rcount, final TypeMap rtype)
    {
        final CallLog calls = CallLog.enterAcross(inter, CollectiveTag.ALLGATHER);
        try
        {
            final Communicator local = local(inter);
            final int block = scount * stype.size();
            final TypeMap dense = TypeMap.dense(stype.base());
            final Object blocks = local.rank() == 0 ? stype.base().newArray(block * local.size()) : null;
            Collectives.gather(local, sbuf, soffset, scount, stype, blocks, 0, block, dense, 0);
            final int received = rcount * inter.remoteSize();
            if (local.rank() == 0)
            {
                exchange(inter, blocks, 0, block * local.size(), dense, rbuf, roffset, received, rtype,
                    CollectiveTag.ALLGATHER);
            }
            Collectives.bcast(local, rbuf, roffset, received, rtype, 0);
        }
        finally
        {
            calls.exit();
        }
    }

    // ---------------------------------------------------------------- as schedules: nonblocking, or waited for


    static Request ibarrier(final Communicator inter)
    {
        final Schedule s = schedule(inter, CollectiveTag.BARRIER, 0, null);
        Barrier.dissemination(s);
        if (s.rank == 0)
        {
            final Communicator across = inter.collective();
            s.recv(across, Barrier.NOTHING, 0, 0, Barrier.INT, 0);
            s.send(across, Barrier.NOTHING, 0, 0, Barrier.INT, 0);
            s.round();
        }
        Barrier.dissemination(s);
        return s.start();
    }

    static Request ibcast(final Communicator inter, final Object buf, final int offset, final int count,
        final TypeMap type, final int root)
    {
        final Schedule s = schedule(inter, CollectiveTag.BCAST, 0, null);
        if (rootSide(inter, root))
        {
            if (root == Peers.ROOT)
            {
                s.send(inter.collective(), buf, offset, count, type, 0);
            }
            return s.start();
        }
        if (s.rank == 0)
        {
            s.recv(inter.collective(), buf, offset, count, type, root);
            s.round();
        }
        Broadcast.binomial(s, buf, offset, count, type, 0);
        return s.start();
    }

    /** Reduce ({@code root} a rank of the other group, ROOT or PROC_NULL) or allreduce ({@code root} -1). */
    static Request ireduce(final Communicator inter, final Object sbuf, final int soffset, final Object rbuf,
        final int roffset, final int count, final TypeMap type, final ReduceOp op, final int root)
    {
        final boolean all = root == -1;
        final Schedule s = all ? schedule(inter, CollectiveTag.ALLREDUCE, count, type) :
            schedule(inter, CollectiveTag.REDUCE, 0, null);
        final Communicator across = inter.collective();
        if (!all && rootSide(inter, root))
        {
            if (root == Peers.ROOT)
            {
                s.recv(across, rbuf, roffset, count, type, 0);
            }
            return s.start();
        }
        final Object combined = Reduce.toDense(s, sbuf, soffset, count, type, op, 0);
        final int elements = count * type.size();
        final TypeMap dense = TypeMap.dense(type.base());
        if (!all)
        {
            if (combined != null)
            {
                s.send(across, combined, 0, elements, dense, root);
            }
            return s.start();
        }
        if (combined != null)
        {
            s.recv(across, rbuf, roffset, count, type, 0);
            s.send(across, combined, 0, elements, dense, 0);
            s.round();
        }
        Broadcast.binomial(s, rbuf, roffset, count, type, 0);
        return s.start();
    }

    /**
     * The combination of the other group's vectors of {@code sum(rcounts)} items, rank i of this group receiving
     * {@code rcounts[i]} items of it (both groups combine vectors of the same length).
     */
    static Request ireduceScatter(final Communicator inter, final Object sbuf, final int soffset, final Object rbuf,
        final int roffset, final int[] rcounts, final TypeMap type, final ReduceOp op)
    {
        final Schedule s = schedule(inter, CollectiveTag.REDUCE_SCATTER, 0, null);
        final int total = CollectiveArguments.reduceScatter(s.comm, sbuf, soffset, rbuf, roffset, rcounts, type, op);
        final Object combined = Reduce.toDense(s, sbuf, soffset, total, type, op, 0);
        final int elements = total * type.size();
        final TypeMap dense = TypeMap.dense(type.base());
        final Object theirs = combined == null ? null : s.scratch(2, type.base(), elements);
        if (combined != null)
        {
            s.recv(inter.collective(), theirs, 0, elements, dense, 0);
            s.send(inter.collective(), combined, 0, elements, dense, 0);
            s.round();
        }
        final int[] counts = s.ints(0, s.size);
        final int[] displs = s.ints(1, s.size);
        for (int i = 0, at = 0; i < s.size; at += counts[i++])
        {
            counts[i] = rcounts[i] * type.size();
            displs[i] = at;
        }
        Scatter.linear(s, theirs, 0, counts, displs, dense, rbuf, roffset, rcounts[s.rank], type, 0);
        return s.start();
    }

    static Request igather(final Communicator inter, final Object sbuf, final int soffset, final int scount,
        final TypeMap stype, final Object rbuf, final int roffset, final int rcount, final TypeMap rtype,
        final int root)
    {
        final Schedule s = schedule(inter, CollectiveTag.GATHER, 0, null);
        if (rootSide(inter, root))
        {
            if (root == Peers.ROOT)
            {
                s.recv(inter.collective(), rbuf, roffset, rcount * inter.remoteSize(), rtype, 0);
            }
            return s.start();
        }
        final Object blocks = gatherAtLeader(s, sbuf, soffset, scount, stype);
        if (blocks != null)
        {
            s.send(inter.collective(), blocks, 0, scount * stype.size() * s.size, TypeMap.dense(stype.base()), root);
        }
        return s.start();
    }

    static Request iscatter(final Communicator inter, final Object sbuf, final int soffset, final int scount,
        final TypeMap stype, final Object rbuf, final int roffset, final int rcount, final TypeMap rtype,
        final int root)
    {
        final Schedule s = schedule(inter, CollectiveTag.SCATTER, 0, null);
        if (rootSide(inter, root))
        {
            if (root == Peers.ROOT)
            {
                s.send(inter.collective(), sbuf, soffset, scount * inter.remoteSize(), stype, 0);
            }
            return s.start();
        }
        final int block = rcount * rtype.size();
        final TypeMap dense = TypeMap.dense(rtype.base());
        final Object blocks = s.rank == 0 ? s.scratch(2, rtype.base(), block * s.size) : null;
        if (blocks != null)
        {
            s.recv(inter.collective(), blocks, 0, block * s.size, dense, root);
            s.round();
        }
        Scatter.run(s, Selection.flatScatter(s.tuning(), s.size, rcount, rtype), blocks, 0, block, dense,
            rbuf, roffset, rcount, rtype, 0);
        return s.start();
    }

    static Request iallgather(final Communicator inter, final Object sbuf, final int soffset, final int scount,
        final TypeMap stype, final Object rbuf, final int roffset, final int rcount, final TypeMap rtype)
    {
        final Schedule s = schedule(inter, CollectiveTag.ALLGATHER, scount, stype);
        final Object blocks = gatherAtLeader(s, sbuf, soffset, scount, stype);
        final int received = rcount * inter.remoteSize();
        if (blocks != null)
        {
            s.recv(inter.collective(), rbuf, roffset, received, rtype, 0);
            s.send(inter.collective(), blocks, 0, scount * stype.size() * s.size, TypeMap.dense(stype.base()), 0);
            s.round();
        }
        Broadcast.binomial(s, rbuf, roffset, received, rtype, 0);
        return s.start();
    }

    /** Block j of this rank's send side goes to rank j of the other group, whose block for this rank comes back. */
    static Request ialltoall(final Communicator inter, final Object sbuf, final int soffset, final int scount,
        final TypeMap stype, final Object rbuf, final int roffset, final int rcount, final TypeMap rtype)
    {
        final Schedule s = schedule(inter, CollectiveTag.ALLTOALL, scount, stype);
        final int peers = inter.remoteSize();
        exchangeBlocks(s, inter, sbuf, soffset, Buffers.uniform(peers, scount), Buffers.consecutive(peers, scount),
            stype, rbuf, roffset, Buffers.uniform(peers, rcount), Buffers.consecutive(peers, rcount), rtype);
        return s.start();
    }

    /** The root receives each rank of the other group's block at its displacement, straight from that rank. */
    static Request igatherv(final Communicator inter, final Object sbuf, final int soffset, final int scount,
        final TypeMap stype, final Object rbuf, final int roffset, final int[] rcounts, final int[] displs,
        final TypeMap rtype, final int root)
    {
        final Schedule s = schedule(inter, CollectiveTag.GATHER + CallLog.VECTOR, 0, null);
        if (!rootSide(inter, root))
        {
            s.send(inter.collective(), sbuf, soffset, scount, stype, root);
        }
        else if (root == Peers.ROOT)
        {
            exchangeBlocks(s, inter, null, 0, null, null, null, rbuf, roffset, rcounts, displs, rtype);
        }
        return s.start();
    }

    /** The root sends each rank of the other group its block, from its displacement. */
    static Request iscatterv(final Communicator inter, final Object sbuf, final int soffset, final int[] scounts,
        final int[] displs, final TypeMap stype, final Object rbuf, final int roffset, final int rcount,
        final TypeMap rtype, final int root)
    {
        final Schedule s = schedule(inter, CollectiveTag.SCATTER + CallLog.VECTOR, 0, null);
        if (!rootSide(inter, root))
        {
            s.recv(inter.collective(), rbuf, roffset, rcount, rtype, root);
        }
        else if (root == Peers.ROOT)
        {
            exchangeBlocks(s, inter, sbuf, soffset, scounts, displs, stype, null, 0, null, null, null);
        }
        return s.start();
    }

    /** Every rank sends its block to every rank of the other group and receives theirs at their displacements. */
    static Request iallgatherv(final Communicator inter, final Object sbuf, final int soffset, final int scount,
        final TypeMap stype, final Object rbuf, final int roffset, final int[] rcounts, final int[] displs,
        final TypeMap rtype)
    {
        final Schedule s = schedule(inter, CollectiveTag.ALLGATHER + CallLog.VECTOR, 0, null);
        final int peers = inter.remoteSize();
        exchangeBlocks(s, inter, sbuf, soffset, Buffers.uniform(peers, scount), new int[peers], stype, rbuf, roffset,
            rcounts, displs, rtype);
        return s.start();
    }

    static Request ialltoallv(final Communicator inter, final Object sbuf, final int soffset, final int[] scounts,
        final int[] sdispls, final TypeMap stype, final Object rbuf, final int roffset, final int[] rcounts,
        final int[] rdispls, final TypeMap rtype)
    {
        final Schedule s = schedule(inter, CollectiveTag.ALLTOALL + CallLog.VECTOR, 0, null);
        exchangeBlocks(s, inter, sbuf, soffset, scounts, sdispls, stype, rbuf, roffset, rcounts, rdispls, rtype);
        return s.start();
    }

    /** Block j of each side, its own count, element displacement and type, to and from rank j of the other group. */
    static Request ialltoallw(final Communicator inter, final Object sbuf, final int[] scounts, final int[] sdispls,
        final TypeMap[] stypes, final Object rbuf, final int[] rcounts, final int[] rdispls, final TypeMap[] rtypes)
    {
        final Schedule s = schedule(inter, CollectiveTag.ALLTOALL + CallLog.VECTOR, 0, null);
        final Communicator across = inter.collective();
        for (int j = 0; j < inter.remoteSize(); j++)
        {
            s.recv(across, rbuf, rdispls[j], rcounts[j], rtypes[j], j);
            s.send(across, sbuf, sdispls[j], scounts[j], stypes[j], j);
        }
        s.round();
        return s.start();
    }

    /**
     * The schedule of {@code inter}'s next collective, of {@code kind}: on its local communicator, whose call log
     * compares {@code count} items of {@code type} per block among the group (null: nothing, where the group's ranks
     * pass different arguments, as the root's group does); {@code inter}'s log compares its kind with the other
     * group's.
     */
    private static Schedule schedule(final Communicator inter, final int kind, final int count, final TypeMap type)
    {
        final Communicator local = CollectiveState.of(inter).localComm(inter);
        final CallLog across = CallLog.startAcross(inter, kind);
        return Schedule.across(local, CollectiveState.nextNonblockingTag(local, kind, -1, count, type), across);
    }

    /** Gather the group's blocks, dense, at its leader: there the temporary that holds them, null elsewhere. */
    private static Object gatherAtLeader(final Schedule s, final Object sbuf, final int soffset, final int scount,
        final TypeMap stype)
    {
        final int block = scount * stype.size();
        final Object blocks = s.rank == 0 ? s.scratch(2, stype.base(), block * s.size) : null;
        Gather.run(s, Selection.flatGather(s.tuning(), s.size, scount, stype), sbuf, soffset, scount, stype,
            blocks, 0, block, TypeMap.dense(stype.base()), 0);
        s.round();
        return blocks;
    }

    /**
     * Send block j of the send side (if any) to rank j of the other group and receive its block j of the receive side
     * (if any) from it, for every j, in one round; displacements in extents of each side's type.
     */
    private static void exchangeBlocks(final Schedule s, final Communicator inter,
        final Object sbuf, final int soffset, final int[] scounts, final int[] sdispls, final TypeMap stype,
        final Object rbuf, final int roffset, final int[] rcounts, final int[] rdispls, final TypeMap rtype)
    {
        final Communicator across = inter.collective();
        final int peers = inter.remoteSize();
        if (rcounts != null)
        {
            requireBlocks(rcounts, rdispls, peers);
            for (int j = 0; j < peers; j++)
            {
                s.recv(across, rbuf, roffset + rdispls[j] * rtype.extent(), rcounts[j], rtype, j);
            }
        }
        if (scounts != null)
        {
            requireBlocks(scounts, sdispls, peers);
            for (int j = 0; j < peers; j++)
            {
                s.send(across, sbuf, soffset + sdispls[j] * stype.extent(), scounts[j], stype, j);
            }
        }
        s.round();
    }

    private static void requireBlocks(final int[] counts, final int[] displs, final int peers)
    {
        if (counts.length < peers || displs.length < peers)
        {
            throw new MpiError(ErrorClass.ARG, "an intercommunicator's v-collective takes a count and a displacement " +
                "for each of the other group's " + peers + " ranks, got " + counts.length + " and " + displs.length);
        }
    }

    /**
     * Whether this rank's group holds the root ({@code root} is ROOT or PROC_NULL; a rank of the other group
     * otherwise, checked here).
     */
    private static boolean rootSide(final Communicator inter, final int root)
    {
        if (root == Peers.ROOT || root == Peers.PROC_NULL)
        {
            return true;
        }
        if (root < 0 || root >= inter.remoteSize())
        {
            throw new MpiError(ErrorClass.ROOT, "invalid root " + root + " on an intercommunicator: MPI.ROOT at the " +
                "root, MPI.PROC_NULL at the rest of its group, the root's rank (0.." + (inter.remoteSize() - 1) +
                ") in the other group");
        }
        return false;
    }

    /** The leader's exchange with the other group's leader: what it sends, what it receives. */
    private static void exchange(final Communicator inter, final Object sbuf, final int soffset, final int scount,
        final TypeMap stype, final Object rbuf, final int roffset, final int rcount, final TypeMap rtype,
        final int kind)
    {
        inter.collective().sendrecvStep(sbuf, soffset, scount, stype, 0, TAG + kind, rbuf, roffset, rcount, rtype, 0,
            TAG + kind);
    }

    private static Communicator local(final Communicator inter)
    {
        return CollectiveState.of(inter).localComm(inter);
    }
}
