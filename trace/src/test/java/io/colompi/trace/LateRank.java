package io.colompi.trace;

import mpi.MPI;
import mpi.Request;

/**
 * Rank 0 comes {@link #LATE_MS} late to each of its calls: the others wait for it in a receive, a probe, a wait, a
 * barrier, an allreduce and a split.
 */
public final class LateRank
{
    static final long LATE_MS = 300;

    private LateRank()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        MPI.Init(args);
        final int rank = MPI.COMM_WORLD.Rank();
        final int size = MPI.COMM_WORLD.Size();
        final int[] token = new int[1];
        for (int tag = 1; tag <= 3; tag++)
        {
            lateIfFirst(rank);
            if (rank == 0)
            {
                for (int peer = 1; peer < size; peer++)
                {
                    MPI.COMM_WORLD.Send(token, 0, 1, MPI.INT, peer, tag);
                }
            }
            else if (tag == 1)
            {
                MPI.COMM_WORLD.Recv(token, 0, 1, MPI.INT, 0, tag);
            }
            else if (tag == 2)
            {
                MPI.COMM_WORLD.Probe(0, tag);
                MPI.COMM_WORLD.Recv(token, 0, 1, MPI.INT, 0, tag);
            }
            else
            {
                final Request receive = MPI.COMM_WORLD.Irecv(token, 0, 1, MPI.INT, 0, tag);
                receive.Wait();
            }
        }
        lateIfFirst(rank);
        MPI.COMM_WORLD.Barrier();
        lateIfFirst(rank);
        final int[] sum = new int[1];
        MPI.COMM_WORLD.Allreduce(new int[]{ rank }, 0, sum, 0, 1, MPI.INT, MPI.SUM);
        lateIfFirst(rank);
        MPI.COMM_WORLD.Split(rank % 2, rank);
        MPI.Finalize();
    }

    private static void lateIfFirst(final int rank) throws InterruptedException
    {
        if (rank == 0)
        {
            Thread.sleep(LATE_MS);
        }
    }
}
