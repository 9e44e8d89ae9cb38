/*
 * The native reference of io.colompi.bench.Halo, line for line in C over MPI: per iteration two MPI_Sendrecv of a
 * 64-double halo with both neighbours of a periodic 1-D ring (or, with "nonblocking", two MPI_Irecv, two MPI_Isend
 * and an MPI_Waitall), a 3-point stencil over 4096 doubles, one MPI_Allreduce of a double (with "overlap", the
 * nonblocking exchange, and the previous iteration's sum as an MPI_Iallreduce started before the exchange and
 * waited for after the stencil; with "neighbor", one MPI_Neighbor_alltoallv on a periodic 1-D Cartesian
 * communicator); each rank times its own
 * MPI calls, rank 0 prints the largest rank's figures (same output line and checksum as the Java program, so
 * bin/colobench reads both alike).
 *
 *   mpicc -O2 -o halo halo.c -lm
 *   mpirun -np 2 ./halo [iterations (default 20000)] [sendrecv (default) | nonblocking | overlap | neighbor]
 */
#include <math.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define HALO 64
#define CELLS 4096
#define BLOCK 100

static long long now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static double stencil(const double *u, double *next)
{
    double change = 0;
    for (int i = HALO; i < HALO + CELLS; i++) {
        const double v = (u[i - 1] + u[i] + u[i + 1]) * (1.0 / 3.0);
        const double d = v - u[i];
        change += d * d;
        next[i] = v;
    }
    return change;
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    const int iterations = argc > 1 ? atoi(argv[1]) : 20000;
    const char *exchange = argc > 2 ? argv[2] : "sendrecv";
    const int overlap = strcmp(exchange, "overlap") == 0;
    const int neighbor = strcmp(exchange, "neighbor") == 0;
    if (strcmp(exchange, "sendrecv") != 0 && strcmp(exchange, "nonblocking") != 0 && !overlap && !neighbor) {
        fprintf(stderr, "exchange: sendrecv, nonblocking, overlap or neighbor, not %s\n", exchange);
        MPI_Abort(MPI_COMM_WORLD, 2);
    }
    const int nonblocking = strcmp(exchange, "nonblocking") == 0 || overlap;
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    MPI_Comm ring = MPI_COMM_NULL;
    const int periodic = 1;
    const int halos[2] = { HALO, HALO }, outer_cells[2] = { HALO, CELLS }, halo_cells[2] = { 0, HALO + CELLS };
    if (neighbor) {
        MPI_Cart_create(MPI_COMM_WORLD, 1, &size, &periodic, 0, &ring);
    }
    const int left = (rank + size - 1) % size, right = (rank + 1) % size;
    double *u = calloc(CELLS + 2 * HALO, sizeof(double));
    double *next = calloc(CELLS + 2 * HALO, sizeof(double));
    for (int i = 0; i < CELLS; i++) {
        u[HALO + i] = sin((double)rank * CELLS + i);
    }
    double local = 0, global = 0;
    const int steady_from = iterations / 2;
    long long mpi_ns = 0, mpi_steady_ns = 0, steady_start = 0, block_ns = 0, best_block_ns = -1;
    MPI_Barrier(MPI_COMM_WORLD);
    const long long start = now_ns();
    for (int it = 0; it < iterations; it++) {
        if (it == steady_from) {
            steady_start = now_ns();
        }
        const long long t0 = now_ns();
        MPI_Request sum = MPI_REQUEST_NULL;
        if (overlap) {
            MPI_Iallreduce(&local, &global, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD, &sum);
        }
        if (neighbor) {
            MPI_Neighbor_alltoallv(u, halos, outer_cells, MPI_DOUBLE, u, halos, halo_cells, MPI_DOUBLE, ring);
        } else if (nonblocking) {
            MPI_Request requests[4];
            MPI_Irecv(u, HALO, MPI_DOUBLE, left, 0, MPI_COMM_WORLD, &requests[0]);
            MPI_Irecv(u + HALO + CELLS, HALO, MPI_DOUBLE, right, 1, MPI_COMM_WORLD, &requests[1]);
            MPI_Isend(u + CELLS, HALO, MPI_DOUBLE, right, 0, MPI_COMM_WORLD, &requests[2]);
            MPI_Isend(u + HALO, HALO, MPI_DOUBLE, left, 1, MPI_COMM_WORLD, &requests[3]);
            MPI_Waitall(4, requests, MPI_STATUSES_IGNORE);
        } else {
            MPI_Sendrecv(u + CELLS, HALO, MPI_DOUBLE, right, 0, u, HALO, MPI_DOUBLE, left, 0, MPI_COMM_WORLD,
                MPI_STATUS_IGNORE);
            MPI_Sendrecv(u + HALO, HALO, MPI_DOUBLE, left, 1, u + HALO + CELLS, HALO, MPI_DOUBLE, right, 1,
                MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        }
        const long long t1 = now_ns();
        const double change = stencil(u, next);
        const long long t2 = now_ns();
        if (overlap) {
            MPI_Wait(&sum, MPI_STATUS_IGNORE);
            local = change; /* summed by the next iteration */
        } else {
            local = change;
            MPI_Allreduce(&local, &global, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
        }
        const long long t3 = now_ns();
        const long long in_mpi = (t1 - t0) + (t3 - t2);
        mpi_ns += in_mpi;
        if (it >= steady_from) {
            mpi_steady_ns += in_mpi;
            block_ns += in_mpi;
            if ((it - steady_from) % BLOCK == BLOCK - 1) {
                if (best_block_ns < 0 || block_ns < best_block_ns) {
                    best_block_ns = block_ns;
                }
                block_ns = 0;
            }
        }
        double *swap = u;
        u = next;
        next = swap;
    }
    const long long end = now_ns();
    const int steady = iterations - steady_from;
    double mine[5] = { mpi_steady_ns / 1e3 / steady, mpi_ns / 1e3 / iterations, (end - steady_start) / 1e3 / steady,
        (end - start) / 1e9, best_block_ns / 1e3 / BLOCK };
    double worst[5];
    MPI_Reduce(mine, worst, 5, MPI_DOUBLE, MPI_MAX, 0, MPI_COMM_WORLD);
    if (rank == 0) {
        printf("halo np=%d iterations=%d exchange=%s: checksum %.9e, mpi steady %.3f us, mpi all %.3f us, "
            "mpi best %.3f us, iteration steady %.3f us, %.4f s\n", size, iterations, exchange, global, worst[0], worst[1],
            worst[4], worst[2], worst[3]);
    }
    free(u);
    free(next);
    MPI_Finalize();
    return 0;
}
