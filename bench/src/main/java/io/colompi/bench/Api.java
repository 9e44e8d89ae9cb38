package io.colompi.bench;

import mpi.Datatype;
import mpi.Intracomm;
import mpi.Request;

/**
 * The Java MPI API the point-to-point loops call: MPJ Express' over arrays (the default), or Open MPI's (and
 * MVAPICH2-J's) over direct buffers from {@code MPI.new*Buffer} ({@code --openmpi}), which colompi moves off-heap
 * to off-heap without staging them in the heap.
 */
enum Api
{
    MPJ
    {
        @Override
        void send(final Intracomm comm, final Object buf, final int count, final Datatype type, final int peer, final int tag)
        {
            comm.Send(buf, 0, count, type, peer, tag);
        }

        @Override
        void recv(final Intracomm comm, final Object buf, final int count, final Datatype type, final int peer, final int tag)
        {
            comm.Recv(buf, 0, count, type, peer, tag);
        }

        @Override
        Request isend(final Intracomm comm, final Object buf, final int count, final Datatype type, final int peer,
            final int tag)
        {
            return comm.Isend(buf, 0, count, type, peer, tag);
        }

        @Override
        Request irecv(final Intracomm comm, final Object buf, final int count, final Datatype type, final int peer,
            final int tag)
        {
            return comm.Irecv(buf, 0, count, type, peer, tag);
        }

        @Override
        void waitAll(final Request[] requests)
        {
            Request.Waitall(requests);
        }
    },
    OPEN_MPI
    {
        @Override
        void send(final Intracomm comm, final Object buf, final int count, final Datatype type, final int peer, final int tag)
        {
            comm.send(buf, count, type, peer, tag);
        }

        @Override
        void recv(final Intracomm comm, final Object buf, final int count, final Datatype type, final int peer, final int tag)
        {
            comm.recv(buf, count, type, peer, tag);
        }

        @Override
        Request isend(final Intracomm comm, final Object buf, final int count, final Datatype type, final int peer,
            final int tag)
        {
            return comm.iSend(buf, count, type, peer, tag);
        }

        @Override
        Request irecv(final Intracomm comm, final Object buf, final int count, final Datatype type, final int peer,
            final int tag)
        {
            return comm.iRecv(buf, count, type, peer, tag);
        }

        @Override
        void waitAll(final Request[] requests)
        {
            Request.waitAll(requests);
        }
    };

    abstract void send(Intracomm comm, Object buf, int count, Datatype type, int peer, int tag);

    abstract void recv(Intracomm comm, Object buf, int count, Datatype type, int peer, int tag);

    abstract Request isend(Intracomm comm, Object buf, int count, Datatype type, int peer, int tag);

    abstract Request irecv(Intracomm comm, Object buf, int count, Datatype type, int peer, int tag);

    abstract void waitAll(Request[] requests);

    /** A message buffer of {@code count} elements filled from {@code seed}: an array, or a direct buffer. */
    Object allocate(final Element element, final int count, final int seed)
    {
        final Object array = element.allocate(count, seed);
        return this == MPJ ? array : element.direct(array);
    }
}
