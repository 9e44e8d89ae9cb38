/*
 * The native reference of io.colompi.bench.HaloCalls: the halo pattern's calls one by one, without the stencil, each
 * timed; rank 0 prints the largest rank's mean per call in the second half of the run (same output line).
 *
 *   mpicc -O2 -o halo_calls halo_calls.c
 *   mpirun -np 2 ./halo_calls [iterations (default 200000)] [calls (default 12a: 1, 2 Sendrecv, b Barrier, a Allreduce)]
 */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define HALO 64
#define CELLS 4096

static long long now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    const int iterations = argc > 1 ? atoi(argv[1]) : 200000;
    const char *calls = argc > 2 ? argv[2] : "12a";
    const int first = strchr(calls, '1') != NULL, second = strchr(calls, '2') != NULL;
    const int barrier = strchr(calls, 'b') != NULL, allreduce = strchr(calls, 'a') != NULL;
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const int left = (rank + size - 1) % size, right = (rank + 1) % size;
    double *u = calloc(CELLS + 2 * HALO, sizeof(double));
    double local = rank, global;
    long long ns[4] = { 0, 0, 0, 0 };
    MPI_Barrier(MPI_COMM_WORLD);
    for (int it = 0; it < iterations; it++) {
        const long long t0 = now_ns();
        if (first)
            MPI_Sendrecv(u + CELLS, HALO, MPI_DOUBLE, right, 0, u, HALO, MPI_DOUBLE, left, 0, MPI_COMM_WORLD,
                MPI_STATUS_IGNORE);
        const long long t1 = now_ns();
        if (second)
            MPI_Sendrecv(u + HALO, HALO, MPI_DOUBLE, left, 1, u + HALO + CELLS, HALO, MPI_DOUBLE, right, 1,
                MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        const long long t2 = now_ns();
        if (barrier)
            MPI_Barrier(MPI_COMM_WORLD);
        const long long t3 = now_ns();
        if (allreduce)
            MPI_Allreduce(&local, &global, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
        const long long t4 = now_ns();
        if (it >= iterations / 2) {
            ns[0] += t1 - t0;
            ns[1] += t2 - t1;
            ns[2] += t3 - t2;
            ns[3] += t4 - t3;
        }
    }
    const int steady = iterations - iterations / 2;
    double mine[4], worst[4];
    for (int i = 0; i < 4; i++)
        mine[i] = ns[i] / 1e3 / steady;
    MPI_Reduce(mine, worst, 4, MPI_DOUBLE, MPI_MAX, 0, MPI_COMM_WORLD);
    if (rank == 0)
        printf("halo calls np=%d iterations=%d: sendrecv1 %.3f us, sendrecv2 %.3f us, barrier %.3f us, allreduce %.3f us\n",
            size, iterations, worst[0], worst[1], worst[2], worst[3]);
    free(u);
    MPI_Finalize();
    return 0;
}
