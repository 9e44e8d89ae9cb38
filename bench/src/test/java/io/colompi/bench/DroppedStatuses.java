package io.colompi.bench;

import mpi.MPI;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Two ranks exchange as programs do, dropping the {@code Status} that {@code Recv} and {@code Sendrecv} return, in a
 * method called once an iteration; once it is compiled, each rank prints the bytes it allocated an iteration.
 * <pre>
 * bin/colorun -np 2 -cp ... io.colompi.bench.DroppedStatuses warm-up-iterations measured-iterations
 * </pre>
 */
public final class DroppedStatuses
{
    private static final com.sun.management.ThreadMXBean ALLOCATIONS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    private DroppedStatuses()
    {
    }

    public static void main(final String[] args)
    {
        final String[] a = MPI.Init(args);
        final int rank = MPI.COMM_WORLD.Rank();
        final double[] data = new double[8];
        for (int i = Integer.parseInt(a[0]); i > 0; i--)
        {
            exchange(rank, data);
        }
        final int measured = Integer.parseInt(a[1]);
        final long before = ALLOCATIONS.getCurrentThreadAllocatedBytes();
        for (int i = measured; i > 0; i--)
        {
            exchange(rank, data);
        }
        final double perIteration = (ALLOCATIONS.getCurrentThreadAllocatedBytes() - before) / (double)measured;
        System.out.println(String.format(Locale.ROOT, "rank %d allocated %.2f B/iteration", rank, perIteration));
        MPI.Finalize();
    }

    private static void exchange(final int rank, final double[] data)
    {
        final int peer = 1 - rank;
        if (rank == 0)
        {
            MPI.COMM_WORLD.Send(data, 0, 4, MPI.DOUBLE, peer, 0);
            MPI.COMM_WORLD.Recv(data, 4, 4, MPI.DOUBLE, peer, 0);
        }
        else
        {
            MPI.COMM_WORLD.Recv(data, 4, 4, MPI.DOUBLE, peer, 0);
            MPI.COMM_WORLD.Send(data, 0, 4, MPI.DOUBLE, peer, 0);
        }
        MPI.COMM_WORLD.Sendrecv(data, 0, 4, MPI.DOUBLE, peer, 1, data, 4, 4, MPI.DOUBLE, peer, 1);
    }
}
