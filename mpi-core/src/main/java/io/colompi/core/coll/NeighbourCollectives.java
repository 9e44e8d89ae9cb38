package io.colompi.core.coll;

import io.colompi.core.comm.Communicator;
import io.colompi.core.comm.Neighbourhood;
import io.colompi.core.pt2pt.Request;
import io.colompi.core.type.TypeMap;

/**
 * The neighbourhood collectives (MPI 3.1, 7.6) of a communicator with a topology: each rank exchanges blocks with
 * its {@link Neighbourhood} only, blocking or not, over point-to-point messages on the collective context. Every
 * rank of the communicator calls them, in the same order as its other collectives. Allgather sends one block to
 * every destination; alltoall a block of its own to each. Counts and displacements are in items, displacements in
 * extents of the type, as in the other v-collectives.
 */
public final class NeighbourCollectives
{
    private NeighbourCollectives()
    {
    }

    /** Send {@code scount} items to every destination; block {@code i} of {@code rbuf} comes from source {@code i}. */
    public static void allgather(
        final Communicator comm, final Neighbourhood neighbours,
        final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int rcount, final TypeMap rtype)
    {
        CollectiveArguments.neighbourAllgather(neighbours, sbuf, soffset, scount, stype, rbuf, roffset, rcount, null,
            null, rtype);
        run(comm, CollectiveTag.ALLGATHER, CollectiveTag.NEIGHBOUR_ALLGATHER, neighbours, sbuf, soffset,
            Buffers.uniform(neighbours.outdegree(), scount), new int[neighbours.outdegree()], stype,
            rbuf, roffset, Buffers.uniform(neighbours.indegree(), rcount), Buffers.consecutive(neighbours.indegree(), rcount), rtype);
    }

    /** Nonblocking {@link #allgather}. */
    public static Request iallgather(
        final Communicator comm, final Neighbourhood neighbours,
        final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int rcount, final TypeMap rtype)
    {
        CollectiveArguments.neighbourAllgather(neighbours, sbuf, soffset, scount, stype, rbuf, roffset, rcount, null,
            null, rtype);
        return start(comm, CollectiveTag.ALLGATHER, neighbours, sbuf, soffset,
            Buffers.uniform(neighbours.outdegree(), scount),
            new int[neighbours.outdegree()], stype,
            rbuf, roffset, Buffers.uniform(neighbours.indegree(), rcount), Buffers.consecutive(neighbours.indegree(), rcount), rtype);
    }

    /** As {@link #allgather}, block {@code i} being {@code rcounts[i]} items at {@code rdispls[i]}. */
    public static void allgatherv(
        final Communicator comm, final Neighbourhood neighbours,
        final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int[] rcounts, final int[] rdispls, final TypeMap rtype)
    {
        CollectiveArguments.neighbourAllgatherv(neighbours, sbuf, soffset, scount, stype, rbuf, roffset, rcounts,
            rdispls, rtype);
        run(comm, CollectiveTag.ALLGATHER + CallLog.VECTOR, CollectiveTag.NEIGHBOUR_ALLGATHER, neighbours, sbuf,
            soffset, Buffers.uniform(neighbours.outdegree(), scount), new int[neighbours.outdegree()], stype,
            rbuf, roffset, rcounts, rdispls, rtype);
    }

    /** Nonblocking {@link #allgatherv}; the count and displacement arrays are read when it starts. */
    public static Request iallgatherv(
        final Communicator comm, final Neighbourhood neighbours,
        final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int[] rcounts, final int[] rdispls, final TypeMap rtype)
    {
        CollectiveArguments.neighbourAllgatherv(neighbours, sbuf, soffset, scount, stype, rbuf, roffset, rcounts,
            rdispls, rtype);
        return start(comm, CollectiveTag.ALLGATHER + CallLog.VECTOR, neighbours, sbuf, soffset,
            Buffers.uniform(neighbours.outdegree(), scount),
            new int[neighbours.outdegree()], stype, rbuf, roffset, rcounts, rdispls, rtype);
    }

    /** Block {@code i} of {@code sbuf} goes to destination {@code i}; block {@code i} of {@code rbuf} from source i. */
    public static void alltoall(
        final Communicator comm, final Neighbourhood neighbours,
        final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int rcount, final TypeMap rtype)
    {
        CollectiveArguments.neighbourAlltoall(neighbours, sbuf, soffset, scount, null, null, stype, rbuf, roffset,
            rcount, null, null, rtype);
        run(comm, CollectiveTag.ALLTOALL, CollectiveTag.NEIGHBOUR_ALLTOALL, neighbours, sbuf, soffset,
            Buffers.uniform(neighbours.outdegree(), scount), Buffers.consecutive(neighbours.outdegree(), scount), stype,
            rbuf, roffset, Buffers.uniform(neighbours.indegree(), rcount), Buffers.consecutive(neighbours.indegree(), rcount), rtype);
    }

    /** Nonblocking {@link #alltoall}. */
    public static Request ialltoall(
        final Communicator comm, final Neighbourhood neighbours,
        final Object sbuf, final int soffset, final int scount, final TypeMap stype,
        final Object rbuf, final int roffset, final int rcount, final TypeMap rtype)
    {
        CollectiveArguments.neighbourAlltoall(neighbours, sbuf, soffset, scount, null, null, stype, rbuf, roffset,
            rcount, null, null, rtype);
        return start(comm, CollectiveTag.ALLTOALL, neighbours, sbuf, soffset,
            Buffers.uniform(neighbours.outdegree(), scount),
            Buffers.consecutive(neighbours.outdegree(), scount), stype,
            rbuf, roffset, Buffers.uniform(neighbours.indegree(), rcount), Buffers.consecutive(neighbours.indegree(), rcount), rtype);
    }

    /** As {@link #alltoall} with per-neighbour counts and displacements on both sides. */
    public static void alltoallv(
        final Communicator comm, final Neighbourhood neighbours,
        final Object sbuf, final int soffset, final int[] scounts, final int[] sdispls, final TypeMap stype,
        final Object rbuf, final int roffset, final int[] rcounts, final int[] rdispls, final TypeMap rtype)
    {
        CollectiveArguments.neighbourAlltoallv(neighbours, sbuf, soffset, scounts, sdispls, stype, rbuf, roffset,
            rcounts, rdispls, rtype);
        run(comm, CollectiveTag.ALLTOALL + CallLog.VECTOR, CollectiveTag.NEIGHBOUR_ALLTOALL, neighbours, sbuf, soffset,
            scounts, sdispls, stype, rbuf, roffset, rcounts, rdispls, rtype);
    }

    /** Nonblocking {@link #alltoallv}; the count and displacement arrays are read when it starts. */
    public static Request ialltoallv(
        final Communicator comm, final Neighbourhood neighbours,
        final Object sbuf, final int soffset, final int[] scounts, final int[] sdispls, final TypeMap stype,
        final Object rbuf, final int roffset, final int[] rcounts, final int[] rdispls, final TypeMap rtype)
    {
        CollectiveArguments.neighbourAlltoallv(neighbours, sbuf, soffset, scounts, sdispls, stype, rbuf, roffset,
            rcounts, rdispls, rtype);
        return start(comm, CollectiveTag.ALLTOALL + CallLog.VECTOR, neighbours, sbuf, soffset, scounts, sdispls,
            stype, rbuf, roffset, rcounts, rdispls, rtype);
    }

    private static void run(
        final Communicator comm, final int kind, final int tag, final Neighbourhood neighbours,
        final Object sbuf, final int soffset, final int[] scounts, final int[] sdispls, final TypeMap stype,
        final Object rbuf, final int roffset, final int[] rcounts, final int[] rdispls, final TypeMap rtype)
    {
        final Communicator c = Collectives.collective(comm);
        final CallLog calls = CallLog.enter(c, CallLog.NEIGHBOUR + kind, -1, 0, null);
        try
        {
            calls.decided(null);
            final BlockingPlan plan = BlockingPlan.of(c, tag);
            NeighbourExchange.run(plan, neighbours, sbuf, soffset, scounts, sdispls, stype,
                rbuf, roffset, rcounts, rdispls, rtype);
            plan.finish();
        }
        finally
        {
            calls.exit();
        }
    }

    private static Request start(
        final Communicator comm, final int kind, final Neighbourhood neighbours,
        final Object sbuf, final int soffset, final int[] scounts, final int[] sdispls, final TypeMap stype,
        final Object rbuf, final int roffset, final int[] rcounts, final int[] rdispls, final TypeMap rtype)
    {
        final Communicator c = Collectives.collective(comm);
        final Schedule schedule = Schedule.of(c,
            CollectiveState.nextNonblockingTag(c, CallLog.NEIGHBOUR + kind, -1, 0, null));
        NeighbourExchange.run(schedule, neighbours, sbuf, soffset, scounts, sdispls, stype,
            rbuf, roffset, rcounts, rdispls, rtype);
        return schedule.start();
    }
}
