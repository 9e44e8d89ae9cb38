package io.colompi.bench;

import mpi.MPI;

import java.util.Arrays;
import java.util.Locale;

/**
 * The halo pattern's calls one by one, without the stencil between them: what each costs when both ranks are in MPI
 * at once. Per iteration the calls the argument names, in this order: {@code 1} the first {@code Sendrecv} of 64
 * doubles (to the right neighbour, from the left), {@code 2} the second (the other way), {@code b} a {@code Barrier},
 * {@code a} an {@code Allreduce} of one double. Rank 0 prints the largest rank's mean of each call in the second half
 * of the run, in microseconds (0.03 is the two clock reads around a call not made). Its C twin is
 * {@code src/main/c/halo_calls.c} (same output line).
 * <pre>
 * bin/colorun -np 2 --ranks-per-jvm K -cp bench/target/classes io.colompi.bench.HaloCalls [iterations (200000)] [calls (12a)]
 * </pre>
 */
public final class HaloCalls
{
    private HaloCalls()
    {
    }

    public static void main(final String[] args)
    {
        final String[] a = MPI.Init(args);
        final int iterations = a.length > 0 ? Integer.parseInt(a[0]) : 200_000;
        final Loop loop = new Loop(a.length > 1 ? a[1] : "12a");
        MPI.COMM_WORLD.Barrier();
        loop.run(iterations / 2);
        Arrays.fill(loop.ns, 0);
        final int steady = iterations - iterations / 2;
        loop.run(steady);
        final double[] mine = new double[loop.ns.length];
        for (int i = 0; i < mine.length; i++)
        {
            mine[i] = loop.ns[i] / 1e3 / steady;
        }
        final double[] worst = new double[mine.length];
        MPI.COMM_WORLD.Reduce(mine, 0, worst, 0, mine.length, MPI.DOUBLE, MPI.MAX, 0);
        if (MPI.COMM_WORLD.Rank() == 0)
        {
            System.out.println(String.format(Locale.ROOT,
                "halo calls np=%d iterations=%d: sendrecv1 %.3f us, sendrecv2 %.3f us, barrier %.3f us, allreduce %.3f us",
                MPI.COMM_WORLD.Size(), iterations, worst[0], worst[1], worst[2], worst[3]));
        }
        MPI.Finalize();
    }

    /**
     * The iterations, run in two calls of the same code (the warm-up half, then the timed one), so that no branch is
     * first taken at the timed half's start. The iteration is inlined in the loop: the timed half's first 8 000-10 000
     * iterations may run in the loop's C1 compile ({@link Halo} calls a method per iteration instead).
     */
    private static final class Loop
    {
        private final boolean first;
        private final boolean second;
        private final boolean barrier;
        private final boolean allreduce;
        private final int left;
        private final int right;
        private final double[] u = new double[Halo.CELLS + 2 * Halo.HALO];
        private final double[] local = new double[1];
        private final double[] global = new double[1];
        /** Nanoseconds in each call, summed over the iterations run. */
        private final long[] ns = new long[4];

        Loop(final String calls)
        {
            first = calls.indexOf('1') >= 0;
            second = calls.indexOf('2') >= 0;
            barrier = calls.indexOf('b') >= 0;
            allreduce = calls.indexOf('a') >= 0;
            final int rank = MPI.COMM_WORLD.Rank();
            final int size = MPI.COMM_WORLD.Size();
            left = (rank + size - 1) % size;
            right = (rank + 1) % size;
            local[0] = rank;
        }

        /** {@code iterations} iterations, each call's time added to {@link #ns}. */
        void run(final int iterations)
        {
            final int halo = Halo.HALO;
            final int cells = Halo.CELLS;
            for (int it = 0; it < iterations; it++)
            {
                final long t0 = System.nanoTime();
                if (first)
                {
                    MPI.COMM_WORLD.Sendrecv(u, cells, halo, MPI.DOUBLE, right, 0, u, 0, halo, MPI.DOUBLE, left, 0);
                }
                final long t1 = System.nanoTime();
                if (second)
                {
                    MPI.COMM_WORLD.Sendrecv(u, halo, halo, MPI.DOUBLE, left, 1, u, halo + cells, halo, MPI.DOUBLE, right, 1);
                }
                final long t2 = System.nanoTime();
                if (barrier)
                {
                    MPI.COMM_WORLD.Barrier();
                }
                final long t3 = System.nanoTime();
                if (allreduce)
                {
                    MPI.COMM_WORLD.Allreduce(local, 0, global, 0, 1, MPI.DOUBLE, MPI.SUM);
                }
                final long t4 = System.nanoTime();
                ns[0] += t1 - t0;
                ns[1] += t2 - t1;
                ns[2] += t3 - t2;
                ns[3] += t4 - t3;
            }
        }
    }
}
