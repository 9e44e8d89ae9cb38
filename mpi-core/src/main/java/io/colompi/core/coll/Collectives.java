package io.colompi.core.coll;

import io.colompi.core.comm.Communicator;
import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;
import io.colompi.core.coll.Selection.Algorithm;
import io.colompi.core.coll.Selection.Decision;
import io.colompi.core.coll.Selection.Path;
import io.colompi.core.job.CollectiveTuning;
import io.colompi.core.op.ReduceOp;
import io.colompi.core.pt2pt.Request;
import io.colompi.core.type.TypeMap;

/**
 * The collective operations of an intracommunicator, blocking and nonblocking, as the {@code mpi} facade calls
 * them; those of an intercommunicator go to {@link InterCollectives}. Buffers are
 * {@code (array, offset, count, datatype)} as in mpiJava; counts are in items, displacements in extents of the
 * datatype of their side; arguments that MPI calls significant only at the root are only read there.
 *
 * <p>Each call checks its arguments on every rank before any message moves ({@link CollectiveArguments}), asks
 * {@link Selection} where and how it runs, and runs it on {@link Communicator#collective()}: through the JVM and
 * node arenas ({@link Hierarchical}), or flat over point-to-point, with the algorithm written once against a
 * {@link Plan}: a blocking call runs the plan now ({@link BlockingPlan}), a nonblocking one records it as a
 * {@link Schedule} of rounds and returns the {@link CollectiveRequest} that runs it as the rank polls.
 * Nonblocking collectives take a tag each, so they can overlap each other and the blocking ones; with every rank in
 * this JVM they run the blocking call's shared-memory task, as an {@link ArenaOperation} of their own; across JVMs
 * the barrier, bcast, gather, scatter, reduce, allreduce and allgather meet in each JVM first where the blocking call
 * would ({@link LeadersSchedule}), and a large allreduce, bcast or allgather on one node meets in the node arena
 * ({@link NodeArena}, after each JVM's ranks have met where it holds several), as do an allgatherv and an alltoall
 * of ranks alone in their JVMs; otherwise they run flat.
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
    private Collectives()
    {
    }

    // ---------------------------------------------------------------- barrier

    /** Returns once every rank of {@code comm} has entered the barrier. */
    public static void barrier(final Communicator comm)
    {
        if (comm.isInter())
        {
            InterCollectives.barrier(comm);
            return;
        }
        barrier(comm, CollectiveTag.BARRIER);
    }

    /**
     * The barrier of {@code MPI.Finalize}: a collective of its own, so that a {@code Barrier} that one rank calls
     * and its peers do not is not taken for theirs in {@code Finalize} (the peers would leave the job while that rank
     * waits in its own {@code Finalize} for ever): it is a mismatch, reported as any other.
     */
    public static void finalizeBarrier(final Communicator comm)
    {
        barrier(comm, CollectiveTag.FINALIZE);
    }

    private static void barrier(final Communicator comm, final int kind)
    {
        final Communicator c = collective(comm);
        final CallLog calls = CallLog.enter(c, kind, -1, 0, null);
        try
        {
            final Decision d = Selection.of(c).barrier();
            calls.decided(d);
            if (d.path() != Path.FLAT)
            {
                Hierarchical.barrier(c, d, kind);
                return;
            }
            final BlockingPlan plan = BlockingPlan.of(c, kind);
            Barrier.dissemination(plan);
            plan.finish();
        }
        finally
        {
            calls.exit();
        }
    }

    /** Nonblocking {@link #barrier}: completes once every rank has started it. */
    public static Request ibarrier(final Communicator comm)
    {
        if (comm.isInter())
        {
            return InterCollectives.ibarrier(comm);
        }
        final Communicator c = collective(comm);
        final int tag = CollectiveState.nextNonblockingTag(c, CollectiveTag.BARRIER, -1, 0, null);
        final Path path = Selection.of(c).barrier().path();
        if (path == Path.JVM_ARENA)
        {
            return ArenaRequest.of(c, tag).start(LocalTask.BARRIER, null, -1);
        }
        if (path == Path.LEADERS)
        {
            return LeadersSchedule.barrier(c, tag);
        }
        final Schedule schedule = Schedule.of(c, tag);
        Barrier.dissemination(schedule);
        return schedule.start();
    }

    // ---------------------------------------------------------------- bcast

    /** The root's {@code count} items of {@code type} at {@code offset} end up in every rank's buffer. */
    public static void bcast(
        final Communicator comm, final Object buf, final int offset, final int count, final TypeMap type,
        final int root)
    {
        if (comm.isInter())
        {
            InterCollectives.bcast(comm, buf, offset, count, type, root);
            return;
        }
        final Communicator c = collective(comm);
        CollectiveArguments.bcast(c, buf, offset, count, type, root);
        final CallLog calls = CallLog.enter(c, CollectiveTag.BCAST, root, count, type);
        try
        {
            final Selection selection = Selection.of(c);
            final boolean mayDiverge = selection.bcastCountsMayDiverge(type) && CountAgreement.enabled(c);
            if (mayDiverge && selection.bcastRootAnnounces(type))
            {
                // the root's binomial tree carries its data or announces its path: agreed only if it announces
                final Decision own = selection.bcast(count, type);
                calls.decided(own);
                if (AnnouncedBcast.tree(c, own, buf, offset, count, type, root))
                {
                    return;
                }
            }
            final boolean agreed = mayDiverge && CountAgreement.check(c, "Bcast", count, type);
            if (c.size() == 1 || empty(c, agreed, count, type))
            {
                return;
            }
            final Decision d = selection.bcast(count, type);
            calls.decided(d);
            if (d.path() != Path.FLAT)
            {
                Hierarchical.bcast(c, d, buf, offset, count, type, root);
                return;
            }
            final BlockingPlan plan = BlockingPlan.of(c, CollectiveTag.BCAST);
            Broadcast.run(plan, d.flat(), buf, offset, count, type, root);
            plan.finish();
        }
        finally
        {
            calls.exit();
        }
    }

    /** Nonblocking {@link #bcast}. */
    public static Request ibcast(
        final Communicator comm, final Object buf, final int offset, final int count, final TypeMap type,
        final int root)
    {
        if (comm.isInter())
        {
            return InterCollectives.ibcast(comm, buf, offset, count, type, root);
        }
        final Communicator c = collective(comm);
        final int tag = CollectiveState.nextNonblockingTag(c, CollectiveTag.BCAST, root, count, type);
        CollectiveArguments.bcast(c, buf, offset, count, type, root);
        if (count == 0 || type.size() == 0 || c.size() == 1)
        {
            return Schedule.of(c, tag).start();
        }
        final Decision d = Selection.of(c).ibcast(count, type);
        if (d.path() == Path.JVM_ARENA)
        {
            return ArenaRequest.of(c, tag).send(buf, offset, count, type).start(LocalTask.BCAST, null, root);
        }
        if (d.path() == Path.NODE_ARENA && c.locality().jvmCount() == c.size())
        {
            // each rank alone in its JVM, all on one node: the participants are the ranks, in their JVMs' order
            return NodeArena.of(c, CollectiveState.of(c)).ibcast(c, tag, buf, offset, count, type,
                c.locality().jvmIndexOf(root));
        }
        if (d.path() != Path.FLAT)
        {
            return LeadersSchedule.bcast(c, d, tag, buf, offset, count, type, root);
        }
        final Schedule schedule = Schedule.of(c, tag);
        Broadcast.run(schedule, d.flat(), buf, offset, count, type, root);
        return schedule.start();
    }

    // ---------------------------------------------------------------- gather

    /** Rank i's {@code scount} items go to block i ({@code rcount} items of {@code rtype}) of the root's buffer. */
    public static void gather(
        final Communicator comm,
        final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int rcount, final TypeMap rtype,
        final int root)
    {
        if (comm.isInter())
        {
            InterCollectives.gather(comm, sbuf, soffset, scount, stype, rbuf, roffset, rcount, rtype, root);
            return;
        }
        final Communicator c = collective(comm);
        final MpiError rootOnly =
            CollectiveArguments.gather(c, sbuf, soffset, scount, stype, rbuf, roffset, rcount, rtype, root);
        if (rootOnly != null)
        {
            // the root still takes every block, into a scratch it drops, so no rank is left out of step
            final long elements = (long)scount * stype.size();
            if (stype.base() != null && elements * c.size() <= Integer.MAX_VALUE)
            {
                gather(comm, sbuf, soffset, scount, stype, stype.base().newArray((int)elements * c.size()), 0,
                    (int)elements, TypeMap.dense(stype.base()), root);
            }
            throw rootOnly;
        }
        final CallLog calls = CallLog.enter(c, CollectiveTag.GATHER, root, scount, stype);
        try
        {
            final Decision d = Selection.of(c).gather(scount, stype);
            calls.decided(d);
            if (d.path() != Path.FLAT)
            {
                Hierarchical.gather(c, d, sbuf, soffset, scount, stype, rbuf, roffset, rcount, null, null, rtype, root);
                return;
            }
            final BlockingPlan plan = BlockingPlan.of(c, CollectiveTag.GATHER);
            Gather.run(plan, d.flat(), sbuf, soffset, scount, stype, rbuf, roffset, rcount, rtype, root);
            plan.finish();
        }
        finally
        {
            calls.exit();
        }
    }

    /** Nonblocking {@link #gather}. */
    public static Request igather(
        final Communicator comm,
        final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int rcount, final TypeMap rtype,
        final int root)
    {
        if (comm.isInter())
        {
            return InterCollectives.igather(comm, sbuf, soffset, scount, stype, rbuf, roffset, rcount, rtype, root);
        }
        final Communicator c = collective(comm);
        final int tag = CollectiveState.nextNonblockingTag(c, CollectiveTag.GATHER, root, scount, stype);
        final MpiError rootOnly =
            CollectiveArguments.gather(c, sbuf, soffset, scount, stype, rbuf, roffset, rcount, rtype, root);
        if (rootOnly != null)
        {
            // as gather: the root still takes every block, into a scratch, by a request it leaves to run
            final long elements = (long)scount * stype.size();
            if (stype.base() != null && elements * c.size() <= Integer.MAX_VALUE)
            {
                startGather(c, tag, sbuf, soffset, scount, stype, stype.base().newArray((int)elements * c.size()), 0,
                    (int)elements, TypeMap.dense(stype.base()), root);
            }
            throw rootOnly;
        }
        return startGather(c, tag, sbuf, soffset, scount, stype, rbuf, roffset, rcount, rtype, root);
    }

    private static Request startGather(
        final Communicator c, final int tag,
        final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int rcount, final TypeMap rtype,
        final int root)
    {
        if (Selection.of(c).inJvmArena(stype))
        {
            return ArenaRequest.of(c, tag).send(sbuf, soffset, scount, stype).recv(rbuf, roffset, rcount, rtype)
                .start(LocalTask.GATHER, null, root);
        }
        final Decision d = Selection.of(c).gather(scount, stype);
        if (d.path() == Path.LEADERS)
        {
            return LeadersSchedule.gather(c, d, tag, sbuf, soffset, scount, stype, rbuf, roffset, rcount, rtype, root);
        }
        final Schedule schedule = Schedule.of(c, tag);
        Gather.run(schedule, d.flat(), sbuf, soffset, scount, stype, rbuf, roffset, rcount, rtype, root);
        return schedule.start();
    }

    /** As {@link #gather}, with rank i's block holding {@code rcounts[i]} items at {@code displs[i]} extents. */
    public static void gatherv(
        final Communicator comm,
        final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int[] rcounts, final int[] displs, final TypeMap rtype,
        final int root)
    {
        if (comm.isInter())
        {
            comm.engine().awaitRequest(InterCollectives.igatherv(comm, sbuf, soffset, scount, stype, rbuf, roffset,
                rcounts, displs, rtype, root));
            return;
        }
        final Communicator c = collective(comm);
        final MpiError rootOnly =
            CollectiveArguments.gatherv(c, sbuf, soffset, scount, stype, rbuf, roffset, rcounts, displs, rtype, root);
        if (rootOnly != null)
        {
            if (!gathervIntoScratch(comm, sbuf, soffset, scount, stype, rcounts, rtype, root))
            {
                CollectiveState.failedAtRoot(c, CollectiveTag.GATHER + CallLog.VECTOR, LocalTask.GATHER, root, stype,
                    rootOnly);
            }
            throw rootOnly;
        }
        final CallLog calls = CallLog.enter(c, CollectiveTag.GATHER + CallLog.VECTOR, root, 0, null);
        try
        {
            final Decision d = Selection.of(c).vector(stype, Selection.Algorithm.LINEAR);
            calls.decided(d);
            if (d.path() != Path.FLAT)
            {
                Hierarchical.gather(c, d, sbuf, soffset, scount, stype, rbuf, roffset, 0, rcounts, displs, rtype, root);
                return;
            }
            final BlockingPlan plan = BlockingPlan.of(c, CollectiveTag.GATHER);
            Gather.linear(plan, sbuf, soffset, scount, stype, rbuf, roffset, rcounts, displs, rtype, root);
            plan.finish();
        }
        finally
        {
            calls.exit();
        }
    }

    /**
     * A root whose receive side is bad still takes every block, into a dense scratch it drops, where its counts and
     * type say how much each rank sends; false where they cannot (the others are left to {@link MismatchCheck}).
     */
    private static boolean gathervIntoScratch(final Communicator comm, final Object sbuf, final int soffset,
        final int scount, final TypeMap stype, final int[] rcounts, final TypeMap rtype, final int root)
    {
        final int n = comm.size();
        if (!CollectiveArguments.usable(rcounts, n) || rtype == null || rtype.base() == null)
        {
            return false;
        }
        final int[] elements = new int[n];
        final int[] displs = new int[n];
        long total = 0;
        for (int i = 0; i < n; i++)
        {
            displs[i] = (int)total;
            elements[i] = (int)Math.min(Integer.MAX_VALUE, (long)rcounts[i] * rtype.size());
            total += elements[i];
        }
        if (total > Integer.MAX_VALUE)
        {
            return false;
        }
        try
        {
            gatherv(comm, sbuf, soffset, scount, stype, rtype.base().newArray((int)total), 0, elements, displs,
                TypeMap.dense(rtype.base()), root);
            return true;
        }
        catch (final MpiError e)
        {
            // the blocks do not fit the root's counts or type: the same bad arguments, raised by the caller
            return false;
        }
    }

    /** Nonblocking {@link #gatherv}; the count and displacement arrays are read when it starts. */
    public static Request igatherv(
        final Communicator comm,
        final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int[] rcounts, final int[] displs, final TypeMap rtype,
        final int root)
    {
        if (comm.isInter())
        {
            return InterCollectives.igatherv(comm, sbuf, soffset, scount, stype, rbuf, roffset, rcounts, displs,
                rtype, root);
        }
        final Communicator c = collective(comm);
        final int tag = CollectiveState.nextNonblockingTag(c, CollectiveTag.GATHER + CallLog.VECTOR, root, 0, null);
        CollectiveArguments.raise(
            CollectiveArguments.gatherv(c, sbuf, soffset, scount, stype, rbuf, roffset, rcounts, displs, rtype, root));
        if (Selection.of(c).inJvmArena(stype))
        {
            return ArenaRequest.of(c, tag).send(sbuf, soffset, scount, stype).recv(rbuf, roffset, 0, rtype)
                .recvBlocks(rcounts, displs).start(LocalTask.GATHER, null, root);
        }
        final Schedule schedule = Schedule.of(c, tag);
        Gather.linear(schedule, sbuf, soffset, scount, stype, rbuf, roffset, rcounts, displs, rtype, root);
        return schedule.start();
    }

    // ---------------------------------------------------------------- scatter

    /** Block i ({@code scount} items of {@code stype}) of the root's buffer goes to rank i. */
    public static void scatter(
        final Communicator comm,
        final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int rcount, final TypeMap rtype,
        final int root)
    {
        if (comm.isInter())
        {
            InterCollectives.scatter(comm, sbuf, soffset, scount, stype, rbuf, roffset, rcount, rtype, root);
            return;
        }
        final Communicator c = collective(comm);
        final MpiError rootOnly =
            CollectiveArguments.scatter(c, sbuf, soffset, scount, stype, rbuf, roffset, rcount, rtype, root);
        if (rootOnly != null)
        {
            throw CollectiveState.failedAtRoot(c, CollectiveTag.SCATTER, LocalTask.SCATTER, root, rtype, rootOnly);
        }
        final CallLog calls = CallLog.enter(c, CollectiveTag.SCATTER, root, c.rank() == root ? scount : rcount,
            c.rank() == root ? stype : rtype);
        try
        {
            // the block as each rank knows it: MPI makes the root's send and everyone's receive signatures equal
            final Decision d = c.rank() == root ? Selection.of(c).scatter(scount, stype, rcount, rtype) :
                Selection.of(c).scatter(rcount, rtype, rcount, rtype);
            calls.decided(d);
            if (d.path() != Path.FLAT)
            {
                Hierarchical.scatter(c, d, sbuf, soffset, scount, null, null, stype, rbuf, roffset, rcount, rtype, root);
                return;
            }
            final BlockingPlan plan = BlockingPlan.of(c, CollectiveTag.SCATTER);
            Scatter.run(plan, d.flat(), sbuf, soffset, scount, stype, rbuf, roffset, rcount, rtype, root);
            plan.finish();
        }
        finally
        {
            calls.exit();
        }
    }

    /** Nonblocking {@link #scatter}. */
    public static Request iscatter(
        final Communicator comm,
        final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int rcount, final TypeMap rtype,
        final int root)
    {
        if (comm.isInter())
        {
            return InterCollectives.iscatter(comm, sbuf, soffset, scount, stype, rbuf, roffset, rcount, rtype, root);
        }
        final Communicator c = collective(comm);
        final int tag = CollectiveState.nextNonblockingTag(c, CollectiveTag.SCATTER, root,
            c.rank() == root ? scount : rcount, c.rank() == root ? stype : rtype);
        final MpiError rootOnly =
            CollectiveArguments.scatter(c, sbuf, soffset, scount, stype, rbuf, roffset, rcount, rtype, root);
        if (rootOnly != null)
        {
            throw CollectiveState.startedFailedAtRoot(c, tag, LocalTask.SCATTER, root, rtype, rootOnly);
        }
        if (Selection.of(c).inJvmArena(rtype))
        {
            return ArenaRequest.of(c, tag).send(sbuf, soffset, scount, stype).recv(rbuf, roffset, rcount, rtype)
                .start(LocalTask.SCATTER, null, root);
        }
        final Decision d = c.rank() == root ? Selection.of(c).scatter(scount, stype, rcount, rtype) :
            Selection.of(c).scatter(rcount, rtype, rcount, rtype);
        if (d.path() == Path.LEADERS)
        {
            return LeadersSchedule.scatter(c, d, tag, sbuf, soffset, scount, stype, rbuf, roffset, rcount, rtype, root);
        }
        final Schedule schedule = Schedule.of(c, tag);
        Scatter.run(schedule, d.flat(), sbuf, soffset, scount, stype, rbuf, roffset, rcount, rtype, root);
        return schedule.start();
    }

    /** As {@link #scatter}, with rank i's block holding {@code scounts[i]} items at {@code displs[i]} extents. */
    public static void scatterv(
        final Communicator comm,
        final Object sbuf, final int soffset, final int[] scounts, final int[] displs, final TypeMap stype,
        final Object rbuf, final int roffset, final int rcount, final TypeMap rtype,
        final int root)
    {
        if (comm.isInter())
        {
            comm.engine().awaitRequest(InterCollectives.iscatterv(comm, sbuf, soffset, scounts, displs, stype, rbuf,
                roffset, rcount, rtype, root));
            return;
        }
        final Communicator c = collective(comm);
        final MpiError rootOnly =
            CollectiveArguments.scatterv(c, sbuf, soffset, scounts, displs, stype, rbuf, roffset, rcount, rtype, root);
        if (rootOnly != null)
        {
            throw CollectiveState.failedAtRoot(c, CollectiveTag.SCATTER + CallLog.VECTOR, LocalTask.SCATTER, root, rtype,
                rootOnly);
        }
        final CallLog calls = CallLog.enter(c, CollectiveTag.SCATTER + CallLog.VECTOR, root, 0, null);
        try
        {
            final Decision d = Selection.of(c).vector(rtype, Selection.Algorithm.LINEAR);
            calls.decided(d);
            if (d.path() != Path.FLAT)
            {
                Hierarchical.scatter(c, d, sbuf, soffset, 0, scounts, displs, stype, rbuf, roffset, rcount, rtype, root);
                return;
            }
            final BlockingPlan plan = BlockingPlan.of(c, CollectiveTag.SCATTER);
            Scatter.linear(plan, sbuf, soffset, scounts, displs, stype, rbuf, roffset, rcount, rtype, root);
            plan.finish();
        }
        finally
        {
            calls.exit();
        }
    }

    /** Nonblocking {@link #scatterv}; the count and displacement arrays are read when it starts. */
    public static Request iscatterv(
        final Communicator comm,
        final Object sbuf, final int soffset, final int[] scounts, final int[] displs, final TypeMap stype,
        final Object rbuf, final int roffset, final int rcount, final TypeMap rtype,
        final int root)
    {
        if (comm.isInter())
        {
            return InterCollectives.iscatterv(comm, sbuf, soffset, scounts, displs, stype, rbuf, roffset, rcount,
                rtype, root);
        }
        final Communicator c = collective(comm);
        final int tag = CollectiveState.nextNonblockingTag(c, CollectiveTag.SCATTER + CallLog.VECTOR, root, 0, null);
        final MpiError rootOnly =
            CollectiveArguments.scatterv(c, sbuf, soffset, scounts, displs, stype, rbuf, roffset, rcount, rtype, root);
        if (rootOnly != null)
        {
            throw CollectiveState.startedFailedAtRoot(c, tag, LocalTask.SCATTER, root, rtype, rootOnly);
        }
        if (Selection.of(c).inJvmArena(rtype))
        {
            return ArenaRequest.of(c, tag).send(sbuf, soffset, 0, stype).sendBlocks(scounts, displs)
                .recv(rbuf, roffset, rcount, rtype).start(LocalTask.SCATTER, null, root);
        }
        final Schedule schedule = Schedule.of(c, tag);
        Scatter.linear(schedule, sbuf, soffset, scounts, displs, stype, rbuf, roffset, rcount, rtype, root);
        return schedule.start();
    }

    // ---------------------------------------------------------------- allgather

    /** A gather whose result every rank receives. */
    public static void allgather(
        final Communicator comm,
        final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int rcount, final TypeMap rtype)
    {
        if (comm.isInter())
        {
            InterCollectives.allgather(comm, sbuf, soffset, scount, stype, rbuf, roffset, rcount, rtype);
            return;
        }
        final Communicator c = collective(comm);
        CollectiveArguments.allgather(c, sbuf, soffset, scount, stype, rbuf, roffset, rcount, rtype);
        final CallLog calls = CallLog.enter(c, CollectiveTag.ALLGATHER, -1, scount, stype);
        try
        {
            final Decision d = Selection.of(c).allgather(scount, stype, rcount, rtype);
            calls.decided(d);
            if (d.path() == Path.NODE_ARENA && c.locality().jvmCount() == c.size())
            {
                NodeArena.of(c, CollectiveState.of(c)).allgather(c, sbuf, soffset, scount, stype, rbuf, roffset,
                    rcount, rtype);
                return;
            }
            if (d.path() != Path.FLAT)
            {
                Hierarchical.allgather(c, d, sbuf, soffset, scount, stype, rbuf, roffset, rcount, null, null, rtype);
                return;
            }
            final BlockingPlan plan = BlockingPlan.of(c, CollectiveTag.ALLGATHER);
            Allgather.run(plan, d.flat(), sbuf, soffset, scount, stype, rbuf, roffset, rcount, rtype);
            plan.finish();
        }
        finally
        {
            calls.exit();
        }
    }

    /** Nonblocking {@link #allgather}. */
    public static Request iallgather(
        final Communicator comm,
        final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int rcount, final TypeMap rtype)
    {
        if (comm.isInter())
        {
            return InterCollectives.iallgather(comm, sbuf, soffset, scount, stype, rbuf, roffset, rcount, rtype);
        }
        final Communicator c = collective(comm);
        final int tag = CollectiveState.nextNonblockingTag(c, CollectiveTag.ALLGATHER, -1, scount, stype);
        CollectiveArguments.allgather(c, sbuf, soffset, scount, stype, rbuf, roffset, rcount, rtype);
        if (Selection.of(c).inJvmArena(stype))
        {
            return ArenaRequest.of(c, tag).send(sbuf, soffset, scount, stype).recv(rbuf, roffset, rcount, rtype)
                .start(LocalTask.ALLGATHER, null, -1);
        }
        final Decision d = Selection.of(c).iallgather(scount, stype, rcount, rtype);
        if (d.path() == Path.NODE_ARENA && c.locality().jvmCount() == c.size())
        {
            return NodeArena.of(c, CollectiveState.of(c)).iallgather(c, tag, sbuf, soffset, scount, stype, rbuf,
                roffset, rcount, rtype);
        }
        if (d.path() != Path.FLAT)
        {
            return LeadersSchedule.allgather(c, d, tag, sbuf, soffset, scount, stype, rbuf, roffset, rcount, rtype);
        }
        final Schedule schedule = Schedule.of(c, tag);
        Allgather.run(schedule, d.flat(), sbuf, soffset, scount, stype, rbuf, roffset, rcount, rtype);
        return schedule.start();
    }

    /** A gatherv whose result every rank receives. */
    public static void allgatherv(
        final Communicator comm,
        final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int[] rcounts, final int[] displs, final TypeMap rtype)
    {
        if (comm.isInter())
        {
            comm.engine().awaitRequest(InterCollectives.iallgatherv(comm, sbuf, soffset, scount, stype, rbuf, roffset,
                rcounts, displs, rtype));
            return;
        }
        final Communicator c = collective(comm);
        CollectiveArguments.allgatherv(c, sbuf, soffset, scount, stype, rbuf, roffset, rcounts, displs, rtype);
        final CallLog calls = CallLog.enter(c, CollectiveTag.ALLGATHER + CallLog.VECTOR, -1, 0, null);
        try
        {
            final Decision d = Selection.of(c).allgatherv(stype, rcounts, rtype);
            calls.decided(d);
            if (d.path() == Path.NODE_ARENA && d.flat() != Selection.Algorithm.STREAM)
            {
                NodeArena.of(c, CollectiveState.of(c)).allgatherv(c, sbuf, soffset, scount, stype, rbuf, roffset,
                    rcounts, displs, rtype);
                return;
            }
            if (d.path() != Path.FLAT)
            {
                Hierarchical.allgather(c, d, sbuf, soffset, scount, stype, rbuf, roffset, 0, rcounts, displs, rtype);
                return;
            }
            final BlockingPlan plan = BlockingPlan.of(c, CollectiveTag.ALLGATHER);
            Allgather.ring(plan, sbuf, soffset, scount, stype, rbuf, roffset, rcounts, displs, rtype);
            plan.finish();
        }
        finally
        {
            calls.exit();
        }
    }

    /** Nonblocking {@link #allgatherv}; the count and displacement arrays are read when it starts. */
    public static Request iallgatherv(
        final Communicator comm,
        final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int[] rcounts, final int[] displs, final TypeMap rtype)
    {
        if (comm.isInter())
        {
            return InterCollectives.iallgatherv(comm, sbuf, soffset, scount, stype, rbuf, roffset, rcounts, displs,
                rtype);
        }
        final Communicator c = collective(comm);
        final int tag = CollectiveState.nextNonblockingTag(c, CollectiveTag.ALLGATHER + CallLog.VECTOR, -1, 0, null);
        CollectiveArguments.allgatherv(c, sbuf, soffset, scount, stype, rbuf, roffset, rcounts, displs, rtype);
        if (Selection.of(c).inJvmArena(stype))
        {
            return ArenaRequest.of(c, tag).send(sbuf, soffset, scount, stype).recv(rbuf, roffset, 0, rtype)
                .recvBlocks(rcounts, displs).start(LocalTask.ALLGATHER, null, -1);
        }
        final Decision d = Selection.of(c).iallgatherv(stype, rcounts, rtype);
        if (d.path() == Path.NODE_ARENA)
        {
            return NodeArena.of(c, CollectiveState.of(c)).iallgatherv(c, tag, sbuf, soffset, scount, stype, rbuf,
                roffset, rcounts, displs, rtype);
        }
        final Schedule schedule = Schedule.of(c, tag);
        if (d.flat() == Selection.Algorithm.LINEAR)
        {
            Allgather.linear(schedule, sbuf, soffset, scount, stype, rbuf, roffset, rcounts, displs, rtype);
        }
        else
        {
            Allgather.ring(schedule, sbuf, soffset, scount, stype, rbuf, roffset, rcounts, displs, rtype);
        }
        return schedule.start();
    }

    // ---------------------------------------------------------------- alltoall

    /** Block j of rank i's send buffer goes to block i of rank j's receive buffer; blocks are equal. */
    public static void alltoall(
        final Communicator comm,
        final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int rcount, final TypeMap rtype)
    {
        if (comm.isInter())
        {
            comm.engine().awaitRequest(InterCollectives.ialltoall(comm, sbuf, soffset, scount, stype, rbuf, roffset,
                rcount, rtype));
            return;
        }
        final Communicator c = collective(comm);
        CollectiveArguments.alltoall(c, sbuf, soffset, scount, stype, rbuf, roffset, rcount, rtype);
        final CallLog calls = CallLog.enter(c, CollectiveTag.ALLTOALL, -1, scount, stype);
        try
        {
            final Decision d = Selection.of(c).alltoall(scount, stype);
            calls.decided(d);
            if (d.path() != Path.FLAT)
            {
                Hierarchical.alltoall(c, d, sbuf, soffset, scount, null, null, stype, rbuf, roffset, rcount, null, null,
                    rtype);
                return;
            }
            final BlockingPlan plan = BlockingPlan.of(c, CollectiveTag.ALLTOALL);
            Alltoall.run(plan, d.flat(), sbuf, soffset, scount, stype, rbuf, roffset, rcount, rtype);
            plan.finish();
        }
        finally
        {
            calls.exit();
        }
    }

    /** Nonblocking {@link #alltoall}. */
    public static Request ialltoall(
        final Communicator comm,
        final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int rcount, final TypeMap rtype)
    {
        if (comm.isInter())
        {
            return InterCollectives.ialltoall(comm, sbuf, soffset, scount, stype, rbuf, roffset, rcount, rtype);
        }
        final Communicator c = collective(comm);
        final int tag = CollectiveState.nextNonblockingTag(c, CollectiveTag.ALLTOALL, -1, scount, stype);
        CollectiveArguments.alltoall(c, sbuf, soffset, scount, stype, rbuf, roffset, rcount, rtype);
        if (Selection.of(c).inJvmArena(stype))
        {
            return ArenaRequest.of(c, tag).send(sbuf, soffset, scount, stype).recv(rbuf, roffset, rcount, rtype)
                .start(LocalTask.ALLTOALL, null, -1);
        }
        final Decision d = Selection.of(c).ialltoall(scount, stype);
        if (d.path() == Path.NODE_ARENA)
        {
            // each rank alone in its JVM, all on one node: the participants are the ranks, in the same order
            return NodeArena.of(c, CollectiveState.of(c)).ialltoall(c, tag, sbuf, soffset, scount, stype, rbuf,
                roffset, rcount, rtype);
        }
        final Schedule schedule = Schedule.of(c, tag);
        Alltoall.run(schedule, d.flat(), sbuf, soffset, scount, stype, rbuf, roffset, rcount, rtype);
        return schedule.start();
    }

    /** As {@link #alltoall} with per-peer counts and displacements (in extents) on both sides. */
    public static void alltoallv(
        final Communicator comm,
        final Object sbuf, final int soffset, final int[] scounts, final int[] sdispls, final TypeMap stype,
        final Object rbuf, final int roffset, final int[] rcounts, final int[] rdispls, final TypeMap rtype)
    {
        if (comm.isInter())
        {
            comm.engine().awaitRequest(InterCollectives.ialltoallv(comm, sbuf, soffset, scounts, sdispls, stype, rbuf,
                roffset, rcounts, rdispls, rtype));
            return;
        }
        final Communicator c = collective(comm);
        CollectiveArguments.alltoallv(c, sbuf, soffset, scounts, sdispls, stype, rbuf, roffset, rcounts, rdispls,
            rtype);
        final CallLog calls = CallLog.enter(c, CollectiveTag.ALLTOALL + CallLog.VECTOR, -1, 0, null);
        try
        {
            final Decision d = Selection.of(c).alltoallv(stype);
            calls.decided(d);
            if (d.path() == Path.NODE_ARENA)
            {
                NodeArena.of(c, CollectiveState.of(c)).alltoallv(sbuf, soffset, scounts, sdispls, stype, rbuf, roffset,
                    rcounts, rdispls, rtype);
                return;
            }
            if (d.path() != Path.FLAT)
            {
                Hierarchical.alltoall(c, d, sbuf, soffset, 0, scounts, sdispls, stype, rbuf, roffset, 0, rcounts, rdispls,
                    rtype);
                return;
            }
            final BlockingPlan plan = BlockingPlan.of(c, CollectiveTag.ALLTOALL);
            Alltoall.pairwise(plan, sbuf, soffset, scounts, sdispls, stype, rbuf, roffset, rcounts, rdispls, rtype);
            plan.finish();
        }
        finally
        {
            calls.exit();
        }
    }

    /** Nonblocking {@link #alltoallv}; the count and displacement arrays are read when it starts. */
    public static Request ialltoallv(
        final Communicator comm,
        final Object sbuf, final int soffset, final int[] scounts, final int[] sdispls, final TypeMap stype,
        final Object rbuf, final int roffset, final int[] rcounts, final int[] rdispls, final TypeMap rtype)
    {
        if (comm.isInter())
        {
            return InterCollectives.ialltoallv(comm, sbuf, soffset, scounts, sdispls, stype, rbuf, roffset, rcounts,
                rdispls, rtype);
        }
        final Communicator c = collective(comm);
        final int tag = CollectiveState.nextNonblockingTag(c, CollectiveTag.ALLTOALL + CallLog.VECTOR, -1, 0, null);
        CollectiveArguments.alltoallv(c, sbuf, soffset, scounts, sdispls, stype, rbuf, roffset, rcounts, rdispls,
            rtype);
        if (Selection.of(c).inJvmArena(stype))
        {
            return ArenaRequest.of(c, tag).send(sbuf, soffset, 0, stype).sendBlocks(scounts, sdispls)
                .recv(rbuf, roffset, 0, rtype).recvBlocks(rcounts, rdispls).start(LocalTask.ALLTOALL, null, -1);
        }
        if (Selection.of(c).alltoallv(stype).path() == Path.NODE_ARENA)
        {
            return NodeArena.of(c, CollectiveState.of(c)).ialltoallv(c, tag, sbuf, soffset, scounts, sdispls, stype,
                rbuf, roffset, rcounts, rdispls, rtype);
        }
        final Schedule schedule = Schedule.of(c, tag);
        // one round, as Selection#ialltoall says for the equal blocks
        Alltoall.linear(schedule, sbuf, soffset, scounts, sdispls, stype, rbuf, roffset, rcounts, rdispls, rtype);
        return schedule.start();
    }

    /**
     * {@code MPI_IALLTOALLW}: block j of {@code sbuf}, {@code scounts[j]} items of {@code stypes[j]} from element
     * {@code sdispls[j]}, to rank j (of the other group, on an intercommunicator), into its block of {@code rbuf} for
     * this rank; each buffer an array of one base type, which every type of its side is over. One round of messages.
     */
    public static Request ialltoallw(
        final Communicator comm,
        final Object sbuf, final int[] scounts, final int[] sdispls, final TypeMap[] stypes,
        final Object rbuf, final int[] rcounts, final int[] rdispls, final TypeMap[] rtypes)
    {
        if (comm.isInter())
        {
            CollectiveArguments.alltoallw(comm, sbuf, scounts, sdispls, stypes, rbuf, rcounts, rdispls, rtypes);
            return InterCollectives.ialltoallw(comm, sbuf, scounts, sdispls, stypes, rbuf, rcounts, rdispls, rtypes);
        }
        final Communicator c = collective(comm);
        CollectiveArguments.alltoallw(c, sbuf, scounts, sdispls, stypes, rbuf, rcounts, rdispls, rtypes);
        final int tag = CollectiveState.nextNonblockingTag(c, CollectiveTag.ALLTOALL + CallLog.VECTOR, -1, 0, null);
        final Schedule schedule = Schedule.of(c, tag);
        Alltoall.typed(schedule, sbuf, scounts, sdispls, stypes, rbuf, rcounts, rdispls, rtypes);
        return schedule.start();
    }

    // ---------------------------------------------------------------- reduce

    /** Combine every rank's {@code count} items with {@code op}, in rank order; the result lands at the root. */
    public static void reduce(
        final Communicator comm,
        final Object sbuf, final int soffset, final Object rbuf, final int roffset,
        final int count, final TypeMap type, final ReduceOp op, final int root)
    {
        if (comm.isInter())
        {
            InterCollectives.reduce(comm, sbuf, soffset, rbuf, roffset, count, type, op, root);
            return;
        }
        final Communicator c = collective(comm);
        final MpiError rootOnly = CollectiveArguments.reduce(c, sbuf, soffset, rbuf, roffset, count, type, op, root);
        if (rootOnly != null)
        {
            // the root still takes part, into a scratch shaped as its send buffer, so no rank is left out of step
            reduce(comm, sbuf, soffset, Buffers.sameShape(sbuf), soffset, count, type, op, root);
            throw rootOnly;
        }
        final CallLog calls = CallLog.enter(c, CollectiveTag.REDUCE, root, count, type);
        try
        {
            // every count takes the same path: a rank passing another count shows in the sizes of its messages
            if (empty(c, false, count, type))
            {
                return;
            }
            final Decision d = Selection.of(c).reduce(count, type, op);
            calls.decided(d);
            if (d.path() != Path.FLAT)
            {
                Hierarchical.reduce(c, d, sbuf, soffset, rbuf, roffset, count, type, op, root);
                return;
            }
            final BlockingPlan plan = BlockingPlan.of(c, CollectiveTag.REDUCE);
            Reduce.binomial(plan, sbuf, soffset, rbuf, roffset, count, type, op, root);
            plan.finish();
        }
        finally
        {
            calls.exit();
        }
    }

    /** Nonblocking {@link #reduce}. */
    public static Request ireduce(
        final Communicator comm,
        final Object sbuf, final int soffset, final Object rbuf, final int roffset,
        final int count, final TypeMap type, final ReduceOp op, final int root)
    {
        if (comm.isInter())
        {
            return InterCollectives.ireduce(comm, sbuf, soffset, rbuf, roffset, count, type, op, root);
        }
        final Communicator c = collective(comm);
        final int tag = CollectiveState.nextNonblockingTag(c, CollectiveTag.REDUCE, root, count, type);
        final MpiError rootOnly = CollectiveArguments.reduce(c, sbuf, soffset, rbuf, roffset, count, type, op, root);
        if (rootOnly != null)
        {
            // as reduce: the root still takes part, into a scratch, by a request it leaves to run
            startReduce(c, tag, sbuf, soffset, Buffers.sameShape(sbuf), soffset, count, type, op, root);
            throw rootOnly;
        }
        return startReduce(c, tag, sbuf, soffset, rbuf, roffset, count, type, op, root);
    }

    private static Request startReduce(
        final Communicator c, final int tag, final Object sbuf, final int soffset, final Object rbuf,
        final int roffset, final int count, final TypeMap type, final ReduceOp op, final int root)
    {
        if (count == 0 || type.size() == 0)
        {
            return Schedule.of(c, tag).start();
        }
        final Decision d = Selection.of(c).reduce(count, type, op);
        if (d.path() == Path.JVM_ARENA)
        {
            return ArenaRequest.of(c, tag).send(sbuf, soffset, count, type).recv(rbuf, roffset, count, type)
                .start(LocalTask.REDUCE, op, root);
        }
        if (d.path() == Path.LEADERS)
        {
            return LeadersSchedule.reduce(c, d, tag, sbuf, soffset, rbuf, roffset, count, type, op, root);
        }
        final Schedule schedule = Schedule.of(c, tag);
        Reduce.binomial(schedule, sbuf, soffset, rbuf, roffset, count, type, op, root);
        return schedule.start();
    }

    // ---------------------------------------------------------------- allreduce

    /** A reduce whose result every rank receives. */
    public static void allreduce(
        final Communicator comm,
        final Object sbuf, final int soffset, final Object rbuf, final int roffset,
        final int count, final TypeMap type, final ReduceOp op)
    {
        if (comm.isInter())
        {
            InterCollectives.reduce(comm, sbuf, soffset, rbuf, roffset, count, type, op, -1);
            return;
        }
        final Communicator c = collective(comm);
        CollectiveArguments.allreduce(sbuf, soffset, rbuf, roffset, count, type, op);
        if (c.size() == 1)
        {
            // alone, the result is the rank's own data: one copy, no selection, no call log (no peer to disagree)
            Buffers.copyLocal(c.engine(), sbuf, soffset, count, type, rbuf, roffset, count, type);
            return;
        }
        final CallLog calls = CallLog.enter(c, CollectiveTag.ALLREDUCE, -1, count, type);
        try
        {
            final Selection selection = Selection.of(c);
            final Decision d = selection.allreduce(count, type, op);
            final boolean mayDiverge = selection.allreduceCountsMayDiverge(type, op);
            if (mayDiverge && d.path() == Path.FLAT && d.flat() == Algorithm.RECURSIVE_DOUBLING &&
                CountAgreement.carries(c, count, type))
            {
                // the agreement's messages carry the data: recursive doubling once, not twice
                calls.decided(d);
                CountAgreement.allreduce(c, sbuf, soffset, rbuf, roffset, count, type, op);
                return;
            }
            final boolean agreed = mayDiverge && CountAgreement.check(c, "Allreduce", count, type);
            if (empty(c, agreed, count, type))
            {
                return;
            }
            calls.decided(d);
            if (d.path() != Path.FLAT)
            {
                Hierarchical.reduce(c, d, sbuf, soffset, rbuf, roffset, count, type, op, -1);
                return;
            }
            final BlockingPlan plan = BlockingPlan.of(c, CollectiveTag.ALLREDUCE);
            Allreduce.run(plan, d.flat(), sbuf, soffset, rbuf, roffset, count, type, op);
            plan.finish();
        }
        finally
        {
            calls.exit();
        }
    }

    /** Nonblocking {@link #allreduce}. */
    public static Request iallreduce(
        final Communicator comm,
        final Object sbuf, final int soffset, final Object rbuf, final int roffset,
        final int count, final TypeMap type, final ReduceOp op)
    {
        if (comm.isInter())
        {
            return InterCollectives.ireduce(comm, sbuf, soffset, rbuf, roffset, count, type, op, -1);
        }
        final Communicator c = collective(comm);
        final int tag = CollectiveState.nextNonblockingTag(c, CollectiveTag.ALLREDUCE, -1, count, type);
        CollectiveArguments.allreduce(sbuf, soffset, rbuf, roffset, count, type, op);
        if (count == 0 || type.size() == 0)
        {
            return Schedule.of(c, tag).start();
        }
        final Decision d = Selection.of(c).iallreduce(count, type, op);
        if (d.path() == Path.JVM_ARENA)
        {
            return ArenaRequest.of(c, tag).send(sbuf, soffset, count, type).recv(rbuf, roffset, count, type)
                .start(LocalTask.REDUCE, op, -1);
        }
        if (d.path() == Path.NODE_ARENA && c.locality().jvmCount() == c.size())
        {
            return NodeArena.of(c, CollectiveState.of(c)).iallreduce(c, tag, sbuf, soffset, rbuf, roffset, count,
                type, op, d.flat());
        }
        if (d.path() != Path.FLAT)
        {
            return LeadersSchedule.reduce(c, d, tag, sbuf, soffset, rbuf, roffset, count, type, op, -1);
        }
        final Schedule schedule = Schedule.of(c, tag);
        Allreduce.run(schedule, d.flat(), sbuf, soffset, rbuf, roffset, count, type, op);
        return schedule.start();
    }

    // ---------------------------------------------------------------- reduce-scatter

    /**
     * Reduce {@code sum(rcounts)} items element-wise, then rank i receives items
     * {@code [rcounts[0] + ... + rcounts[i-1], +rcounts[i])} of the result.
     */
    public static void reduceScatter(
        final Communicator comm,
        final Object sbuf, final int soffset, final Object rbuf, final int roffset,
        final int[] rcounts, final TypeMap type, final ReduceOp op)
    {
        if (comm.isInter())
        {
            comm.engine().awaitRequest(InterCollectives.ireduceScatter(comm, sbuf, soffset, rbuf, roffset, rcounts,
                type, op));
            return;
        }
        final Communicator c = collective(comm);
        final int total = CollectiveArguments.reduceScatter(c, sbuf, soffset, rbuf, roffset, rcounts, type, op);
        final CallLog calls = CallLog.enter(c, CollectiveTag.REDUCE_SCATTER, -1, total, type);
        try
        {
            if (total == 0 || type.size() == 0)
            {
                return;
            }
            calls.decided(null);
            final BlockingPlan plan = BlockingPlan.of(c, CollectiveTag.REDUCE_SCATTER);
            ReduceScatter.run(plan, Selection.flatReduceScatter(op), sbuf, soffset, rbuf, roffset, rcounts, type, op);
            plan.finish();
        }
        finally
        {
            calls.exit();
        }
    }

    /** Nonblocking {@link #reduceScatter}; the counts are read when it starts. */
    public static Request ireduceScatter(
        final Communicator comm,
        final Object sbuf, final int soffset, final Object rbuf, final int roffset,
        final int[] rcounts, final TypeMap type, final ReduceOp op)
    {
        if (comm.isInter())
        {
            return InterCollectives.ireduceScatter(comm, sbuf, soffset, rbuf, roffset, rcounts, type, op);
        }
        final Communicator c = collective(comm);
        // the counts differ by rank: the call is compared by its kind alone
        final Schedule schedule = Schedule.of(c,
            CollectiveState.nextNonblockingTag(c, CollectiveTag.REDUCE_SCATTER, -1, 0, null));
        if (CollectiveArguments.reduceScatter(schedule.comm, sbuf, soffset, rbuf, roffset, rcounts, type, op) > 0 &&
            type.size() > 0)
        {
            ReduceScatter.run(schedule, Selection.flatReduceScatter(op), sbuf, soffset, rbuf, roffset, rcounts, type,
                op);
        }
        return schedule.start();
    }

    // ---------------------------------------------------------------- scans

    /** Inclusive prefix reduction: rank r receives {@code x0 op ... op xr}. */
    public static void scan(
        final Communicator comm,
        final Object sbuf, final int soffset, final Object rbuf, final int roffset,
        final int count, final TypeMap type, final ReduceOp op)
    {
        final Communicator c = collective(comm);
        CollectiveArguments.allreduce(sbuf, soffset, rbuf, roffset, count, type, op);
        prefix(c, true, sbuf, soffset, rbuf, roffset, count, type, op);
    }

    /** Nonblocking {@link #scan}. */
    public static Request iscan(
        final Communicator comm,
        final Object sbuf, final int soffset, final Object rbuf, final int roffset,
        final int count, final TypeMap type, final ReduceOp op)
    {
        final Communicator c = collective(comm);
        final Schedule schedule = Schedule.of(c,
            CollectiveState.nextNonblockingTag(c, CollectiveTag.SCAN, -1, count, type));
        CollectiveArguments.allreduce(sbuf, soffset, rbuf, roffset, count, type, op);
        if (count > 0 && type.size() > 0)
        {
            Scan.recursiveDoubling(schedule, sbuf, soffset, rbuf, roffset, count, type, op, true);
        }
        return schedule.start();
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
        final MpiError rootOnly = CollectiveArguments.exscan(c, sbuf, soffset, rbuf, roffset, count, type, op);
        if (rootOnly != null)
        {
            // rank 0 passes no receive buffer: the others still take part, into a scratch, then fail
            prefix(c, false, sbuf, soffset, Buffers.sameShape(sbuf), soffset, count, type, op);
            throw rootOnly;
        }
        prefix(c, false, sbuf, soffset, rbuf, roffset, count, type, op);
    }

    /** Nonblocking {@link #exscan}. */
    public static Request iexscan(
        final Communicator comm,
        final Object sbuf, final int soffset, final Object rbuf, final int roffset,
        final int count, final TypeMap type, final ReduceOp op)
    {
        final Communicator c = collective(comm);
        final Schedule schedule = Schedule.of(c,
            CollectiveState.nextNonblockingTag(c, CollectiveTag.EXSCAN, -1, count, type));
        CollectiveArguments.raise(
            CollectiveArguments.exscan(schedule.comm, sbuf, soffset, rbuf, roffset, count, type, op));
        if (count > 0 && type.size() > 0)
        {
            Scan.recursiveDoubling(schedule, sbuf, soffset, rbuf, roffset, count, type, op, false);
        }
        return schedule.start();
    }

    /** The blocking {@link #scan} ({@code inclusive}) or {@link #exscan}, its arguments checked. */
    private static void prefix(
        final Communicator c, final boolean inclusive, final Object sbuf, final int soffset, final Object rbuf,
        final int roffset, final int count, final TypeMap type, final ReduceOp op)
    {
        final int kind = inclusive ? CollectiveTag.SCAN : CollectiveTag.EXSCAN;
        final CallLog calls = CallLog.enter(c, kind, -1, count, type);
        try
        {
            if (count == 0 || type.size() == 0)
            {
                return;
            }
            calls.decided(null);
            final BlockingPlan plan = BlockingPlan.of(c, kind);
            Scan.recursiveDoubling(plan, sbuf, soffset, rbuf, roffset, count, type, op, inclusive);
            plan.finish();
        }
        finally
        {
            calls.exit();
        }
    }

    /**
     * {@code MPI_COMM_FREE}: release what the collectives of {@code comm} hold outside the heap (this rank's
     * mapping of a node arena). The communicator must not be used afterwards.
     */
    public static void free(final Communicator comm)
    {
        if (!comm.isInter())
        {
            CollectiveState.release(comm.collective());
        }
    }

    /**
     * Whether a call of {@code count} items of {@code type} moves nothing and may end here: where the ranks
     * {@code agreed} on the count, or all live in this JVM. Otherwise an empty call runs too, so a rank passing
     * another count learns it from the sizes of the messages.
     */
    private static boolean empty(final Communicator c, final boolean agreed, final int count, final TypeMap type)
    {
        return count * type.size() == 0 && (agreed || c.locality().jvmCount() == 1);
    }

    static Communicator collective(final Communicator comm)
    {
        if (comm.isInter())
        {
            throw new MpiError(ErrorClass.COMM, "MPI defines the scans and the neighbourhood collectives on " +
                "intracommunicators only");
        }
        return comm.collective();
    }
}
