package io.colompi.examples;

import mpi.MPI;
import mpi.Status;

/** A token goes around the ring of ranks a few times; each rank adds one as it passes. */
public class Ring
{
    public static void main(final String[] args)
    {
        MPI.Init(args);
        final int rank = MPI.COMM_WORLD.Rank();
        final int size = MPI.COMM_WORLD.Size();
        final int laps = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        final int next = (rank + 1) % size;
        final int prev = (rank + size - 1) % size;
        final int[] token = new int[1];
        for (int lap = 0; lap < laps; lap++)
        {
            if (rank == 0)
            {
                MPI.COMM_WORLD.Send(token, 0, 1, MPI.INT, next, lap);
                final Status status = MPI.COMM_WORLD.Recv(token, 0, 1, MPI.INT, prev, lap);
                System.out.println("lap " + lap + ": token = " + token[0] + " (from rank " + status.source + ")");
            }
            else
            {
                MPI.COMM_WORLD.Recv(token, 0, 1, MPI.INT, prev, lap);
                token[0]++;
                MPI.COMM_WORLD.Send(token, 0, 1, MPI.INT, next, lap);
            }
        }
        if (rank == 0)
        {
            System.out.println("ring done: token = " + token[0] + ", expected " + laps * (size - 1));
        }
        MPI.Finalize();
    }
}
