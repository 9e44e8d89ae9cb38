package mpi;

import io.colompi.core.coll.Collectives;
import io.colompi.core.comm.CartTopology;
import io.colompi.core.comm.Communicator;
import io.colompi.core.comm.Communicators;
import io.colompi.core.comm.GraphTopology;
import io.colompi.core.job.MpiError;
import io.colompi.core.trace.Call;

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
    public Object clone()
    {
        return make(() -> new Intracomm(Communicators.dup(live("Intracomm.clone"))), "Intracomm.clone");
    }

    /** Partition by {@code color}, ordering ranks by {@code key}; {@code MPI.UNDEFINED} color gives {@code null}. */
    public Intracomm Split(final int color, final int key)
    {
        return make(() -> wrapIntra(Communicators.split(live("Intracomm.Split"), color, key)), "Intracomm.Split");
    }

    /** A communicator over {@code group} (a subset of this one's); ranks outside it get {@code null}. */
    public Intracomm Create(final Group group)
    {
        return make(() -> wrapIntra(Communicators.create(live("Intracomm.Create"), group.live("Intracomm.Create"))),
            "Intracomm.Create");
    }

    public static int Compare(final Comm comm1, final Comm comm2)
    {
        return Comm.Compare(comm1, comm2);
    }

    /** A Cartesian topology over the first {@code prod(dims)} ranks (others get {@code null}); reorder is ignored. */
    public Cartcomm Create_cart(final int[] dims, final boolean[] periods, final boolean reorder)
    {
        return make(() ->
        {
            final CartTopology topology = new CartTopology(dims, periods);
            final Communicator c = Communicators.cart(live("Intracomm.Create_cart"), topology);
            return c == null ? null : new Cartcomm(c, topology);
        }, "Intracomm.Create_cart");
    }

    /** A graph topology over the first {@code index.length} ranks (others get {@code null}); reorder is ignored. */
    public Graphcomm Create_graph(final int[] index, final int[] edges, final boolean reorder)
    {
        return make(() ->
        {
            final GraphTopology topology = new GraphTopology(index, edges);
            final Communicator c = Communicators.graph(live("Intracomm.Create_graph"), topology);
            return c == null ? null : new Graphcomm(c, topology);
        }, "Intracomm.Create_graph");
    }

    // ---------------------------------------------------------------- collectives

    public void Barrier()
    {
        collective(() -> Collectives.barrier(live("Intracomm.Barrier")), "Intracomm.Barrier");
    }

    public void Bcast(final Object buf, final int offset, final int count, final Datatype type, final int root)
    {
        collective(() -> Collectives.bcast(live("Intracomm.Bcast"), buf, offset, count, type.data(), root),
            "Intracomm.Bcast");
    }

    public void Gather(
        final Object sendbuf, final int sendoffset, final int sendcount, final Datatype sendtype,
        final Object recvbuf, final int recvoffset, final int recvcount, final Datatype recvtype, final int root)
    {
        collective(() -> Collectives.gather(live("Intracomm.Gather"), sendbuf, sendoffset, sendcount, sendtype.data(),
            recvbuf, recvoffset, recvcount, recvtype.data(), root), "Intracomm.Gather");
    }

    public void Gatherv(
        final Object sendbuf, final int sendoffset, final int sendcount, final Datatype sendtype,
        final Object recvbuf, final int recvoffset, final int[] recvcount, final int[] displs, final Datatype recvtype,
        final int root)
    {
        collective(() -> Collectives.gatherv(live("Intracomm.Gatherv"), sendbuf, sendoffset, sendcount,
            sendtype.data(), recvbuf, recvoffset, recvcount, displs, recvtype.data(), root), "Intracomm.Gatherv");
    }

    public void Scatter(
        final Object sendbuf, final int sendoffset, final int sendcount, final Datatype sendtype,
        final Object recvbuf, final int recvoffset, final int recvcount, final Datatype recvtype, final int root)
    {
        collective(() -> Collectives.scatter(live("Intracomm.Scatter"), sendbuf, sendoffset, sendcount,
            sendtype.data(), recvbuf, recvoffset, recvcount, recvtype.data(), root), "Intracomm.Scatter");
    }

    public void Scatterv(
        final Object sendbuf, final int sendoffset, final int[] sendcount, final int[] displs, final Datatype sendtype,
        final Object recvbuf, final int recvoffset, final int recvcount, final Datatype recvtype, final int root)
    {
        collective(() -> Collectives.scatterv(live("Intracomm.Scatterv"), sendbuf, sendoffset, sendcount, displs,
            sendtype.data(), recvbuf, recvoffset, recvcount, recvtype.data(), root), "Intracomm.Scatterv");
    }

    public void Allgather(
        final Object sendbuf, final int sendoffset, final int sendcount, final Datatype sendtype,
        final Object recvbuf, final int recvoffset, final int recvcount, final Datatype recvtype)
    {
        collective(() -> Collectives.allgather(live("Intracomm.Allgather"), sendbuf, sendoffset, sendcount,
            sendtype.data(), recvbuf, recvoffset, recvcount, recvtype.data()), "Intracomm.Allgather");
    }

    public void Allgatherv(
        final Object sendbuf, final int sendoffset, final int sendcount, final Datatype sendtype,
        final Object recvbuf, final int recvoffset, final int[] recvcount, final int[] displs, final Datatype recvtype)
    {
        collective(() -> Collectives.allgatherv(live("Intracomm.Allgatherv"), sendbuf, sendoffset, sendcount,
            sendtype.data(), recvbuf, recvoffset, recvcount, displs, recvtype.data()), "Intracomm.Allgatherv");
    }

    public void Alltoall(
        final Object sendbuf, final int sendoffset, final int sendcount, final Datatype sendtype,
        final Object recvbuf, final int recvoffset, final int recvcount, final Datatype recvtype)
    {
        collective(() -> Collectives.alltoall(live("Intracomm.Alltoall"), sendbuf, sendoffset, sendcount,
            sendtype.data(), recvbuf, recvoffset, recvcount, recvtype.data()), "Intracomm.Alltoall");
    }

    public void Alltoallv(
        final Object sendbuf, final int sendoffset, final int[] sendcount, final int[] sdispls, final Datatype sendtype,
        final Object recvbuf, final int recvoffset, final int[] recvcount, final int[] rdispls, final Datatype recvtype)
    {
        collective(() -> Collectives.alltoallv(live("Intracomm.Alltoallv"), sendbuf, sendoffset, sendcount, sdispls,
            sendtype.data(), recvbuf, recvoffset, recvcount, rdispls, recvtype.data()), "Intracomm.Alltoallv");
    }

    public void Reduce(
        final Object sendbuf, final int sendoffset, final Object recvbuf, final int recvoffset,
        final int count, final Datatype datatype, final Op op, final int root)
    {
        collective(() -> Collectives.reduce(live("Intracomm.Reduce"), sendbuf, sendoffset, recvbuf, recvoffset, count,
            datatype.data(), op.live("Intracomm.Reduce"), root), "Intracomm.Reduce");
    }

    public void Allreduce(
        final Object sendbuf, final int sendoffset, final Object recvbuf, final int recvoffset,
        final int count, final Datatype datatype, final Op op)
    {
        // not through collective(): the loops of programs call it, and the JIT does not always remove a capturing lambda
        final long startNs = engine.traceStart();
        try
        {
            Collectives.allreduce(live("Intracomm.Allreduce"), sendbuf, sendoffset, recvbuf, recvoffset, count,
                datatype.data(), op.live("Intracomm.Allreduce"));
        }
        catch (final MpiError e)
        {
            throw MPI.raise(e, "Intracomm.Allreduce");
        }
        traced("Intracomm.Allreduce", startNs);
    }

    public void Reduce_scatter(
        final Object sendbuf, final int sendoffset, final Object recvbuf, final int recvoffset,
        final int[] recvcounts, final Datatype datatype, final Op op)
    {
        collective(() -> Collectives.reduceScatter(live("Intracomm.Reduce_scatter"), sendbuf, sendoffset, recvbuf,
            recvoffset, recvcounts, datatype.data(), op.live("Intracomm.Reduce_scatter")), "Intracomm.Reduce_scatter");
    }

    /** Inclusive prefix reduction: rank i receives x0 op ... op xi. */
    public void Scan(
        final Object sendbuf, final int sendoffset, final Object recvbuf, final int recvoffset,
        final int count, final Datatype datatype, final Op op)
    {
        collective(() -> Collectives.scan(live("Intracomm.Scan"), sendbuf, sendoffset, recvbuf, recvoffset, count,
            datatype.data(), op.live("Intracomm.Scan")), "Intracomm.Scan");
    }

    /** Exclusive prefix reduction (MPI-2, not in MPJ Express): rank i receives x0 op ... op x(i-1); rank 0's buffer is untouched. */
    public void Exscan(
        final Object sendbuf, final int sendoffset, final Object recvbuf, final int recvoffset,
        final int count, final Datatype datatype, final Op op)
    {
        collective(() -> Collectives.exscan(live("Intracomm.Exscan"), sendbuf, sendoffset, recvbuf, recvoffset, count,
            datatype.data(), op.live("Intracomm.Exscan")), "Intracomm.Exscan");
    }

    // ---------------------------------------------------------------- nonblocking collectives (colompi extension)
    //
    // MPI-3's nonblocking collectives, with the argument lists of the blocking ones. Each returns at once with a
    // Request that Wait, Test, Waitall, Testany, ... complete like any other; until then the buffers belong to
    // the collective. Every rank must start the nonblocking collectives of a communicator in the same order (as
    // MPI requires); any number may be in flight at once, together with blocking collectives and point-to-point
    // traffic. They advance whenever the rank waits or tests anything.

    /** Nonblocking {@link #Barrier()}: completes once every rank has started it. */
    public Request Ibarrier()
    {
        return start(() -> Collectives.ibarrier(live("Intracomm.Ibarrier")), "Intracomm.Ibarrier");
    }

    /** Nonblocking {@link #Bcast}. */
    public Request Ibcast(final Object buf, final int offset, final int count, final Datatype type, final int root)
    {
        return start(() -> Collectives.ibcast(live("Intracomm.Ibcast"), buf, offset, count, type.data(), root),
            "Intracomm.Ibcast");
    }

    /** Nonblocking {@link #Gather}. */
    public Request Igather(
        final Object sendbuf, final int sendoffset, final int sendcount, final Datatype sendtype,
        final Object recvbuf, final int recvoffset, final int recvcount, final Datatype recvtype, final int root)
    {
        return start(() -> Collectives.igather(live("Intracomm.Igather"), sendbuf, sendoffset, sendcount,
            sendtype.data(), recvbuf, recvoffset, recvcount, recvtype.data(), root), "Intracomm.Igather");
    }

    /** Nonblocking {@link #Gatherv}. */
    public Request Igatherv(
        final Object sendbuf, final int sendoffset, final int sendcount, final Datatype sendtype,
        final Object recvbuf, final int recvoffset, final int[] recvcount, final int[] displs, final Datatype recvtype,
        final int root)
    {
        return start(() -> Collectives.igatherv(live("Intracomm.Igatherv"), sendbuf, sendoffset, sendcount,
            sendtype.data(), recvbuf, recvoffset, recvcount, displs, recvtype.data(), root), "Intracomm.Igatherv");
    }

    /** Nonblocking {@link #Scatter}. */
    public Request Iscatter(
        final Object sendbuf, final int sendoffset, final int sendcount, final Datatype sendtype,
        final Object recvbuf, final int recvoffset, final int recvcount, final Datatype recvtype, final int root)
    {
        return start(() -> Collectives.iscatter(live("Intracomm.Iscatter"), sendbuf, sendoffset, sendcount,
            sendtype.data(), recvbuf, recvoffset, recvcount, recvtype.data(), root), "Intracomm.Iscatter");
    }

    /** Nonblocking {@link #Scatterv}. */
    public Request Iscatterv(
        final Object sendbuf, final int sendoffset, final int[] sendcount, final int[] displs, final Datatype sendtype,
        final Object recvbuf, final int recvoffset, final int recvcount, final Datatype recvtype, final int root)
    {
        return start(() -> Collectives.iscatterv(live("Intracomm.Iscatterv"), sendbuf, sendoffset, sendcount,
            displs, sendtype.data(), recvbuf, recvoffset, recvcount, recvtype.data(), root), "Intracomm.Iscatterv");
    }

    /** Nonblocking {@link #Allgather}. */
    public Request Iallgather(
        final Object sendbuf, final int sendoffset, final int sendcount, final Datatype sendtype,
        final Object recvbuf, final int recvoffset, final int recvcount, final Datatype recvtype)
    {
        return start(() -> Collectives.iallgather(live("Intracomm.Iallgather"), sendbuf, sendoffset, sendcount,
            sendtype.data(), recvbuf, recvoffset, recvcount, recvtype.data()), "Intracomm.Iallgather");
    }

    /** Nonblocking {@link #Allgatherv}. */
    public Request Iallgatherv(
        final Object sendbuf, final int sendoffset, final int sendcount, final Datatype sendtype,
        final Object recvbuf, final int recvoffset, final int[] recvcount, final int[] displs, final Datatype recvtype)
    {
        return start(() -> Collectives.iallgatherv(live("Intracomm.Iallgatherv"), sendbuf, sendoffset, sendcount,
            sendtype.data(), recvbuf, recvoffset, recvcount, displs, recvtype.data()), "Intracomm.Iallgatherv");
    }

    /** Nonblocking {@link #Alltoall}. */
    public Request Ialltoall(
        final Object sendbuf, final int sendoffset, final int sendcount, final Datatype sendtype,
        final Object recvbuf, final int recvoffset, final int recvcount, final Datatype recvtype)
    {
        return start(() -> Collectives.ialltoall(live("Intracomm.Ialltoall"), sendbuf, sendoffset, sendcount,
            sendtype.data(), recvbuf, recvoffset, recvcount, recvtype.data()), "Intracomm.Ialltoall");
    }

    /** Nonblocking {@link #Alltoallv}. */
    public Request Ialltoallv(
        final Object sendbuf, final int sendoffset, final int[] sendcount, final int[] sdispls, final Datatype sendtype,
        final Object recvbuf, final int recvoffset, final int[] recvcount, final int[] rdispls, final Datatype recvtype)
    {
        return start(() -> Collectives.ialltoallv(live("Intracomm.Ialltoallv"), sendbuf, sendoffset, sendcount,
            sdispls, sendtype.data(), recvbuf, recvoffset, recvcount, rdispls, recvtype.data()),
            "Intracomm.Ialltoallv");
    }

    /** Nonblocking {@link #Reduce}. */
    public Request Ireduce(
        final Object sendbuf, final int sendoffset, final Object recvbuf, final int recvoffset,
        final int count, final Datatype datatype, final Op op, final int root)
    {
        return start(() -> Collectives.ireduce(live("Intracomm.Ireduce"), sendbuf, sendoffset, recvbuf, recvoffset,
            count, datatype.data(), op.live("Intracomm.Ireduce"), root), "Intracomm.Ireduce");
    }

    /** Nonblocking {@link #Allreduce}. */
    public Request Iallreduce(
        final Object sendbuf, final int sendoffset, final Object recvbuf, final int recvoffset,
        final int count, final Datatype datatype, final Op op)
    {
        return start(() -> Collectives.iallreduce(live("Intracomm.Iallreduce"), sendbuf, sendoffset, recvbuf,
            recvoffset, count, datatype.data(), op.live("Intracomm.Iallreduce")), "Intracomm.Iallreduce");
    }

    /** Nonblocking {@link #Reduce_scatter}. */
    public Request Ireduce_scatter(
        final Object sendbuf, final int sendoffset, final Object recvbuf, final int recvoffset,
        final int[] recvcounts, final Datatype datatype, final Op op)
    {
        return start(() -> Collectives.ireduceScatter(live("Intracomm.Ireduce_scatter"), sendbuf, sendoffset,
            recvbuf, recvoffset, recvcounts, datatype.data(), op.live("Intracomm.Ireduce_scatter")),
            "Intracomm.Ireduce_scatter");
    }

    /** Nonblocking {@link #Scan}. */
    public Request Iscan(
        final Object sendbuf, final int sendoffset, final Object recvbuf, final int recvoffset,
        final int count, final Datatype datatype, final Op op)
    {
        return start(() -> Collectives.iscan(live("Intracomm.Iscan"), sendbuf, sendoffset, recvbuf, recvoffset,
            count, datatype.data(), op.live("Intracomm.Iscan")), "Intracomm.Iscan");
    }

    /** Nonblocking {@link #Exscan}: rank 0's receive buffer is left untouched. */
    public Request Iexscan(
        final Object sendbuf, final int sendoffset, final Object recvbuf, final int recvoffset,
        final int count, final Datatype datatype, final Op op)
    {
        return start(() -> Collectives.iexscan(live("Intracomm.Iexscan"), sendbuf, sendoffset, recvbuf, recvoffset,
            count, datatype.data(), op.live("Intracomm.Iexscan")), "Intracomm.Iexscan");
    }

    Request start(final Supplier<io.colompi.core.pt2pt.Request> operation, final String call)
    {
        final long startNs = engine.traceStart();
        final Request started = new CollectiveRequest(engine, make(operation, call));
        traced(call, startNs);
        return started;
    }

    static Intracomm wrapIntra(final Communicator c)
    {
        return c == null ? null : new Intracomm(c);
    }

    void collective(final Runnable operation, final String call)
    {
        final long startNs = engine.traceStart();
        try
        {
            operation.run();
        }
        catch (final MpiError e)
        {
            throw MPI.raise(e, call);
        }
        traced(call, startNs);
    }

    /** Record collective {@code call}, started at {@code startNs}, if the job is traced. */
    private void traced(final String call, final long startNs)
    {
        if (engine.traced())
        {
            // the name's look-up only when traced: a collective untraced pays one branch
            engine.trace(Call.named(call), core.context(), -1, -1, 0, startNs, 0);
        }
    }

    static <T> T make(final Supplier<T> operation, final String call)
    {
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
        return (Intracomm)clone();
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

    /** A Cartesian topology over the first {@code prod(dims)} ranks (others get a null one); reorder is ignored. */
    public CartComm createCart(final int[] dims, final boolean[] periods, final boolean reorder)
    {
        return make(() ->
        {
            final CartTopology topology = new CartTopology(dims, periods);
            return new CartComm(Communicators.cart(live("Intracomm.createCart"), topology), topology);
        }, "Intracomm.createCart");
    }

    /** A graph topology over the first {@code index.length} ranks (others get a null one); reorder is ignored. */
    public GraphComm createGraph(final int[] index, final int[] edges, final boolean reorder)
    {
        return make(() ->
        {
            final GraphTopology topology = new GraphTopology(index, edges);
            return new GraphComm(Communicators.graph(live("Intracomm.createGraph"), topology), topology);
        }, "Intracomm.createGraph");
    }

    /** An intercommunicator between {@code localComm} and the group whose leader has rank {@code remoteLeader} here. */
    public Intercomm createIntercomm(final Comm localComm, final int localLeader, final int remoteLeader, final int tag)
    {
        return Create_intercomm(localComm, localLeader, remoteLeader, tag);
    }

    /** Inclusive prefix reduction. */
    public void scan(final Object sendbuf, final Object recvbuf, final int count, final Datatype type, final Op op)
    {
        final Staging s = new Staging("Intracomm.scan");
        final Staging.Staged in = s.in(sendbuf, count, type);
        final Staging.Staged out = s.out(recvbuf, count, type);
        s.run(() -> Collectives.scan(live(s.call), in.array, in.offset, out.array, out.offset, count, type.data(),
            op.live(s.call)));
    }

    public void scan(final Object buf, final int count, final Datatype type, final Op op)
    {
        final Staging s = new Staging("Intracomm.scan");
        final Staging.Staged in = s.copy(buf, count, type);
        final Staging.Staged out = s.out(buf, count, type);
        s.run(() -> Collectives.scan(live(s.call), in.array, in.offset, out.array, out.offset, count, type.data(),
            op.live(s.call)));
    }

    public Request iScan(final Object sendbuf, final Object recvbuf, final int count, final Datatype type, final Op op)
    {
        final Staging s = new Staging("Intracomm.iScan");
        final Staging.Staged in = s.in(sendbuf, count, type);
        final Staging.Staged out = s.out(recvbuf, count, type);
        return s.start(engine, () -> Collectives.iscan(live(s.call), in.array, in.offset, out.array, out.offset, count,
            type.data(), op.live(s.call)));
    }

    /** Exclusive prefix reduction; rank 0's {@code recvbuf} is left as it was. */
    public void exScan(final Object sendbuf, final Object recvbuf, final int count, final Datatype type, final Op op)
    {
        final Staging s = new Staging("Intracomm.exScan");
        final Staging.Staged in = s.in(sendbuf, count, type);
        final Staging.Staged out = s.out(recvbuf, count, type);
        s.run(() -> Collectives.exscan(live(s.call), in.array, in.offset, out.array, out.offset, count, type.data(),
            op.live(s.call)));
    }

    public void exScan(final Object buf, final int count, final Datatype type, final Op op)
    {
        final Staging s = new Staging("Intracomm.exScan");
        final Staging.Staged in = s.copy(buf, count, type);
        final Staging.Staged out = s.out(buf, count, type);
        s.run(() -> Collectives.exscan(live(s.call), in.array, in.offset, out.array, out.offset, count, type.data(),
            op.live(s.call)));
    }

    public Request iExScan(final Object sendbuf, final Object recvbuf, final int count, final Datatype type, final Op op)
    {
        final Staging s = new Staging("Intracomm.iExScan");
        final Staging.Staged in = s.in(sendbuf, count, type);
        final Staging.Staged out = s.out(recvbuf, count, type);
        return s.start(engine, () -> Collectives.iexscan(live(s.call), in.array, in.offset, out.array, out.offset,
            count, type.data(), op.live(s.call)));
    }

    /** Not yet: dynamic processes. */
    public Intercomm spawn(final String command, final String[] argv, final int maxprocs, final Info info,
        final int root, final int[] errcodes)
    {
        throw NotYet.raise("Intracomm.spawn", "dynamic processes");
    }

    /** Not yet: dynamic processes. */
    public Intercomm accept(final String port, final Info info, final int root)
    {
        throw NotYet.raise("Intracomm.accept", "dynamic processes");
    }

    /** Not yet: dynamic processes. */
    public Intercomm connect(final String port, final Info info, final int root)
    {
        throw NotYet.raise("Intracomm.connect", "dynamic processes");
    }

    /** Not yet: dynamic processes. */
    public static String openPort()
    {
        throw NotYet.raise("Intracomm.openPort", "dynamic processes");
    }

    /** Not yet: dynamic processes. */
    public static Intercomm getParent()
    {
        throw NotYet.raise("Intracomm.getParent", "dynamic processes");
    }

    /** Not yet: shared-memory communicators by type. */
    public Intracomm splitType(final int splitType, final int key, final Info info)
    {
        throw NotYet.raise("Intracomm.splitType", "splitting by node (MPI_Comm_split_type)");
    }

    private Intracomm orNull(final Intracomm c)
    {
        return c == null ? new Intracomm(null) : c;
    }
}
