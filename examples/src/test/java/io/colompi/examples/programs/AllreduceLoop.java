package io.colompi.examples.programs;

import mpi.MPI;

/** Many ranks, many allreduces: prints the sum, the time per allreduce and the heap used per rank. */
public class AllreduceLoop
{
    public static void main(final String[] args) throws Exception
    {
        MPI.Init(args);
        final int iterations = Integer.parseInt(args[0]);
        final long[] in = { MPI.COMM_WORLD.Rank() };
        final long[] out = new long[1];
        final double microseconds = loop(in, out, iterations);
        MPI.COMM_WORLD.Barrier();
        if (MPI.COMM_WORLD.Rank() == 0)
        {
            final Runtime runtime = Runtime.getRuntime();
            System.gc();
            final double heapMiB = (runtime.totalMemory() - runtime.freeMemory()) / 1048576.0;
            System.out.printf("np=%d sum=%d allreduce=%.1fus heap=%.1fMiB perRank=%.3fMiB%n", MPI.COMM_WORLD.Size(),
                out[0], microseconds, heapMiB, heapMiB / MPI.COMM_WORLD.Size());
        }
        MPI.Finalize();
    }

    private static double loop(final long[] in, final long[] out, final int iterations)
    {
        final long start = System.nanoTime();
        for (int i = 0; i < iterations; i++)
        {
            MPI.COMM_WORLD.Allreduce(in, 0, out, 0, 1, MPI.LONG, MPI.SUM);
        }
        return (System.nanoTime() - start) / 1e3 / iterations;
    }
}
