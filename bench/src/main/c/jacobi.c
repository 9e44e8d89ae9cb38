/*
 * The native reference of the application benchmark: io.colompi.examples.Jacobi line for line in C over MPI (2-D
 * heat diffusion by Jacobi iteration on a Cartesian grid of ranks; halos by MPI_Sendrecv, rows contiguous, columns
 * as an MPI_Type_vector; the global residual by MPI_Allreduce every iteration). Same arguments, same output line,
 * so bin/colobench reads both alike and can check that they compute the same residual and heat.
 *
 *   mpicc -O2 -o jacobi jacobi.c
 *   mpirun -np 4 ./jacobi [block size n (default 64)] [iterations (default 200)]
 */
#include <math.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    const int n = argc > 1 ? atoi(argv[1]) : 64;
    const int iterations = argc > 2 ? atoi(argv[2]) : 200;
    int size, rank;
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int dims[2] = { 0, 0 }, periods[2] = { 0, 0 }, coords[2];
    MPI_Dims_create(size, 2, dims);
    MPI_Comm grid;
    MPI_Cart_create(MPI_COMM_WORLD, 2, dims, periods, 0, &grid);
    MPI_Comm_rank(grid, &rank);
    MPI_Cart_coords(grid, rank, 2, coords);
    int up, down, left, right;
    MPI_Cart_shift(grid, 0, 1, &up, &down);
    MPI_Cart_shift(grid, 1, 1, &left, &right);

    const int width = n + 2;
    double *u = calloc((size_t)width * width, sizeof(double));
    double *next = calloc((size_t)width * width, sizeof(double));
    if (coords[0] == 0)
    {
        for (int j = 0; j < width; j++)
        {
            u[j] = 100.0;
            next[j] = 100.0;
        }
    }
    MPI_Datatype column;
    MPI_Type_vector(n, 1, width, MPI_DOUBLE, &column);
    MPI_Type_commit(&column);

    const double start = MPI_Wtime();
    double residual = 0;
    for (int it = 0; it < iterations; it++)
    {
        MPI_Sendrecv(u + width + 1, n, MPI_DOUBLE, up, 0, u + (n + 1) * width + 1, n, MPI_DOUBLE, down, 0, grid,
                     MPI_STATUS_IGNORE);
        MPI_Sendrecv(u + n * width + 1, n, MPI_DOUBLE, down, 1, u + 1, n, MPI_DOUBLE, up, 1, grid, MPI_STATUS_IGNORE);
        MPI_Sendrecv(u + width + 1, 1, column, left, 2, u + width + n + 1, 1, column, right, 2, grid, MPI_STATUS_IGNORE);
        MPI_Sendrecv(u + width + n, 1, column, right, 3, u + width, 1, column, left, 3, grid, MPI_STATUS_IGNORE);

        double local = 0;
        for (int i = 1; i <= n; i++)
        {
            for (int j = 1; j <= n; j++)
            {
                const int k = i * width + j;
                const double v = 0.25 * (u[k - 1] + u[k + 1] + u[k - width] + u[k + width]);
                local += (v - u[k]) * (v - u[k]);
                next[k] = v;
            }
        }
        double sum;
        MPI_Allreduce(&local, &sum, 1, MPI_DOUBLE, MPI_SUM, grid);
        residual = sqrt(sum);
        double *swap = u;
        u = next;
        next = swap;
    }
    const double elapsed = MPI_Wtime() - start;

    double heat = 0;
    for (int i = 1; i <= n; i++)
    {
        for (int j = 1; j <= n; j++)
        {
            heat += u[i * width + j];
        }
    }
    double total;
    MPI_Reduce(&heat, &total, 1, MPI_DOUBLE, MPI_SUM, 0, grid);
    if (rank == 0)
    {
        printf("jacobi %dx%d ranks, %dx%d cells each, %d iterations: residual %.6e, heat %.6f, %.3f s\n",
               dims[0], dims[1], n, n, iterations, residual, total, elapsed);
    }
    MPI_Type_free(&column);
    MPI_Comm_free(&grid);
    free(u);
    free(next);
    MPI_Finalize();
    return 0;
}
