package io.colompi.core.coll;

import io.colompi.core.job.CollectiveTuning;
import io.colompi.core.testing.ThreadJob;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.colompi.core.op.PredefinedOp;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static io.colompi.core.coll.Layouts.DOUBLE;
import static io.colompi.core.coll.Layouts.INT;
import static io.colompi.core.coll.Layouts.doubles;
import static io.colompi.core.coll.Layouts.value;
import static io.colompi.core.coll.Layouts.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every blocking collective through each flat algorithm, forced by thresholds, at np 1 to 17, against the
 * references of {@link CollectiveChecks}. The hierarchical path is off, so the in-JVM ranks of the test run
 * the algorithms that ranks in different JVMs would.
 */
@Timeout(60)
class FlatAlgorithmsTest
{
    static final int MAX = Integer.MAX_VALUE;
    /** np 1..17: odd, even, powers of two and their neighbours. */
    static final int[] SIZES = { 1, 2, 3, 4, 5, 7, 8, 9, 12, 16, 17 };

    /**
     * Thresholds that force each algorithm: SHORT — binomial bcast, gather and scatter, recursive-doubling
     * allreduce, recursive-doubling (np a power of two) or Bruck allgather, Bruck alltoall; MEDIUM —
     * scatter-allgather bcast, Rabenseifner allreduce, Bruck allgather at every np, pairwise alltoall, linear
     * gather and scatter; LONG — ring allreduce and ring allgather.
     */
    enum Preset
    {
        SHORT(new CollectiveTuning(false, false, MAX, MAX, MAX, MAX, MAX, MAX,
            MAX, MAX, MAX, MAX, MAX, MAX, MAX, MAX, 0, MAX, MAX, 64)),
        MEDIUM(new CollectiveTuning(false, false, MAX, MAX, MAX, MAX, MAX, MAX,
            0, 0, -1, MAX, MAX, MAX, 0, -1, MAX, 0, 0, 64)),
        LONG(new CollectiveTuning(false, false, MAX, MAX, MAX, MAX, MAX, MAX,
            0, 0, -1, 0, 0, 0, 0, -1, MAX, 0, 0, 64));

        final CollectiveTuning tuning;

        Preset(final CollectiveTuning tuning)
        {
            this.tuning = tuning;
        }
    }

    static Stream<Arguments> presetsAndSizes()
    {
        return Arrays.stream(Preset.values()).flatMap(preset ->
            Arrays.stream(SIZES).mapToObj(np -> Arguments.of(preset, np)));
    }

    static Stream<Arguments> presetsWithoutBuffering()
    {
        return Arrays.stream(Preset.values()).flatMap(preset ->
            IntStream.of(5, 8).mapToObj(np -> Arguments.of(preset, np)));
    }

    @ParameterizedTest(name = "{0} np={1}")
    @MethodSource("presetsAndSizes")
    void everyCollectiveMatchesItsReference(final Preset preset, final int np) throws Exception
    {
        ThreadJob.run(CollectiveChecks.settings(preset.tuning), np,
            world -> new CollectiveChecks(world, CollectiveChecks.Mode.BLOCKING).all());
    }

    /** With an eager limit of zero every non-empty message waits for its receive: no algorithm may rely on it. */
    @ParameterizedTest(name = "{0} np={1}")
    @MethodSource("presetsWithoutBuffering")
    void everyAlgorithmCompletesWhenNoMessageIsBuffered(final Preset preset, final int np) throws Exception
    {
        ThreadJob.run(CollectiveChecks.settings(preset.tuning), new int[np], new int[np], null, 0, world ->
        {
            new CollectiveChecks(world, CollectiveChecks.Mode.BLOCKING).all();
            new CollectiveChecks(world, CollectiveChecks.Mode.NONBLOCKING).all();
        });
    }

    /** The default thresholds, flat: sizes on both sides of each switch point, at a power of two and not. */
    @ParameterizedTest
    @ValueSource(ints = { 8, 9 })
    void defaultThresholdsPickBySize(final int np) throws Exception
    {
        ThreadJob.run(CollectiveChecks.settings(CollectiveChecks.flatDefaults()), np, world ->
        {
            final int rank = world.rank();
            // allreduce: recursive doubling up to 16 KiB, Rabenseifner above
            for (final int n : new int[]{ 2048, 2049, 5000, (1 << 17) + 3 })
            {
                final double[] sums = new double[n];
                Collectives.allreduce(world, doubles(rank, n), 0, sums, 0, n, DOUBLE, PredefinedOp.SUM);
                for (int i = 0; i < n; i += 97)
                {
                    double expected = 0;
                    for (int r = 0; r < np; r++)
                    {
                        expected += value(r, i) * 0.5;
                    }
                    assertEquals(expected, sums[i], "allreduce of " + n);
                }
            }
            // bcast: binomial at every size
            for (final int n : new int[]{ 3071, 3072, 100_003 })
            {
                final int[] data = rank == 3 ? values(3, n) : new int[n];
                Collectives.bcast(world, data, 0, n, INT, 3);
                assertArrayEquals(values(3, n), data, "bcast of " + n);
            }
            // allgather: Bruck or recursive doubling below 80 KiB in all, recursive doubling to 512 KiB, then ring
            for (final int n : new int[]{ 10, 20_000 / np, 200_000 / np })
            {
                final int[] all = new int[n * np];
                Collectives.allgather(world, values(rank, n), 0, n, INT, all, 0, n, INT);
                for (int r = 0; r < np; r++)
                {
                    assertArrayEquals(values(r, n), Arrays.copyOfRange(all, r * n, r * n + n), "allgather of " + n);
                }
            }
            // alltoall: Bruck up to 2 KiB a block (np >= 4), pairwise above; gather and scatter: linear
            for (final int n : new int[]{ 64, 512, 513, 1500 })
            {
                final int[] out = new int[n * np];
                for (int i = 0; i < out.length; i++)
                {
                    out[i] = value(rank, i);
                }
                final int[] in = new int[n * np];
                Collectives.alltoall(world, out, 0, n, INT, in, 0, n, INT);
                final int[] gathered = new int[n * np];
                Collectives.gather(world, values(rank, n), 0, n, INT, gathered, 0, n, INT, 2);
                final int[] scattered = new int[n];
                Collectives.scatter(world, out, 0, n, INT, scattered, 0, n, INT, 1);
                for (int r = 0; r < np; r++)
                {
                    for (int k = 0; k < n; k += 7)
                    {
                        assertEquals(value(r, rank * n + k), in[r * n + k], "alltoall of " + n);
                        if (rank == 2)
                        {
                            assertEquals(value(r, k), gathered[r * n + k], "gather of " + n);
                        }
                    }
                }
                for (int k = 0; k < n; k++)
                {
                    assertEquals(value(1, rank * n + k), scattered[k], "scatter of " + n);
                }
            }
        });
    }
}
