package io.colompi.bench.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportTest
{
    @Test
    void tracedRunsGetTheirUntracedMediansBesideThemAndTheRatio(@TempDir final Path dir) throws Exception
    {
        final String summary = summary(dir,
            "halo-mpi-steady,colompi,colocated,local,2,2,double,1,10,us,,,,,2000",
            "halo-mpi-steady,colompi,colocated,local,2,2,double,1,12,us,,,,,2000",
            "halo-mpi-steady,colompi,colocated+trace,local,2,2,double,1,11,us,,,,,2000",
            "halo-mpi-steady,colompi,colocated+trace,local,2,2,double,1,14,us,,,,,2000",
            "jacobi,colompi,rpj=1,shm,2,1,double,64,2.0,s,,,,,500",
            "jacobi,colompi,rpj=1+trace,shm,2,1,double,64,2.1,s,,,,,500");

        assertTrue(summary.contains("## Tracing cost"), summary);
        assertTrue(summary.contains(
            "| halo, MPI steady (us per iteration) | colompi colocated (local) | 2 | 1 | 2000 | 11.0 | 12.5 | 1.14 | 2 |"),
            summary);
        assertTrue(summary.contains("| Jacobi program time (s) | colompi rpj=1 (shm) | 2 | 64 | 500 | 2.00 | 2.10 | 1.05 | 1 |"),
            summary);
    }

    @Test
    void tracedAgainstUntracedIsTakenRoundByRoundAndEachProblemApart(@TempDir final Path dir) throws Exception
    {
        // the machine ran at another speed in each round, and round 1's traced run met a disturbance
        final String summary = summaryWithRounds(dir,
            "halo-iteration,colompi,colocated,local,2,2,double,1,10,us,,,,,2000,1",
            "halo-iteration,colompi,colocated+trace,local,2,2,double,1,25,us,,,,,2000,1",
            "halo-iteration,colompi,colocated,local,2,2,double,1,20,us,,,,,2000,2",
            "halo-iteration,colompi,colocated+trace,local,2,2,double,1,22,us,,,,,2000,2",
            "halo-iteration,colompi,colocated+trace,local,2,2,double,1,30,us,,,,,2000,3",
            "halo-iteration,colompi,colocated,local,2,2,double,1,30,us,,,,,2000,3",
            "jacobi,colompi,rpj=1,shm,2,1,double,64,2.0,s,,,,,500,1",
            "jacobi,colompi,rpj=1+trace,shm,2,1,double,64,2.2,s,,,,,500,1",
            "jacobi,colompi,rpj=1,shm,2,1,double,64,8.0,s,,,,,5000,1",
            "jacobi,colompi,rpj=1+trace,shm,2,1,double,64,8.0,s,,,,,5000,1");

        // per round 2.50, 1.10, 1.00: their median, where the medians' ratio would be 25 / 20
        assertTrue(summary.contains(
            "| halo, iteration steady (us) | colompi colocated (local) | 2 | 1 | 2000 | 20.0 | 25.0 | 1.10 [1.00..2.50] | 3 |"),
            summary);
        assertTrue(summary.contains("| Jacobi program time (s) | colompi rpj=1 (shm) | 2 | 64 | 500 | 2.00 | 2.20 | 1.10 [1.10..1.10] | 1 |"),
            summary);
        assertTrue(summary.contains("| Jacobi program time (s) | colompi rpj=1 (shm) | 2 | 64 | 5000 | 8.00 | 8.00 | 1.00 [1.00..1.00] | 1 |"),
            summary);
    }

    @Test
    void theHaloTableGivesEachFigureItsRatioToOpenMpiOfTheSameClass(@TempDir final Path dir) throws Exception
    {
        final String summary = summary(dir,
            "halo-mpi-steady,colompi,colocated,local,2,2,double,1,3.0,us,,,,,20000",
            "halo-mpi-best,colompi,colocated,local,2,2,double,1,2.0,us,,,,,20000",
            "halo-mpi-all,colompi,colocated,local,2,2,double,1,30,us,,,,,20000",
            "halo-mpi-steady,openmpi,processes,shm,2,1,double,1,2.5,us,,,,,20000",
            "halo-mpi-best,openmpi,processes,shm,2,1,double,1,2.5,us,,,,,20000",
            "halo-mpi-all,openmpi,processes,shm,2,1,double,1,3.0,us,,,,,20000");

        assertTrue(summary.contains("| colompi colocated (local) | 2 | 3.00 | 1.20 | 2.00 | 0.80 | 30.0 | 10.0 |"), summary);
        assertTrue(summary.contains("| Open MPI (C) processes (shm) | 2 | 2.50 | | 2.50 | | 3.00 | |"), summary);
    }

    @Test
    void theJacobiTableGivesEachColompiRunItsRatioToOpenMpiOfTheSameClass(@TempDir final Path dir) throws Exception
    {
        final String summary = summary(dir,
            "jacobi,colompi,colocated,local,4,4,double,64,0.5,s,,,,,10000",
            "jacobi,colompi,rpj=1,shm,4,1,double,64,0.6,s,,,,,10000",
            "jacobi,colompi,rpj=1/nodes,shm+aeron,4,1,double,64,1.5,s,,,,,10000",
            "jacobi,colompi,rpj=1/nodes+trace,shm+aeron,4,1,double,64,1.6,s,,,,,10000",
            "jacobi,colompi,colocated,local,1,1,double,64,0.1,s,,,,,10000",
            "jacobi,colompi,colocated+trace,local,1,1,double,64,0.12,s,,,,,10000",
            "jacobi,openmpi,processes,shm,4,1,double,64,0.25,s,,,,,10000",
            "jacobi,openmpi,processes/tcp,tcp,4,1,double,64,2.0,s,,,,,10000",
            "jacobi,openmpi,processes,shm,1,1,double,64,0.04,s,,,,,10000");

        assertTrue(summary.contains("| colompi colocated (1 JVM) | 4 | 0.500 [0.500..0.500] | | 1.00x | 2.00 | 1 |"),
            summary);
        assertTrue(summary.contains("| colompi rpj=1 (4 JVMs) | 1 | 0.600 [0.600..0.600] | | 1.20x | 2.40 | 1 |"),
            summary);
        assertTrue(summary.contains("| colompi rpj=1/nodes (4 JVMs) | 1 | 1.500 [1.500..1.500] | | 3.00x | 0.75 | 1 |"),
            summary);
        assertTrue(summary.contains("| colompi rpj=1/nodes+trace (4 JVMs) | 1 | 1.600 [1.600..1.600] | | 3.20x | 0.80 | 1 |"),
            summary);
        assertTrue(summary.contains("| colompi, 1 rank (compute alone) | 1 | 0.100 [0.100..0.100] | | | 2.50 | 1 |"),
            summary);
        assertTrue(summary.contains("| colompi, 1 rank (compute alone), traced | 1 | 0.120 [0.120..0.120] | | | 3.00 | 1 |"),
            summary);
        assertTrue(summary.contains("| Open MPI (C) processes/tcp | - | 2.000 [2.000..2.000] | | 4.00x | | 1 |"),
            summary);
    }

    @Test
    void colompiAgainstOpenMpiIsTakenRoundByRound(@TempDir final Path dir) throws Exception
    {
        // round 2 ran on a slow machine, Open MPI's run of it too
        final String summary = summaryWithRounds(dir,
            "halo-mpi-steady,colompi,colocated,local,2,2,double,1,2.0,us,,,,,20000,1",
            "halo-mpi-steady,openmpi,processes,shm,2,1,double,1,1.0,us,,,,,20000,1",
            "halo-mpi-steady,colompi,colocated,local,2,2,double,1,6.0,us,,,,,20000,2",
            "halo-mpi-steady,openmpi,processes,shm,2,1,double,1,6.0,us,,,,,20000,2",
            "jacobi,colompi,colocated,local,4,4,double,64,0.4,s,,,,,10000,1",
            "jacobi,colompi,rpj=1,shm,4,1,double,64,0.6,s,,,,,10000,1",
            "jacobi,openmpi,processes,shm,4,1,double,64,0.2,s,,,,,10000,1",
            "jacobi,colompi,colocated,local,4,4,double,64,1.2,s,,,,,10000,2",
            "jacobi,colompi,rpj=1,shm,4,1,double,64,1.2,s,,,,,10000,2",
            "jacobi,openmpi,processes,shm,4,1,double,64,1.2,s,,,,,10000,2");

        // halo: rounds 2.0 and 1.0, median 1.50 (the medians, 4.0 / 3.5, would say 1.14)
        assertTrue(summary.contains("| colompi colocated (local) | 2 | 4.00 | 1.50 |"), summary);
        // Jacobi a JVM per rank: against colocated 1.50 and 1.00, against Open MPI 3.00 and 1.00
        assertTrue(summary.contains("| colompi rpj=1 (4 JVMs) | 1 | 0.900 [0.600..1.200] | | 1.25x | 2.00 | 2 |"), summary);
        assertTrue(summary.contains("| colompi colocated (1 JVM) | 4 | 0.800 [0.400..1.200] | | 1.00x | 1.50 | 2 |"), summary);
    }

    @Test
    void smallMessagesOfBothOneNodePlacementsAreSetAgainstOpenMpiOfTheSameRun(@TempDir final Path dir) throws Exception
    {
        final String summary = summary(dir,
            "latency,colompi,colocated,local,2,2,byte,8,0.30,us,0.25,0.5,0.2,1,10000",
            "latency,colompi,rpj=1,shm,2,1,byte,8,0.30,us,0.20,0.5,0.2,1,10000",
            "latency,openmpi,processes,shm,2,1,byte,8,0.45,us,0.40,0.5,0.2,1,10000",
            "bw,colompi,colocated,local,2,2,byte,8,20,MB/s,,,,,100",
            "bw,colompi,rpj=1,shm,2,1,byte,8,16,MB/s,,,,,100",
            "bw,openmpi,processes,shm,2,1,byte,8,64,MB/s,,,,,100");

        assertTrue(summary.contains("| np=2 8 B one-way median against Open MPI's shared memory in the same run, x its time | " +
            "one JVM 0.250 us (0.63x), two JVMs 0.200 us (0.50x); Open MPI 0.400 us | (report) | |"), summary);
        assertTrue(summary.contains("| np=2 bw of 8 B messages (message rate) against Open MPI's shared memory in the same run, " +
            "x its time | one JVM 20.0 MB/s (3.20x), two JVMs 16.0 MB/s (4.00x); Open MPI 64.0 MB/s | (report) | |"), summary);
    }

    @Test
    void withoutTracedRunsThereIsNoTracingTable(@TempDir final Path dir) throws Exception
    {
        assertFalse(summary(dir, "jacobi,colompi,rpj=1,shm,2,1,double,64,2.0,s,,,,,500").contains("Tracing cost"));
    }

    /** The summary of a results.csv in {@code dir} that holds {@code rows}, in the columns of a CSV without rounds. */
    private static String summary(final Path dir, final String... rows) throws Exception
    {
        return summaryOf(dir, "benchmark,series,placement,tier,np,ranks_per_jvm,datatype,size,value,unit,p50,p99,min,max,iterations",
            rows);
    }

    /** The same with the round of each row ({@code run}) after its iterations. */
    private static String summaryWithRounds(final Path dir, final String... rows) throws Exception
    {
        return summaryOf(dir, "benchmark,series,placement,tier,np,ranks_per_jvm,datatype,size,value,unit,p50,p99,min,max,iterations,run",
            rows);
    }

    private static String summaryOf(final Path dir, final String header, final String... rows) throws Exception
    {
        final Path csv = Files.writeString(dir.resolve("results.csv"), header + "\n" + String.join("\n", rows) + "\n");
        return new Report(Report.read(List.of(csv))).summary("", List.of());
    }
}
