package mpi;

import io.colompi.core.coll.Collectives;
import io.colompi.core.comm.Communicator;
import io.colompi.core.op.ReduceOp;
import io.colompi.core.trace.Call;
import io.colompi.core.type.TypeMap;

/**
 * The blocking collectives that programs call in loops, on plain Java arrays, handed straight to the core: the
 * buffers need no {@link Staging} and every argument is a parameter, so a call captures nothing and allocates
 * nothing ({@code Intracomm.onArrays}). One shape for all: a send side, a receive side, a root and an operation,
 * each collective reading the ones it has (a v-collective's counts and displacements on its v-side).
 */
enum ArrayCollective
{
    BARRIER("Intracomm.Barrier"),
    /** The buffer is the send side. */
    BCAST("Intracomm.Bcast"),
    /** {@code scount} items of {@code stype} on both sides. */
    REDUCE("Intracomm.Reduce"),
    /** {@code scount} items of {@code stype} on both sides. */
    ALLREDUCE("Intracomm.Allreduce"),
    GATHER("Intracomm.Gather"),
    SCATTER("Intracomm.Scatter"),
    ALLGATHER("Intracomm.Allgather"),
    ALLTOALL("Intracomm.Alltoall"),
    GATHERV("Intracomm.Gatherv"),
    SCATTERV("Intracomm.Scatterv"),
    ALLGATHERV("Intracomm.Allgatherv"),
    ALLTOALLV("Intracomm.Alltoallv");

    /** The facade call, as errors name it. */
    final String call;
    /** The same, as a trace journal records it (looked up once, not per traced call). */
    final Call traced;

    ArrayCollective(final String call)
    {
        this.call = call;
        this.traced = Call.named(call);
    }

    /**
     * The core call: a send side (a count, or a v-collective's counts and displacements), a receive side likewise, a
     * root and an operation, of which it reads the ones it has. A switch, not a lambda per constant: each rank loads
     * this class in its own class loader, where the JDK would spin the twelve lambdas' classes at the first collective
     * (3-8 ms of it, bench/RESULTS.md session 32).
     */
    void run(final Communicator c, final Object sbuf, final int soffset, final int scount, final int[] scounts,
        final int[] sdispls, final TypeMap stype, final Object rbuf, final int roffset, final int rcount,
        final int[] rcounts, final int[] rdispls, final TypeMap rtype, final int root, final ReduceOp op)
    {
        switch (this)
        {
            case BARRIER -> Collectives.barrier(c);
            case BCAST -> Collectives.bcast(c, sbuf, soffset, scount, stype, root);
            case REDUCE -> Collectives.reduce(c, sbuf, soffset, rbuf, roffset, scount, stype, op, root);
            case ALLREDUCE -> Collectives.allreduce(c, sbuf, soffset, rbuf, roffset, scount, stype, op);
            case GATHER -> Collectives.gather(c, sbuf, soffset, scount, stype, rbuf, roffset, rcount, rtype, root);
            case SCATTER -> Collectives.scatter(c, sbuf, soffset, scount, stype, rbuf, roffset, rcount, rtype, root);
            case ALLGATHER -> Collectives.allgather(c, sbuf, soffset, scount, stype, rbuf, roffset, rcount, rtype);
            case ALLTOALL -> Collectives.alltoall(c, sbuf, soffset, scount, stype, rbuf, roffset, rcount, rtype);
            case GATHERV ->
                Collectives.gatherv(c, sbuf, soffset, scount, stype, rbuf, roffset, rcounts, rdispls, rtype, root);
            case SCATTERV ->
                Collectives.scatterv(c, sbuf, soffset, scounts, sdispls, stype, rbuf, roffset, rcount, rtype, root);
            case ALLGATHERV ->
                Collectives.allgatherv(c, sbuf, soffset, scount, stype, rbuf, roffset, rcounts, rdispls, rtype);
            case ALLTOALLV ->
                Collectives.alltoallv(c, sbuf, soffset, scounts, sdispls, stype, rbuf, roffset, rcounts, rdispls,
                    rtype);
            default -> throw new AssertionError(this);
        }
    }

    /** Whether neither buffer is a {@link java.nio.Buffer}: the core takes them as they are, no staging. */
    static boolean arrays(final Object sbuf, final Object rbuf)
    {
        return !(sbuf instanceof java.nio.Buffer || rbuf instanceof java.nio.Buffer);
    }
}
