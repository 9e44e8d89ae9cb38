package mpi;

import io.colompi.core.coll.Collectives;
import io.colompi.core.comm.CartTopology;
import io.colompi.core.comm.Communicator;
import io.colompi.core.comm.Communicators;
import io.colompi.core.comm.DistGraphs;
import io.colompi.core.comm.GraphTopology;
import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;

import java.util.function.Supplier;

/** An intracommunicator: point-to-point plus the collective operations over one group. */
public class Intracomm extends Comm
{
    Intracomm(final Communicator core)
    {
        super(core);
    }

    /** Duplicate: same group, new context. */
    @Override
    public Intracomm clone()
    {
        return making("Intracomm.clone", () -> new Intracomm(Communicators.dup(live("Intracomm.clone"))));
    }

    /** Partition by {@code color}, ordering ranks by {@code key}; {@code MPI.UNDEFINED} color gives {@code null}. */
    public Intracomm Split(final int color, final int key)
    {
        return making("Intracomm.Split", () -> wrapIntra(Communicators.split(live("Intracomm.Split"), color, key)));
    }

    /** A communicator over {@code group} (a subset of this one's); ranks outside it get {@code null}. */
    public Intracomm Create(final Group group)
    {
        return making("Intracomm.Create",
            () -> wrapIntra(Communicators.create(live("Intracomm.Create"), Group.live(group, "Intracomm.Create"))));
    }

    public static int Compare(final Comm comm1, final Comm comm2)
    {
        return Comm.Compare(comm1, comm2);
    }

    /** A Cartesian topology over the first {@code prod(dims)} ranks (others get {@code null}); reorder is ignored. */
    public Cartcomm Create_cart(final int[] dims, final boolean[] periods, final boolean reorder)
    {
        return making("Intracomm.Create_cart", () ->
        {
            final CartTopology topology = new CartTopology(dims, periods);
            final Communicator c = Communicators.cart(live("Intracomm.Create_cart"), topology);
            return c == null ? null : new Cartcomm(c, topology);
        });
    }

    /** A graph topology over the first {@code index.length} ranks (others get {@code null}); reorder is ignored. */
    public Graphcomm Create_graph(final int[] index, final int[] edges, final boolean reorder)
    {
        return making("Intracomm.Create_graph", () ->
        {
            final GraphTopology topology = new GraphTopology(index, edges);
            final Communicator c = Communicators.graph(live("Intracomm.Create_graph"), topology);
            return c == null ? null : new Graphcomm(c, topology);
        });
    }

    // ---------------------------------------------------------------- collectives
    //
    // Buffers are arrays, or java.nio buffers (counted from their element 0, as in point-to-point): arrays go to the
    // core as they are, nio buffers through Staging (a heap buffer of the type's elements as its backing array, any
    // other copied into a temporary and back). The calls that programs make in loops take arrays through onArrays:
    // no staging, no capturing lambda, nothing allocated.

    public void Barrier()
    {
        onArrays(ArrayCollective.BARRIER, null, 0, 0, null, null, 0, 0, null, 0, null);
    }

    /** Broadcast {@code count} items of {@code type} from {@code root}'s {@code buf} into everyone's. */
    public void Bcast(final Object buf, final int offset, final int count, final Datatype type, final int root)
    {
        if (ArrayCollective.arrays(buf, null))
        {
            onArrays(ArrayCollective.BCAST, buf, offset, count, type, null, 0, 0, null, root, null);
            return;
        }
        final Staging s = blocking("Intracomm.Bcast");
        final Staging.Staged b = s.out(buf, offset, count, type);
        collective(() -> Collectives.bcast(live(s.call), b.array, b.offset, count, type.data(), root), s);
    }

    /** Gather everyone's block into {@code root}'s {@code recvbuf}, in rank order. */
    public void Gather(
        final Object sendbuf, final int sendoffset, final int sendcount, final Datatype sendtype,
        final Object recvbuf, final int recvoffset, final int recvcount, final Datatype recvtype, final int root)
    {
        if (ArrayCollective.arrays(sendbuf, recvbuf))
        {
            onArrays(ArrayCollective.GATHER, sendbuf, sendoffset, sendcount, sendtype, recvbuf, recvoffset, recvcount,
                recvtype, root, null);
            return;
        }
        final Staging s = blocking("Intracomm.Gather");
        final Staging.Staged in = s.in(sendbuf, sendoffset, sendcount, sendtype);
        final Staging.Staged out = s.outIf(Rank() == root, recvbuf, recvoffset, recvcount * Size(), recvtype);
        collective(() -> Collectives.gather(live(s.call), in.array, in.offset, sendcount, sendtype.data(),
            out.array, out.offset, recvcount, recvtype.data(), root), s);
    }

    /** Gather blocks of varying sizes: rank i's lands at {@code displs[i]}. */
    public void Gatherv(
        final Object sendbuf, final int sendoffset, final int sendcount, final Datatype sendtype,
        final Object recvbuf, final int recvoffset, final int[] recvcount, final int[] displs, final Datatype recvtype,
        final int root)
    {
        if (ArrayCollective.arrays(sendbuf, recvbuf))
        {
            onArrays(ArrayCollective.GATHERV, sendbuf, sendoffset, sendcount, null, null, sendtype, recvbuf, recvoffset,
                0, recvcount, displs, recvtype, root, null);
            return;
        }
        final Staging s = blocking("Intracomm.Gatherv");
        final Staging.Staged in = s.in(sendbuf, sendoffset, sendcount, sendtype);
        final Staging.Staged out = s.outIf(Rank() == root, recvbuf, recvoffset, Staging.items(recvcount, displs), recvtype);
        collective(() -> Collectives.gatherv(live(s.call), in.array, in.offset, sendcount, sendtype.data(),
            out.array, out.offset, recvcount, displs, recvtype.data(), root), s);
    }

    /** Scatter {@code root}'s {@code sendbuf}, block i to rank i. */
    public void Scatter(
        final Object sendbuf, final int sendoffset, final int sendcount, final Datatype sendtype,
        final Object recvbuf, final int recvoffset, final int recvcount, final Datatype recvtype, final int root)
    {
        if (ArrayCollective.arrays(sendbuf, recvbuf))
        {
            onArrays(ArrayCollective.SCATTER, sendbuf, sendoffset, sendcount, sendtype, recvbuf, recvoffset, recvcount,
                recvtype, root, null);
            return;
        }
        final Staging s = blocking("Intracomm.Scatter");
        final Staging.Staged in = s.inIf(Rank() == root, sendbuf, sendoffset, sendcount * Size(), sendtype);
        final Staging.Staged out = s.out(recvbuf, recvoffset, recvcount, recvtype);
        collective(() -> Collectives.scatter(live(s.call), in.array, in.offset, sendcount, sendtype.data(),
            out.array, out.offset, recvcount, recvtype.data(), root), s);
    }

    /** Scatter blocks of varying sizes: rank i gets the one at {@code displs[i]}. */
    public void Scatterv(
        final Object sendbuf, final int sendoffset, final int[] sendcount, final int[] displs, final Datatype sendtype,
        final Object recvbuf, final int recvoffset, final int recvcount, final Datatype recvtype, final int root)
    {
        if (ArrayCollective.arrays(sendbuf, recvbuf))
        {
            onArrays(ArrayCollective.SCATTERV, sendbuf, sendoffset, 0, sendcount, displs, sendtype, recvbuf, recvoffset,
                recvcount, null, null, recvtype, root, null);
            return;
        }
        final Staging s = blocking("Intracomm.Scatterv");
        final Staging.Staged in = s.inIf(Rank() == root, sendbuf, sendoffset, Staging.items(sendcount, displs), sendtype);
        final Staging.Staged out = s.out(recvbuf, recvoffset, recvcount, recvtype);
        collective(() -> Collectives.scatterv(live(s.call), in.array, in.offset, sendcount, displs,
            sendtype.data(), out.array, out.offset, recvcount, recvtype.data(), root), s);
    }

    /** Gather everyone's block into everyone's {@code recvbuf}. */
    public void Allgather(
        final Object sendbuf, final int sendoffset, final int sendcount, final Datatype sendtype,
        final Object recvbuf, final int recvoffset, final int recvcount, final Datatype recvtype)
    {
        if (ArrayCollective.arrays(sendbuf, recvbuf))
        {
            onArrays(ArrayCollective.ALLGATHER, sendbuf, sendoffset, sendcount, sendtype, recvbuf, recvoffset,
                recvcount, recvtype, 0, null);
            return;
        }
        final Staging s = blocking("Intracomm.Allgather");
        final Staging.Staged in = s.in(sendbuf, sendoffset, sendcount, sendtype);
        final Staging.Staged out = s.out(recvbuf, recvoffset, recvcount * Size(), recvtype);
        collective(() -> Collectives.allgather(live(s.call), in.array, in.offset, sendcount, sendtype.data(),
            out.array, out.offset, recvcount, recvtype.data()), s);
    }

    /** Allgather with blocks of varying sizes. */
    public void Allgatherv(
        final Object sendbuf, final int sendoffset, final int sendcount, final Datatype sendtype,
        final Object recvbuf, final int recvoffset, final int[] recvcount, final int[] displs, final Datatype recvtype)
    {
        if (ArrayCollective.arrays(sendbuf, recvbuf))
        {
            onArrays(ArrayCollective.ALLGATHERV, sendbuf, sendoffset, sendcount, null, null, sendtype, recvbuf,
                recvoffset, 0, recvcount, displs, recvtype, 0, null);
            return;
        }
        final Staging s = blocking("Intracomm.Allgatherv");
        final Staging.Staged in = s.in(sendbuf, sendoffset, sendcount, sendtype);
        final Staging.Staged out = s.out(recvbuf, recvoffset, Staging.items(recvcount, displs), recvtype);
        collective(() -> Collectives.allgatherv(live(s.call), in.array, in.offset, sendcount, sendtype.data(),
            out.array, out.offset, recvcount, displs, recvtype.data()), s);
    }

    /** Block j of rank i goes to block i of rank j. */
    public void Alltoall(
        final Object sendbuf, final int sendoffset, final int sendcount, final Datatype sendtype,
        final Object recvbuf, final int recvoffset, final int recvcount, final Datatype recvtype)
    {
        if (ArrayCollective.arrays(sendbuf, recvbuf))
        {
            onArrays(ArrayCollective.ALLTOALL, sendbuf, sendoffset, sendcount, sendtype, recvbuf, recvoffset,
                recvcount, recvtype, 0, null);
            return;
        }
        final Staging s = blocking("Intracomm.Alltoall");
        final Staging.Staged in = s.in(sendbuf, sendoffset, sendcount * Size(), sendtype);
        final Staging.Staged out = s.out(recvbuf, recvoffset, recvcount * Size(), recvtype);
        collective(() -> Collectives.alltoall(live(s.call), in.array, in.offset, sendcount, sendtype.data(),
            out.array, out.offset, recvcount, recvtype.data()), s);
    }

    /** Alltoall with blocks of varying sizes. */
    public void Alltoallv(
        final Object sendbuf, final int sendoffset, final int[] sendcount, final int[] sdispls, final Datatype sendtype,
        final Object recvbuf, final int recvoffset, final int[] recvcount, final int[] rdispls, final Datatype recvtype)
    {
        if (ArrayCollective.arrays(sendbuf, recvbuf))
        {
            onArrays(ArrayCollective.ALLTOALLV, sendbuf, sendoffset, 0, sendcount, sdispls, sendtype, recvbuf,
                recvoffset, 0, recvcount, rdispls, recvtype, 0, null);
            return;
        }
        final Staging s = blocking("Intracomm.Alltoallv");
        final Staging.Staged in = s.in(sendbuf, sendoffset, Staging.items(sendcount, sdispls), sendtype);
        final Staging.Staged out = s.out(recvbuf, recvoffset, Staging.items(recvcount, rdispls), recvtype);
        collective(() -> Collectives.alltoallv(live(s.call), in.array, in.offset, sendcount, sdispls,
            sendtype.data(), out.array, out.offset, recvcount, rdispls, recvtype.data()), s);
    }

    /** Combine everyone's {@code sendbuf} with {@code op} into {@code root}'s {@code recvbuf}. */
    public void Reduce(
        final Object sendbuf, final int sendoffset, final Object recvbuf, final int recvoffset,
        final int count, final Datatype datatype, final Op op, final int root)
    {
        if (ArrayCollective.arrays(sendbuf, recvbuf))
        {
            onArrays(ArrayCollective.REDUCE, sendbuf, sendoffset, count, datatype, recvbuf, recvoffset, count, datatype,
                root, op);
            return;
        }
        final Staging s = blocking("Intracomm.Reduce");
        final Staging.Staged in = s.in(sendbuf, sendoffset, count, datatype);
        final Staging.Staged out = s.outIf(Rank() == root, recvbuf, recvoffset, count, datatype);
        collective(() -> Collectives.reduce(live(s.call), in.array, in.offset, out.array, out.offset, count,
            Datatype.dataOf(datatype), Op.live(op, s.call, datatype), root), s);
    }

    /** Combine everyone's {@code sendbuf} with {@code op} into everyone's {@code recvbuf}. */
    public void Allreduce(
        final Object sendbuf, final int sendoffset, final Object recvbuf, final int recvoffset,
        final int count, final Datatype datatype, final Op op)
    {
        if (ArrayCollective.arrays(sendbuf, recvbuf))
        {
            onArrays(ArrayCollective.ALLREDUCE, sendbuf, sendoffset, count, datatype, recvbuf, recvoffset, count,
                datatype, 0, op);
            return;
        }
        final Staging s = blocking("Intracomm.Allreduce");
        final Staging.Staged in = s.in(sendbuf, sendoffset, count, datatype);
        final Staging.Staged out = s.out(recvbuf, recvoffset, count, datatype);
        collective(() -> Collectives.allreduce(live(s.call), in.array, in.offset, out.array, out.offset, count,
            Datatype.dataOf(datatype), Op.live(op, s.call, datatype)), s);
    }

    /** Reduce, then scatter: rank i receives block i, of {@code recvcounts[i]} items. */
    public void Reduce_scatter(
        final Object sendbuf, final int sendoffset, final Object recvbuf, final int recvoffset,
        final int[] recvcounts, final Datatype datatype, final Op op)
    {
        final Staging s = blocking("Intracomm.Reduce_scatter");
        final Staging.Staged in = s.in(sendbuf, sendoffset, sum(recvcounts), datatype);
        final Staging.Staged out = s.out(recvbuf, recvoffset, entry(recvcounts, Rank()), datatype);
        collective(() -> Collectives.reduceScatter(live(s.call), in.array, in.offset, out.array, out.offset,
            recvcounts, Datatype.dataOf(datatype), Op.live(op, s.call, datatype)), s);
    }

    /** Inclusive prefix reduction: rank i receives x0 op ... op xi. */
    public void Scan(
        final Object sendbuf, final int sendoffset, final Object recvbuf, final int recvoffset,
        final int count, final Datatype datatype, final Op op)
    {
        final Staging s = blocking("Intracomm.Scan");
        final Staging.Staged in = s.in(sendbuf, sendoffset, count, datatype);
        final Staging.Staged out = s.out(recvbuf, recvoffset, count, datatype);
        collective(() -> Collectives.scan(live(s.call), in.array, in.offset, out.array, out.offset, count,
            Datatype.dataOf(datatype), Op.live(op, s.call, datatype)), s);
    }

    /** Exclusive prefix reduction (MPI-2, not in MPJ Express): rank i receives x0 op ... op x(i-1); rank 0's buffer is untouched. */
    public void Exscan(
        final Object sendbuf, final int sendoffset, final Object recvbuf, final int recvoffset,
        final int count, final Datatype datatype, final Op op)
    {
        final Staging s = blocking("Intracomm.Exscan");
        final Staging.Staged in = s.in(sendbuf, sendoffset, count, datatype);
        final Staging.Staged out = s.out(recvbuf, recvoffset, count, datatype);
        collective(() -> Collectives.exscan(live(s.call), in.array, in.offset, out.array, out.offset, count,
            Datatype.dataOf(datatype), Op.live(op, s.call, datatype)), s);
    }

    // ---------------------------------------------------------------- nonblocking collectives (colompi extension)
    //
    // MPI-3's nonblocking collectives, with the argument lists of the blocking ones. Each returns at once with a
    // Request that Wait, Test, Waitall, Testany, ... complete like any other; until then the buffers belong to
    // the collective (a staged nio buffer gets its result when the request reports completion). Every rank must
    // start the nonblocking collectives of a communicator in the same order (as MPI requires); any number may be in
    // flight at once, together with blocking collectives and point-to-point traffic. They advance whenever the rank
    // waits or tests anything.

    /** Nonblocking {@link #Barrier()}: completes once every rank has started it. */
    public Request Ibarrier()
    {
        return start(() -> Collectives.ibarrier(live("Intracomm.Ibarrier")), new Staging("Intracomm.Ibarrier"));
    }

    /** Nonblocking {@link #Bcast}. */
    public Request Ibcast(final Object buf, final int offset, final int count, final Datatype type, final int root)
    {
        final Staging s = new Staging("Intracomm.Ibcast");
        final Staging.Staged b = s.out(buf, offset, count, type);
        return start(() -> Collectives.ibcast(live(s.call), b.array, b.offset, count, type.data(), root), s);
    }

    /** Nonblocking {@link #Gather}. */
    public Request Igather(
        final Object sendbuf, final int sendoffset, final int sendcount, final Datatype sendtype,
        final Object recvbuf, final int recvoffset, final int recvcount, final Datatype recvtype, final int root)
    {
        final Staging s = new Staging("Intracomm.Igather");
        final Staging.Staged in = s.in(sendbuf, sendoffset, sendcount, sendtype);
        final Staging.Staged out = s.outIf(Rank() == root, recvbuf, recvoffset, recvcount * Size(), recvtype);
        return start(() -> Collectives.igather(live(s.call), in.array, in.offset, sendcount, Datatype.dataOf(sendtype),
            out.array, out.offset, recvcount, Datatype.dataOf(recvtype), root), s);
    }

    /** Nonblocking {@link #Gatherv}. */
    public Request Igatherv(
        final Object sendbuf, final int sendoffset, final int sendcount, final Datatype sendtype,
        final Object recvbuf, final int recvoffset, final int[] recvcount, final int[] displs, final Datatype recvtype,
        final int root)
    {
        final Staging s = new Staging("Intracomm.Igatherv");
        final Staging.Staged in = s.in(sendbuf, sendoffset, sendcount, sendtype);
        final Staging.Staged out = s.outIf(Rank() == root, recvbuf, recvoffset, Staging.items(recvcount, displs), recvtype);
        return start(() -> Collectives.igatherv(live(s.call), in.array, in.offset, sendcount, Datatype.dataOf(sendtype),
            out.array, out.offset, recvcount, displs, Datatype.dataOf(recvtype), root), s);
    }

    /** Nonblocking {@link #Scatter}. */
    public Request Iscatter(
        final Object sendbuf, final int sendoffset, final int sendcount, final Datatype sendtype,
        final Object recvbuf, final int recvoffset, final int recvcount, final Datatype recvtype, final int root)
    {
        final Staging s = new Staging("Intracomm.Iscatter");
        final Staging.Staged in = s.inIf(Rank() == root, sendbuf, sendoffset, sendcount * Size(), sendtype);
        final Staging.Staged out = s.out(recvbuf, recvoffset, recvcount, recvtype);
        return start(() -> Collectives.iscatter(live(s.call), in.array, in.offset, sendcount, Datatype.dataOf(sendtype),
            out.array, out.offset, recvcount, Datatype.dataOf(recvtype), root), s);
    }

    /** Nonblocking {@link #Scatterv}. */
    public Request Iscatterv(
        final Object sendbuf, final int sendoffset, final int[] sendcount, final int[] displs, final Datatype sendtype,
        final Object recvbuf, final int recvoffset, final int recvcount, final Datatype recvtype, final int root)
    {
        final Staging s = new Staging("Intracomm.Iscatterv");
        final Staging.Staged in = s.inIf(Rank() == root, sendbuf, sendoffset, Staging.items(sendcount, displs), sendtype);
        final Staging.Staged out = s.out(recvbuf, recvoffset, recvcount, recvtype);
        return start(() -> Collectives.iscatterv(live(s.call), in.array, in.offset, sendcount, displs,
            Datatype.dataOf(sendtype), out.array, out.offset, recvcount, Datatype.dataOf(recvtype), root), s);
    }

    /** Nonblocking {@link #Allgather}. */
    public Request Iallgather(
        final Object sendbuf, final int sendoffset, final int sendcount, final Datatype sendtype,
        final Object recvbuf, final int recvoffset, final int recvcount, final Datatype recvtype)
    {
        final Staging s = new Staging("Intracomm.Iallgather");
        final Staging.Staged in = s.in(sendbuf, sendoffset, sendcount, sendtype);
        final Staging.Staged out = s.out(recvbuf, recvoffset, recvcount * Size(), recvtype);
        return start(() -> Collectives.iallgather(live(s.call), in.array, in.offset, sendcount,
            Datatype.dataOf(sendtype), out.array, out.offset, recvcount, Datatype.dataOf(recvtype)), s);
    }

    /** Nonblocking {@link #Allgatherv}. */
    public Request Iallgatherv(
        final Object sendbuf, final int sendoffset, final int sendcount, final Datatype sendtype,
        final Object recvbuf, final int recvoffset, final int[] recvcount, final int[] displs, final Datatype recvtype)
    {
        final Staging s = new Staging("Intracomm.Iallgatherv");
        final Staging.Staged in = s.in(sendbuf, sendoffset, sendcount, sendtype);
        final Staging.Staged out = s.out(recvbuf, recvoffset, Staging.items(recvcount, displs), recvtype);
        return start(() -> Collectives.iallgatherv(live(s.call), in.array, in.offset, sendcount,
            Datatype.dataOf(sendtype), out.array, out.offset, recvcount, displs, Datatype.dataOf(recvtype)), s);
    }

    /** Nonblocking {@link #Alltoall}. */
    public Request Ialltoall(
        final Object sendbuf, final int sendoffset, final int sendcount, final Datatype sendtype,
        final Object recvbuf, final int recvoffset, final int recvcount, final Datatype recvtype)
    {
        final Staging s = new Staging("Intracomm.Ialltoall");
        final Staging.Staged in = s.in(sendbuf, sendoffset, sendcount * Size(), sendtype);
        final Staging.Staged out = s.out(recvbuf, recvoffset, recvcount * Size(), recvtype);
        return start(() -> Collectives.ialltoall(live(s.call), in.array, in.offset, sendcount,
            Datatype.dataOf(sendtype), out.array, out.offset, recvcount, Datatype.dataOf(recvtype)), s);
    }

    /** Nonblocking {@link #Alltoallv}. */
    public Request Ialltoallv(
        final Object sendbuf, final int sendoffset, final int[] sendcount, final int[] sdispls, final Datatype sendtype,
        final Object recvbuf, final int recvoffset, final int[] recvcount, final int[] rdispls, final Datatype recvtype)
    {
        final Staging s = new Staging("Intracomm.Ialltoallv");
        final Staging.Staged in = s.in(sendbuf, sendoffset, Staging.items(sendcount, sdispls), sendtype);
        final Staging.Staged out = s.out(recvbuf, recvoffset, Staging.items(recvcount, rdispls), recvtype);
        return start(() -> Collectives.ialltoallv(live(s.call), in.array, in.offset, sendcount, sdispls,
            Datatype.dataOf(sendtype), out.array, out.offset, recvcount, rdispls, Datatype.dataOf(recvtype)), s);
    }

    /** Nonblocking {@link #Reduce}. */
    public Request Ireduce(
        final Object sendbuf, final int sendoffset, final Object recvbuf, final int recvoffset,
        final int count, final Datatype datatype, final Op op, final int root)
    {
        final Staging s = new Staging("Intracomm.Ireduce");
        final Staging.Staged in = s.in(sendbuf, sendoffset, count, datatype);
        final Staging.Staged out = s.outIf(Rank() == root, recvbuf, recvoffset, count, datatype);
        return start(() -> Collectives.ireduce(live(s.call), in.array, in.offset, out.array, out.offset, count,
            Datatype.dataOf(datatype), Op.live(op, s.call, datatype), root), s);
    }

    /** Nonblocking {@link #Allreduce}. */
    public Request Iallreduce(
        final Object sendbuf, final int sendoffset, final Object recvbuf, final int recvoffset,
        final int count, final Datatype datatype, final Op op)
    {
        final Staging s = new Staging("Intracomm.Iallreduce");
        final Staging.Staged in = s.in(sendbuf, sendoffset, count, datatype);
        final Staging.Staged out = s.out(recvbuf, recvoffset, count, datatype);
        return start(() -> Collectives.iallreduce(live(s.call), in.array, in.offset, out.array, out.offset, count,
            Datatype.dataOf(datatype), Op.live(op, s.call, datatype)), s);
    }

    /** Nonblocking {@link #Reduce_scatter}. */
    public Request Ireduce_scatter(
        final Object sendbuf, final int sendoffset, final Object recvbuf, final int recvoffset,
        final int[] recvcounts, final Datatype datatype, final Op op)
    {
        final Staging s = new Staging("Intracomm.Ireduce_scatter");
        final Staging.Staged in = s.in(sendbuf, sendoffset, sum(recvcounts), datatype);
        final Staging.Staged out = s.out(recvbuf, recvoffset, entry(recvcounts, Rank()), datatype);
        return start(() -> Collectives.ireduceScatter(live(s.call), in.array, in.offset, out.array, out.offset,
            recvcounts, Datatype.dataOf(datatype), Op.live(op, s.call, datatype)), s);
    }

    /** Nonblocking {@link #Scan}. */
    public Request Iscan(
        final Object sendbuf, final int sendoffset, final Object recvbuf, final int recvoffset,
        final int count, final Datatype datatype, final Op op)
    {
        final Staging s = new Staging("Intracomm.Iscan");
        final Staging.Staged in = s.in(sendbuf, sendoffset, count, datatype);
        final Staging.Staged out = s.out(recvbuf, recvoffset, count, datatype);
        return start(() -> Collectives.iscan(live(s.call), in.array, in.offset, out.array, out.offset, count,
            Datatype.dataOf(datatype), Op.live(op, s.call, datatype)), s);
    }

    /** Nonblocking {@link #Exscan}. */
    public Request Iexscan(
        final Object sendbuf, final int sendoffset, final Object recvbuf, final int recvoffset,
        final int count, final Datatype datatype, final Op op)
    {
        final Staging s = new Staging("Intracomm.Iexscan");
        final Staging.Staged in = s.in(sendbuf, sendoffset, count, datatype);
        final Staging.Staged out = s.out(recvbuf, recvoffset, count, datatype);
        return start(() -> Collectives.iexscan(live(s.call), in.array, in.offset, out.array, out.offset, count,
            Datatype.dataOf(datatype), Op.live(op, s.call, datatype)), s);
    }

    static Intracomm wrapIntra(final Communicator c)
    {
        return c == null ? null : new Intracomm(c);
    }

    /** {@link Comm#onArrays} of a collective with a count on each side, named as MPJ Express names it. */
    private void onArrays(final ArrayCollective collective,
        final Object sendbuf, final int sendoffset, final int sendcount, final Datatype sendtype,
        final Object recvbuf, final int recvoffset, final int recvcount, final Datatype recvtype,
        final int root, final Op op)
    {
        onArrays(collective, collective.call, sendbuf, sendoffset, sendcount, null, null, sendtype, recvbuf, recvoffset,
            recvcount, null, null, recvtype, root, op);
    }

    /** {@link Comm#onArrays} of a v-collective, named as MPJ Express names it. */
    private void onArrays(final ArrayCollective collective,
        final Object sendbuf, final int sendoffset, final int sendcount, final int[] sendcounts, final int[] sdispls,
        final Datatype sendtype,
        final Object recvbuf, final int recvoffset, final int recvcount, final int[] recvcounts, final int[] rdispls,
        final Datatype recvtype, final int root, final Op op)
    {
        onArrays(collective, collective.call, sendbuf, sendoffset, sendcount, sendcounts, sdispls, sendtype, recvbuf,
            recvoffset, recvcount, recvcounts, rdispls, recvtype, root, op);
    }

    static <T> T make(final Supplier<T> operation, final String call)
    {
        MPI.notFinalized(call);
        try
        {
            return operation.get();
        }
        catch (final MpiError e)
        {
            throw MPI.raise(e, call);
        }
    }

    // Open MPI Java bindings API

    @Override
    public Intracomm dup()
    {
        return clone();
    }

    @Override
    public Intracomm dupWithInfo(final Info info)
    {
        return dup();
    }

    @Override
    public Intracomm iDup()
    {
        return duplicating(new Intracomm(null), "Intracomm.iDup");
    }

    /** Partition by {@code color}, ordering by {@code key}; {@code MPI.UNDEFINED} gives a null communicator. */
    public Intracomm split(final int color, final int key)
    {
        return orNull(Split(color, key));
    }

    /** A communicator over {@code group}; processes outside it get a null communicator. */
    public Intracomm create(final Group group)
    {
        return orNull(Create(group));
    }

    /**
     * {@code MPI_COMM_CREATE_GROUP}: called by the members of {@code group} alone, which message each other on
     * {@code tag}.
     */
    public Intracomm createGroup(final Group group, final int tag)
    {
        return making("Intracomm.createGroup", () -> wrapIntra(Communicators.createGroup(
            live("Intracomm.createGroup"), Group.live(group, "Intracomm.createGroup"), tag)));
    }

    /** A Cartesian topology over the first {@code prod(dims)} ranks (others get a null one); reorder is ignored. */
    public CartComm createCart(final int[] dims, final boolean[] periods, final boolean reorder)
    {
        return making("Intracomm.createCart", () ->
        {
            final CartTopology topology = new CartTopology(dims, periods);
            return new CartComm(Communicators.cart(live("Intracomm.createCart"), topology), topology);
        });
    }

    /** A graph topology over the first {@code index.length} ranks (others get a null one); reorder is ignored. */
    public GraphComm createGraph(final int[] index, final int[] edges, final boolean reorder)
    {
        return making("Intracomm.createGraph", () ->
        {
            final GraphTopology topology = new GraphTopology(index, edges);
            return new GraphComm(Communicators.graph(live("Intracomm.createGraph"), topology), topology);
        });
    }

    /**
     * A distributed graph: this rank's edges come from {@code sources} and go to {@code destinations}, with their
     * weights; every edge must be named at both its ends, as often (checked on every rank: a mismatch is ERR_ARG
     * everywhere). {@code info} and {@code reorder} are ignored: ranks keep their ranks.
     */
    public GraphComm createDistGraphAdjacent(final int[] sources, final int[] sourceWeights, final int[] destinations,
        final int[] destWeights, final Info info, final boolean reorder)
    {
        final String call = "Intracomm.createDistGraphAdjacent";
        return making(call, () -> distGraph(DistGraphs.adjacent(live(call), sources, sourceWeights, destinations,
            destWeights)));
    }

    /** {@link #createDistGraphAdjacent(int[], int[], int[], int[], Info, boolean)} without weights. */
    public GraphComm createDistGraphAdjacent(final int[] sources, final int[] destinations, final Info info,
        final boolean reorder)
    {
        return createDistGraphAdjacent(sources, null, destinations, null, info, reorder);
    }

    /**
     * A distributed graph of which this rank names any edges: {@code degrees[i]} from {@code sources[i]}, to the next
     * entries of {@code destinations}, with their {@code weights}. A rank's edges in and out keep the order of the
     * ranks that named them, then of their arguments. {@code info} and {@code reorder} are ignored.
     */
    public GraphComm createDistGraph(final int[] sources, final int[] degrees, final int[] destinations,
        final int[] weights, final Info info, final boolean reorder)
    {
        final String call = "Intracomm.createDistGraph";
        return making(call, () -> distGraph(DistGraphs.create(live(call), sources, degrees, destinations, weights)));
    }

    /** {@link #createDistGraph(int[], int[], int[], int[], Info, boolean)} without weights. */
    public GraphComm createDistGraph(final int[] sources, final int[] degrees, final int[] destinations,
        final Info info, final boolean reorder)
    {
        return createDistGraph(sources, degrees, destinations, null, info, reorder);
    }

    static GraphComm distGraph(final DistGraphs.Made made)
    {
        return new GraphComm(made.comm(), null, made.topology());
    }

    /** Inclusive prefix reduction. */
    public void scan(final Object sendbuf, final Object recvbuf, final int count, final Datatype type, final Op op)
    {
        final Staging s = blocking("Intracomm.scan");
        final Staging.Staged in = s.in(sendbuf, count, type);
        final Staging.Staged out = s.out(recvbuf, count, type);
        collective(() -> Collectives.scan(live(s.call), in.array, in.offset, out.array, out.offset, count, type.data(),
            Op.live(op, s.call, type)), s);
    }

    public void scan(final Object buf, final int count, final Datatype type, final Op op)
    {
        final Staging s = blocking("Intracomm.scan");
        final Staging.Staged in = s.copy(buf, count, type);
        final Staging.Staged out = s.out(buf, count, type);
        collective(() -> Collectives.scan(live(s.call), in.array, in.offset, out.array, out.offset, count, type.data(),
            Op.live(op, s.call, type)), s);
    }

    public Request iScan(final Object sendbuf, final Object recvbuf, final int count, final Datatype type, final Op op)
    {
        final Staging s = new Staging("Intracomm.iScan");
        final Staging.Staged in = s.in(sendbuf, count, type);
        final Staging.Staged out = s.out(recvbuf, count, type);
        return start(() -> Collectives.iscan(live(s.call), in.array, in.offset, out.array, out.offset, count,
            type.data(), Op.live(op, s.call, type)), s);
    }

    public Request iScan(final Object buf, final int count, final Datatype type, final Op op)
    {
        final Staging s = new Staging("Intracomm.iScan");
        final Staging.Staged in = s.copy(buf, count, type);
        final Staging.Staged out = s.out(buf, count, type);
        return start(() -> Collectives.iscan(live(s.call), in.array, in.offset, out.array, out.offset, count,
            type.data(), Op.live(op, s.call, type)), s);
    }

    /** Exclusive prefix reduction; rank 0's {@code recvbuf} is left as it was. */
    public void exScan(final Object sendbuf, final Object recvbuf, final int count, final Datatype type, final Op op)
    {
        final Staging s = blocking("Intracomm.exScan");
        final Staging.Staged in = s.in(sendbuf, count, type);
        final Staging.Staged out = s.out(recvbuf, count, type);
        collective(() -> Collectives.exscan(live(s.call), in.array, in.offset, out.array, out.offset, count, type.data(),
            Op.live(op, s.call, type)), s);
    }

    public void exScan(final Object buf, final int count, final Datatype type, final Op op)
    {
        final Staging s = blocking("Intracomm.exScan");
        final Staging.Staged in = s.copy(buf, count, type);
        final Staging.Staged out = s.out(buf, count, type);
        collective(() -> Collectives.exscan(live(s.call), in.array, in.offset, out.array, out.offset, count, type.data(),
            Op.live(op, s.call, type)), s);
    }

    public Request iExScan(final Object sendbuf, final Object recvbuf, final int count, final Datatype type, final Op op)
    {
        final Staging s = new Staging("Intracomm.iExScan");
        final Staging.Staged in = s.in(sendbuf, count, type);
        final Staging.Staged out = s.out(recvbuf, count, type);
        return start(() -> Collectives.iexscan(live(s.call), in.array, in.offset, out.array, out.offset,
            count, type.data(), Op.live(op, s.call, type)), s);
    }

    public Request iExScan(final Object buf, final int count, final Datatype type, final Op op)
    {
        final Staging s = new Staging("Intracomm.iExScan");
        final Staging.Staged in = s.copy(buf, count, type);
        final Staging.Staged out = s.out(buf, count, type);
        return start(() -> Collectives.iexscan(live(s.call), in.array, in.offset, out.array, out.offset,
            count, type.data(), Op.live(op, s.call, type)), s);
    }

    /** Not yet: dynamic processes. */
    public Intercomm spawn(final String command, final String[] argv, final int maxprocs, final Info info,
        final int root, final int[] errcodes)
    {
        throw NotYet.raise("Intracomm.spawn", "dynamic processes");
    }

    /** {@link #accept(String, int)}; colompi takes no hints, {@code info} is ignored. */
    public Intercomm accept(final String port, final Info info, final int root)
    {
        return accept(port, root);
    }

    /** {@link #connect(String, int)}; colompi takes no hints, {@code info} is ignored. */
    public Intercomm connect(final String port, final Info info, final int root)
    {
        return connect(port, root);
    }

    /**
     * {@code MPI_Open_port}: a new port of this rank, on which a group whose root is this rank {@link #accept}s
     * another group of the job, which {@link #connect}s to it (with the name, passed on as a message or a file).
     */
    public static String openPort()
    {
        final String call = "Intracomm.openPort";
        return Calls.call(MPI.started(call), -1, call, () -> MPI.ports.open());
    }

    /** Not yet: dynamic processes. */
    public Intercomm spawnMultiple(final String[] commands, final String[][] argv, final int[] maxprocs,
        final Info[] info, final int root, final int[] errcodes)
    {
        throw NotYet.raise("Intracomm.spawnMultiple", "dynamic processes");
    }

    /**
     * {@code MPI_Comm_accept}, collective over this communicator: {@code root}, which opened {@code port}, waits for
     * a group of this job to {@link #connect} to it; every rank returns the intercommunicator to that group. A port
     * not open at the root is {@code MPI.ERR_PORT} on every rank.
     */
    public Intercomm accept(final String port, final int root)
    {
        final String call = "Intracomm.accept";
        return making(call, () -> new Intercomm(MPI.ports.accept(port, live(call), root)));
    }

    /**
     * {@code MPI_Comm_connect}, collective over this communicator: {@code root} connects to {@code port}, on which
     * another group of this job accepts; every rank returns the intercommunicator to that group. A name that is no
     * port of this job, or a port of a rank of this group, is {@code MPI.ERR_PORT} on every rank.
     */
    public Intercomm connect(final String port, final int root)
    {
        final String call = "Intracomm.connect";
        return making(call, () -> new Intercomm(MPI.ports.connect(port, live(call), root)));
    }

    /** {@link #openPort()}; colompi takes no hints, {@code info} is ignored. */
    public static String openPort(final Info info)
    {
        return openPort();
    }

    /** {@code MPI_Close_port}: {@code name} must be a port this rank opened and has not closed. */
    public static void closePort(final String name)
    {
        final String call = "Intracomm.closePort";
        Calls.run(MPI.started(call), -1, call, () -> MPI.ports.close(name));
    }

    /**
     * {@code MPI_Publish_name}: bind {@code service} to {@code port} (any name, typically one {@link #openPort}
     * gave) in the job's name service, where any rank of the job {@link #lookupName looks it up}. A service
     * published already is {@code MPI.ERR_SERVICE}.
     */
    public static void publishName(final String service, final String port)
    {
        final String call = "Intracomm.publishName";
        Calls.run(MPI.started(call), -1, call, () -> MPI.ports.names().publish(service, port));
    }

    /** {@link #publishName(String, String)}; colompi takes no hints, {@code info} is ignored. */
    public static void publishName(final String service, final Info info, final String port)
    {
        publishName(service, port);
    }

    /**
     * {@code MPI_Unpublish_name}: unbind {@code service}, which must be published with {@code port}, else
     * {@code MPI.ERR_SERVICE}.
     */
    public static void unpublishName(final String service, final String port)
    {
        final String call = "Intracomm.unpublishName";
        Calls.run(MPI.started(call), -1, call, () -> MPI.ports.names().unpublish(service, port));
    }

    /** {@link #unpublishName(String, String)}; colompi takes no hints, {@code info} is ignored. */
    public static void unpublishName(final String service, final Info info, final String port)
    {
        unpublishName(service, port);
    }

    /**
     * {@code MPI_Lookup_name}: the port a rank of this job published as {@code service}; {@code MPI.ERR_NAME} if
     * none has (yet: a lookup does not wait for a publish, so a program orders the two, by a barrier or a message).
     */
    public static String lookupName(final String service)
    {
        final String call = "Intracomm.lookupName";
        return Calls.call(MPI.started(call), -1, call, () -> MPI.ports.names().lookup(service));
    }

    /** {@link #lookupName(String)}; colompi takes no hints, {@code info} is ignored. */
    public static String lookupName(final String service, final Info info)
    {
        return lookupName(service);
    }

    /** Not yet: dynamic processes. */
    public static Intercomm getParent()
    {
        throw NotYet.raise("Intracomm.getParent", "dynamic processes");
    }

    /**
     * {@code MPI_Comm_split_type}: with {@link MPI#COMM_TYPE_SHARED}, the ranks on this rank's node (those that can
     * share memory: one machine, or one of {@code colorun --virtual-nodes}), ordered by {@code key}; with
     * {@link MPI#UNDEFINED}, a null communicator. Another type is {@code ERR_ARG} once this rank has taken part in
     * the split as {@code UNDEFINED}, so the other ranks are not left waiting.
     */
    public Intracomm splitType(final int splitType, final int key, final Info info)
    {
        final String call = "Intracomm.splitType";
        final boolean shared = splitType == MPI.COMM_TYPE_SHARED;
        final Intracomm split = orNull(making(call,
            () -> wrapIntra(Communicators.splitByNode(live(call), shared, key))));
        if (!shared && splitType != MPI.UNDEFINED)
        {
            throw MPI.raise(new MpiError(ErrorClass.ARG, "split type " + splitType +
                ": only MPI.COMM_TYPE_SHARED and MPI.UNDEFINED are split types"), call);
        }
        return split;
    }

    private Intracomm orNull(final Intracomm c)
    {
        return c == null ? new Intracomm(null) : c;
    }
}
