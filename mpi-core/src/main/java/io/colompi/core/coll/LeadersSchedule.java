package io.colompi.core.coll;

import io.colompi.core.coll.Selection.Decision;
import io.colompi.core.coll.Selection.Path;
import io.colompi.core.comm.Communicator;
import io.colompi.core.comm.Locality;
import io.colompi.core.job.MpiError;
import io.colompi.core.op.ReduceOp;
import io.colompi.core.pt2pt.Request;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.Transfer;
import io.colompi.core.type.TypeMap;

import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * Nonblocking collectives across JVMs that meet inside each JVM first ({@link Path#LEADERS}, or
 * {@link Path#NODE_ARENA} where a JVM holds several ranks): the nonblocking twin of {@link Hierarchical}'s leaders.
 * The ranks of a JVM publish their buffers and arrive at an {@link ArenaOperation} of their own, waiting for nobody.
 * The JVM's leader runs a {@link Schedule} on the leaders' communicator: its first round waits for the last of its
 * JVM's ranks to arrive, its second checks that their calls agree and takes their part (combines their vectors,
 * copies the root's data, packs their blocks); then come the rounds of the flat algorithm among the leaders (or, on
 * one node, the {@link NodeArena}'s chunks), and as the schedule ends the leader copies each rank's result into its
 * buffer and completes its request. A member's request thus completes with its leader's: the leader must poll, as
 * every rank must for a flat nonblocking collective, and the members need not.
 *
 * <p>Where the ranks of a JVM start different collectives (or pass different counts or roots), each of them fails,
 * and the leader takes part among the leaders with its own data alone, so that other JVMs are not kept waiting.
 */
final class LeadersSchedule
{
    private LeadersSchedule()
    {
    }

    static Request barrier(final Communicator c, final int tag)
    {
        final ArenaRequest mine = ArenaRequest.of(c, tag);
        if (mine.index != 0)
        {
            return mine.arriveForLeader(LocalTask.BARRIER, null, -1);
        }
        final ArenaOperation operation = mine.operation;
        final Schedule schedule = arrival(c, tag, mine, LocalTask.BARRIER, null, -1);
        schedule.add(r ->
        {
            agree(r, operation, false);
            return null;
        });
        schedule.round();
        Barrier.dissemination(schedule);
        return schedule.start(operation::endMembers);
    }

    static Request bcast(
        final Communicator c, final Decision d, final int tag, final Object buf, final int offset, final int count,
        final TypeMap type, final int root)
    {
        final ArenaRequest mine = ArenaRequest.of(c, tag).send(buf, offset, count, type);
        if (mine.index != 0)
        {
            return mine.arriveForLeader(LocalTask.BCAST, null, root);
        }
        final ArenaOperation operation = mine.operation;
        final Locality locality = c.locality();
        final int rootJvm = locality.jvmIndexOf(root);
        final int rootIndex = rootJvm == locality.jvmIndexOf(c.rank()) ?
            Arrays.binarySearch(locality.localRanks(), root) : 0;
        final int elements = count * type.size();
        final Schedule schedule = arrival(c, tag, mine, LocalTask.BCAST, null, root);
        schedule.add(r ->
        {
            if (agree(r, operation, true) && rootIndex != 0)
            {
                final Contribution from = operation.contributions[rootIndex];
                Transfer.copy(from.sendBuffer, from.sendOffset, from.sendType, buf, offset, type, elements);
            }
            return null;
        });
        schedule.round();
        final NodeArena node = d.path() == Path.NODE_ARENA ? NodeArena.of(c, CollectiveState.of(c)) : null;
        if (node != null)
        {
            node.bcast(schedule, c, buf, offset, count, type, rootJvm);
        }
        else
        {
            Broadcast.run(schedule, d.flat(), buf, offset, count, type, rootJvm);
        }
        final Request request = schedule.start(error ->
        {
            if (error == null)
            {
                for (int i = 1; i < operation.size; i++)
                {
                    final Contribution to = operation.contributions[i];
                    if (operation.rank(i) != root)
                    {
                        Transfer.copy(buf, offset, type, to.sendBuffer, to.sendOffset, to.sendType, elements);
                    }
                }
            }
            operation.endMembers(error);
        });
        return node == null ? request : node.started(request);
    }

    /** Reduce ({@code root >= 0}) or allreduce ({@code root < 0}) of a contiguous type. */
    static Request reduce(
        final Communicator c, final Decision d, final int tag, final Object sbuf, final int soffset,
        final Object rbuf, final int roffset, final int count, final TypeMap type, final ReduceOp op, final int root)
    {
        final ArenaRequest mine = ArenaRequest.of(c, tag).send(sbuf, soffset, count, type)
            .recv(rbuf, roffset, count, type);
        if (mine.index != 0)
        {
            return mine.arriveForLeader(LocalTask.REDUCE, op, root);
        }
        final ArenaOperation operation = mine.operation;
        final Locality locality = c.locality();
        final int rootJvm = root < 0 ? -1 : locality.jvmIndexOf(root);
        final boolean resultHere = root < 0 || rootJvm == locality.jvmIndexOf(c.rank());
        final int elements = count * type.size();
        final Schedule schedule = arrival(c, tag, mine, LocalTask.REDUCE, op, root);
        // the JVM's combination, then the leaders' result: the collective's own, as others may be in flight
        final Object acc = schedule.scratch(0, type.base(), elements);
        schedule.add(r ->
        {
            combine(operation, agree(r, operation, true), acc, count, type, op);
            return null;
        });
        schedule.round();
        final NodeArena node = d.path() == Path.NODE_ARENA ? NodeArena.of(c, CollectiveState.of(c)) : null;
        if (node != null && d.flat() != null)
        {
            // across nodes: the node's JVMs meet in the arena as a part of their own, recorded now, after the arena's
            // earlier operations, and started once the JVM's combination is there
            final Schedule part = Schedule.among(locality.nodeComm(), c, CollectiveTag.withinNode(tag));
            node.allreduceAcrossNodes(part, c, acc, 0, acc, 0, count, type, op, d.flat());
            schedule.add(r -> part.startPart());
            schedule.round();
        }
        else if (node != null)
        {
            node.allreduce(schedule, c, acc, 0, acc, 0, count, type, op, -1);
        }
        else if (root >= 0)
        {
            Reduce.binomial(schedule, acc, 0, acc, 0, count, type, op, rootJvm);
        }
        else
        {
            Allreduce.run(schedule, d.flat(), acc, 0, acc, 0, count, type, op);
        }
        final Request request = schedule.start(error ->
        {
            if (error == null && resultHere)
            {
                for (int i = 0; i < operation.size; i++)
                {
                    final Contribution to = operation.contributions[i];
                    if (root < 0 || operation.rank(i) == root)
                    {
                        System.arraycopy(acc, 0, to.recvBuffer, to.recvOffset, elements);
                    }
                }
            }
            operation.endMembers(error);
        });
        return node == null ? request : node.started(request);
    }

    /**
     * Allgather of blocks of {@code scount} items of {@code stype}: the leader packs its JVM's blocks into a staging
     * array of the schedule's own, the leaders gather their JVMs' runs of blocks there (flat, or in the node arena),
     * and as the schedule ends the leader places every block into each of its JVM's receive buffers, with the checks a
     * message would get (a rank whose receive side does not fit fails alone).
     */
    static Request allgather(
        final Communicator c, final Decision d, final int tag, final Object sbuf, final int soffset, final int scount,
        final TypeMap stype, final Object rbuf, final int roffset, final int rcount, final TypeMap rtype)
    {
        final ArenaRequest mine = ArenaRequest.of(c, tag).send(sbuf, soffset, scount, stype)
            .recv(rbuf, roffset, rcount, rtype);
        if (mine.index != 0)
        {
            return mine.arriveForLeader(LocalTask.ALLGATHER, null, -1);
        }
        final ArenaOperation operation = mine.operation;
        final Locality locality = c.locality();
        final int block = scount * stype.size();
        final BaseType base = stype.base();
        final Schedule schedule = arrival(c, tag, mine, LocalTask.ALLGATHER, null, -1);
        final Object staging = schedule.scratch(0, base, c.size() * block);
        schedule.add(r ->
        {
            packBlocks(c, r, operation, staging, block);
            return null;
        });
        schedule.round();
        final int[] counts = jvmRuns(schedule, locality, block, false);
        final int[] displs = jvmRuns(schedule, locality, block, true);
        final NodeArena node = d.path() == Path.NODE_ARENA ? NodeArena.of(c, CollectiveState.of(c)) : null;
        if (node != null)
        {
            node.allgather(schedule, c, staging, counts, displs, block, base);
        }
        else
        {
            Allgather.runs(schedule, d.flat(), staging, counts, displs, TypeMap.dense(base));
        }
        final Request request = schedule.start(error ->
            place(c, operation, error, i -> true, staging, block, base, true));
        return node == null ? request : node.started(request);
    }

    /**
     * Gather of blocks of {@code scount} items of {@code stype} at {@code root}: the leader packs its JVM's blocks
     * into a staging array of the schedule's own, the leaders gather their JVMs' runs of blocks at the root's leader,
     * which places every block into the root's receive buffer as the schedule ends.
     */
    static Request gather(
        final Communicator c, final Decision d, final int tag, final Object sbuf, final int soffset, final int scount,
        final TypeMap stype, final Object rbuf, final int roffset, final int rcount, final TypeMap rtype,
        final int root)
    {
        final ArenaRequest mine = ArenaRequest.of(c, tag).send(sbuf, soffset, scount, stype)
            .recv(rbuf, roffset, rcount, rtype);
        if (mine.index != 0)
        {
            return mine.arriveForLeader(LocalTask.GATHER, null, root);
        }
        final ArenaOperation operation = mine.operation;
        final Locality locality = c.locality();
        final int block = scount * stype.size();
        final BaseType base = stype.base();
        final Schedule schedule = arrival(c, tag, mine, LocalTask.GATHER, null, root);
        final Object staging = schedule.scratch(0, base, c.size() * block);
        schedule.add(r ->
        {
            packBlocks(c, r, operation, staging, block);
            return null;
        });
        schedule.round();
        Gather.runs(schedule, d.flat(), staging, jvmRuns(schedule, locality, block, false),
            jvmRuns(schedule, locality, block, true), TypeMap.dense(base), locality.jvmIndexOf(root));
        return schedule.start(error ->
            place(c, operation, error, i -> operation.rank(i) == root, staging, block, base, true));
    }

    /**
     * Scatter of blocks of {@code rcount} items of {@code rtype} from {@code root}: the root's leader packs the root's
     * blocks into a staging array of the schedule's own, the leaders scatter the JVMs' runs of blocks, and each
     * leader places its ranks' blocks into their receive buffers as the schedule ends.
     */
    static Request scatter(
        final Communicator c, final Decision d, final int tag, final Object sbuf, final int soffset, final int scount,
        final TypeMap stype, final Object rbuf, final int roffset, final int rcount, final TypeMap rtype,
        final int root)
    {
        final ArenaRequest mine = ArenaRequest.of(c, tag).send(sbuf, soffset, scount, stype)
            .recv(rbuf, roffset, rcount, rtype);
        if (mine.index != 0)
        {
            return mine.arriveForLeader(LocalTask.SCATTER, null, root);
        }
        final ArenaOperation operation = mine.operation;
        final Locality locality = c.locality();
        final int block = rcount * rtype.size();
        final BaseType base = rtype.base();
        final int rootJvm = locality.jvmIndexOf(root);
        final Schedule schedule = arrival(c, tag, mine, LocalTask.SCATTER, null, root);
        final Object staging = schedule.scratch(0, base, c.size() * block);
        schedule.add(r ->
        {
            if (agree(r, operation, false) && rootJvm == locality.jvmIndexOf(c.rank()))
            {
                final Contribution from = operation.contributions[Arrays.binarySearch(locality.localRanks(), root)];
                final int extent = from.sendCount * from.sendType.extent();
                for (int rank = 0; rank < c.size(); rank++)
                {
                    Buffers.pack(c.engine(), from.sendBuffer, from.sendOffset + rank * extent, from.sendCount,
                        from.sendType, staging, locality.position(rank) * block);
                }
            }
            return null;
        });
        schedule.round();
        Scatter.runs(schedule, d.flat(), staging, jvmRuns(schedule, locality, block, false),
            jvmRuns(schedule, locality, block, true), TypeMap.dense(base), rootJvm);
        return schedule.start(error ->
            place(c, operation, error, i -> true, staging, block, base, false));
    }

    /**
     * Pack the send blocks of this JVM's ranks into their places in {@code staging} (the leader's alone where their
     * calls or counts differ: they fail).
     */
    private static void packBlocks(final Communicator c, final CollectiveRequest collective,
        final ArenaOperation operation, final Object staging, final int block)
    {
        final Locality locality = c.locality();
        final int last = agree(collective, operation, true) ? operation.size - 1 : 0;
        for (int i = 0; i <= last; i++)
        {
            final Contribution from = operation.contributions[i];
            Buffers.pack(c.engine(), from.sendBuffer, from.sendOffset, from.sendCount, from.sendType, staging,
                locality.position(operation.rank(i)) * block);
        }
    }

    /** Each JVM's run of {@code block}-element blocks in a staging array: counts, or displacements. */
    private static int[] jvmRuns(final Schedule schedule, final Locality locality, final int block,
        final boolean displacements)
    {
        final int jvms = locality.jvmCount();
        final int[] runs = schedule.ints(displacements ? 1 : 0, jvms);
        for (int j = 0; j < jvms; j++)
        {
            runs[j] = (displacements ? locality.jvmFirst(j) : locality.jvmSize(j)) * block;
        }
        return runs;
    }

    /**
     * As a collective of this JVM's ranks ends (with {@code error}, or null), place into the receive buffer of each
     * of its ranks that {@code receives} the blocks of {@code staging}: every rank's ({@code all}, in rank order) or
     * its own; then end the members' requests. A rank whose receive side does not fit fails alone: a member as its
     * request ends, the leader by the exception this throws.
     */
    private static void place(final Communicator c, final ArenaOperation operation, final MpiError error,
        final IntPredicate receives, final Object staging, final int block, final BaseType base, final boolean all)
    {
        final Locality locality = c.locality();
        MpiError own = null;
        for (int i = 0; i < operation.size && error == null; i++)
        {
            if (!receives.test(i))
            {
                continue;
            }
            final Contribution to = operation.contributions[i];
            final int extent = to.recvCount * to.recvType.extent();
            try
            {
                for (int r = all ? 0 : operation.rank(i); r < (all ? c.size() : operation.rank(i) + 1); r++)
                {
                    Buffers.place(staging, locality.position(r) * block, block, base, to.recvBuffer,
                        to.recvOffset + (all ? r * extent : 0), to.recvCount, to.recvType);
                }
            }
            catch (final MpiError e)
            {
                if (i == 0)
                {
                    own = e;
                }
                else
                {
                    operation.fail(i, e);
                }
            }
        }
        operation.endMembers(error);
        if (own != null)
        {
            throw own;
        }
    }

    /**
     * The leader's schedule on the leaders' communicator, whose first round waits for every rank of its JVM to
     * arrive at {@code leader}'s operation; the leader arrives with {@code task}, {@code op} and {@code root}.
     */
    private static Schedule arrival(
        final Communicator c, final int tag, final ArenaRequest leader, final LocalTask task, final ReduceOp op,
        final int root)
    {
        final Schedule schedule = Schedule.ofLeaders(c, tag);
        schedule.add(r -> leader);
        schedule.round();
        leader.arriveForLeader(task, op, root);
        return schedule;
    }

    /**
     * Whether the ranks of this JVM started the same collective with the same root (and, if {@code counts}, the same
     * count of items on their send side). If not, each of them fails with the first difference, raised as the
     * collective ends.
     */
    private static boolean agree(final CollectiveRequest collective, final ArenaOperation operation,
        final boolean counts)
    {
        MpiError error = operation.callsDiffer();
        if (error == null && counts)
        {
            error = operation.sendCountsDiffer();
        }
        if (error == null)
        {
            return true;
        }
        for (int i = 0; i < operation.size; i++)
        {
            operation.fail(i, error);
        }
        collective.defer(error);
        return false;
    }

    /**
     * Into {@code acc}: the ranks' vectors combined in rank order (the leader's alone where their calls differ).
     * The JVM's ranks are consecutive where the operation is not commutative ({@link Selection}).
     */
    private static void combine(final ArenaOperation operation, final boolean all, final Object acc, final int count,
        final TypeMap type, final ReduceOp op)
    {
        final int last = all ? operation.size - 1 : 0;
        final Contribution lastOne = operation.contributions[last];
        System.arraycopy(lastOne.sendBuffer, lastOne.sendOffset, acc, 0, count * type.size());
        for (int i = last - 1; i >= 0; i--)
        {
            final Contribution one = operation.contributions[i];
            op.reduce(one.sendBuffer, one.sendOffset, acc, 0, count, type);
        }
    }
}
