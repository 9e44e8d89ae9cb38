package io.colompi.examples;

import mpi.MPI;

/** Computes pi by midpoint integration of 4/(1+x^2), the classic MPI example: Bcast the interval count, Reduce the sum. */
public class Pi
{
    public static void main(final String[] args)
    {
        MPI.Init(args);
        final int rank = MPI.COMM_WORLD.Rank();
        final int size = MPI.COMM_WORLD.Size();
        final int[] intervals = { args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000 };
        MPI.COMM_WORLD.Bcast(intervals, 0, 1, MPI.INT, 0);

        final double width = 1.0 / intervals[0];
        double sum = 0;
        for (int i = rank; i < intervals[0]; i += size)
        {
            final double x = width * (i + 0.5);
            sum += 4.0 / (1.0 + x * x);
        }
        final double[] partial = { sum * width };
        final double[] pi = new double[1];
        MPI.COMM_WORLD.Reduce(partial, 0, pi, 0, 1, MPI.DOUBLE, MPI.SUM, 0);
        if (rank == 0)
        {
            System.out.printf("pi = %.12f (error %.2e) with %d intervals on %d ranks%n",
                pi[0], Math.abs(pi[0] - Math.PI), intervals[0], size);
        }
        MPI.Finalize();
    }
}
