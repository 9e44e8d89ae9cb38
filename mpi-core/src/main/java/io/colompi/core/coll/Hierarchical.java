package io.colompi.core.coll;

import io.colompi.core.coll.Selection.Algorithm;
import io.colompi.core.coll.Selection.Decision;
import io.colompi.core.coll.Selection.Path;
import io.colompi.core.comm.Communicator;
import io.colompi.core.comm.Locality;
import io.colompi.core.job.MpiError;
import io.colompi.core.op.ReduceOp;
import io.colompi.core.pt2pt.Engine;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.Transfer;
import io.colompi.core.type.TypeMap;

/**
 * Placement-aware collectives, run as {@link Selection} decided: the ranks of a JVM meet in a {@link JvmArena} and
 * read each other's arrays (no messages, no serialization). With every rank in one JVM ({@link Path#JVM_ARENA})
 * each collective is a shared-memory algorithm ({@link LocalTask}) that the ranks present run together. Across
 * JVMs one leader per JVM combines its JVM's ranks, works with the other leaders, and the others copy the result
 * once (the skeleton: {@link JvmArena#awaitLeader}, {@link JvmArena#awaitMembers}); the leaders run the flat
 * algorithm chosen for them ({@link Path#LEADERS}), or meet in their node's {@link NodeArena}
 * ({@link Path#NODE_ARENA}). Primitive types only (objects travel by value, through the flat algorithms);
 * reductions also need a contiguous type, since a chunk of the vector is a range of each rank's array.
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

    /** A barrier of {@code kind}: {@link CollectiveTag#BARRIER} or {@link CollectiveTag#FINALIZE}. */
    static void barrier(final Communicator c, final Decision d, final int kind)
    {
        final CollectiveState state = CollectiveState.of(c);
        final JvmArena arena = state.arena(c);
        final long sequence = state.nextArenaOperation();
        final Locality locality = c.locality();
        final int index = locality.localIndex();
        final Engine engine = c.engine();
        if (d.path() == Path.JVM_ARENA)
        {
            arena.run(state.calls(c), engine, index, sequence, LocalTask.BARRIER, null, -1);
            return;
        }
        if (index != 0)
        {
            arena.awaitLeader(engine, index, sequence);
            return;
        }
        arena.awaitMembers(engine, sequence);
        Barrier.dissemination(locality.leadersComm(), LEADER_TAG + kind);
        arena.release(sequence);
    }

    static void bcast(
        final Communicator c, final Decision d, final Object buffer, final int offset, final int count,
        final TypeMap type, final int root)
    {
        final CollectiveState state = CollectiveState.of(c);
        final JvmArena arena = state.arena(c);
        final long sequence = state.nextArenaOperation();
        final Locality locality = c.locality();
        final int index = locality.localIndex();
        final Engine engine = c.engine();
        if (d.flat() == Algorithm.EAGER)
        {
            arena.eagerBcast(state.calls(c), engine, index, sequence, buffer, offset, count, type, root);
            return;
        }
        final int elements = count * type.size();
        arena.publishSend(index, buffer, offset, count, type);
        if (d.path() == Path.JVM_ARENA)
        {
            arena.run(state.calls(c), engine, index, sequence, LocalTask.BCAST, null, root);
            return;
        }
        if (index != 0)
        {
            arena.awaitLeader(engine, index, sequence);
            if (c.rank() != root)
            {
                final ArenaSlot leader = arena.slot(0);
                Transfer.copy(leader.sendBuffer, leader.sendOffset, leader.sendType, buffer, offset, type, elements);
            }
            arena.finish();
            return;
        }
        arena.awaitMembers(engine, sequence);
        final int rootJvm = locality.jvmIndexOf(root);
        final int rootIndex = rootJvm == locality.jvmIndexOf(c.rank()) ? localIndexOf(locality, root) : 0;
        if (rootIndex != 0)
        {
            final ArenaSlot from = arena.slot(rootIndex);
            Transfer.copy(from.sendBuffer, from.sendOffset, from.sendType, buffer, offset, type, elements);
        }
        if (d.path() == Path.NODE_ARENA)
        {
            // one node: the participants are the leaders, in the same order
            NodeArena.of(c, state).bcast(buffer, offset, count, type, rootJvm);
        }
        else
        {
            final BlockingPlan plan = BlockingPlan.of(locality.leadersComm(), LEADER_TAG + CollectiveTag.BCAST);
            Broadcast.run(plan, d.flat(), buffer, offset, count, type, rootJvm);
            plan.finish();
        }
        // Members copy from the leader, which waits for them; the root may already be on to its next call.
        arena.release(sequence);
        arena.awaitFinished(engine);
    }

    /** Reduce ({@code root >= 0}) or allreduce ({@code root < 0}). */
    static void reduce(
        final Communicator c, final Decision d, final Object sbuf, final int soffset, final Object rbuf,
        final int roffset, final int count, final TypeMap type, final ReduceOp op, final int root)
    {
        final CollectiveState state = CollectiveState.of(c);
        final JvmArena arena = state.arena(c);
        final Locality locality = c.locality();
        final int index = locality.localIndex();
        final Engine engine = c.engine();
        final long sequence = state.nextArenaOperation();
        if (d.flat() == Algorithm.EXCHANGE)
        {
            arena.exchange(state.calls(c), engine, index, sequence, sbuf, soffset, rbuf, roffset, count, type, op);
            return;
        }
        final int elements = count * type.size();
        arena.publishSend(index, sbuf, soffset, count, type);
        if (d.path() == Path.JVM_ARENA)
        {
            arena.publishRecv(index, rbuf, roffset, count, type);
            arena.run(state.calls(c), engine, index, sequence, LocalTask.REDUCE, op, root);
            return;
        }
        if (index != 0)
        {
            arena.awaitLeader(engine, index, sequence);
            if (root < 0 || c.rank() == root)
            {
                System.arraycopy(arena.slot(0).recvBuffer, 0, rbuf, roffset, elements);
            }
            arena.finish();
            return;
        }
        arena.awaitMembers(engine, sequence);
        final int rootJvm = root < 0 ? -1 : locality.jvmIndexOf(root);
        if (arena.size == 1)
        {
            // alone in its JVM: the user's buffers are the JVM's contribution and result
            reduceAcrossJvms(c, d, state, sbuf, soffset, rbuf, roffset, count, type, op, rootJvm);
            arena.release(sequence);
            return;
        }
        final Object acc = arena.scratch(0, type.base(), elements);
        combineLocal(arena, acc, count, type, op);
        reduceAcrossJvms(c, d, state, acc, 0, acc, 0, count, type, op, rootJvm);
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
     * to {@code dst} of every leader, or of JVM {@code rootJvm}'s. Through node arenas ({@link Path#NODE_ARENA}, an
     * allreduce): the JVMs of each node combine in shared memory, one leader per node runs the flat allreduce
     * across nodes, and its node arena spreads the result. Otherwise every leader runs the flat algorithm.
     */
    private static void reduceAcrossJvms(
        final Communicator c, final Decision d, final CollectiveState state, final Object src, final int srcOffset,
        final Object dst, final int dstOffset, final int count, final TypeMap type, final ReduceOp op,
        final int rootJvm)
    {
        final Locality locality = c.locality();
        if (d.path() == Path.LEADERS)
        {
            final int tag = LEADER_TAG + (rootJvm >= 0 ? CollectiveTag.REDUCE : CollectiveTag.ALLREDUCE);
            final BlockingPlan plan = BlockingPlan.of(locality.leadersComm(), tag);
            if (rootJvm >= 0)
            {
                Reduce.binomial(plan, src, srcOffset, dst, dstOffset, count, type, op, rootJvm);
            }
            else
            {
                Allreduce.run(plan, d.flat(), src, srcOffset, dst, dstOffset, count, type, op);
            }
            plan.finish();
            return;
        }
        final NodeArena node = NodeArena.of(c, state);
        if (d.flat() == null)
        {
            node.reduce(src, srcOffset, dst, dstOffset, count, type, op, -1);
            return;
        }
        node.reduce(src, srcOffset, dst, dstOffset, count, type, op, 0);
        if (locality.nodeIndexOfJvm() == 0)
        {
            final BlockingPlan plan = BlockingPlan.of(locality.nodeLeadersComm(),
                NODE_LEADERS_TAG + CollectiveTag.ALLREDUCE);
            Allreduce.run(plan, d.flat(), dst, dstOffset, dst, dstOffset, count, type, op);
            plan.finish();
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
        final Communicator c, final Decision d,
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
        if (d.path() == Path.JVM_ARENA)
        {
            arena.run(state.calls(c), engine, index, sequence, LocalTask.GATHER, null, root);
            return;
        }
        final int block = scount * stype.size();
        final BaseType base = stype.base();
        final int rootJvm = locality.jvmIndexOf(root);
        final boolean rootHere = rootJvm == locality.jvmIndexOf(c.rank());
        if (index != 0)
        {
            arena.awaitLeader(engine, index, sequence);
            if (!rootHere)
            {
                return;
            }
            try
            {
                if (c.rank() == root)
                {
                    unpackAll(c, arena.slot(0).recvBuffer, block, base, rbuf, roffset, rcount, rtype);
                }
            }
            finally
            {
                arena.finish();
            }
            return;
        }
        arena.awaitMembers(engine, sequence);
        final Object staging = stage(c, arena, block, base);
        if (rootHere)
        {
            leaders(c, d, state, staging, block, base, rootJvm, CollectiveTag.GATHER);
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
        leaders(c, d, state, staging, block, base, rootJvm, CollectiveTag.GATHER);
    }

    /**
     * Block i of the root's send buffer into rank i's; v: the root's counts and displacements (all ranks in this
     * JVM only). Across JVMs the root's leader packs the blocks JVM by JVM, the leaders scatter them, and each
     * rank copies its block from its leader.
     */
    static void scatter(
        final Communicator c, final Decision d,
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
        if (d.path() == Path.JVM_ARENA)
        {
            arena.run(state.calls(c), engine, index, sequence, LocalTask.SCATTER, null, root);
            return;
        }
        final int block = rcount * rtype.size();
        final BaseType base = rtype.base();
        if (index != 0)
        {
            arena.awaitLeader(engine, index, sequence);
            try
            {
                unpackOne(arena.slot(0).recvBuffer, locality.position(c.rank()) * block, block, base, rbuf, roffset,
                    rcount, rtype);
            }
            finally
            {
                arena.finish();
            }
            return;
        }
        arena.awaitMembers(engine, sequence);
        final int rootJvm = locality.jvmIndexOf(root);
        final Object staging = arena.scratch(0, base, c.size() * block);
        if (rootJvm == locality.jvmIndexOf(c.rank()))
        {
            final ArenaSlot from = arena.slot(localIndexOf(locality, root));
            final int extent = from.sendType.extent();
            for (int r = 0; r < c.size(); r++)
            {
                Buffers.pack(engine, from.sendBuffer, from.sendOffset + r * from.sendCount * extent, from.sendCount,
                    from.sendType, staging, locality.position(r) * block);
            }
        }
        leaders(c, d, state, staging, block, base, rootJvm, CollectiveTag.SCATTER);
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
     * ranks in this JVM, or a {@link #stream}). Across JVMs each leader packs its JVM's blocks, the leaders allgather
     * them, and every rank unpacks the whole from its leader; or, as one stream through the node arena, every rank
     * reads the others' blocks itself.
     */
    static void allgather(
        final Communicator c, final Decision d,
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
        if (d.path() == Path.JVM_ARENA)
        {
            arena.run(state.calls(c), engine, index, sequence, LocalTask.ALLGATHER, null, -1);
            return;
        }
        if (d.flat() == Algorithm.STREAM)
        {
            stream(c, state, arena, sequence, sbuf, soffset, scount, stype, rbuf, roffset, rcount, rcounts, displs,
                rtype);
            return;
        }
        final int block = scount * stype.size();
        final BaseType base = stype.base();
        if (index != 0)
        {
            arena.awaitLeader(engine, index, sequence);
            try
            {
                unpackAll(c, arena.slot(0).recvBuffer, block, base, rbuf, roffset, rcount, rtype);
            }
            finally
            {
                arena.finish();
            }
            return;
        }
        arena.awaitMembers(engine, sequence);
        final Object staging = stage(c, arena, block, base);
        if (d.path() == Path.NODE_ARENA)
        {
            // one node: the participants are the leaders, in the same order
            NodeArena.of(c, state).allgather(staging, jvmBlocks(state, locality, block, false),
                jvmBlocks(state, locality, block, true), base);
        }
        else
        {
            leaders(c, d, state, staging, block, base, -1, CollectiveTag.ALLGATHER);
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

    /**
     * An allgather ({@code rcounts} null) or allgatherv of JVMs that hold several ranks as one stream through the node
     * arena ({@link Algorithm#STREAM}): each leader writes its ranks' blocks and agrees with the other leaders on the
     * block size, or the block sizes' hash, over all its ranks; then every rank reads the other blocks from the arena
     * into its own receive layout, two copies a datum, and copies its own. A disagreement fails every rank alike; a
     * rank whose receive side is too short for an allgather's block fails alone.
     */
    private static void stream(final Communicator c, final CollectiveState state, final JvmArena arena,
        final long sequence, final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int rcount, final int[] rcounts, final int[] displs,
        final TypeMap rtype)
    {
        final int size = c.size();
        final int rank = c.rank();
        final int index = c.locality().localIndex();
        final Engine engine = c.engine();
        final int[] lengths = state.blocking.ints(0, size);
        final int[] places = rcounts == null ? state.blocking.ints(1, size) : displs;
        final int block = scount * stype.size();
        if (rcounts == null)
        {
            NodeArena.equalBlocks(lengths, places, size, block, rcount);
        }
        else
        {
            for (int r = 0; r < size; r++)
            {
                lengths[r] = rcounts[r] * rtype.size();
            }
        }
        final long total = NodeArena.streamStart(lengths, size);
        final MpiError room = rcounts == null ? Buffers.unfit(block, stype.base(), rcount, rtype, -1) : null;
        if (index != 0)
        {
            arena.awaitLeader(engine, index, sequence);
        }
        else
        {
            arena.awaitMembers(engine, sequence);
            try
            {
                arena.streamSet = agreedStream(c, state, arena, lengths, rcounts != null);
            }
            catch (final MpiError e)
            {
                for (int i = 1; i < arena.size; i++)
                {
                    arena.slot(i).error = e;
                }
                arena.release(sequence);
                throw e;
            }
            arena.release(sequence);
        }
        try
        {
            if (room == null)
            {
                NodeArena.readStream(arena.streamSet, 0, total, rank, size, rbuf, roffset, lengths, places, rtype);
            }
        }
        finally
        {
            if (index != 0)
            {
                arena.finish();
            }
            else
            {
                arena.awaitFinished(engine);
            }
        }
        if (room != null)
        {
            throw room;
        }
        Buffers.copyLocal(engine, sbuf, soffset, scount, stype, rbuf, roffset + places[rank] * rtype.extent(),
            rcounts == null ? rcount : rcounts[rank], rtype);
    }

    /**
     * The leader's {@link NodeArena#streamOfJvm}, agreeing (unless {@code colompi.coll.checkCounts} is off) on the
     * lowest and highest block size of its ranks, or ({@code vector}) hash of the block sizes each of them sees.
     */
    private static long agreedStream(final Communicator c, final CollectiveState state, final JvmArena arena,
        final int[] lengths, final boolean vector)
    {
        final NodeArena node = NodeArena.of(c, state);
        final int[] local = c.locality().localRanks();
        if (!CountAgreement.enabled(c))
        {
            return node.streamOfJvm(arena, local, lengths, null, 0, 0, 0, false);
        }
        long low = Long.MAX_VALUE;
        long high = Long.MIN_VALUE;
        int lowRank = -1;
        for (int i = 0; i < local.length; i++)
        {
            final ArenaSlot slot = arena.slot(i);
            final int sent = slot.sendCount * slot.sendType.size();
            final long value = vector ? NodeArena.blockSizes(local[i], c.size(), sent, slot.sendType,
                slot.recvBlockCounts, slot.recvType) : CountAgreement.typedCount(sent, slot.sendType);
            if (value < low)
            {
                low = value;
                lowRank = local[i];
            }
            high = Math.max(high, value);
        }
        return node.streamOfJvm(arena, local, lengths, vector ? "Allgatherv" : "Allgather", low, lowRank, high,
            vector);
    }

    /**
     * Block j of rank i's send buffer into block i of rank j's receive buffer; v: each side's own blocks (all ranks
     * in this JVM only). Through the node arena ({@link Path#NODE_ARENA}: each rank alone in its JVM, all on one
     * node) with the checks a message would get: a receive side too small for a block, or of another type, fails
     * on this rank once the others have their data.
     */
    static void alltoall(
        final Communicator c, final Decision d,
        final Object sbuf, final int soffset, final int scount, final int[] scounts, final int[] sdispls,
        final TypeMap stype,
        final Object rbuf, final int roffset, final int rcount, final int[] rcounts, final int[] rdispls,
        final TypeMap rtype)
    {
        final CollectiveState state = CollectiveState.of(c);
        if (d.path() == Path.NODE_ARENA)
        {
            final MpiError error = Buffers.unfit((long)scount * stype.size(), stype.base(), rcount, rtype, -1);
            NodeArena.of(c, state).alltoall(sbuf, soffset, scount, stype, rbuf, roffset, rcount, rtype,
                error != null);
            if (error != null)
            {
                throw error;
            }
            return;
        }
        final JvmArena arena = state.arena(c);
        final int index = c.rank();
        arena.publishSend(index, sbuf, soffset, scount, stype);
        arena.publishSendBlocks(index, scounts, sdispls);
        arena.publishRecv(index, rbuf, roffset, rcount, rtype);
        arena.publishRecvBlocks(index, rcounts, rdispls);
        arena.run(state.calls(c), c.engine(), index, state.nextArenaOperation(), LocalTask.ALLTOALL, null, -1);
    }

    /**
     * The JVM leaders' phase of a gather ({@code root >= 0}), scatter ({@code root >= 0}) or allgather
     * ({@code root < 0}) of the runs of {@code block}-element blocks in {@code staging}, JVM by JVM: the flat
     * algorithm {@link Selection} chose for the leaders, on their communicator with tags of their own.
     */
    private static void leaders(final Communicator c, final Decision d, final CollectiveState state,
        final Object staging, final int block, final BaseType base, final int rootJvm, final int kind)
    {
        final Locality locality = c.locality();
        final int[] counts = jvmBlocks(state, locality, block, false);
        final int[] displs = jvmBlocks(state, locality, block, true);
        final TypeMap dense = TypeMap.dense(base);
        final BlockingPlan plan = BlockingPlan.of(locality.leadersComm(), LEADER_TAG + kind);
        switch (kind)
        {
            case CollectiveTag.GATHER -> Gather.runs(plan, d.flat(), staging, counts, displs, dense, rootJvm);
            case CollectiveTag.SCATTER -> Scatter.runs(plan, d.flat(), staging, counts, displs, dense, rootJvm);
            default -> Allgather.runs(plan, d.flat(), staging, counts, displs, dense);
        }
        plan.finish();
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
            final ArenaSlot slot = arena.slot(i);
            Buffers.pack(c.engine(), slot.sendBuffer, slot.sendOffset, slot.sendCount, slot.sendType, staging,
                (first + i) * block);
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
        System.arraycopy(arena.slot(last).sendBuffer, arena.slot(last).sendOffset, acc, 0, count * type.size());
        for (int i = last - 1; i >= 0; i--)
        {
            op.reduce(arena.slot(i).sendBuffer, arena.slot(i).sendOffset, acc, 0, count, type);
        }
    }

    private static int localIndexOf(final Locality locality, final int rank)
    {
        return java.util.Arrays.binarySearch(locality.localRanks(), rank);
    }
}
