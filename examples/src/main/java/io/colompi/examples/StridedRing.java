package io.colompi.examples;

import mpi.MPI;

/**
 * A ring of stride np/2 (by default): each rank sends a block to rank + stride and receives one from rank - stride,
 * again and again, with a little computing between. Its pairs (r, r + np/2) never share a block of consecutive
 * ranks, so {@code --ranks-per-jvm K} puts all its traffic between JVMs; a placement from its trace ({@code colotrace
 * place}) puts the pairs together.
 * <p>
 * Arguments: {@code [doubles per message (default 16384)] [iterations (default 2000)] [stride (default np/2)]}.
 * Rank 0 prints {@code strided ring: ... checksum C, T s}.
 */
public class StridedRing
{
    public static void main(final String[] args)
    {
        MPI.Init(args);
        final int rank = MPI.COMM_WORLD.Rank();
        final int size = MPI.COMM_WORLD.Size();
        final int doubles = args.length > 0 ? Integer.parseInt(args[0]) : 16384;
        final int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        final int stride = args.length > 2 ? Integer.parseInt(args[2]) : Math.max(1, size / 2);
        final int next = (rank + stride) % size;
        final int prev = ((rank - stride) % size + size) % size;
        final double[] out = new double[doubles];
        final double[] in = new double[doubles];
        for (int i = 0; i < doubles; i++)
        {
            out[i] = rank + i * 1e-6;
        }
        MPI.COMM_WORLD.Barrier();
        final double start = MPI.Wtime();
        for (int iteration = 0; iteration < iterations; iteration++)
        {
            MPI.COMM_WORLD.Sendrecv(out, 0, doubles, MPI.DOUBLE, next, 7, in, 0, doubles, MPI.DOUBLE, prev, 7);
            for (int i = 0; i < doubles; i++)
            {
                out[i] = 0.5 * (out[i] + in[i]);
            }
        }
        final double[] sum = { 0 };
        for (final double v : out)
        {
            sum[0] += v;
        }
        final double[] total = new double[1];
        MPI.COMM_WORLD.Allreduce(sum, 0, total, 0, 1, MPI.DOUBLE, MPI.SUM);
        final double seconds = MPI.Wtime() - start;
        if (rank == 0)
        {
            System.out.printf("strided ring: np=%d stride=%d doubles=%d iterations=%d: checksum %.6e, %.3f s%n",
                size, stride, doubles, iterations, total[0], seconds);
        }
        MPI.Finalize();
    }
}
