package io.colompi.core.coll;

import io.colompi.core.comm.Communicator;
import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;
import io.colompi.core.op.ReduceOp;
import io.colompi.core.pt2pt.Peers;
import io.colompi.core.pt2pt.Request;
import io.colompi.core.pt2pt.SendMode;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.TypeMap;

/**
 * The blocking collectives of an intercommunicator, as MPI defines them between its two groups: a rooted one moves
 * data between the root (which passes {@link Peers#ROOT}; the rest of its group passes {@link Peers#PROC_NULL} and
 * does nothing) and every rank of the other group (which passes the root's rank in the root's group); an allreduce
 * gives each group the combination of the other's vectors, an allgather each group the other's blocks, an alltoall
 * sends each rank of one group a block from each rank of the other. Each group works inside its own local
 * communicator (the intercommunicator keeps it, {@link CollectiveState#localComm}) with the intracommunicator
 * collectives; across groups only the two leaders (local rank 0) talk, on the intercommunicator's collective
 * context with a tag per kind, except in alltoall and the v-variants, where each rank sends straight to the
 * ranks of the other group. The leaders' temporaries are dense arrays of the data's base type for blocks (the two
 * sides' type signatures match), laid out as the type for a reduction's combination.
 */
final class InterCollectives
{
    /** Leaders talk on the intercommunicator's collective context with tags of their own. */
    private static final int TAG = 400;

    private InterCollectives()
    {
    }

    static void barrier(final Communicator inter)
    {
        final Communicator local = local(inter);
        Collectives.barrier(local);
        if (local.rank() == 0)
        {
            exchange(inter, new int[0], 0, TypeMap.dense(BaseType.INT), new int[0], 0, 0,
                TypeMap.dense(BaseType.INT), CollectiveTag.BARRIER);
        }
        Collectives.barrier(local);
    }

    static void bcast(final Communicator inter, final Object buf, final int offset, final int count,
        final TypeMap type, final int root)
    {
        if (sendingSide(inter, root))
        {
            if (root == Peers.ROOT)
            {
                inter.collective().send(buf, offset, count, type, 0, TAG + CollectiveTag.BCAST, SendMode.STANDARD);
            }
            return;
        }
        final Communicator local = local(inter);
        if (local.rank() == 0)
        {
            inter.collective().recv(buf, offset, count, type, root, TAG + CollectiveTag.BCAST);
        }
        Collectives.bcast(local, buf, offset, count, type, 0);
    }

    /** Reduce ({@code root} a rank, ROOT or PROC_NULL) or allreduce ({@code root} -1). */
    static void reduce(final Communicator inter, final Object sbuf, final int soffset, final Object rbuf,
        final int roffset, final int count, final TypeMap type, final ReduceOp op, final int root)
    {
        final boolean all = root == -1;
        if (!all && sendingSide(inter, root))
        {
            if (root == Peers.ROOT)
            {
                inter.collective().recv(rbuf, roffset, count, type, 0, TAG + CollectiveTag.REDUCE);
            }
            return;
        }
        final Communicator local = local(inter);
        // the group's combination, at its leader, laid out as the type lays out count items
        if (type.trueLb() < 0)
        {
            throw new MpiError(ErrorClass.TYPE, "a reduction on an intercommunicator of a type with a negative lower " +
                "bound is not supported yet");
        }
        final Object combined = local.rank() == 0 ?
            type.base().newArray(count == 0 ? 0 : (count - 1) * type.extent() + type.trueUb()) : null;
        Collectives.reduce(local, sbuf, soffset, combined, 0, count, type, op, 0);
        if (!all)
        {
            if (local.rank() == 0)
            {
                inter.collective().send(combined, 0, count, type, root, TAG + CollectiveTag.REDUCE,
                    SendMode.STANDARD);
            }
            return;
        }
        if (local.rank() == 0)
        {
            exchange(inter, combined, count, type, rbuf, roffset, count, type, CollectiveTag.ALLREDUCE);
        }
        Collectives.bcast(local, rbuf, roffset, count, type, 0);
    }

    static void gather(final Communicator inter, final Object sbuf, final int soffset, final int scount,
        final TypeMap stype, final Object rbuf, final int roffset, final int rcount, final TypeMap rtype,
        final int root)
    {
        if (sendingSide(inter, root))
        {
            if (root == Peers.ROOT)
            {
                inter.collective().recv(rbuf, roffset, rcount * inter.remoteSize(), rtype, 0,
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
            inter.collective().send(blocks, 0, block * local.size(), dense, root, TAG + CollectiveTag.GATHER,
                SendMode.STANDARD);
        }
    }

    static void scatter(final Communicator inter, final Object sbuf, final int soffset, final int scount,
        final TypeMap stype, final Object rbuf, final int roffset, final int rcount, final TypeMap rtype,
        final int root)
    {
        if (sendingSide(inter, root))
        {
            if (root == Peers.ROOT)
            {
                inter.collective().send(sbuf, soffset, scount * inter.remoteSize(), stype, 0,
                    TAG + CollectiveTag.SCATTER, SendMode.STANDARD);
            }
            return;
        }
        final Communicator local = local(inter);
        final int block = rcount * rtype.size();
        final TypeMap dense = TypeMap.dense(rtype.base());
        final Object blocks = local.rank() == 0 ? rtype.base().newArray(block * local.size()) : null;
        if (local.rank() == 0)
        {
            inter.collective().recv(blocks, 0, block * local.size(), dense, root, TAG + CollectiveTag.SCATTER);
        }
        Collectives.scatter(local, blocks, 0, block, dense, rbuf, roffset, rcount, rtype, 0);
    }

    static void allgather(final Communicator inter, final Object sbuf, final int soffset, final int scount,
        final TypeMap stype, final Object rbuf, final int roffset, final int rcount, final TypeMap rtype)
    {
        final Communicator local = local(inter);
        final int block = scount * stype.size();
        final TypeMap dense = TypeMap.dense(stype.base());
        final Object blocks = local.rank() == 0 ? stype.base().newArray(block * local.size()) : null;
        Collectives.gather(local, sbuf, soffset, scount, stype, blocks, 0, block, dense, 0);
        final int received = rcount * inter.remoteSize();
        if (local.rank() == 0)
        {
            exchange(inter, blocks, block * local.size(), dense, rbuf, roffset, received, rtype,
                CollectiveTag.ALLGATHER);
        }
        Collectives.bcast(local, rbuf, roffset, received, rtype, 0);
    }

    /** Block j of this rank's send side goes to rank j of the other group, whose block for this rank comes back. */
    static void alltoall(final Communicator inter, final Object sbuf, final int soffset, final int scount,
        final TypeMap stype, final Object rbuf, final int roffset, final int rcount, final TypeMap rtype)
    {
        final int peers = inter.remoteSize();
        exchangeBlocks(inter, sbuf, soffset, Buffers.uniform(peers, scount), Buffers.consecutive(peers, scount), stype,
            rbuf, roffset, Buffers.uniform(peers, rcount), Buffers.consecutive(peers, rcount), rtype, TAG + CollectiveTag.ALLTOALL);
    }

    /** The root receives each rank of the other group's block at its displacement, straight from that rank. */
    static void gatherv(final Communicator inter, final Object sbuf, final int soffset, final int scount,
        final TypeMap stype, final Object rbuf, final int roffset, final int[] rcounts, final int[] displs,
        final TypeMap rtype, final int root)
    {
        final int tag = TAG + CollectiveTag.GATHER + CallLog.VECTOR;
        if (!sendingSide(inter, root))
        {
            inter.collective().send(sbuf, soffset, scount, stype, root, tag, SendMode.STANDARD);
        }
        else if (root == Peers.ROOT)
        {
            exchangeBlocks(inter, null, 0, null, null, null, rbuf, roffset, rcounts, displs, rtype, tag);
        }
    }

    /** The root sends each rank of the other group its block, from its displacement. */
    static void scatterv(final Communicator inter, final Object sbuf, final int soffset, final int[] scounts,
        final int[] displs, final TypeMap stype, final Object rbuf, final int roffset, final int rcount,
        final TypeMap rtype, final int root)
    {
        final int tag = TAG + CollectiveTag.SCATTER + CallLog.VECTOR;
        if (!sendingSide(inter, root))
        {
            inter.collective().recv(rbuf, roffset, rcount, rtype, root, tag);
        }
        else if (root == Peers.ROOT)
        {
            exchangeBlocks(inter, sbuf, soffset, scounts, displs, stype, null, 0, null, null, null, tag);
        }
    }

    /** Every rank sends its block to every rank of the other group and receives theirs at their displacements. */
    static void allgatherv(final Communicator inter, final Object sbuf, final int soffset, final int scount,
        final TypeMap stype, final Object rbuf, final int roffset, final int[] rcounts, final int[] displs,
        final TypeMap rtype)
    {
        final int peers = inter.remoteSize();
        exchangeBlocks(inter, sbuf, soffset, Buffers.uniform(peers, scount), new int[peers], stype, rbuf, roffset, rcounts,
            displs, rtype, TAG + CollectiveTag.ALLGATHER + CallLog.VECTOR);
    }

    static void alltoallv(final Communicator inter, final Object sbuf, final int soffset, final int[] scounts,
        final int[] sdispls, final TypeMap stype, final Object rbuf, final int roffset, final int[] rcounts,
        final int[] rdispls, final TypeMap rtype)
    {
        exchangeBlocks(inter, sbuf, soffset, scounts, sdispls, stype, rbuf, roffset, rcounts, rdispls, rtype,
            TAG + CollectiveTag.ALLTOALL + CallLog.VECTOR);
    }

    /**
     * Send block j of the send side (if any) to rank j of the other group and receive its block j of the receive side
     * (if any) from it, for every j; displacements in extents of each side's type.
     */
    private static void exchangeBlocks(final Communicator inter,
        final Object sbuf, final int soffset, final int[] scounts, final int[] sdispls, final TypeMap stype,
        final Object rbuf, final int roffset, final int[] rcounts, final int[] rdispls, final TypeMap rtype,
        final int tag)
    {
        final Communicator across = inter.collective();
        final int peers = inter.remoteSize();
        final Request[] requests = new Request[2 * peers];
        if (rcounts != null)
        {
            requireBlocks(rcounts, rdispls, peers);
            for (int j = 0; j < peers; j++)
            {
                requests[2 * j] = across.irecv(rbuf, roffset + rdispls[j] * rtype.extent(), rcounts[j], rtype, j, tag);
            }
        }
        if (scounts != null)
        {
            requireBlocks(scounts, sdispls, peers);
            for (int j = 0; j < peers; j++)
            {
                requests[2 * j + 1] = across.isend(sbuf, soffset + sdispls[j] * stype.extent(), scounts[j], stype, j,
                    tag);
            }
        }
        for (final Request request : requests)
        {
            if (request != null)
            {
                inter.engine().awaitRequest(request);
            }
        }
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
    private static boolean sendingSide(final Communicator inter, final int root)
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
    private static void exchange(final Communicator inter, final Object sbuf, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int rcount, final TypeMap rtype, final int kind)
    {
        inter.collective().sendrecv(sbuf, 0, scount, stype, 0, TAG + kind, rbuf, roffset, rcount, rtype, 0,
            TAG + kind);
    }

    private static Communicator local(final Communicator inter)
    {
        return CollectiveState.of(inter).localComm(inter);
    }
}
