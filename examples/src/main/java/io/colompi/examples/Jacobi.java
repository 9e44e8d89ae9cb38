package io.colompi.examples;

import mpi.Cartcomm;
import mpi.Datatype;
import mpi.MPI;
import mpi.ShiftParms;

/**
 * 2-D heat diffusion by Jacobi iteration on a Cartesian grid of ranks. Each rank owns an {@code n x n} block with a
 * one-cell halo; halos are exchanged with {@code Sendrecv} (rows contiguous, columns as a {@code Vector} datatype),
 * and the global residual is an {@code Allreduce}. The top edge of the global plate is held at 100, the rest at 0.
 *
 * <p>Arguments: [block size n (default 64)] [iterations (default 200)].
 */
public class Jacobi
{
    public static void main(final String[] args)
    {
        MPI.Init(args);
        final int n = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        final int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        final int size = MPI.COMM_WORLD.Size();
        final int[] dims = new int[2];
        Cartcomm.Dims_create(size, dims);
        final Cartcomm grid = MPI.COMM_WORLD.Create_cart(dims, new boolean[]{ false, false }, false);
        final int[] coords = grid.Coords(grid.Rank());
        final ShiftParms vertical = grid.Shift(0, 1);
        final ShiftParms horizontal = grid.Shift(1, 1);

        final int width = n + 2;
        double[] u = new double[width * width];
        double[] next = new double[width * width];
        if (coords[0] == 0)
        {
            for (int j = 0; j < width; j++)
            {
                u[j] = 100.0;
                next[j] = 100.0;
            }
        }
        final Datatype column = Datatype.Vector(n, 1, width, MPI.DOUBLE);
        column.Commit();

        final double start = MPI.Wtime();
        double residual = 0;
        for (int it = 0; it < iterations; it++)
        {
            // Halo exchange: up/down rows, left/right columns. PROC_NULL at the plate's edges makes these no-ops.
            grid.Sendrecv(u, width + 1, n, MPI.DOUBLE, vertical.rank_source, 0,
                u, (n + 1) * width + 1, n, MPI.DOUBLE, vertical.rank_dest, 0);
            grid.Sendrecv(u, n * width + 1, n, MPI.DOUBLE, vertical.rank_dest, 1,
                u, 1, n, MPI.DOUBLE, vertical.rank_source, 1);
            grid.Sendrecv(u, width + 1, 1, column, horizontal.rank_source, 2,
                u, width + n + 1, 1, column, horizontal.rank_dest, 2);
            grid.Sendrecv(u, width + n, 1, column, horizontal.rank_dest, 3,
                u, width, 1, column, horizontal.rank_source, 3);

            final double local = stencil(u, next, n, width);
            final double[] sum = new double[1];
            grid.Allreduce(new double[]{ local }, 0, sum, 0, 1, MPI.DOUBLE, MPI.SUM);
            residual = Math.sqrt(sum[0]);
            final double[] swap = u;
            u = next;
            next = swap;
        }
        final double elapsed = MPI.Wtime() - start;

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
        if (grid.Rank() == 0)
        {
            System.out.printf("jacobi %dx%d ranks, %dx%d cells each, %d iterations: residual %.6e, heat %.6f, %.3f s%n",
                dims[0], dims[1], n, n, iterations, residual, total[0], elapsed);
        }
        MPI.Finalize();
    }

    /**
     * One Jacobi step over the block's interior: {@code next} from {@code u}; returns the block's sum of squared
     * changes. A method of its own, as Java codes write their kernels: the JIT compiles it whole, where a loop nest
     * inline in {@code main} runs in code compiled on-stack at the loop it was in, about half as fast here
     * (bench/RESULTS.md, session 28).
     */
    public static double stencil(final double[] u, final double[] next, final int n, final int width)
    {
        double local = 0;
        for (int i = 1; i <= n; i++)
        {
            for (int j = 1; j <= n; j++)
            {
                final int k = i * width + j;
                final double v = 0.25 * (u[k - 1] + u[k + 1] + u[k - width] + u[k + width]);
                local += (v - u[k]) * (v - u[k]);
                next[k] = v;
            }
        }
        return local;
    }
}
