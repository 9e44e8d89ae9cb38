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
    BARRIER("Intracomm.Barrier", (c, sb, so, sc, sv, sd, st, rb, ro, rc, rv, rd, rt, root, op) ->
        Collectives.barrier(c)),
    /** The buffer is the send side. */
    BCAST("Intracomm.Bcast", (c, sb, so, sc, sv, sd, st, rb, ro, rc, rv, rd, rt, root, op) ->
        Collectives.bcast(c, sb, so, sc, st, root)),
    /** {@code scount} items of {@code stype} on both sides. */
    REDUCE("Intracomm.Reduce", (c, sb, so, sc, sv, sd, st, rb, ro, rc, rv, rd, rt, root, op) ->
        Collectives.reduce(c, sb, so, rb, ro, sc, st, op, root)),
    /** {@code scount} items of {@code stype} on both sides. */
    ALLREDUCE("Intracomm.Allreduce", (c, sb, so, sc, sv, sd, st, rb, ro, rc, rv, rd, rt, root, op) ->
        Collectives.allreduce(c, sb, so, rb, ro, sc, st, op)),
    GATHER("Intracomm.Gather", (c, sb, so, sc, sv, sd, st, rb, ro, rc, rv, rd, rt, root, op) ->
        Collectives.gather(c, sb, so, sc, st, rb, ro, rc, rt, root)),
    SCATTER("Intracomm.Scatter", (c, sb, so, sc, sv, sd, st, rb, ro, rc, rv, rd, rt, root, op) ->
        Collectives.scatter(c, sb, so, sc, st, rb, ro, rc, rt, root)),
    ALLGATHER("Intracomm.Allgather", (c, sb, so, sc, sv, sd, st, rb, ro, rc, rv, rd, rt, root, op) ->
        Collectives.allgather(c, sb, so, sc, st, rb, ro, rc, rt)),
    ALLTOALL("Intracomm.Alltoall", (c, sb, so, sc, sv, sd, st, rb, ro, rc, rv, rd, rt, root, op) ->
        Collectives.alltoall(c, sb, so, sc, st, rb, ro, rc, rt)),
    GATHERV("Intracomm.Gatherv", (c, sb, so, sc, sv, sd, st, rb, ro, rc, rv, rd, rt, root, op) ->
        Collectives.gatherv(c, sb, so, sc, st, rb, ro, rv, rd, rt, root)),
    SCATTERV("Intracomm.Scatterv", (c, sb, so, sc, sv, sd, st, rb, ro, rc, rv, rd, rt, root, op) ->
        Collectives.scatterv(c, sb, so, sv, sd, st, rb, ro, rc, rt, root)),
    ALLGATHERV("Intracomm.Allgatherv", (c, sb, so, sc, sv, sd, st, rb, ro, rc, rv, rd, rt, root, op) ->
        Collectives.allgatherv(c, sb, so, sc, st, rb, ro, rv, rd, rt)),
    ALLTOALLV("Intracomm.Alltoallv", (c, sb, so, sc, sv, sd, st, rb, ro, rc, rv, rd, rt, root, op) ->
        Collectives.alltoallv(c, sb, so, sv, sd, st, rb, ro, rv, rd, rt));

    /**
     * The core call: a send side (a count, or a v-collective's counts and displacements), a receive side likewise, a
     * root and an operation, of which it reads the ones it has.
     */
    @FunctionalInterface
    interface Body
    {
        void run(Communicator c, Object sbuf, int soffset, int scount, int[] scounts, int[] sdispls, TypeMap stype,
            Object rbuf, int roffset, int rcount, int[] rcounts, int[] rdispls, TypeMap rtype, int root, ReduceOp op);
    }

    /** The facade call, as errors name it. */
    final String call;
    /** The same, as a trace journal records it (looked up once, not per traced call). */
    final Call traced;
    /** Captures nothing: made once, like the constant. */
    final Body body;

    ArrayCollective(final String call, final Body body)
    {
        this.call = call;
        this.traced = Call.named(call);
        this.body = body;
    }

    /** Whether neither buffer is a {@link java.nio.Buffer}: the core takes them as they are, no staging. */
    static boolean arrays(final Object sbuf, final Object rbuf)
    {
        return !(sbuf instanceof java.nio.Buffer || rbuf instanceof java.nio.Buffer);
    }
}
