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
    BARRIER("Intracomm.Barrier")
    {
        @Override
        void run(final Communicator c, final Object sbuf, final int soffset, final int scount, final int[] scounts,
            final int[] sdispls, final TypeMap stype, final Object rbuf, final int roffset, final int rcount,
            final int[] rcounts, final int[] rdispls, final TypeMap rtype, final int root, final ReduceOp op)
        {
            Collectives.barrier(c);
        }
    },
    /** The buffer is the send side. */
    BCAST("Intracomm.Bcast")
    {
        @Override
        void run(final Communicator c, final Object sbuf, final int soffset, final int scount, final int[] scounts,
            final int[] sdispls, final TypeMap stype, final Object rbuf, final int roffset, final int rcount,
            final int[] rcounts, final int[] rdispls, final TypeMap rtype, final int root, final ReduceOp op)
        {
            Collectives.bcast(c, sbuf, soffset, scount, stype, root);
        }
    },
    /** {@code scount} items of {@code stype} on both sides. */
    REDUCE("Intracomm.Reduce")
    {
        @Override
        void run(final Communicator c, final Object sbuf, final int soffset, final int scount, final int[] scounts,
            final int[] sdispls, final TypeMap stype, final Object rbuf, final int roffset, final int rcount,
            final int[] rcounts, final int[] rdispls, final TypeMap rtype, final int root, final ReduceOp op)
        {
            Collectives.reduce(c, sbuf, soffset, rbuf, roffset, scount, stype, op, root);
        }
    },
    /** {@code scount} items of {@code stype} on both sides. */
    ALLREDUCE("Intracomm.Allreduce")
    {
        @Override
        void run(final Communicator c, final Object sbuf, final int soffset, final int scount, final int[] scounts,
            final int[] sdispls, final TypeMap stype, final Object rbuf, final int roffset, final int rcount,
            final int[] rcounts, final int[] rdispls, final TypeMap rtype, final int root, final ReduceOp op)
        {
            Collectives.allreduce(c, sbuf, soffset, rbuf, roffset, scount, stype, op);
        }
    },
    GATHER("Intracomm.Gather")
    {
        @Override
        void run(final Communicator c, final Object sbuf, final int soffset, final int scount, final int[] scounts,
            final int[] sdispls, final TypeMap stype, final Object rbuf, final int roffset, final int rcount,
            final int[] rcounts, final int[] rdispls, final TypeMap rtype, final int root, final ReduceOp op)
        {
            Collectives.gather(c, sbuf, soffset, scount, stype, rbuf, roffset, rcount, rtype, root);
        }
    },
    SCATTER("Intracomm.Scatter")
    {
        @Override
        void run(final Communicator c, final Object sbuf, final int soffset, final int scount, final int[] scounts,
            final int[] sdispls, final TypeMap stype, final Object rbuf, final int roffset, final int rcount,
            final int[] rcounts, final int[] rdispls, final TypeMap rtype, final int root, final ReduceOp op)
        {
            Collectives.scatter(c, sbuf, soffset, scount, stype, rbuf, roffset, rcount, rtype, root);
        }
    },
    ALLGATHER("Intracomm.Allgather")
    {
        @Override
        void run(final Communicator c, final Object sbuf, final int soffset, final int scount, final int[] scounts,
            final int[] sdispls, final TypeMap stype, final Object rbuf, final int roffset, final int rcount,
            final int[] rcounts, final int[] rdispls, final TypeMap rtype, final int root, final ReduceOp op)
        {
            Collectives.allgather(c, sbuf, soffset, scount, stype, rbuf, roffset, rcount, rtype);
        }
    },
    ALLTOALL("Intracomm.Alltoall")
    {
        @Override
        void run(final Communicator c, final Object sbuf, final int soffset, final int scount, final int[] scounts,
            final int[] sdispls, final TypeMap stype, final Object rbuf, final int roffset, final int rcount,
            final int[] rcounts, final int[] rdispls, final TypeMap rtype, final int root, final ReduceOp op)
        {
            Collectives.alltoall(c, sbuf, soffset, scount, stype, rbuf, roffset, rcount, rtype);
        }
    },
    GATHERV("Intracomm.Gatherv")
    {
        @Override
        void run(final Communicator c, final Object sbuf, final int soffset, final int scount, final int[] scounts,
            final int[] sdispls, final TypeMap stype, final Object rbuf, final int roffset, final int rcount,
            final int[] rcounts, final int[] rdispls, final TypeMap rtype, final int root, final ReduceOp op)
        {
            Collectives.gatherv(c, sbuf, soffset, scount, stype, rbuf, roffset, rcounts, rdispls, rtype, root);
        }
    },
    SCATTERV("Intracomm.Scatterv")
    {
        @Override
        void run(final Communicator c, final Object sbuf, final int soffset, final int scount, final int[] scounts,
            final int[] sdispls, final TypeMap stype, final Object rbuf, final int roffset, final int rcount,
            final int[] rcounts, final int[] rdispls, final TypeMap rtype, final int root, final ReduceOp op)
        {
            Collectives.scatterv(c, sbuf, soffset, scounts, sdispls, stype, rbuf, roffset, rcount, rtype, root);
        }
    },
    ALLGATHERV("Intracomm.Allgatherv")
    {
        @Override
        void run(final Communicator c, final Object sbuf, final int soffset, final int scount, final int[] scounts,
            final int[] sdispls, final TypeMap stype, final Object rbuf, final int roffset, final int rcount,
            final int[] rcounts, final int[] rdispls, final TypeMap rtype, final int root, final ReduceOp op)
        {
            Collectives.allgatherv(c, sbuf, soffset, scount, stype, rbuf, roffset, rcounts, rdispls, rtype);
        }
    },
    ALLTOALLV("Intracomm.Alltoallv")
    {
        @Override
        void run(final Communicator c, final Object sbuf, final int soffset, final int scount, final int[] scounts,
            final int[] sdispls, final TypeMap stype, final Object rbuf, final int roffset, final int rcount,
            final int[] rcounts, final int[] rdispls, final TypeMap rtype, final int root, final ReduceOp op)
        {
            Collectives.alltoallv(c, sbuf, soffset, scounts, sdispls, stype, rbuf, roffset, rcounts, rdispls, rtype);
        }
    };

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
     * root and an operation, of which it reads the ones it has. A body per constant, not a lambda: each rank loads
     * this class in its own class loader, where the JDK would spin the twelve lambdas' classes at the first collective
     * (3-8 ms of it, bench/RESULTS.md session 32); and not one switch, whose method is too large to inline into its
     * caller (a call more on every collective).
     */
    abstract void run(Communicator c, Object sbuf, int soffset, int scount, int[] scounts, int[] sdispls,
        TypeMap stype, Object rbuf, int roffset, int rcount, int[] rcounts, int[] rdispls, TypeMap rtype, int root,
        ReduceOp op);

    /** Whether neither buffer is a {@link java.nio.Buffer}: the core takes them as they are, no staging. */
    static boolean arrays(final Object sbuf, final Object rbuf)
    {
        return !(sbuf instanceof java.nio.Buffer || rbuf instanceof java.nio.Buffer);
    }
}
