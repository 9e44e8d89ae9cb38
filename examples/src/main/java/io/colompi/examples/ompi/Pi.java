package io.colompi.examples.ompi;

import mpi.MPI;
import mpi.MPIException;

import java.nio.DoubleBuffer;
import java.nio.IntBuffer;

/**
 * Pi by the midpoint rule on 4/(1+x^2), in Open MPI's Java API: the interval count is broadcast from rank 0 and
 * the partial sums are combined with a nonblocking allreduce, all in direct buffers.
 */
public class Pi
{
    public static void main(final String[] args) throws MPIException
    {
        MPI.Init(args);
        final int rank = MPI.COMM_WORLD.getRank();
        final int size = MPI.COMM_WORLD.getSize();
        final IntBuffer n = MPI.newIntBuffer(1);
        if (rank == 0)
        {
            n.put(0, args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000);
        }
        final double start = MPI.wtime();
        MPI.COMM_WORLD.bcast(n, 1, MPI.INT, 0);
        final double h = 1.0 / n.get(0);
        double sum = 0;
        for (int i = rank; i < n.get(0); i += size)
        {
            final double x = h * (i + 0.5);
            sum += 4.0 / (1.0 + x * x);
        }
        final DoubleBuffer pi = MPI.newDoubleBuffer(1);
        pi.put(0, h * sum);
        MPI.COMM_WORLD.iAllReduce(pi, 1, MPI.DOUBLE, MPI.SUM).waitFor();
        if (rank == 0)
        {
            System.out.printf("pi = %.15f error = %.3e time = %.3f ms%n", pi.get(0), Math.abs(pi.get(0) - Math.PI),
                (MPI.wtime() - start) * 1e3);
        }
        MPI.Finalize();
    }
}
