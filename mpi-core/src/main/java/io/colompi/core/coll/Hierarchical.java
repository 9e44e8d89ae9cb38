package io.colompi.core.coll;

import io.colompi.core.comm.Communicator;
import io.colompi.core.comm.Locality;
import io.colompi.core.op.ReduceOp;
import io.colompi.core.pt2pt.Engine;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.Transfer;
import io.colompi.core.type.TypeMap;

/**
 * Placement-aware collectives: the ranks of a JVM meet in a {@link JvmArena} and read each other's arrays (no
 * messages, no serialization). With every rank in one JVM each collective is a shared-memory algorithm
 * ({@link LocalTask}) that the ranks present run together. Across JVMs one leader per JVM combines its JVM's
 * ranks, works with the other leaders, and the others copy the result once; the leaders run the flat algorithm,
 * or meet in their node's {@link NodeArena}: a large allreduce there, with one leader per node running the flat
 * algorithm across nodes; a large bcast or allgather when all JVMs share one node. Primitive types only (objects
 * travel by value, through the flat algorithms); reductions also need a contiguous type, since a chunk of the
 * vector is a range of each rank's array.
 */
final class Hierarchical
{
    /** Leaders talk on the collective context with tags of their own, apart from the flat algorithms'. */
    private static final int LEADER_TAG = 100;
    /** Node leaders too ({@link NodeArena}'s participants use 200 and up). */
    private static final int NODE_LEADERS_TAG = 300;

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
        bcastAcrossJvms(c, state, buffer, offset, count, type, rootJvm);
        // Members copy from the leader, which waits for them; the root may already be on to its next call.
        arena.release(sequence);
        arena.awaitFinished(engine);
    }

    /**
     * The leaders' phase of a broadcast from JVM {@code rootJvm}'s leader: large data on one node through the node
     * arena (its participants are the leaders, in the same order), otherwise the flat broadcast.
     */
    private static void bcastAcrossJvms(final Communicator c, final CollectiveState state, final Object buffer,
        final int offset, final int count, final TypeMap type, final int rootJvm)
    {
        if (NodeArena.forBcast(c, count, type))
        {
            NodeArena.of(c, state).bcast(buffer, offset, count, type, rootJvm);
        }
        else
        {
            Collectives.flatBcast(c.locality().leadersComm(), buffer, offset, count, type, rootJvm,
                LEADER_TAG + CollectiveTag.BCAST);
        }
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
        final int rootJvm = root < 0 ? -1 : locality.jvmIndexOf(root);
        if (arena.size == 1)
        {
            // alone in its JVM: the user's buffers are the JVM's contribution and result
            reduceAcrossJvms(c, state, sbuf, soffset, rbuf, roffset, count, type, op, rootJvm);
            arena.release(sequence);
            return;
        }
        final Object acc = arena.scratch(0, type.base(), elements);
        combineLocal(arena, acc, count, type, op);
        reduceAcrossJvms(c, state, acc, 0, acc, 0, count, type, op, rootJvm);
        if (root < 0 || c.rank() == root)
        {
            System.arraycopy(acc, 0, rbuf, roffset, elements);
        }
        // the members copy the result from the leader's temporary
        arena.publishRecv(0, acc, 0, count, type);
        arena.release(sequence);
        arena.awaitFinished(engine);
    }

    /**
     * The leaders' phase of a reduction: each leader holds its JVM's combination in {@code src}; the result goes
     * to {@code dst} of every leader, or of JVM {@code rootJvm}'s. A large allreduce of a commutative operation (or
     * of any operation on one node) goes through node arenas: the JVMs of each node combine in shared memory, one
     * leader per node runs the flat allreduce across nodes, and its node arena spreads the result. Otherwise
     * every leader runs the flat algorithm (for reduce, the binomial tree, which measured faster than the node
     * arenas: its leaves leave at once).
     */
    private static void reduceAcrossJvms(
        final Communicator c, final CollectiveState state, final Object src, final int srcOffset, final Object dst,
        final int dstOffset, final int count, final TypeMap type, final ReduceOp op, final int rootJvm)
    {
        final Locality locality = c.locality();
        final Communicator leaders = locality.leadersComm();
        if (rootJvm >= 0)
        {
            Reduce.binomial(leaders, src, srcOffset, dst, dstOffset, count, type, op, rootJvm,
                LEADER_TAG + CollectiveTag.REDUCE);
            return;
        }
        final int nodes = locality.nodeCount();
        if (!NodeArena.forAllreduce(c, count, type) || nodes > 1 && !op.commutative())
        {
            Collectives.flatAllreduce(leaders, src, srcOffset, dst, dstOffset, count, type, op,
                LEADER_TAG + CollectiveTag.ALLREDUCE);
            return;
        }
        final NodeArena node = NodeArena.of(c, state);
        if (nodes == 1)
        {
            node.reduce(src, srcOffset, dst, dstOffset, count, type, op, -1);
            return;
        }
        node.reduce(src, srcOffset, dst, dstOffset, count, type, op, 0);
        if (locality.nodeIndexOfJvm() == 0)
        {
            Collectives.flatAllreduce(locality.nodeLeadersComm(), dst, dstOffset, dst, dstOffset, count, type, op,
                NODE_LEADERS_TAG + CollectiveTag.ALLREDUCE);
        }
        node.bcast(dst, dstOffset, count, type, 0);
    }

    // ---------------------------------------------------------------- all ranks in this JVM

    /**
     * Rank i's send block into block i of the root's receive buffer; v: root's counts and displacements (all
     * ranks in this JVM only). Across JVMs each leader packs its JVM's blocks, the leaders gather them at the
     * root's leader, and the root unpacks them.
     */
    static void gather(
        final Communicator c,
        final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int rcount, final int[] rcounts, final int[] displs,
        final TypeMap rtype, final int root)
    {
        final CollectiveState state = CollectiveState.of(c);
        final JvmArena arena = state.arena(c);
        final long sequence = state.nextArenaOperation();
        final Locality locality = c.locality();
        final int index = locality.localIndex();
        final Engine engine = c.engine();
        arena.publishSend(index, sbuf, soffset, scount, stype);
        arena.publishRecv(index, rbuf, roffset, rcount, rtype);
        arena.publishRecvBlocks(index, rcounts, displs);
        if (locality.jvmCount() == 1)
        {
            local(arena, engine, index, sequence, LocalTask.GATHER, 0, null, null, root);
            return;
        }
        final int block = scount * stype.size();
        final BaseType base = stype.base();
        final int rootJvm = locality.jvmIndexOf(root);
        final boolean rootHere = rootJvm == locality.jvmIndexOf(c.rank());
        if (index != 0)
        {
            arena.arriveAtLeader(sequence);
            arena.awaitRelease(engine, index, sequence);
            if (!rootHere)
            {
                return;
            }
            try
            {
                if (c.rank() == root)
                {
                    unpackAll(c, arena.recvBuffers[0], block, base, rbuf, roffset, rcount, rtype);
                }
            }
            finally
            {
                arena.finish();
            }
            return;
        }
        arena.arrive(sequence);
        arena.awaitArrivals(engine, sequence);
        final Object staging = stage(c, arena, block, base);
        if (rootHere)
        {
            Collectives.flatGather(locality.leadersComm(), staging, jvmBlocks(state, locality, block, false),
                jvmBlocks(state, locality, block, true), Buffers.dense(base), rootJvm,
                LEADER_TAG + CollectiveTag.GATHER);
            arena.publishRecv(0, staging, 0, 0, null);
            arena.release(sequence);
            try
            {
                if (c.rank() == root)
                {
                    unpackAll(c, staging, block, base, rbuf, roffset, rcount, rtype);
                }
            }
            finally
            {
                arena.awaitFinished(engine);
            }
            return;
        }
        // the members' blocks are packed: they may go while their leader sends
        arena.release(sequence);
        Collectives.flatGather(locality.leadersComm(), staging, jvmBlocks(state, locality, block, false),
            jvmBlocks(state, locality, block, true), Buffers.dense(base), rootJvm, LEADER_TAG + CollectiveTag.GATHER);
    }

    /**
     * Block i of the root's send buffer into rank i's; v: the root's counts and displacements (all ranks in this
     * JVM only). Across JVMs the root's leader packs the blocks JVM by JVM, the leaders scatter them, and each
     * rank copies its block from its leader.
     */
    static void scatter(
        final Communicator c,
        final Object sbuf, final int soffset, final int scount, final int[] scounts, final int[] displs,
        final TypeMap stype, final Object rbuf, final int roffset, final int rcount, final TypeMap rtype,
        final int root)
    {
        final CollectiveState state = CollectiveState.of(c);
        final JvmArena arena = state.arena(c);
        final long sequence = state.nextArenaOperation();
        final Locality locality = c.locality();
        final int index = locality.localIndex();
        final Engine engine = c.engine();
        arena.publishSend(index, sbuf, soffset, scount, stype);
        arena.publishSendBlocks(index, scounts, displs);
        arena.publishRecv(index, rbuf, roffset, rcount, rtype);
        if (locality.jvmCount() == 1)
        {
            local(arena, engine, index, sequence, LocalTask.SCATTER, 0, null, null, root);
            return;
        }
        final int block = rcount * rtype.size();
        final BaseType base = rtype.base();
        if (index != 0)
        {
            arena.arriveAtLeader(sequence);
            arena.awaitRelease(engine, index, sequence);
            try
            {
                unpackOne(arena.recvBuffers[0], locality.position(c.rank()) * block, block, base, rbuf, roffset,
                    rcount, rtype);
            }
            finally
            {
                arena.finish();
            }
            return;
        }
        arena.arrive(sequence);
        arena.awaitArrivals(engine, sequence);
        final int rootJvm = locality.jvmIndexOf(root);
        final Object staging = arena.scratch(0, base, c.size() * block);
        if (rootJvm == locality.jvmIndexOf(c.rank()))
        {
            final int from = localIndexOf(locality, root);
            final Object src = arena.sendBuffers[from];
            final int extent = arena.sendTypes[from].extent();
            for (int r = 0; r < c.size(); r++)
            {
                Buffers.pack(engine, src, arena.sendOffsets[from] + r * arena.sendCounts[from] * extent,
                    arena.sendCounts[from], arena.sendTypes[from], staging, locality.position(r) * block);
            }
        }
        Collectives.flatScatter(locality.leadersComm(), staging, jvmBlocks(state, locality, block, false),
            jvmBlocks(state, locality, block, true), Buffers.dense(base), rootJvm, LEADER_TAG + CollectiveTag.SCATTER);
        arena.publishRecv(0, staging, 0, 0, null);
        arena.release(sequence);
        try
        {
            unpackOne(staging, locality.position(c.rank()) * block, block, base, rbuf, roffset, rcount, rtype);
        }
        finally
        {
            arena.awaitFinished(engine);
        }
    }

    /**
     * Rank i's send block into block i of every rank's receive buffer; v: each rank's own layout of blocks (all
     * ranks in this JVM only). Across JVMs each leader packs its JVM's blocks, the leaders allgather them, and
     * every rank unpacks the whole from its leader.
     */
    static void allgather(
        final Communicator c,
        final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int rcount, final int[] rcounts, final int[] displs,
        final TypeMap rtype)
    {
        final CollectiveState state = CollectiveState.of(c);
        final JvmArena arena = state.arena(c);
        final long sequence = state.nextArenaOperation();
        final Locality locality = c.locality();
        final int index = locality.localIndex();
        final Engine engine = c.engine();
        arena.publishSend(index, sbuf, soffset, scount, stype);
        arena.publishRecv(index, rbuf, roffset, rcount, rtype);
        arena.publishRecvBlocks(index, rcounts, displs);
        if (locality.jvmCount() == 1)
        {
            local(arena, engine, index, sequence, LocalTask.ALLGATHER, 0, null, null, -1);
            return;
        }
        final int block = scount * stype.size();
        final BaseType base = stype.base();
        if (index != 0)
        {
            arena.arriveAtLeader(sequence);
            arena.awaitRelease(engine, index, sequence);
            try
            {
                unpackAll(c, arena.recvBuffers[0], block, base, rbuf, roffset, rcount, rtype);
            }
            finally
            {
                arena.finish();
            }
            return;
        }
        arena.arrive(sequence);
        arena.awaitArrivals(engine, sequence);
        final Object staging = stage(c, arena, block, base);
        final int[] runCounts = jvmBlocks(state, locality, block, false);
        final int[] runDispls = jvmBlocks(state, locality, block, true);
        if (NodeArena.forAllgather(c, base, (long)c.size() * block * base.byteSize()))
        {
            // one node: the participants are the leaders, in the same order
            NodeArena.of(c, state).allgather(staging, runCounts, runDispls, base);
        }
        else
        {
            Collectives.flatAllgather(locality.leadersComm(), staging, runCounts, runDispls, Buffers.dense(base),
                LEADER_TAG + CollectiveTag.ALLGATHER);
        }
        arena.publishRecv(0, staging, 0, 0, null);
        arena.release(sequence);
        try
        {
            unpackAll(c, staging, block, base, rbuf, roffset, rcount, rtype);
        }
        finally
        {
            arena.awaitFinished(engine);
        }
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

    /**
     * The leader's dense temporary with this JVM's send blocks packed at their {@link Locality#position}s (the
     * arena's slots in local order, {@code block} elements each), room for every rank's.
     */
    private static Object stage(final Communicator c, final JvmArena arena, final int block, final BaseType base)
    {
        final Locality locality = c.locality();
        final Object staging = arena.scratch(0, base, c.size() * block);
        final int first = locality.jvmFirst(locality.jvmIndexOf(c.rank()));
        for (int i = 0; i < arena.size; i++)
        {
            Buffers.pack(c.engine(), arena.sendBuffers[i], arena.sendOffsets[i], arena.sendCounts[i],
                arena.sendTypes[i], staging, (first + i) * block);
        }
        return staging;
    }

    /** Every rank's block of {@code staging} (JVM by JVM) into its place, rank order, in this rank's layout. */
    private static void unpackAll(final Communicator c, final Object staging, final int block, final BaseType base,
        final Object rbuf, final int roffset, final int rcount, final TypeMap rtype)
    {
        final Locality locality = c.locality();
        final int extent = rcount * rtype.extent();
        for (int r = 0; r < c.size(); r++)
        {
            unpackOne(staging, locality.position(r) * block, block, base, rbuf, roffset + r * extent, rcount, rtype);
        }
    }

    private static void unpackOne(final Object staging, final int at, final int block, final BaseType base,
        final Object rbuf, final int roffset, final int rcount, final TypeMap rtype)
    {
        Buffers.place(staging, at, block, base, rbuf, roffset, rcount, rtype);
    }

    /**
     * Each JVM's run of {@code block}-element blocks in the leaders' staging: counts, or displacements; in the
     * int scratch of this rank's own plan, which the leaders' phase (on the leaders' communicator) leaves alone.
     */
    private static int[] jvmBlocks(final CollectiveState state, final Locality locality, final int block,
        final boolean displacements)
    {
        final int jvms = locality.jvmCount();
        final int[] out = state.blocking.ints(displacements ? 1 : 0, jvms);
        for (int j = 0; j < jvms; j++)
        {
            out[j] = (displacements ? locality.jvmFirst(j) : locality.jvmSize(j)) * block;
        }
        return out;
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
