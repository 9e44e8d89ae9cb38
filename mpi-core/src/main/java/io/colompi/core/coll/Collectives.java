package io.colompi.core.coll;

import io.colompi.core.comm.Communicator;
import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;
import io.colompi.core.job.RuntimeSettings;
import io.colompi.core.op.ReduceOp;
import io.colompi.core.pt2pt.Request;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.TypeMap;

/**
 * The collective operations of an intracommunicator, blocking and nonblocking, as the {@code mpi} facade calls
 * them. Buffers are {@code (array, offset, count, datatype)} as in mpiJava; counts are in items, displacements
 * in extents of the datatype of their side; arguments that MPI calls significant only at the root are only read
 * there.
 *
 * <p>Each call checks its arguments on every rank before any message moves (so a bad root or count fails on all
 * ranks, not as a hang), then this class — the one place where algorithms are chosen — picks one from the
 * family classes ({@link Broadcast}, {@link Allreduce}, ...) by placement, message size and np, with the
 * thresholds of {@link CollectiveTuning}, and runs it on {@link Communicator#collective()}:
 * <ul>
 * <li>with every rank in one JVM, blocking collectives of primitive data are shared-memory algorithms
 * ({@link Hierarchical}, {@link LocalTask}); with ranks in several JVMs and {@link CollectiveTuning#leaders()}
 * on, barrier, bcast, reduce, allreduce, gather, scatter and allgather combine inside each JVM and one leader
 * per JVM runs the flat algorithm with the others; everything else (by default everything across JVMs, objects,
 * nonblocking collectives) runs flat over point-to-point;</li>
 * <li>the flat algorithms are written once against a {@link Plan}: a blocking call runs the plan now
 * ({@link BlockingPlan}), a nonblocking one records it as a {@link Schedule} of rounds and returns the
 * {@link CollectiveRequest} that runs it as the rank polls. Nonblocking collectives always run flat, each with
 * its own tag, so they can overlap each other and the blocking ones.</li>
 * </ul>
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
    public static final boolean REPRODUCIBLE = RuntimeSettings.ofJvm().reproducible();

    private Collectives()
    {
    }

    // ---------------------------------------------------------------- barrier

    /** Returns once every rank of {@code comm} has entered the barrier. */
    public static void barrier(final Communicator comm)
    {
        final Communicator c = collective(comm);
        if (shareJvms(c))
        {
            Hierarchical.barrier(c);
            return;
        }
        final BlockingPlan plan = BlockingPlan.of(c, CollectiveTag.BARRIER);
        Barrier.dissemination(plan);
        plan.finish();
    }

    /** Nonblocking {@link #barrier}: completes once every rank has started it. */
    public static Request ibarrier(final Communicator comm)
    {
        final Schedule schedule = Schedule.of(collective(comm));
        Barrier.dissemination(schedule);
        return schedule.start();
    }

    // ---------------------------------------------------------------- bcast

    /** The root's {@code count} items of {@code type} at {@code offset} end up in every rank's buffer. */
    public static void bcast(
        final Communicator comm, final Object buf, final int offset, final int count, final TypeMap type,
        final int root)
    {
        final Communicator c = collective(comm);
        checkBcast(c, buf, offset, count, type, root);
        CountAgreement.check(c, "Bcast", count, type);
        if (count == 0 || type.size() == 0 || c.size() == 1)
        {
            return;
        }
        if (shareJvms(c) && type.base() != BaseType.OBJECT ||
            NodeArena.forBcast(c, count, type))
        {
            Hierarchical.bcast(c, buf, offset, count, type, root);
            return;
        }
        final BlockingPlan plan = BlockingPlan.of(c, CollectiveTag.BCAST);
        bcast(plan, buf, offset, count, type, root);
        plan.finish();
    }

    /** Nonblocking {@link #bcast}. */
    public static Request ibcast(
        final Communicator comm, final Object buf, final int offset, final int count, final TypeMap type,
        final int root)
    {
        final Schedule schedule = Schedule.of(collective(comm));
        checkBcast(schedule.comm, buf, offset, count, type, root);
        if (count > 0 && type.size() > 0 && schedule.size > 1)
        {
            bcast(schedule, buf, offset, count, type, root);
        }
        return schedule.start();
    }

    private static void bcast(
        final Plan plan, final Object buf, final int offset, final int count, final TypeMap type, final int root)
    {
        final CollectiveTuning tuning = CollectiveTuning.current();
        if (tuning.bytes(count, type) < tuning.bcastShortBytes() || plan.size < tuning.bcastMinProcs())
        {
            Broadcast.binomial(plan, buf, offset, count, type, root);
        }
        else
        {
            Broadcast.scatterRingAllgather(plan, buf, offset, count, type, root);
        }
    }

    // ---------------------------------------------------------------- gather

    /** Rank i's {@code scount} items go to block i ({@code rcount} items of {@code rtype}) of the root's buffer. */
    public static void gather(
        final Communicator comm,
        final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int rcount, final TypeMap rtype,
        final int root)
    {
        final Communicator c = collective(comm);
        checkGather(c, sbuf, soffset, scount, stype, rbuf, roffset, rcount, rtype, root);
        if (sharedMemory(c, stype))
        {
            Hierarchical.gather(c, sbuf, soffset, scount, stype, rbuf, roffset, rcount, null, null, rtype, root);
            return;
        }
        final BlockingPlan plan = BlockingPlan.of(c, CollectiveTag.GATHER);
        gather(plan, sbuf, soffset, scount, stype, rbuf, roffset, rcount, rtype, root);
        plan.finish();
    }

    /** Nonblocking {@link #gather}. */
    public static Request igather(
        final Communicator comm,
        final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int rcount, final TypeMap rtype,
        final int root)
    {
        final Schedule schedule = Schedule.of(collective(comm));
        checkGather(schedule.comm, sbuf, soffset, scount, stype, rbuf, roffset, rcount, rtype, root);
        gather(schedule, sbuf, soffset, scount, stype, rbuf, roffset, rcount, rtype, root);
        return schedule.start();
    }

    private static void gather(
        final Plan plan,
        final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int rcount, final TypeMap rtype,
        final int root)
    {
        final CollectiveTuning tuning = CollectiveTuning.current();
        if (plan.size > 1 && scount * stype.size() > 0 && tuning.bytes(scount, stype) < tuning.gatherShortBytes())
        {
            Gather.binomial(plan, sbuf, soffset, scount, stype, rbuf, roffset, rcount, rtype, root);
        }
        else
        {
            Gather.linear(plan, sbuf, soffset, scount, stype, rbuf, roffset, uniform(plan, 0, rcount),
                blocks(plan, 1, rcount), rtype, root);
        }
    }

    /** As {@link #gather}, with rank i's block holding {@code rcounts[i]} items at {@code displs[i]} extents. */
    public static void gatherv(
        final Communicator comm,
        final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int[] rcounts, final int[] displs, final TypeMap rtype,
        final int root)
    {
        final Communicator c = collective(comm);
        checkGatherv(c, sbuf, soffset, scount, stype, rbuf, roffset, rcounts, displs, rtype, root);
        if (inOneJvm(c, stype))
        {
            Hierarchical.gather(c, sbuf, soffset, scount, stype, rbuf, roffset, 0, rcounts, displs, rtype, root);
            return;
        }
        final BlockingPlan plan = BlockingPlan.of(c, CollectiveTag.GATHER);
        Gather.linear(plan, sbuf, soffset, scount, stype, rbuf, roffset, rcounts, displs, rtype, root);
        plan.finish();
    }

    /** Nonblocking {@link #gatherv}; the count and displacement arrays are read when it starts. */
    public static Request igatherv(
        final Communicator comm,
        final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int[] rcounts, final int[] displs, final TypeMap rtype,
        final int root)
    {
        final Schedule schedule = Schedule.of(collective(comm));
        checkGatherv(schedule.comm, sbuf, soffset, scount, stype, rbuf, roffset, rcounts, displs, rtype, root);
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
        final Communicator c = collective(comm);
        checkScatter(c, sbuf, soffset, scount, stype, rbuf, roffset, rcount, rtype, root);
        if (sharedMemory(c, rtype))
        {
            Hierarchical.scatter(c, sbuf, soffset, scount, null, null, stype, rbuf, roffset, rcount, rtype, root);
            return;
        }
        final BlockingPlan plan = BlockingPlan.of(c, CollectiveTag.SCATTER);
        scatter(plan, sbuf, soffset, scount, stype, rbuf, roffset, rcount, rtype, root);
        plan.finish();
    }

    /** Nonblocking {@link #scatter}. */
    public static Request iscatter(
        final Communicator comm,
        final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int rcount, final TypeMap rtype,
        final int root)
    {
        final Schedule schedule = Schedule.of(collective(comm));
        checkScatter(schedule.comm, sbuf, soffset, scount, stype, rbuf, roffset, rcount, rtype, root);
        scatter(schedule, sbuf, soffset, scount, stype, rbuf, roffset, rcount, rtype, root);
        return schedule.start();
    }

    private static void scatter(
        final Plan plan,
        final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int rcount, final TypeMap rtype,
        final int root)
    {
        final CollectiveTuning tuning = CollectiveTuning.current();
        // the block as each rank knows it: MPI makes the root's send and everyone's receive signatures equal
        final int elements = plan.rank == root ? scount * stype.size() : rcount * rtype.size();
        final long bytes = plan.rank == root ? tuning.bytes(scount, stype) : tuning.bytes(rcount, rtype);
        if (plan.size > 1 && elements > 0 && bytes < tuning.scatterShortBytes())
        {
            Scatter.binomial(plan, sbuf, soffset, scount, stype, rbuf, roffset, rcount, rtype, root);
        }
        else
        {
            Scatter.linear(plan, sbuf, soffset, uniform(plan, 0, scount), blocks(plan, 1, scount), stype,
                rbuf, roffset, rcount, rtype, root);
        }
    }

    /** As {@link #scatter}, with rank i's block holding {@code scounts[i]} items at {@code displs[i]} extents. */
    public static void scatterv(
        final Communicator comm,
        final Object sbuf, final int soffset, final int[] scounts, final int[] displs, final TypeMap stype,
        final Object rbuf, final int roffset, final int rcount, final TypeMap rtype,
        final int root)
    {
        final Communicator c = collective(comm);
        checkScatterv(c, sbuf, soffset, scounts, displs, stype, rbuf, roffset, rcount, rtype, root);
        if (inOneJvm(c, rtype))
        {
            Hierarchical.scatter(c, sbuf, soffset, 0, scounts, displs, stype, rbuf, roffset, rcount, rtype, root);
            return;
        }
        final BlockingPlan plan = BlockingPlan.of(c, CollectiveTag.SCATTER);
        Scatter.linear(plan, sbuf, soffset, scounts, displs, stype, rbuf, roffset, rcount, rtype, root);
        plan.finish();
    }

    /** Nonblocking {@link #scatterv}; the count and displacement arrays are read when it starts. */
    public static Request iscatterv(
        final Communicator comm,
        final Object sbuf, final int soffset, final int[] scounts, final int[] displs, final TypeMap stype,
        final Object rbuf, final int roffset, final int rcount, final TypeMap rtype,
        final int root)
    {
        final Schedule schedule = Schedule.of(collective(comm));
        checkScatterv(schedule.comm, sbuf, soffset, scounts, displs, stype, rbuf, roffset, rcount, rtype, root);
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
        final Communicator c = collective(comm);
        checkAllgather(c, sbuf, soffset, scount, stype, rbuf, roffset, rcount, rtype);
        if (sharedMemory(c, stype) ||
            NodeArena.forAllgather(c, stype.base(), c.size() * CollectiveTuning.current().bytes(scount, stype)))
        {
            Hierarchical.allgather(c, sbuf, soffset, scount, stype, rbuf, roffset, rcount, null, null, rtype);
            return;
        }
        final BlockingPlan plan = BlockingPlan.of(c, CollectiveTag.ALLGATHER);
        allgather(plan, sbuf, soffset, scount, stype, rbuf, roffset, rcount, rtype);
        plan.finish();
    }

    /** Nonblocking {@link #allgather}. */
    public static Request iallgather(
        final Communicator comm,
        final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int rcount, final TypeMap rtype)
    {
        final Schedule schedule = Schedule.of(collective(comm));
        checkAllgather(schedule.comm, sbuf, soffset, scount, stype, rbuf, roffset, rcount, rtype);
        allgather(schedule, sbuf, soffset, scount, stype, rbuf, roffset, rcount, rtype);
        return schedule.start();
    }

    private static void allgather(
        final Plan plan,
        final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int rcount, final TypeMap rtype)
    {
        final CollectiveTuning tuning = CollectiveTuning.current();
        final int p = plan.size;
        final long total = tuning.bytes(rcount, rtype) * p;
        final boolean data = p > 1 && scount * stype.size() > 0;
        if (data && (p & (p - 1)) == 0 && total < tuning.allgatherLongBytes())
        {
            Allgather.recursiveDoubling(plan, sbuf, soffset, scount, stype, rbuf, roffset, rcount, rtype);
        }
        else if (data && total < tuning.allgatherShortBytes())
        {
            Allgather.bruck(plan, sbuf, soffset, scount, stype, rbuf, roffset, rcount, rtype);
        }
        else
        {
            Allgather.ring(plan, sbuf, soffset, scount, stype, rbuf, roffset, uniform(plan, 0, rcount),
                blocks(plan, 1, rcount), rtype);
        }
    }

    /** A gatherv whose result every rank receives. */
    public static void allgatherv(
        final Communicator comm,
        final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int[] rcounts, final int[] displs, final TypeMap rtype)
    {
        final Communicator c = collective(comm);
        checkAllgatherv(c, sbuf, soffset, scount, stype, rbuf, roffset, rcounts, displs, rtype);
        if (inOneJvm(c, stype))
        {
            Hierarchical.allgather(c, sbuf, soffset, scount, stype, rbuf, roffset, 0, rcounts, displs, rtype);
            return;
        }
        final BlockingPlan plan = BlockingPlan.of(c, CollectiveTag.ALLGATHER);
        Allgather.ring(plan, sbuf, soffset, scount, stype, rbuf, roffset, rcounts, displs, rtype);
        plan.finish();
    }

    /** Nonblocking {@link #allgatherv}; the count and displacement arrays are read when it starts. */
    public static Request iallgatherv(
        final Communicator comm,
        final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int[] rcounts, final int[] displs, final TypeMap rtype)
    {
        final Schedule schedule = Schedule.of(collective(comm));
        checkAllgatherv(schedule.comm, sbuf, soffset, scount, stype, rbuf, roffset, rcounts, displs, rtype);
        Allgather.ring(schedule, sbuf, soffset, scount, stype, rbuf, roffset, rcounts, displs, rtype);
        return schedule.start();
    }

    // ---------------------------------------------------------------- alltoall

    /** Block j of rank i's send buffer goes to block i of rank j's receive buffer; blocks are equal. */
    public static void alltoall(
        final Communicator comm,
        final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int rcount, final TypeMap rtype)
    {
        final Communicator c = collective(comm);
        checkAlltoall(c, sbuf, soffset, scount, stype, rbuf, roffset, rcount, rtype);
        if (inOneJvm(c, stype))
        {
            Hierarchical.alltoall(c, sbuf, soffset, scount, null, null, stype, rbuf, roffset, rcount, null, null,
                rtype);
            return;
        }
        if (NodeArena.forAlltoall(c, scount, stype))
        {
            alltoallThroughNodeArena(c, sbuf, soffset, scount, stype, rbuf, roffset, rcount, rtype);
            return;
        }
        final BlockingPlan plan = BlockingPlan.of(c, CollectiveTag.ALLTOALL);
        alltoall(plan, sbuf, soffset, scount, stype, rbuf, roffset, rcount, rtype);
        plan.finish();
    }

    /**
     * {@link #alltoall} through the node arena, with the checks a message would get: a receive side too small
     * for a block, or of another type, fails on this rank once the others have their data.
     */
    private static void alltoallThroughNodeArena(
        final Communicator c,
        final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int rcount, final TypeMap rtype)
    {
        final MpiError error = Buffers.unfit((long)scount * stype.size(), stype.base(), rcount, rtype);
        NodeArena.of(c, CollectiveState.of(c)).alltoall(sbuf, soffset, scount, stype, rbuf, roffset, rcount, rtype,
            error != null);
        if (error != null)
        {
            throw error;
        }
    }

    /** Nonblocking {@link #alltoall}. */
    public static Request ialltoall(
        final Communicator comm,
        final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int rcount, final TypeMap rtype)
    {
        final Schedule schedule = Schedule.of(collective(comm));
        checkAlltoall(schedule.comm, sbuf, soffset, scount, stype, rbuf, roffset, rcount, rtype);
        alltoall(schedule, sbuf, soffset, scount, stype, rbuf, roffset, rcount, rtype);
        return schedule.start();
    }

    private static void alltoall(
        final Plan plan,
        final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int rcount, final TypeMap rtype)
    {
        final CollectiveTuning tuning = CollectiveTuning.current();
        if (plan.size > 1 && plan.size >= tuning.alltoallMinProcs() && scount * stype.size() > 0 &&
            tuning.bytes(scount, stype) <= tuning.alltoallShortBytes())
        {
            Alltoall.bruck(plan, sbuf, soffset, scount, stype, rbuf, roffset, rcount, rtype);
        }
        else
        {
            Alltoall.pairwise(plan, sbuf, soffset, uniform(plan, 0, scount), blocks(plan, 1, scount), stype,
                rbuf, roffset, uniform(plan, 2, rcount), blocks(plan, 3, rcount), rtype);
        }
    }

    /** As {@link #alltoall} with per-peer counts and displacements (in extents) on both sides. */
    public static void alltoallv(
        final Communicator comm,
        final Object sbuf, final int soffset, final int[] scounts, final int[] sdispls, final TypeMap stype,
        final Object rbuf, final int roffset, final int[] rcounts, final int[] rdispls, final TypeMap rtype)
    {
        final Communicator c = collective(comm);
        checkAlltoallv(c, sbuf, soffset, scounts, sdispls, stype, rbuf, roffset, rcounts, rdispls, rtype);
        if (inOneJvm(c, stype))
        {
            Hierarchical.alltoall(c, sbuf, soffset, 0, scounts, sdispls, stype, rbuf, roffset, 0, rcounts, rdispls,
                rtype);
            return;
        }
        final BlockingPlan plan = BlockingPlan.of(c, CollectiveTag.ALLTOALL);
        Alltoall.pairwise(plan, sbuf, soffset, scounts, sdispls, stype, rbuf, roffset, rcounts, rdispls, rtype);
        plan.finish();
    }

    /** Nonblocking {@link #alltoallv}; the count and displacement arrays are read when it starts. */
    public static Request ialltoallv(
        final Communicator comm,
        final Object sbuf, final int soffset, final int[] scounts, final int[] sdispls, final TypeMap stype,
        final Object rbuf, final int roffset, final int[] rcounts, final int[] rdispls, final TypeMap rtype)
    {
        final Schedule schedule = Schedule.of(collective(comm));
        checkAlltoallv(schedule.comm, sbuf, soffset, scounts, sdispls, stype, rbuf, roffset, rcounts, rdispls,
            rtype);
        Alltoall.pairwise(schedule, sbuf, soffset, scounts, sdispls, stype, rbuf, roffset, rcounts, rdispls, rtype);
        return schedule.start();
    }

    // ---------------------------------------------------------------- reduce

    /** Combine every rank's {@code count} items with {@code op}, in rank order; the result lands at the root. */
    public static void reduce(
        final Communicator comm,
        final Object sbuf, final int soffset, final Object rbuf, final int roffset,
        final int count, final TypeMap type, final ReduceOp op, final int root)
    {
        final Communicator c = collective(comm);
        checkReduce(c, sbuf, soffset, rbuf, roffset, count, type, op, root);
        CountAgreement.check(c, "Reduce", count, type);
        if (count == 0 || type.size() == 0)
        {
            return;
        }
        if (combineInJvms(c, count, type, op, root))
        {
            Hierarchical.reduce(c, sbuf, soffset, rbuf, roffset, count, type, op, root);
            return;
        }
        final BlockingPlan plan = BlockingPlan.of(c, CollectiveTag.REDUCE);
        Reduce.binomial(plan, sbuf, soffset, rbuf, roffset, count, type, op, root);
        plan.finish();
    }

    /** Nonblocking {@link #reduce}. */
    public static Request ireduce(
        final Communicator comm,
        final Object sbuf, final int soffset, final Object rbuf, final int roffset,
        final int count, final TypeMap type, final ReduceOp op, final int root)
    {
        final Schedule schedule = Schedule.of(collective(comm));
        checkReduce(schedule.comm, sbuf, soffset, rbuf, roffset, count, type, op, root);
        if (count > 0 && type.size() > 0)
        {
            Reduce.binomial(schedule, sbuf, soffset, rbuf, roffset, count, type, op, root);
        }
        return schedule.start();
    }

    // ---------------------------------------------------------------- allreduce

    /** A reduce whose result every rank receives. */
    public static void allreduce(
        final Communicator comm,
        final Object sbuf, final int soffset, final Object rbuf, final int roffset,
        final int count, final TypeMap type, final ReduceOp op)
    {
        final Communicator c = collective(comm);
        checkAllreduce(sbuf, soffset, rbuf, roffset, count, type, op);
        CountAgreement.check(c, "Allreduce", count, type);
        if (count == 0 || type.size() == 0)
        {
            return;
        }
        if (combineInJvms(c, count, type, op, -1))
        {
            Hierarchical.reduce(c, sbuf, soffset, rbuf, roffset, count, type, op, -1);
            return;
        }
        final BlockingPlan plan = BlockingPlan.of(c, CollectiveTag.ALLREDUCE);
        allreduce(plan, sbuf, soffset, rbuf, roffset, count, type, op);
        plan.finish();
    }

    /** Nonblocking {@link #allreduce}. */
    public static Request iallreduce(
        final Communicator comm,
        final Object sbuf, final int soffset, final Object rbuf, final int roffset,
        final int count, final TypeMap type, final ReduceOp op)
    {
        final Schedule schedule = Schedule.of(collective(comm));
        checkAllreduce(sbuf, soffset, rbuf, roffset, count, type, op);
        if (count > 0 && type.size() > 0)
        {
            allreduce(schedule, sbuf, soffset, rbuf, roffset, count, type, op);
        }
        return schedule.start();
    }

    private static void allreduce(
        final Plan plan,
        final Object sbuf, final int soffset, final Object rbuf, final int roffset,
        final int count, final TypeMap type, final ReduceOp op)
    {
        final CollectiveTuning tuning = CollectiveTuning.current();
        final int p = plan.size;
        final long bytes = tuning.bytes(count, type);
        if (!op.commutative() || bytes <= tuning.allreduceShortBytes() || count < Integer.highestOneBit(p))
        {
            Allreduce.recursiveDoubling(plan, sbuf, soffset, rbuf, roffset, count, type, op);
        }
        else if (bytes >= tuning.allreduceRingBytes() && p >= tuning.allreduceRingMinProcs() && count >= p)
        {
            Allreduce.ring(plan, sbuf, soffset, rbuf, roffset, count, type, op);
        }
        else
        {
            Allreduce.rabenseifner(plan, sbuf, soffset, rbuf, roffset, count, type, op);
        }
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
        final Communicator c = collective(comm);
        if (checkReduceScatter(c, sbuf, soffset, rbuf, roffset, rcounts, type, op) == 0 || type.size() == 0)
        {
            return;
        }
        final BlockingPlan plan = BlockingPlan.of(c, CollectiveTag.REDUCE_SCATTER);
        reduceScatter(plan, sbuf, soffset, rbuf, roffset, rcounts, type, op);
        plan.finish();
    }

    /** Nonblocking {@link #reduceScatter}; the counts are read when it starts. */
    public static Request ireduceScatter(
        final Communicator comm,
        final Object sbuf, final int soffset, final Object rbuf, final int roffset,
        final int[] rcounts, final TypeMap type, final ReduceOp op)
    {
        final Schedule schedule = Schedule.of(collective(comm));
        if (checkReduceScatter(schedule.comm, sbuf, soffset, rbuf, roffset, rcounts, type, op) > 0 &&
            type.size() > 0)
        {
            reduceScatter(schedule, sbuf, soffset, rbuf, roffset, rcounts, type, op);
        }
        return schedule.start();
    }

    private static void reduceScatter(
        final Plan plan,
        final Object sbuf, final int soffset, final Object rbuf, final int roffset,
        final int[] rcounts, final TypeMap type, final ReduceOp op)
    {
        if (op.commutative())
        {
            ReduceScatter.recursiveHalving(plan, sbuf, soffset, rbuf, roffset, rcounts, type, op);
        }
        else
        {
            ReduceScatter.reduceThenScatter(plan, sbuf, soffset, rbuf, roffset, rcounts, type, op);
        }
    }

    // ---------------------------------------------------------------- scans

    /** Inclusive prefix reduction: rank r receives {@code x0 op ... op xr}. */
    public static void scan(
        final Communicator comm,
        final Object sbuf, final int soffset, final Object rbuf, final int roffset,
        final int count, final TypeMap type, final ReduceOp op)
    {
        final Communicator c = collective(comm);
        checkAllreduce(sbuf, soffset, rbuf, roffset, count, type, op);
        if (count == 0 || type.size() == 0)
        {
            return;
        }
        final BlockingPlan plan = BlockingPlan.of(c, CollectiveTag.SCAN);
        Scan.recursiveDoubling(plan, sbuf, soffset, rbuf, roffset, count, type, op, true);
        plan.finish();
    }

    /** Nonblocking {@link #scan}. */
    public static Request iscan(
        final Communicator comm,
        final Object sbuf, final int soffset, final Object rbuf, final int roffset,
        final int count, final TypeMap type, final ReduceOp op)
    {
        final Schedule schedule = Schedule.of(collective(comm));
        checkAllreduce(sbuf, soffset, rbuf, roffset, count, type, op);
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
        checkExscan(c, sbuf, soffset, rbuf, roffset, count, type, op);
        if (count == 0 || type.size() == 0)
        {
            return;
        }
        final BlockingPlan plan = BlockingPlan.of(c, CollectiveTag.EXSCAN);
        Scan.recursiveDoubling(plan, sbuf, soffset, rbuf, roffset, count, type, op, false);
        plan.finish();
    }

    /** Nonblocking {@link #exscan}. */
    public static Request iexscan(
        final Communicator comm,
        final Object sbuf, final int soffset, final Object rbuf, final int roffset,
        final int count, final TypeMap type, final ReduceOp op)
    {
        final Schedule schedule = Schedule.of(collective(comm));
        checkExscan(schedule.comm, sbuf, soffset, rbuf, roffset, count, type, op);
        if (count > 0 && type.size() > 0)
        {
            Scan.recursiveDoubling(schedule, sbuf, soffset, rbuf, roffset, count, type, op, false);
        }
        return schedule.start();
    }

    // ---------------------------------------------------------------- for the leaders of Hierarchical

    /**
     * The flat broadcast chosen by size and np, run now on {@code c} with {@code tag}: for a phase among a subset
     * of ranks (such as {@link Hierarchical}'s leaders), which must use tags of its own.
     */
    static void flatBcast(final Communicator c, final Object buf, final int offset, final int count,
        final TypeMap type, final int root, final int tag)
    {
        final BlockingPlan plan = BlockingPlan.of(c, tag);
        bcast(plan, buf, offset, count, type, root);
        plan.finish();
    }

    /**
     * The flat allreduce chosen by size, np and operation, run now on {@code c} with {@code tag}: see
     * {@link #flatBcast}.
     */
    static void flatAllreduce(final Communicator c, final Object sbuf, final int soffset, final Object rbuf,
        final int roffset, final int count, final TypeMap type, final ReduceOp op, final int tag)
    {
        final BlockingPlan plan = BlockingPlan.of(c, tag);
        allreduce(plan, sbuf, soffset, rbuf, roffset, count, type, op);
        plan.finish();
    }

    /**
     * Leaders' allgather in place: block i of {@code counts[i]} dense items at {@code displs[i]} of {@code buf},
     * this rank's block already there. Equal consecutive blocks take the flat allgather chosen by size and np,
     * others the ring. See {@link #flatBcast}.
     */
    static void flatAllgather(final Communicator c, final Object buf, final int[] counts, final int[] displs,
        final TypeMap dense, final int tag)
    {
        final BlockingPlan plan = BlockingPlan.of(c, tag);
        final int rank = plan.rank;
        if (consecutive(counts, displs, plan.size))
        {
            allgather(plan, buf, displs[rank], counts[rank], dense, buf, 0, counts[0], dense);
        }
        else
        {
            Allgather.ring(plan, buf, displs[rank], counts[rank], dense, buf, 0, counts, displs, dense);
        }
        plan.finish();
    }

    /** Leaders' gather in place into {@code root}'s {@code buf}, blocks as in {@link #flatAllgather}. */
    static void flatGather(final Communicator c, final Object buf, final int[] counts, final int[] displs,
        final TypeMap dense, final int root, final int tag)
    {
        final BlockingPlan plan = BlockingPlan.of(c, tag);
        final int rank = plan.rank;
        if (consecutive(counts, displs, plan.size))
        {
            gather(plan, buf, displs[rank], counts[rank], dense, buf, 0, counts[0], dense, root);
        }
        else
        {
            Gather.linear(plan, buf, displs[rank], counts[rank], dense, buf, 0, counts, displs, dense, root);
        }
        plan.finish();
    }

    /** Leaders' scatter in place from {@code root}'s {@code buf}, blocks as in {@link #flatAllgather}. */
    static void flatScatter(final Communicator c, final Object buf, final int[] counts, final int[] displs,
        final TypeMap dense, final int root, final int tag)
    {
        final BlockingPlan plan = BlockingPlan.of(c, tag);
        final int rank = plan.rank;
        if (consecutive(counts, displs, plan.size))
        {
            scatter(plan, buf, 0, counts[0], dense, buf, displs[rank], counts[rank], dense, root);
        }
        else
        {
            Scatter.linear(plan, buf, 0, counts, displs, dense, buf, displs[rank], counts[rank], dense, root);
        }
        plan.finish();
    }

    /** Whether each of the first {@code n} blocks has the same count and block i starts at i times it. */
    private static boolean consecutive(final int[] counts, final int[] displs, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            if (counts[i] != counts[0] || displs[i] != i * counts[0])
            {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- placement

    /**
     * Whether the ranks of {@code c} meet in shared memory inside their JVMs: all of them live in this JVM, or
     * some JVM hosts several and {@link CollectiveTuning#leaders()} is on (unless
     * {@link CollectiveTuning#hierarchical()} is off). Every rank computes the same answer from the job's
     * placement, so all take the same algorithm.
     */
    private static boolean shareJvms(final Communicator c)
    {
        final CollectiveTuning tuning = CollectiveTuning.current();
        if (!tuning.hierarchical() || c.size() == 1)
        {
            return false;
        }
        final int jvms = c.locality().jvmCount();
        return jvms == 1 || tuning.leaders() && jvms < c.size();
    }

    /**
     * Whether data movement of {@code type} may go through shared memory: some JVM hosts several ranks of
     * {@code c} (see {@link #shareJvms}), and the data are primitive (objects travel by value).
     */
    private static boolean sharedMemory(final Communicator c, final TypeMap type)
    {
        return type.base() != BaseType.OBJECT && shareJvms(c);
    }

    /**
     * Whether every rank of {@code c} lives in this JVM (and the shared-memory versions are on), so that data
     * movement of {@code type} (whose objects would have to travel by value) can copy array to array.
     */
    private static boolean inOneJvm(final Communicator c, final TypeMap type)
    {
        return type.base() != BaseType.OBJECT && CollectiveTuning.current().hierarchical() && c.size() > 1 &&
            c.locality().jvmCount() == 1;
    }

    /**
     * Whether a reduction may combine inside JVMs first, then across them ({@link Hierarchical}): ranks share JVMs
     * (see {@link #shareJvms}) or the data of an allreduce ({@code root < 0}) are large enough for
     * {@link NodeArena}s; not in reproducible mode (the order would then depend on placement), only on contiguous
     * primitive types (MPI makes every rank pass the same type), and for a non-commutative operation only if each
     * JVM holds a run of consecutive ranks.
     */
    private static boolean combineInJvms(final Communicator c, final int count, final TypeMap type,
        final ReduceOp op, final int root)
    {
        return !REPRODUCIBLE && type.base() != BaseType.OBJECT && type.isContiguous() &&
            (op.commutative() || c.locality().contiguous()) &&
            (shareJvms(c) || root < 0 && NodeArena.forAllreduce(c, count, type));
    }

    // ---------------------------------------------------------------- argument checks

    private static void checkBcast(final Communicator c, final Object buf, final int offset, final int count,
        final TypeMap type, final int root)
    {
        checkRoot(c, root);
        checkCount("count", count);
        Buffers.check("buffer", buf, offset, count, type);
    }

    private static void checkGather(
        final Communicator c,
        final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int rcount, final TypeMap rtype,
        final int root)
    {
        checkRoot(c, root);
        checkCount("send count", scount);
        Buffers.check("send buffer", sbuf, soffset, scount, stype);
        if (c.rank() == root)
        {
            checkCount("receive count", rcount);
            Buffers.check("receive buffer", rbuf, roffset, rcount * c.size(), rtype);
        }
    }

    private static void checkGatherv(
        final Communicator c,
        final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int[] rcounts, final int[] displs, final TypeMap rtype,
        final int root)
    {
        checkRoot(c, root);
        checkCount("send count", scount);
        Buffers.check("send buffer", sbuf, soffset, scount, stype);
        if (c.rank() == root)
        {
            checkBlocks(c, "receive", rbuf, roffset, rcounts, displs, rtype);
        }
    }

    private static void checkScatter(
        final Communicator c,
        final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int rcount, final TypeMap rtype,
        final int root)
    {
        checkRoot(c, root);
        checkCount("receive count", rcount);
        Buffers.check("receive buffer", rbuf, roffset, rcount, rtype);
        if (c.rank() == root)
        {
            checkCount("send count", scount);
            Buffers.check("send buffer", sbuf, soffset, scount * c.size(), stype);
        }
    }

    private static void checkScatterv(
        final Communicator c,
        final Object sbuf, final int soffset, final int[] scounts, final int[] displs, final TypeMap stype,
        final Object rbuf, final int roffset, final int rcount, final TypeMap rtype,
        final int root)
    {
        checkRoot(c, root);
        checkCount("receive count", rcount);
        Buffers.check("receive buffer", rbuf, roffset, rcount, rtype);
        if (c.rank() == root)
        {
            checkBlocks(c, "send", sbuf, soffset, scounts, displs, stype);
        }
    }

    private static void checkAllgather(
        final Communicator c,
        final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int rcount, final TypeMap rtype)
    {
        checkCount("send count", scount);
        checkCount("receive count", rcount);
        Buffers.check("send buffer", sbuf, soffset, scount, stype);
        Buffers.check("receive buffer", rbuf, roffset, rcount * c.size(), rtype);
    }

    private static void checkAllgatherv(
        final Communicator c,
        final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int[] rcounts, final int[] displs, final TypeMap rtype)
    {
        checkCount("send count", scount);
        Buffers.check("send buffer", sbuf, soffset, scount, stype);
        checkBlocks(c, "receive", rbuf, roffset, rcounts, displs, rtype);
    }

    private static void checkAlltoall(
        final Communicator c,
        final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int rcount, final TypeMap rtype)
    {
        checkCount("send count", scount);
        checkCount("receive count", rcount);
        Buffers.check("send buffer", sbuf, soffset, scount * c.size(), stype);
        Buffers.check("receive buffer", rbuf, roffset, rcount * c.size(), rtype);
    }

    private static void checkAlltoallv(
        final Communicator c,
        final Object sbuf, final int soffset, final int[] scounts, final int[] sdispls, final TypeMap stype,
        final Object rbuf, final int roffset, final int[] rcounts, final int[] rdispls, final TypeMap rtype)
    {
        checkBlocks(c, "send", sbuf, soffset, scounts, sdispls, stype);
        checkBlocks(c, "receive", rbuf, roffset, rcounts, rdispls, rtype);
    }

    private static void checkReduce(
        final Communicator c, final Object sbuf, final int soffset, final Object rbuf, final int roffset,
        final int count, final TypeMap type, final ReduceOp op, final int root)
    {
        checkRoot(c, root);
        checkReduction(count, type, op);
        Buffers.check("send buffer", sbuf, soffset, count, type);
        if (c.rank() == root)
        {
            Buffers.check("receive buffer", rbuf, roffset, count, type);
        }
    }

    /** Allreduce and scan: every rank sends and receives. */
    private static void checkAllreduce(
        final Object sbuf, final int soffset, final Object rbuf, final int roffset,
        final int count, final TypeMap type, final ReduceOp op)
    {
        checkReduction(count, type, op);
        Buffers.check("send buffer", sbuf, soffset, count, type);
        Buffers.check("receive buffer", rbuf, roffset, count, type);
    }

    private static void checkExscan(
        final Communicator c, final Object sbuf, final int soffset, final Object rbuf, final int roffset,
        final int count, final TypeMap type, final ReduceOp op)
    {
        checkReduction(count, type, op);
        Buffers.check("send buffer", sbuf, soffset, count, type);
        if (c.rank() > 0)
        {
            Buffers.check("receive buffer", rbuf, roffset, count, type);
        }
    }

    /** Returns the total count. */
    private static int checkReduceScatter(
        final Communicator c, final Object sbuf, final int soffset, final Object rbuf, final int roffset,
        final int[] rcounts, final TypeMap type, final ReduceOp op)
    {
        checkLength("receive counts", rcounts, c.size());
        long total = 0;
        for (int r = 0; r < c.size(); r++)
        {
            checkCount("receive count", rcounts[r]);
            total += rcounts[r];
        }
        if (total * Math.max(1, type.size()) > Integer.MAX_VALUE)
        {
            throw new MpiError(ErrorClass.COUNT, "reduce-scatter of " + total + " items of " + type +
                " exceeds the largest array");
        }
        checkReduction((int)total, type, op);
        Buffers.check("send buffer", sbuf, soffset, (int)total, type);
        Buffers.check("receive buffer", rbuf, roffset, rcounts[c.rank()], type);
        return (int)total;
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

    /** MPJ Express reads the first {@code size} entries of a longer array; only a shorter one is an error. */
    private static void checkLength(final String what, final int[] array, final int size)
    {
        if (array == null || array.length < size)
        {
            throw new MpiError(ErrorClass.ARG, what + " must have an entry per rank (" + size + "), got " +
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

    /** {@code count} for every rank, in {@code plan}'s int scratch {@code slot}. */
    private static int[] uniform(final Plan plan, final int slot, final int count)
    {
        final int[] counts = plan.ints(slot, plan.size);
        for (int i = 0; i < plan.size; i++)
        {
            counts[i] = count;
        }
        return counts;
    }

    /** Displacements of consecutive blocks of {@code count} items, in {@code plan}'s int scratch {@code slot}. */
    private static int[] blocks(final Plan plan, final int slot, final int count)
    {
        final int[] displs = plan.ints(slot, plan.size);
        for (int i = 0; i < plan.size; i++)
        {
            displs[i] = i * count;
        }
        return displs;
    }
}
