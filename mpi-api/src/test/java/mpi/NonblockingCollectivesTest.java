package mpi;

import io.colompi.core.job.CollectiveTuning;
import io.colompi.core.job.JobContext;
import io.colompi.core.pt2pt.RankBinding;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The nonblocking collectives through the facade, in every placement, mixed with point-to-point requests in
 * {@code Waitall}, {@code Testall} and {@code Waitany}; and every collective, blocking and nonblocking, through
 * the flat algorithms of short and long messages across JVMs (thresholds forced in the rank JVMs).
 */
@Timeout(60)
class NonblockingCollectivesTest
{
    @ParameterizedTest
    @EnumSource(Ranks.Layout.class)
    void nonblockingCollectivesMixWithPointToPoint(final Ranks.Layout layout) throws Exception
    {
        Ranks.run(layout, 5, AllNonblocking.class);
    }

    @ParameterizedTest
    @ValueSource(strings = { "short", "long" })
    void flatAlgorithmsAcrossJvms(final String thresholds) throws Exception
    {
        Ranks.run(Ranks.Layout.TWO_PER_JVM, 5, AllNonblocking.class, thresholds);
        Ranks.run(Ranks.Layout.TWO_PER_JVM, 5, ForcedBlocking.class, thresholds);
    }

    /**
     * Forces the flat algorithms of short ({@code short}) or long ({@code long}) messages in this rank's job (the
     * ranks of its JVM), through the rank's class loader.
     */
    static void force(final String thresholds)
    {
        final int max = Integer.MAX_VALUE;
        final JobContext job = ((RankBinding)NonblockingCollectivesTest.class.getClassLoader()).engine().job();
        job.useCollectives("short".equals(thresholds) ?
            new CollectiveTuning(false, false, max, max, max, max, max, max, max, max, max, max, max, max, max, max, 0, max,
                max, 64) :
            new CollectiveTuning(false, false, max, max, max, max, max, max, 0, 0, -1, 0, 0, 0, 0, -1, max, 0, 0, 64));
    }

    /** Every blocking collective, with the thresholds named by the argument. */
    public static class ForcedBlocking
    {
        public static void main(final String[] args)
        {
            force(args[0]); // before any collective of any rank of this JVM
            CollectivesTest.AllCollectives.main(args);
        }
    }

    public static class AllNonblocking
    {
        public static void main(final String[] args)
        {
            if (args.length > 0)
            {
                force(args[0]); // before any collective of any rank of this JVM
            }
            MPI.Init(args);
            final Intracomm world = MPI.COMM_WORLD;
            final int rank = world.Rank();
            final int n = world.Size();
            final int right = (rank + 1) % n;
            final int left = (rank - 1 + n) % n;

            // all started at once, with point-to-point traffic, then completed together
            final double[] sums = new double[40];
            final double[] mine = new double[40];
            Arrays.fill(mine, rank + 0.5);
            final int[] broadcast = new int[3];
            if (rank == n - 1)
            {
                broadcast[0] = 7;
                broadcast[2] = -7;
            }
            final Object[] names = new Object[n];
            final long[] out = new long[2 * n];
            final long[] in = new long[2 * n];
            for (int j = 0; j < n; j++)
            {
                out[2 * j] = rank * 100L + j;
                out[2 * j + 1] = -(rank * 100L + j);
            }
            final int[] fromLeft = new int[1];
            final Request[] mixed = {
                world.Irecv(fromLeft, 0, 1, MPI.INT, left, 3),
                world.Iallreduce(mine, 0, sums, 0, 40, MPI.DOUBLE, MPI.SUM),
                world.Ibcast(broadcast, 0, 3, MPI.INT, n - 1),
                world.Iallgather(new Object[]{ "rank " + rank }, 0, 1, MPI.OBJECT, names, 0, 1, MPI.OBJECT),
                world.Ialltoall(out, 0, 2, MPI.LONG, in, 0, 2, MPI.LONG),
                world.Ibarrier(),
                world.Isend(new int[]{ rank }, 0, 1, MPI.INT, right, 3),
            };
            // a blocking collective while they are in flight
            final int[] count = new int[1];
            world.Allreduce(new int[]{ 1 }, 0, count, 0, 1, MPI.INT, MPI.SUM);
            assertEquals(n, count[0]);
            final Status[] statuses = Request.Waitall(mixed);
            assertEquals(mixed.length, statuses.length);
            assertTrue(Arrays.stream(mixed).allMatch(Request::Is_null));
            assertEquals(left, fromLeft[0]);
            assertEquals(left, statuses[0].source);
            for (final double sum : sums)
            {
                assertEquals(n * n / 2.0, sum);
            }
            assertArrayEquals(new int[]{ 7, 0, -7 }, broadcast);
            for (int i = 0; i < n; i++)
            {
                assertEquals("rank " + i, names[i]);
                assertEquals(i * 100L + rank, in[2 * i]);
                assertEquals(-(i * 100L + rank), in[2 * i + 1]);
            }

            // Test until done: testing moves the collectives on
            final int[] gathered = new int[2 * n];
            final int[] scattered = new int[2];
            final int[] source = new int[2 * n];
            for (int i = 0; i < source.length; i++)
            {
                source[i] = 1000 + i;
            }
            final Request gather = world.Igather(new int[]{ rank, -rank }, 0, 2, MPI.INT, gathered, 0, 2, MPI.INT, 0);
            final Request scatter = world.Iscatter(source, 0, 2, MPI.INT, scattered, 0, 2, MPI.INT, n / 2);
            Status[] done;
            while ((done = Request.Testall(new Request[]{ gather, scatter })) == null)
            {
                Thread.onSpinWait();
            }
            assertEquals(2, done.length);
            assertArrayEquals(new int[]{ 1000 + 2 * rank, 1001 + 2 * rank }, scattered);
            for (int r = 0; rank == 0 && r < n; r++)
            {
                assertEquals(r, gathered[2 * r]);
                assertEquals(-r, gathered[2 * r + 1]);
            }

            // reductions: user operation that is not commutative, in rank order; scans; reduce-scatter
            final Op concatenate = new Op(new CollectivesTest.Concatenate(), false);
            final long[] digits = new long[1];
            final long[] prefix = new long[1];
            final long[] exclusive = { -1 };
            final int[] reduced = new int[2];
            final int[] block = new int[1];
            final int[] ones = new int[n];
            Arrays.fill(ones, 1);
            final Request[] reductions = {
                world.Ireduce(new long[]{ rank + 1 }, 0, digits, 0, 1, MPI.LONG, concatenate, n - 1),
                world.Iscan(new long[]{ rank + 1 }, 0, prefix, 0, 1, MPI.LONG, concatenate),
                world.Iexscan(new long[]{ rank + 1 }, 0, exclusive, 0, 1, MPI.LONG, MPI.SUM),
                world.Ireduce(new int[]{ rank, 1 }, 0, reduced, 0, 2, MPI.INT, MPI.MAX, 0),
                world.Ireduce_scatter(ones, 0, block, 0, ones, MPI.INT, MPI.SUM),
            };
            final Status any = Request.Waitany(reductions);
            assertTrue(any.index >= 0 && any.index < reductions.length);
            Request.Waitall(reductions);
            long expected = 0;
            long expectedPrefix = 0;
            for (int r = 0; r < n; r++)
            {
                expected = expected * 10 + r + 1;
                if (r <= rank)
                {
                    expectedPrefix = expected;
                }
            }
            if (rank == n - 1)
            {
                assertEquals(expected, digits[0], "non-commutative operations combine in rank order");
            }
            assertEquals(expectedPrefix, prefix[0]);
            assertEquals(rank == 0 ? -1 : rank * (rank + 1) / 2, exclusive[0]);
            if (rank == 0)
            {
                assertArrayEquals(new int[]{ n - 1, 1 }, reduced);
            }
            assertEquals(n, block[0]);

            // v variants, and a collective request cannot be cancelled
            final int[] counts = new int[n];
            final int[] displs = new int[n];
            for (int r = 0; r < n; r++)
            {
                counts[r] = r % 2 + 1;
                displs[r] = 2 * r;
            }
            final int[] all = new int[2 * n];
            final Request allgatherv = world.Iallgatherv(new int[]{ rank, rank }, 0, counts[rank], MPI.INT, all, 0,
                counts, displs, MPI.INT);
            MPI.Errorhandler_set(MPI.ERRORS_RETURN);
            assertEquals(MPI.ERR_REQUEST, assertThrows(MPIException.class, allgatherv::Cancel).getErrorClass());
            MPI.Errorhandler_set(MPI.ERRORS_ARE_FATAL);
            allgatherv.Wait();
            for (int r = 0; r < n; r++)
            {
                assertEquals(r, all[2 * r]);
            }
            final Status status = world.Ibarrier().Wait();
            assertNotNull(status);
            assertFalse(status.Test_cancelled());
            MPI.Finalize();
        }
    }
}
