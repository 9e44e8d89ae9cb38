package io.colompi.trace;

import mpi.MPI;

/** Rank 0 comes {@link #LATE_MS} late to a barrier, an allreduce and a split: the others wait for it in each. */
public final class LateCollectives
{
    static final long LATE_MS = 300;

    private LateCollectives()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        MPI.Init(args);
        final int rank = MPI.COMM_WORLD.Rank();
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
