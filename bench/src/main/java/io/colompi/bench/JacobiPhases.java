package io.colompi.bench;

import io.colompi.examples.Jacobi;
import mpi.Cartcomm;
import mpi.Datatype;
import mpi.MPI;
import mpi.ShiftParms;

import java.util.Locale;

/**
 * The Jacobi example ({@code io.colompi.examples.Jacobi}, its stencil, the same result line) with each iteration's
 * three phases timed on every rank: the halo exchange (four {@code Sendrecv}, two of them on a column
 * {@code Vector} datatype), the stencil (pure computation), and the residual's {@code Allreduce}. Rank 0 prints the
 * mean over ranks and the largest rank's share, in microseconds per iteration of the second half of the run (the
 * first half warms the JIT up), so a placement's extra time can be put on messaging, waiting or computing.
 * <pre>
 * bin/colorun -np 4 --ranks-per-jvm K -cp bench/target/classes:examples/target/classes io.colompi.bench.JacobiPhases \
 *     [n (64)] [iterations (10000)]
 * </pre>
 */
public final class JacobiPhases
{
    private JacobiPhases()
    {
    }

    public static void main(final String[] args)
    {
        final String[] a = MPI.Init(args);
        final int n = a.length > 0 ? Integer.parseInt(a[0]) : 64;
        final int iterations = a.length > 1 ? Integer.parseInt(a[1]) : 10_000;
        final int size = MPI.COMM_WORLD.Size();
        final int[] dims = new int[2];
        Cartcomm.Dims_create(size, dims);
        final Cartcomm grid = MPI.COMM_WORLD.Create_cart(dims, new boolean[]{ false, false }, false);
        final Loop loop = new Loop(grid, n, grid.Coords(grid.Rank())[0] == 0);
        // Phases are timed over the second half of the iterations: the first half includes the JIT's warm-up.
        final int measuredFrom = iterations / 2;
        final int measured = iterations - measuredFrom;
        final double start = MPI.Wtime();
        loop.run(measuredFrom);
        loop.haloNs = 0;
        loop.stencilNs = 0;
        loop.allreduceNs = 0;
        final long secondHalfStart = System.nanoTime();
        loop.run(measured);
        final double elapsed = MPI.Wtime() - start;
        final double secondHalfUs = (System.nanoTime() - secondHalfStart) / 1e3 / measured;
        final double[] u = loop.u;
        final int width = n + 2;

        double heat = 0;
        for (int i = 1; i <= n; i++)
        {
            for (int j = 1; j <= n; j++)
            {
                heat += u[i * width + j];
            }
        }
        final double[] total = new double[1];
        grid.Reduce(new double[]{ heat }, 0, total, 0, 1, MPI.DOUBLE, MPI.SUM, 0);
        final double[] mine = {
            loop.haloNs / 1e3 / measured, loop.stencilNs / 1e3 / measured, loop.allreduceNs / 1e3 / measured };
        final double[] all = new double[3 * size];
        grid.Gather(mine, 0, 3, MPI.DOUBLE, all, 0, 3, MPI.DOUBLE, 0);
        if (grid.Rank() == 0)
        {
            System.out.printf(Locale.ROOT, "jacobi %dx%d ranks, %dx%d cells each, %d iterations: residual %.6e, heat %.6f, %.3f s%n",
                dims[0], dims[1], n, n, iterations, loop.residual, total[0], elapsed);
            final String[] names = { "halo (4 Sendrecv)", "stencil", "allreduce" };
            System.out.printf(Locale.ROOT, "# per iteration (second half, after warm-up), us: %-18s %10s %10s%n", "phase", "mean", "max rank");
            for (int p = 0; p < 3; p++)
            {
                double mean = 0;
                double max = 0;
                for (int r = 0; r < size; r++)
                {
                    mean += all[3 * r + p] / size;
                    max = Math.max(max, all[3 * r + p]);
                }
                System.out.printf(Locale.ROOT, "# per iteration (second half, after warm-up), us: %-18s %10.2f %10.2f%n", names[p], mean, max);
            }
            System.out.printf(Locale.ROOT, "# per iteration (second half, after warm-up), us: %-18s %10.2f (all iterations: %.2f)%n",
                "total", secondHalfUs, elapsed * 1e6 / iterations);
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
        private final Cartcomm grid;
        private final ShiftParms vertical;
        private final ShiftParms horizontal;
        private final Datatype column;
        private final int n;
        private final int width;
        private final double[] in = new double[1];
        private final double[] sum = new double[1];
        private double[] u;
        private double[] next;
        private double residual;
        private long haloNs;
        private long stencilNs;
        private long allreduceNs;

        Loop(final Cartcomm grid, final int n, final boolean topRow)
        {
            this.grid = grid;
            this.n = n;
            vertical = grid.Shift(0, 1);
            horizontal = grid.Shift(1, 1);
            width = n + 2;
            u = new double[width * width];
            next = new double[width * width];
            if (topRow)
            {
                for (int j = 0; j < width; j++)
                {
                    u[j] = 100.0;
                    next[j] = 100.0;
                }
            }
            column = Datatype.Vector(n, 1, width, MPI.DOUBLE);
            column.Commit();
        }

        void run(final int iterations)
        {
            for (int it = 0; it < iterations; it++)
            {
                final long t0 = System.nanoTime();
                grid.Sendrecv(u, width + 1, n, MPI.DOUBLE, vertical.rank_source, 0,
                    u, (n + 1) * width + 1, n, MPI.DOUBLE, vertical.rank_dest, 0);
                grid.Sendrecv(u, n * width + 1, n, MPI.DOUBLE, vertical.rank_dest, 1,
                    u, 1, n, MPI.DOUBLE, vertical.rank_source, 1);
                grid.Sendrecv(u, width + 1, 1, column, horizontal.rank_source, 2,
                    u, width + n + 1, 1, column, horizontal.rank_dest, 2);
                grid.Sendrecv(u, width + n, 1, column, horizontal.rank_dest, 3,
                    u, width, 1, column, horizontal.rank_source, 3);
                final long t1 = System.nanoTime();
                in[0] = Jacobi.stencil(u, next, n, width);
                final long t2 = System.nanoTime();
                grid.Allreduce(in, 0, sum, 0, 1, MPI.DOUBLE, MPI.SUM);
                final long t3 = System.nanoTime();
                haloNs += t1 - t0;
                stencilNs += t2 - t1;
                allreduceNs += t3 - t2;
                residual = Math.sqrt(sum[0]);
                final double[] swap = u;
                u = next;
                next = swap;
            }
        }
    }
}
