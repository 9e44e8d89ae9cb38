package io.colompi.trace;

import mpi.MPI;

/**
 * A chain, not a ring: every rank {@code Sendrecv}s a double to its right and from its left, {@link MPI#PROC_NULL} past
 * either end, {@code args[0]} times, every second time with {@code Sendrecv_replace}.
 */
public final class Chain
{
    private Chain()
    {
    }

    public static void main(final String[] args)
    {
        final String[] a = MPI.Init(args);
        final int rank = MPI.COMM_WORLD.Rank();
        final int size = MPI.COMM_WORLD.Size();
        final int left = rank == 0 ? MPI.PROC_NULL : rank - 1;
        final int right = rank == size - 1 ? MPI.PROC_NULL : rank + 1;
        final double[] out = { rank };
        final double[] in = new double[1];
        for (int i = Integer.parseInt(a[0]); i > 0; i--)
        {
            if (i % 2 == 0)
            {
                MPI.COMM_WORLD.Sendrecv_replace(new double[]{ rank }, 0, 1, MPI.DOUBLE, right, 3, left, 3);
            }
            else
            {
                MPI.COMM_WORLD.Sendrecv(out, 0, 1, MPI.DOUBLE, right, 3, in, 0, 1, MPI.DOUBLE, left, 3);
            }
        }
        MPI.Finalize();
    }
}
