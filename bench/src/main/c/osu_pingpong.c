/*
 * colompi's own native reference: the same ping-pong latency and windowed bandwidth as io.colompi.bench.Osu,
 * in C over MPI (e.g. Open MPI's shared memory), so colompi's numbers can be read next to native MPI on the same
 * machine. Sizes, iteration defaults, the adaptive bw iteration count and the CSV columns match Osu's.
 *
 *   mpicc -O2 -o osu_pingpong osu_pingpong.c
 *   mpirun -np 2 ./osu_pingpong latency|bw|bibw [-m MIN] [-M MAX] [-i N] [-x N] [--csv FILE] [--tier NAME]
 *
 * --tier names the path in the CSV (default shm); e.g. tcp for mpirun --mca btl tcp,self --mca btl_tcp_if_include lo.
 */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LARGE_MESSAGE 8192
#define WINDOW 64
#define ADAPTIVE_BYTES (1L << 30)
#define TAG 1
#define ACK_TAG 2

static long parse_size(const char *text)
{
    char *end;
    long v = strtol(text, &end, 10);
    if (*end == 'K' || *end == 'k') v <<= 10;
    if (*end == 'M' || *end == 'm') v <<= 20;
    return v;
}

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double percentile(double *sorted, int n, double pct)
{
    int index = (int)(pct / 100.0 * n + 0.5) - 1;
    if (index < 0) index = 0;
    if (index >= n) index = n - 1;
    return sorted[index];
}

static const char *tier = "shm";

static void csv_row(FILE *csv, const char *bench, int np, long size, double value, const char *unit,
                    double p50, double p99, double min, double max, int iterations)
{
    if (!csv) return;
    fprintf(csv, "%s,openmpi,processes,%s,%d,1,byte,%ld,%.4f,%s,", bench, tier, np, size, value, unit);
    if (p50 >= 0) fprintf(csv, "%.4f,%.4f,%.4f,%.4f,", p50, p99, min, max); else fprintf(csv, ",,,,");
    fprintf(csv, "%d,,,\n", iterations);
    fflush(csv);
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int rank, np;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &np);

    const char *bench = argc > 1 ? argv[1] : "latency";
    long min_size = 1, max_size = 4L << 20;
    int iterations = -1, warmup = -1;
    const char *csv_path = NULL;
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "-m") && i + 1 < argc) min_size = parse_size(argv[++i]);
        else if (!strcmp(argv[i], "-M") && i + 1 < argc) max_size = parse_size(argv[++i]);
        else if (!strcmp(argv[i], "-i") && i + 1 < argc) iterations = atoi(argv[++i]);
        else if (!strcmp(argv[i], "-x") && i + 1 < argc) warmup = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--csv") && i + 1 < argc) csv_path = argv[++i];
        else if (!strcmp(argv[i], "--tier") && i + 1 < argc) tier = argv[++i];
        else {
            if (rank == 0) fprintf(stderr, "unknown argument %s\n", argv[i]);
            MPI_Abort(MPI_COMM_WORLD, 2);
        }
    }
    int latency = !strcmp(bench, "latency"), bibw = !strcmp(bench, "bibw");
    if (!latency && !bibw && strcmp(bench, "bw")) {
        if (rank == 0) fprintf(stderr, "benchmark must be latency, bw or bibw, not %s\n", bench);
        MPI_Abort(MPI_COMM_WORLD, 2);
    }
    if (np < 2) {
        if (rank == 0) fprintf(stderr, "needs 2 ranks\n");
        MPI_Abort(MPI_COMM_WORLD, 2);
    }

    FILE *csv = NULL;
    if (rank == 0 && csv_path) {
        FILE *probe = fopen(csv_path, "r");
        int fresh = 1;
        if (probe) { fseek(probe, 0, SEEK_END); fresh = ftell(probe) == 0; fclose(probe); }
        csv = fopen(csv_path, "a");
        if (csv && fresh)
            fprintf(csv, "benchmark,series,placement,tier,np,ranks_per_jvm,datatype,size,value,unit,p50,p99,min,max,iterations,wait,jdk,run\n");
    }

    char *sbuf = malloc(max_size > 0 ? max_size : 1), *rbuf = malloc(max_size > 0 ? max_size : 1);
    memset(sbuf, 'a', max_size);
    memset(rbuf, 'b', max_size);
    int max_iter = 20000;
    double *samples = malloc(sizeof(double) * max_iter);
    MPI_Request sreq[WINDOW], rreq[WINDOW];
    char ack[4];
    int peer = 1 - rank;

    if (rank == 0) {
        printf("# Open MPI %s (colompi bench/src/main/c/osu_pingpong.c), np=%d, tier=%s\n",
               latency ? "Latency Test" : bibw ? "Bi-Directional Bandwidth Test" : "Bandwidth Test", np, tier);
        if (latency) printf("%-10s%18s%18s%18s\n", "# Size", "Latency (us)", "Median (us)", "P99 (us)");
        else printf("%-10s%18s\n", "# Size", "Bandwidth (MB/s)");
    }

    for (long size = min_size; size <= max_size; size *= 2) {
        int iters, skip;
        if (latency) {
            iters = iterations > 0 ? iterations : size > LARGE_MESSAGE ? 1000 : 10000;
            skip = warmup >= 0 ? warmup : size > LARGE_MESSAGE ? 100 : 1000;
            if (iters > max_iter) iters = max_iter;
        } else {
            long windows = ADAPTIVE_BYTES / (size * WINDOW);
            iters = iterations > 0 ? iterations : (int)(windows < 20 ? 20 : windows > 5000 ? 5000 : windows);
            skip = warmup >= 0 ? warmup : (iters / 10 < 2 ? 2 : iters / 10);
        }
        MPI_Barrier(MPI_COMM_WORLD);
        double start = 0, previous = 0;
        for (int i = 0; i < iters + skip; i++) {
            if (i == skip) { start = MPI_Wtime(); previous = start; }
            if (rank > 1) continue;
            if (latency) {
                if (rank == 0) {
                    MPI_Send(sbuf, (int)size, MPI_CHAR, 1, TAG, MPI_COMM_WORLD);
                    MPI_Recv(rbuf, (int)size, MPI_CHAR, 1, TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
                    if (i >= skip) { double now = MPI_Wtime(); samples[i - skip] = now - previous; previous = now; }
                } else {
                    MPI_Recv(rbuf, (int)size, MPI_CHAR, 0, TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
                    MPI_Send(sbuf, (int)size, MPI_CHAR, 0, TAG, MPI_COMM_WORLD);
                }
            } else if (bibw) {
                for (int w = 0; w < WINDOW; w++) MPI_Irecv(rbuf, (int)size, MPI_CHAR, peer, TAG, MPI_COMM_WORLD, &rreq[w]);
                for (int w = 0; w < WINDOW; w++) MPI_Isend(sbuf, (int)size, MPI_CHAR, peer, TAG, MPI_COMM_WORLD, &sreq[w]);
                MPI_Waitall(WINDOW, sreq, MPI_STATUSES_IGNORE);
                MPI_Waitall(WINDOW, rreq, MPI_STATUSES_IGNORE);
            } else if (rank == 0) {
                for (int w = 0; w < WINDOW; w++) MPI_Isend(sbuf, (int)size, MPI_CHAR, 1, TAG, MPI_COMM_WORLD, &sreq[w]);
                MPI_Waitall(WINDOW, sreq, MPI_STATUSES_IGNORE);
                MPI_Recv(ack, 4, MPI_CHAR, 1, ACK_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            } else {
                for (int w = 0; w < WINDOW; w++) MPI_Irecv(rbuf, (int)size, MPI_CHAR, 0, TAG, MPI_COMM_WORLD, &rreq[w]);
                MPI_Waitall(WINDOW, rreq, MPI_STATUSES_IGNORE);
                MPI_Send(ack, 4, MPI_CHAR, 0, ACK_TAG, MPI_COMM_WORLD);
            }
        }
        double elapsed = MPI_Wtime() - start;
        if (rank == 0) {
            if (latency) {
                double average = elapsed * 1e6 / iters / 2;
                qsort(samples, iters, sizeof(double), compare_double);
                double p50 = percentile(samples, iters, 50) * 1e6 / 2, p99 = percentile(samples, iters, 99) * 1e6 / 2;
                printf("%-10ld%18.2f%18.2f%18.2f\n", size, average, p50, p99);
                csv_row(csv, "latency", np, size, average, "us", p50, p99, samples[0] * 1e6 / 2,
                        samples[iters - 1] * 1e6 / 2, iters);
            } else {
                double bandwidth = (double)size * WINDOW * iters * (bibw ? 2 : 1) / 1e6 / elapsed;
                printf("%-10ld%18.2f\n", size, bandwidth);
                csv_row(csv, bench, np, size, bandwidth, "MB/s", -1, -1, -1, -1, iters);
            }
            fflush(stdout);
        }
    }
    if (csv) fclose(csv);
    free(samples);
    free(sbuf);
    free(rbuf);
    MPI_Finalize();
    return 0;
}
