package io.colompi.examples.ompi;

import mpi.MPI;
import mpi.MPIException;
import mpi.Request;
import mpi.Status;

import java.nio.IntBuffer;

/**
 * A token goes around the ring a few times in Open MPI's Java API, in direct buffers: each rank posts its
 * nonblocking receive, waits, adds one and passes the token on.
 */
public class Ring
{
    public static void main(final String[] args) throws MPIException
    {
        MPI.Init(args);
        final int rank = MPI.COMM_WORLD.getRank();
        final int size = MPI.COMM_WORLD.getSize();
        final int laps = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        final int next = (rank + 1) % size;
        final int prev = (rank + size - 1) % size;
        final IntBuffer token = MPI.newIntBuffer(1);
        for (int lap = 0; lap < laps; lap++)
        {
            if (rank == 0)
            {
                MPI.COMM_WORLD.send(token, 1, MPI.INT, next, lap);
                final Request receive = MPI.COMM_WORLD.iRecv(token, 1, MPI.INT, prev, lap);
                final Status status = receive.waitStatus();
                System.out.println("lap " + lap + ": token = " + token.get(0) + " (from rank " + status.getSource() + ")");
            }
            else
            {
                MPI.COMM_WORLD.iRecv(token, 1, MPI.INT, prev, lap).waitFor();
                token.put(0, token.get(0) + 1);
                MPI.COMM_WORLD.iSend(token, 1, MPI.INT, next, lap).waitFor();
            }
        }
        if (rank == 0)
        {
            System.out.println("ring done: token = " + token.get(0) + ", expected " + laps * (size - 1));
        }
        MPI.Finalize();
    }
}
