/*
 * colompi's native reference for the collectives: the same measurement as io.colompi.bench.Osu's collective
 * benchmarks (CollectiveBench), in C over MPI (e.g. Open MPI), so colompi's numbers can be read next to native MPI
 * on the same machine. Every rank times each call of the collective, with an untimed barrier between calls (none
 * for the barrier benchmark); rank 0 reports the average over ranks of their mean latency, with the smallest and
 * largest. Sizes are per-rank message sizes (alltoall: bytes to each peer); reductions are MPI_SUM on doubles,
 * everything else moves bytes; root 0. Iteration defaults and the CSV columns match Osu's. The nonblocking ones
 * (ibarrier, ...) are started and waited for at once.
 *
 *   mpicc -O2 -o osu_coll osu_coll.c
 *   mpirun -np N ./osu_coll [i]barrier|[i]bcast|[i]reduce|[i]allreduce|[i]gather|[i]scatter|[i]allgather|[i]allgatherv|
 *          [i]alltoall|[i]alltoallv|[i]gatherv|[i]scatterv [-m MIN] [-M MAX] [-i N] [-x N] [--csv FILE]
 */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LARGE_MESSAGE 8192

static long parse_size(const char *text)
{
    char *end;
    long v = strtol(text, &end, 10);
    if (*end == 'K' || *end == 'k') v <<= 10;
    if (*end == 'M' || *end == 'm') v <<= 20;
    return v;
}

enum kind { BARRIER, BCAST, REDUCE, ALLREDUCE, GATHER, SCATTER, ALLGATHER, ALLTOALL, ALLGATHERV, ALLTOALLV, GATHERV,
             SCATTERV };
static const char *NAMES[] = { "barrier", "bcast", "reduce", "allreduce", "gather", "scatter", "allgather", "alltoall",
                                "allgatherv", "alltoallv", "gatherv", "scatterv" };
/* the v-variants: equal blocks, as osu_allgatherv, osu_alltoallv, osu_gatherv and osu_scatterv */
static int *counts, *displs;

static void run_nonblocking(enum kind kind, void *sbuf, void *rbuf, int count, MPI_Datatype type)
{
    MPI_Request request = MPI_REQUEST_NULL;
    switch (kind) {
    case BARRIER: MPI_Ibarrier(MPI_COMM_WORLD, &request); break;
    case BCAST: MPI_Ibcast(sbuf, count, type, 0, MPI_COMM_WORLD, &request); break;
    case REDUCE: MPI_Ireduce(sbuf, rbuf, count, type, MPI_SUM, 0, MPI_COMM_WORLD, &request); break;
    case ALLREDUCE: MPI_Iallreduce(sbuf, rbuf, count, type, MPI_SUM, MPI_COMM_WORLD, &request); break;
    case GATHER: MPI_Igather(sbuf, count, type, rbuf, count, type, 0, MPI_COMM_WORLD, &request); break;
    case SCATTER: MPI_Iscatter(sbuf, count, type, rbuf, count, type, 0, MPI_COMM_WORLD, &request); break;
    case ALLGATHER: MPI_Iallgather(sbuf, count, type, rbuf, count, type, MPI_COMM_WORLD, &request); break;
    case ALLTOALL: MPI_Ialltoall(sbuf, count, type, rbuf, count, type, MPI_COMM_WORLD, &request); break;
    case ALLGATHERV:
        MPI_Iallgatherv(sbuf, count, type, rbuf, counts, displs, type, MPI_COMM_WORLD, &request);
        break;
    case ALLTOALLV:
        MPI_Ialltoallv(sbuf, counts, displs, type, rbuf, counts, displs, type, MPI_COMM_WORLD, &request);
        break;
    case GATHERV: MPI_Igatherv(sbuf, count, type, rbuf, counts, displs, type, 0, MPI_COMM_WORLD, &request); break;
    case SCATTERV: MPI_Iscatterv(sbuf, counts, displs, type, rbuf, count, type, 0, MPI_COMM_WORLD, &request); break;
    }
    MPI_Wait(&request, MPI_STATUS_IGNORE);
}

static void run(enum kind kind, int nonblocking, void *sbuf, void *rbuf, int count, MPI_Datatype type)
{
    if (nonblocking) {
        run_nonblocking(kind, sbuf, rbuf, count, type);
        return;
    }
    switch (kind) {
    case BARRIER: MPI_Barrier(MPI_COMM_WORLD); break;
    case BCAST: MPI_Bcast(sbuf, count, type, 0, MPI_COMM_WORLD); break;
    case REDUCE: MPI_Reduce(sbuf, rbuf, count, type, MPI_SUM, 0, MPI_COMM_WORLD); break;
    case ALLREDUCE: MPI_Allreduce(sbuf, rbuf, count, type, MPI_SUM, MPI_COMM_WORLD); break;
    case GATHER: MPI_Gather(sbuf, count, type, rbuf, count, type, 0, MPI_COMM_WORLD); break;
    case SCATTER: MPI_Scatter(sbuf, count, type, rbuf, count, type, 0, MPI_COMM_WORLD); break;
    case ALLGATHER: MPI_Allgather(sbuf, count, type, rbuf, count, type, MPI_COMM_WORLD); break;
    case ALLTOALL: MPI_Alltoall(sbuf, count, type, rbuf, count, type, MPI_COMM_WORLD); break;
    case ALLGATHERV: MPI_Allgatherv(sbuf, count, type, rbuf, counts, displs, type, MPI_COMM_WORLD); break;
    case ALLTOALLV: MPI_Alltoallv(sbuf, counts, displs, type, rbuf, counts, displs, type, MPI_COMM_WORLD); break;
    case GATHERV: MPI_Gatherv(sbuf, count, type, rbuf, counts, displs, type, 0, MPI_COMM_WORLD); break;
    case SCATTERV: MPI_Scatterv(sbuf, counts, displs, type, rbuf, count, type, 0, MPI_COMM_WORLD); break;
    }
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int rank, np;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &np);

    const char *name = argc > 1 ? argv[1] : "allreduce";
    int nonblocking = name[0] == 'i'; /* no blocking collective's name starts with i */
    int kind = -1;
    for (int k = 0; k <= SCATTERV; k++) if (!strcmp(name + nonblocking, NAMES[k])) kind = k;
    if (kind < 0) {
        if (rank == 0) fprintf(stderr, "unknown collective %s\n", name);
        MPI_Abort(MPI_COMM_WORLD, 2);
    }
    int reduction = kind == REDUCE || kind == ALLREDUCE;
    long min_size = reduction ? 8 : 1, max_size = 1L << 20;
    int iterations = -1, warmup = -1;
    const char *csv_path = NULL;
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "-m") && i + 1 < argc) min_size = parse_size(argv[++i]);
        else if (!strcmp(argv[i], "-M") && i + 1 < argc) max_size = parse_size(argv[++i]);
        else if (!strcmp(argv[i], "-i") && i + 1 < argc) iterations = atoi(argv[++i]);
        else if (!strcmp(argv[i], "-x") && i + 1 < argc) warmup = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--csv") && i + 1 < argc) csv_path = argv[++i];
        else {
            if (rank == 0) fprintf(stderr, "unknown argument %s\n", argv[i]);
            MPI_Abort(MPI_COMM_WORLD, 2);
        }
    }
    MPI_Datatype type = reduction ? MPI_DOUBLE : MPI_CHAR;
    int element = reduction ? 8 : 1;
    if (kind == BARRIER) min_size = max_size = 0;
    else if (min_size < element) min_size = element;

    FILE *csv = NULL;
    if (rank == 0 && csv_path) {
        FILE *probe = fopen(csv_path, "r");
        int fresh = 1;
        if (probe) { fseek(probe, 0, SEEK_END); fresh = ftell(probe) == 0; fclose(probe); }
        csv = fopen(csv_path, "a");
        if (csv && fresh)
            fprintf(csv, "benchmark,series,placement,tier,np,ranks_per_jvm,datatype,size,value,unit,p50,p99,min,max,iterations,wait,jdk,run\n");
    }

    long per_rank = max_size > 0 ? max_size : element;
    long room = kind == ALLTOALL || kind == SCATTER || kind == GATHER || kind == ALLGATHER ||
        kind == ALLGATHERV || kind == ALLTOALLV || kind == GATHERV || kind == SCATTERV ? per_rank * np : per_rank;
    char *sbuf = malloc(room), *rbuf = malloc(room);
    memset(sbuf, 1, room);
    memset(rbuf, 0, room);
    double mine, *all = malloc(sizeof(double) * np);
    counts = malloc(sizeof(int) * np);
    displs = malloc(sizeof(int) * np);

    if (rank == 0) {
        printf("# Open MPI %c%s Latency Test (colompi bench/src/main/c/osu_coll.c), np=%d\n", name[0] - 32, name + 1, np);
        printf("%-10s%18s%18s%18s\n", "# Size", "Avg Latency(us)", "Min Latency(us)", "Max Latency(us)");
    }
    for (long size = min_size; size <= max_size; size = size ? size * 2 : max_size + 1) {
        int count = (int)(size / element);
        for (int r = 0; r < np; r++) { counts[r] = count; displs[r] = r * count; }
        int iters = iterations > 0 ? iterations : size > LARGE_MESSAGE ? 100 : 1000;
        int skip = warmup >= 0 ? warmup : size > LARGE_MESSAGE ? 10 : 200;
        double total = 0;
        MPI_Barrier(MPI_COMM_WORLD);
        for (int i = 0; i < iters + skip; i++) {
            double start = MPI_Wtime();
            run(kind, nonblocking, sbuf, rbuf, count, type);
            if (i >= skip) total += MPI_Wtime() - start;
            if (kind != BARRIER) MPI_Barrier(MPI_COMM_WORLD);
        }
        mine = total * 1e6 / iters;
        MPI_Gather(&mine, 1, MPI_DOUBLE, all, 1, MPI_DOUBLE, 0, MPI_COMM_WORLD);
        if (rank == 0) {
            double sum = 0, lo = all[0], hi = all[0];
            for (int r = 0; r < np; r++) { sum += all[r]; if (all[r] < lo) lo = all[r]; if (all[r] > hi) hi = all[r]; }
            if (kind == BARRIER) printf("%-10s%18.2f%18.2f%18.2f\n", "", sum / np, lo, hi);
            else printf("%-10ld%18.2f%18.2f%18.2f\n", size, sum / np, lo, hi);
            if (csv) {
                fprintf(csv, "%s,openmpi,processes,shm,%d,1,%s,%ld,%.4f,us,,,%.4f,%.4f,%d,,,\n", name, np,
                        reduction ? "double" : "byte", size, sum / np, lo, hi, iters);
                fflush(csv);
            }
        }
    }
    if (csv) fclose(csv);
    free(sbuf);
    free(rbuf);
    free(all);
    free(counts);
    free(displs);
    MPI_Finalize();
    return 0;
}
