package mpi;

import io.colompi.colo.ColocatedJob;
import io.colompi.colo.JobLauncher;
import io.colompi.colo.LaunchResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code colompi.coll.reproducible}: a floating-point Allreduce and Reduce give the same bits whichever way the ranks
 * are placed in JVMs (without it, ranks sharing a JVM combine first, in an order that follows the placement).
 */
@Timeout(120)
class ReproducibleReductionsTest
{
    private static final int NP = 6;

    @Test
    void withTheSwitchTheSumsAreBitForBitTheSameInEveryPlacement() throws Exception
    {
        final List<String> results = new ArrayList<>();
        for (final int ranksPerJvm : new int[]{ NP, 3, 2, 1 })
        {
            final LaunchResult result = JobLauncher.builder()
                .np(NP).ranksPerJvm(ranksPerJvm)
                .jvmOption("-Dcolompi.coll.reproducible=true")
                .mainClass(CancellingSums.class)
                .classPath(ColocatedJob.codeSourceOf(CancellingSums.class))
                .apiPath(ColocatedJob.codeSourceOf(MPI.class))
                .tagOutput(false)
                .timeout(Duration.ofSeconds(60))
                .run();
            assertEquals(0, result.exitCode(), result::toString);
            assertEquals(1, result.stdout().size(), result::toString);
            results.add(result.stdout().get(0));
        }
        assertEquals(List.of(results.get(0), results.get(0), results.get(0), results.get(0)), results,
            "one line per placement: 6 ranks in 1, 2, 3 and 6 JVMs");
    }

    /** Sums whose value depends on the order of the additions: large terms that cancel, and small ones. */
    public static class CancellingSums
    {
        public static void main(final String[] args)
        {
            MPI.Init(args);
            final Intracomm world = MPI.COMM_WORLD;
            final int rank = world.Rank();
            // Element i gets TERMS rotated by i over the ranks: whether 1.0 meets 1e16 before -1e16 (and vanishes
            // in its rounding) depends on the order in which ranks are combined.
            final double[] terms = { 1e16, 1.0, -1e16, 1.0, 3.0, 0.5 };
            final int n = 64;
            final double[] mine = new double[n];
            for (int i = 0; i < n; i++)
            {
                mine[i] = terms[(rank + i) % terms.length] * (1 + i / terms.length);
            }
            final double[] all = new double[n];
            world.Allreduce(mine, 0, all, 0, n, MPI.DOUBLE, MPI.SUM);
            final double[] atRoot = new double[n];
            world.Reduce(mine, 0, atRoot, 0, n, MPI.DOUBLE, MPI.SUM, 0);
            if (rank == 0)
            {
                final StringBuilder bits = new StringBuilder();
                for (int i = 0; i < n; i++)
                {
                    bits.append(Long.toHexString(Double.doubleToRawLongBits(all[i]))).append(' ')
                        .append(Long.toHexString(Double.doubleToRawLongBits(atRoot[i]))).append(' ');
                }
                System.out.println(bits.toString().trim());
            }
            MPI.Finalize();
        }
    }
}
