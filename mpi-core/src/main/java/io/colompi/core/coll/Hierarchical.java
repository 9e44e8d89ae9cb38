package io.colompi.core.coll;

import io.colompi.core.comm.Communicator;
import io.colompi.core.comm.Locality;
import io.colompi.core.op.ReduceOp;
import io.colompi.core.pt2pt.Engine;
import io.colompi.core.type.Transfer;
import io.colompi.core.type.TypeMap;

/**
 * Placement-aware collectives: the ranks of a JVM meet in a {@link JvmArena} and read each other's arrays (no
 * messages, no serialization). With every rank in one JVM each collective is a shared-memory algorithm
 * ({@link LocalTask}) that the ranks present run together. Across JVMs (barrier, bcast, reduce, allreduce) one
 * leader per JVM combines its JVM's ranks, runs the flat algorithm with the other leaders, and the others copy
 * the result once. Primitive types only (objects travel by value, through the flat algorithms); reductions
 * also need a contiguous type, since a chunk of the vector is a range of each rank's array.
 */
final class Hierarchical
{
    /** Leaders talk on the collective context with tags of their own, apart from the flat algorithms'. */
    private static final int LEADER_TAG = 100;

    private Hierarchical()
    {
    }

    static void barrier(final Communicator c)
    {
        final CollectiveState state = CollectiveState.of(c);
        final JvmArena arena = state.arena(c);
        final long sequence = state.nextArenaOperation();
        final Locality locality = c.locality();
        final int index = locality.localIndex();
        final Engine engine = c.engine();
        if (locality.jvmCount() == 1)
        {
            local(arena, engine, index, sequence, LocalTask.BARRIER, 0, null, null, -1);
            return;
        }
        if (index != 0)
        {
            arena.arriveAtLeader(sequence);
            arena.awaitRelease(engine, index, sequence);
            return;
        }
        arena.arrive(sequence);
        arena.awaitArrivals(engine, sequence);
        Barrier.dissemination(locality.leadersComm(), LEADER_TAG + CollectiveTag.BARRIER);
        arena.release(sequence);
    }

    static void bcast(
        final Communicator c, final Object buffer, final int offset, final int count, final TypeMap type, final int root)
    {
        final CollectiveState state = CollectiveState.of(c);
        final JvmArena arena = state.arena(c);
        final long sequence = state.nextArenaOperation();
        final Locality locality = c.locality();
        final int index = locality.localIndex();
        final Engine engine = c.engine();
        final int elements = count * type.size();
        arena.publishSend(index, buffer, offset, count, type);
        if (locality.jvmCount() == 1)
        {
            local(arena, engine, index, sequence, LocalTask.BCAST, count, type, null, root);
            return;
        }
        if (index != 0)
        {
            arena.arriveAtLeader(sequence);
            arena.awaitRelease(engine, index, sequence);
            if (c.rank() != root)
            {
                Transfer.copy(arena.sendBuffers[0], arena.sendOffsets[0], arena.sendTypes[0], buffer, offset, type,
                    elements);
            }
            arena.finish();
            return;
        }
        arena.arrive(sequence);
        arena.awaitArrivals(engine, sequence);
        final int rootJvm = locality.jvmIndexOf(root);
        final int rootIndex = rootJvm == locality.jvmIndexOf(c.rank()) ? localIndexOf(locality, root) : 0;
        if (rootIndex != 0)
        {
            Transfer.copy(arena.sendBuffers[rootIndex], arena.sendOffsets[rootIndex], arena.sendTypes[rootIndex],
                buffer, offset, type, elements);
        }
        Collectives.flatBcast(locality.leadersComm(), buffer, offset, count, type, rootJvm,
            LEADER_TAG + CollectiveTag.BCAST);
        // Members copy from the leader, which waits for them; the root may already be on to its next call.
        arena.release(sequence);
        arena.awaitFinished(engine);
    }

    /** Reduce ({@code root >= 0}) or allreduce ({@code root < 0}). */
    static void reduce(
        final Communicator c, final Object sbuf, final int soffset, final Object rbuf, final int roffset,
        final int count, final TypeMap type, final ReduceOp op, final int root)
    {
        final CollectiveState state = CollectiveState.of(c);
        final JvmArena arena = state.arena(c);
        final long sequence = state.nextArenaOperation();
        final Locality locality = c.locality();
        final int index = locality.localIndex();
        final Engine engine = c.engine();
        final int elements = count * type.size();
        arena.publishSend(index, sbuf, soffset, count, type);
        if (locality.jvmCount() == 1)
        {
            arena.publishRecv(index, rbuf, roffset, count, type);
            local(arena, engine, index, sequence, LocalTask.REDUCE, count, type, op, root);
            return;
        }
        if (index != 0)
        {
            arena.arriveAtLeader(sequence);
            arena.awaitRelease(engine, index, sequence);
            if (root < 0 || c.rank() == root)
            {
                System.arraycopy(arena.recvBuffers[0], 0, rbuf, roffset, elements);
            }
            arena.finish();
            return;
        }
        arena.arrive(sequence);
        arena.awaitArrivals(engine, sequence);
        final Object acc = arena.scratch(0, type.base(), elements);
        combineLocal(arena, acc, count, type, op);
        final Communicator leaders = locality.leadersComm();
        if (root < 0)
        {
            Collectives.flatAllreduce(leaders, acc, 0, acc, 0, count, type, op, LEADER_TAG + CollectiveTag.ALLREDUCE);
        }
        else
        {
            Reduce.binomial(leaders, acc, 0, acc, 0, count, type, op, locality.jvmIndexOf(root),
                LEADER_TAG + CollectiveTag.REDUCE);
        }
        if (root < 0 || c.rank() == root)
        {
            System.arraycopy(acc, 0, rbuf, roffset, elements);
        }
        // the members copy the result from the leader's temporary
        arena.publishRecv(0, acc, 0, count, type);
        arena.release(sequence);
        arena.awaitFinished(engine);
    }

    // ---------------------------------------------------------------- all ranks in this JVM

    /** Rank i's send block into block i of the root's receive buffer; v: root's counts and displacements. */
    static void gather(
        final Communicator c,
        final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int rcount, final int[] rcounts, final int[] displs,
        final TypeMap rtype, final int root)
    {
        final CollectiveState state = CollectiveState.of(c);
        final JvmArena arena = state.arena(c);
        final int index = c.rank();
        arena.publishSend(index, sbuf, soffset, scount, stype);
        arena.publishRecv(index, rbuf, roffset, rcount, rtype);
        arena.publishRecvBlocks(index, rcounts, displs);
        local(arena, c.engine(), index, state.nextArenaOperation(), LocalTask.GATHER, 0, null, null, root);
    }

    /** Block i of the root's send buffer into rank i's; v: the root's counts and displacements. */
    static void scatter(
        final Communicator c,
        final Object sbuf, final int soffset, final int scount, final int[] scounts, final int[] displs,
        final TypeMap stype, final Object rbuf, final int roffset, final int rcount, final TypeMap rtype,
        final int root)
    {
        final CollectiveState state = CollectiveState.of(c);
        final JvmArena arena = state.arena(c);
        final int index = c.rank();
        arena.publishSend(index, sbuf, soffset, scount, stype);
        arena.publishSendBlocks(index, scounts, displs);
        arena.publishRecv(index, rbuf, roffset, rcount, rtype);
        local(arena, c.engine(), index, state.nextArenaOperation(), LocalTask.SCATTER, 0, null, null, root);
    }

    /** Rank i's send block into block i of every rank's receive buffer; v: each rank's own layout of blocks. */
    static void allgather(
        final Communicator c,
        final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int rcount, final int[] rcounts, final int[] displs,
        final TypeMap rtype)
    {
        final CollectiveState state = CollectiveState.of(c);
        final JvmArena arena = state.arena(c);
        final int index = c.rank();
        arena.publishSend(index, sbuf, soffset, scount, stype);
        arena.publishRecv(index, rbuf, roffset, rcount, rtype);
        arena.publishRecvBlocks(index, rcounts, displs);
        local(arena, c.engine(), index, state.nextArenaOperation(), LocalTask.ALLGATHER, 0, null, null, -1);
    }

    /** Block j of rank i's send buffer into block i of rank j's receive buffer; v: each side's own blocks. */
    static void alltoall(
        final Communicator c,
        final Object sbuf, final int soffset, final int scount, final int[] scounts, final int[] sdispls,
        final TypeMap stype,
        final Object rbuf, final int roffset, final int rcount, final int[] rcounts, final int[] rdispls,
        final TypeMap rtype)
    {
        final CollectiveState state = CollectiveState.of(c);
        final JvmArena arena = state.arena(c);
        final int index = c.rank();
        arena.publishSend(index, sbuf, soffset, scount, stype);
        arena.publishSendBlocks(index, scounts, sdispls);
        arena.publishRecv(index, rbuf, roffset, rcount, rtype);
        arena.publishRecvBlocks(index, rcounts, rdispls);
        local(arena, c.engine(), index, state.nextArenaOperation(), LocalTask.ALLTOALL, 0, null, null, -1);
    }

    /**
     * Arrive for operation {@code sequence} (the buffers published); the last rank to arrive starts {@code task}
     * with its call's parameters; everyone helps until the task is done.
     */
    private static void local(
        final JvmArena arena, final Engine engine, final int index, final long sequence, final LocalTask task,
        final int count, final TypeMap type, final ReduceOp op, final int root)
    {
        if (arena.arrive(sequence))
        {
            arena.start(sequence, task, count, type, op, root);
        }
        arena.awaitRelease(engine, index, sequence);
    }

    /** acc = x0 op (x1 op (... op x(L-1))): right to left, so non-commutative operations keep rank order. */
    private static void combineLocal(final JvmArena arena, final Object acc, final int count, final TypeMap type,
        final ReduceOp op)
    {
        final int last = arena.size - 1;
        System.arraycopy(arena.sendBuffers[last], arena.sendOffsets[last], acc, 0, count * type.size());
        for (int i = last - 1; i >= 0; i--)
        {
            op.reduce(arena.sendBuffers[i], arena.sendOffsets[i], acc, 0, count, type);
        }
    }

    private static int localIndexOf(final Locality locality, final int rank)
    {
        return java.util.Arrays.binarySearch(locality.localRanks(), rank);
    }
}
