package mpi;

import io.colompi.core.coll.Collectives;
import io.colompi.core.comm.Communicator;
import io.colompi.core.op.ReduceOp;
import io.colompi.core.type.TypeMap;

/**
 * The blocking collectives that programs call in loops, on plain Java arrays, handed straight to the core: the
 * buffers need no {@link Staging} and every argument is a parameter, so a call captures nothing and allocates
 * nothing ({@code Intracomm.onArrays}). One shape for all: a send side, a receive side, a root and an operation,
 * each collective reading the ones it has.
 */
enum ArrayCollective
{
    BARRIER("Intracomm.Barrier")
    {
        @Override
        void run(final Communicator c, final Object sbuf, final int soffset, final int scount, final TypeMap stype,
            final Object rbuf, final int roffset, final int rcount, final TypeMap rtype, final int root,
            final ReduceOp op)
        {
            Collectives.barrier(c);
        }
    },
    /** The buffer is the send side. */
    BCAST("Intracomm.Bcast")
    {
        @Override
        void run(final Communicator c, final Object sbuf, final int soffset, final int scount, final TypeMap stype,
            final Object rbuf, final int roffset, final int rcount, final TypeMap rtype, final int root,
            final ReduceOp op)
        {
            Collectives.bcast(c, sbuf, soffset, scount, stype, root);
        }
    },
    /** {@code scount} items of {@code stype} on both sides. */
    REDUCE("Intracomm.Reduce")
    {
        @Override
        void run(final Communicator c, final Object sbuf, final int soffset, final int scount, final TypeMap stype,
            final Object rbuf, final int roffset, final int rcount, final TypeMap rtype, final int root,
            final ReduceOp op)
        {
            Collectives.reduce(c, sbuf, soffset, rbuf, roffset, scount, stype, op, root);
        }
    },
    /** {@code scount} items of {@code stype} on both sides. */
    ALLREDUCE("Intracomm.Allreduce")
    {
        @Override
        void run(final Communicator c, final Object sbuf, final int soffset, final int scount, final TypeMap stype,
            final Object rbuf, final int roffset, final int rcount, final TypeMap rtype, final int root,
            final ReduceOp op)
        {
            Collectives.allreduce(c, sbuf, soffset, rbuf, roffset, scount, stype, op);
        }
    },
    GATHER("Intracomm.Gather")
    {
        @Override
        void run(final Communicator c, final Object sbuf, final int soffset, final int scount, final TypeMap stype,
            final Object rbuf, final int roffset, final int rcount, final TypeMap rtype, final int root,
            final ReduceOp op)
        {
            Collectives.gather(c, sbuf, soffset, scount, stype, rbuf, roffset, rcount, rtype, root);
        }
    },
    SCATTER("Intracomm.Scatter")
    {
        @Override
        void run(final Communicator c, final Object sbuf, final int soffset, final int scount, final TypeMap stype,
            final Object rbuf, final int roffset, final int rcount, final TypeMap rtype, final int root,
            final ReduceOp op)
        {
            Collectives.scatter(c, sbuf, soffset, scount, stype, rbuf, roffset, rcount, rtype, root);
        }
    },
    ALLGATHER("Intracomm.Allgather")
    {
        @Override
        void run(final Communicator c, final Object sbuf, final int soffset, final int scount, final TypeMap stype,
            final Object rbuf, final int roffset, final int rcount, final TypeMap rtype, final int root,
            final ReduceOp op)
        {
            Collectives.allgather(c, sbuf, soffset, scount, stype, rbuf, roffset, rcount, rtype);
        }
    },
    ALLTOALL("Intracomm.Alltoall")
    {
        @Override
        void run(final Communicator c, final Object sbuf, final int soffset, final int scount, final TypeMap stype,
            final Object rbuf, final int roffset, final int rcount, final TypeMap rtype, final int root,
            final ReduceOp op)
        {
            Collectives.alltoall(c, sbuf, soffset, scount, stype, rbuf, roffset, rcount, rtype);
        }
    };

    /** The facade call, as traces and errors name it. */
    final String call;

    ArrayCollective(final String call)
    {
        this.call = call;
    }

    /** Run the collective on {@code c}; sides, root and operation it does not have are ignored. */
    abstract void run(Communicator c, Object sbuf, int soffset, int scount, TypeMap stype,
        Object rbuf, int roffset, int rcount, TypeMap rtype, int root, ReduceOp op);

    /** Whether neither buffer is a {@link java.nio.Buffer}: the core takes them as they are, no staging. */
    static boolean arrays(final Object sbuf, final Object rbuf)
    {
        return !(sbuf instanceof java.nio.Buffer || rbuf instanceof java.nio.Buffer);
    }
}
