package mpi;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every collective, blocking and nonblocking, with one rank that expects fewer items than the others pass (MPI
 * calls it erroneous), in each placement: that rank gets {@code ERR_TRUNCATE} naming a rank, any other rank that
 * fails gets the same class, nothing lands past the short rank's count, nobody waits for ever, and the job goes on
 * with collectives that match.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class MismatchedCountsTest
{
    @ParameterizedTest
    @EnumSource(value = Ranks.Layout.class, names = { "ONE_JVM", "TWO_PER_JVM", "ONE_PER_JVM", "TWO_VIRTUAL_NODES" })
    void everyMismatchedCollectiveFailsTheShortRankAndNobodyWaits(final Ranks.Layout layout) throws Exception
    {
        Ranks.run(layout, 3, Program.class);
    }

    @ParameterizedTest
    @EnumSource(value = Ranks.Layout.class, names = { "ONE_JVM", "TWO_PER_JVM", "ONE_PER_JVM" })
    void aBroadcastWhoseRootSendsFewerItemsFailsInEveryPlacement(final Ranks.Layout layout) throws Exception
    {
        Ranks.run(layout, 4, RootSendsFewer.class, layout.name());
    }

    /**
     * The root broadcasts 28 bytes where the others expect 256 (ompi-java-test's Distgraph1 does): an error,
     * ERR_TRUNCATE, on every rank that receives (in one JVM the arena compares the calls; it used to copy the 28 bytes
     * and say nothing), and in one JVM on the root too unless it had left (28 bytes go eagerly, through its line, the
     * others' 256 would not); no byte past the root's 28 is written, and the job goes on.
     */
    public static class RootSendsFewer
    {
        public static void main(final String[] args)
        {
            MPI.Init(args);
            final int me = MPI.COMM_WORLD.Rank();
            final byte[] buf = new byte[me == 0 ? 28 : 256];
            Arrays.fill(buf, me == 0 ? (byte)7 : (byte)-1);
            int failed = 0;
            try
            {
                MPI.COMM_WORLD.bcast(buf, buf.length, MPI.BYTE, 0);
            }
            catch (final MPIException e)
            {
                assertEquals(MPI.ERR_TRUNCATE, e.getErrorClass(), e.getMessage());
                failed = 1;
            }
            for (int i = 28; i < buf.length; i++)
            {
                assertEquals((byte)-1, buf[i], "byte " + i + " past the root's count");
            }
            final int[] failures = { failed };
            MPI.COMM_WORLD.allReduce(failures, 1, MPI.INT, MPI.SUM);
            if ("ONE_JVM".equals(args[0]))
            {
                assertTrue(failures[0] >= 3, "in one JVM every rank that receives fails");
            }
            assertTrue(failures[0] > 0, "nobody noticed");
            MPI.Finalize();
        }
    }

    /** Under the default ERRORS_RETURN each call returns on every rank, with an error where a count did not fit. */
    public static class Program
    {
        /** Items per block a matching rank passes; the short rank passes half. */
        private static final int N = 16;
        private static final int NP = 3;
        /** Receive buffers have room past every count, which must stay untouched. */
        private static final double UNTOUCHED = -1;

        @FunctionalInterface
        interface Call
        {
            /** Run the collective with {@code count} items per block, receiving into {@code rbuf}. */
            void run(int count, double[] sbuf, double[] rbuf);
        }

        /**
         * Run {@code call} with {@code shortRank} passing {@code N / 2} items where the others pass {@code N}, each
         * receive buffer holding {@code blocks} blocks; check what each rank got.
         */
        static void mismatched(final String name, final int shortRank, final int blocks, final Call call)
        {
            final int me = MPI.COMM_WORLD.Rank();
            final int count = me == shortRank ? N / 2 : N;
            final double[] sbuf = new double[N * NP];
            Arrays.fill(sbuf, me + 1);
            final double[] rbuf = new double[2 * N * NP];
            Arrays.fill(rbuf, UNTOUCHED);
            MPIException error = null;
            try
            {
                call.run(count, sbuf, rbuf);
            }
            catch (final MPIException e)
            {
                error = e;
            }
            final String where = name + " on rank " + me + ": ";
            if (me == shortRank)
            {
                assertNotNull(error, where + "more items arrived than its count, without an error");
                for (int i = blocks * count; i < rbuf.length; i++)
                {
                    assertEquals(UNTOUCHED, rbuf[i], where + "element " + i + " past the count was written");
                }
            }
            if (error != null)
            {
                assertEquals(MPI.ERR_TRUNCATE, error.getErrorClass(), where + error.getMessage());
                assertTrue(error.getMessage().matches("(?s).*\\brank \\d+.*"), where + "names no rank: " +
                    error.getMessage());
            }
            MPI.COMM_WORLD.Barrier();
        }

        static int[] each(final int count)
        {
            final int[] counts = new int[NP];
            Arrays.fill(counts, count);
            return counts;
        }

        static int[] displacements(final int count)
        {
            final int[] displs = new int[NP];
            for (int i = 0; i < NP; i++)
            {
                displs[i] = i * count;
            }
            return displs;
        }

        static void await(final Request request)
        {
            request.Wait();
        }

        public static void main(final String[] args)
        {
            MPI.Init(args);
            final Intracomm w = MPI.COMM_WORLD;
            final Datatype d = MPI.DOUBLE;
            final Op sum = MPI.SUM;
            for (final boolean blocking : new boolean[]{ true, false })
            {
                final String mode = blocking ? "" : "I";
                mismatched(mode + "bcast", 1, 1, (n, s, r) ->
                {
                    if (blocking)
                    {
                        w.Bcast(r, 0, n, d, 0);
                    }
                    else
                    {
                        await(w.Ibcast(r, 0, n, d, 0));
                    }
                });
                mismatched(mode + "gather", 0, NP, (n, s, r) ->
                {
                    if (blocking)
                    {
                        w.Gather(s, 0, n, d, r, 0, n, d, 0);
                    }
                    else
                    {
                        await(w.Igather(s, 0, n, d, r, 0, n, d, 0));
                    }
                });
                mismatched(mode + "gatherv", 0, NP, (n, s, r) ->
                {
                    if (blocking)
                    {
                        w.Gatherv(s, 0, n, d, r, 0, each(n), displacements(n), d, 0);
                    }
                    else
                    {
                        await(w.Igatherv(s, 0, n, d, r, 0, each(n), displacements(n), d, 0));
                    }
                });
                mismatched(mode + "scatter", 1, 1, (n, s, r) ->
                {
                    if (blocking)
                    {
                        w.Scatter(s, 0, n, d, r, 0, n, d, 0);
                    }
                    else
                    {
                        await(w.Iscatter(s, 0, n, d, r, 0, n, d, 0));
                    }
                });
                mismatched(mode + "scatterv", 1, 1, (n, s, r) ->
                {
                    if (blocking)
                    {
                        w.Scatterv(s, 0, each(n), displacements(n), d, r, 0, n, d, 0);
                    }
                    else
                    {
                        await(w.Iscatterv(s, 0, each(n), displacements(n), d, r, 0, n, d, 0));
                    }
                });
                mismatched(mode + "allgather", 1, NP, (n, s, r) ->
                {
                    if (blocking)
                    {
                        w.Allgather(s, 0, n, d, r, 0, n, d);
                    }
                    else
                    {
                        await(w.Iallgather(s, 0, n, d, r, 0, n, d));
                    }
                });
                mismatched(mode + "allgatherv", 1, NP, (n, s, r) ->
                {
                    if (blocking)
                    {
                        w.Allgatherv(s, 0, n, d, r, 0, each(n), displacements(n), d);
                    }
                    else
                    {
                        await(w.Iallgatherv(s, 0, n, d, r, 0, each(n), displacements(n), d));
                    }
                });
                mismatched(mode + "alltoall", 1, NP, (n, s, r) ->
                {
                    if (blocking)
                    {
                        w.Alltoall(s, 0, n, d, r, 0, n, d);
                    }
                    else
                    {
                        await(w.Ialltoall(s, 0, n, d, r, 0, n, d));
                    }
                });
                mismatched(mode + "alltoallv", 1, NP, (n, s, r) ->
                {
                    if (blocking)
                    {
                        w.Alltoallv(s, 0, each(n), displacements(n), d, r, 0, each(n), displacements(n), d);
                    }
                    else
                    {
                        await(w.Ialltoallv(s, 0, each(n), displacements(n), d, r, 0, each(n), displacements(n), d));
                    }
                });
                mismatched(mode + "reduce", 0, 1, (n, s, r) ->
                {
                    if (blocking)
                    {
                        w.Reduce(s, 0, r, 0, n, d, sum, 0);
                    }
                    else
                    {
                        await(w.Ireduce(s, 0, r, 0, n, d, sum, 0));
                    }
                });
                mismatched(mode + "allreduce", 1, 1, (n, s, r) ->
                {
                    if (blocking)
                    {
                        w.Allreduce(s, 0, r, 0, n, d, sum);
                    }
                    else
                    {
                        await(w.Iallreduce(s, 0, r, 0, n, d, sum));
                    }
                });
                mismatched(mode + "scan", 1, 1, (n, s, r) ->
                {
                    if (blocking)
                    {
                        w.Scan(s, 0, r, 0, n, d, sum);
                    }
                    else
                    {
                        await(w.Iscan(s, 0, r, 0, n, d, sum));
                    }
                });
                mismatched(mode + "exscan", 1, 1, (n, s, r) ->
                {
                    if (blocking)
                    {
                        w.Exscan(s, 0, r, 0, n, d, sum);
                    }
                    else
                    {
                        await(w.Iexscan(s, 0, r, 0, n, d, sum));
                    }
                });
            }
            mismatched("reduce_scatter", 1, 1, (n, s, r) -> w.Reduce_scatter(s, 0, r, 0, each(n), d, sum));
            // matched collectives still give the right values
            final double[] total = new double[1];
            w.Allreduce(new double[]{ w.Rank() + 1 }, 0, total, 0, 1, d, sum);
            assertEquals(6.0, total[0]);
            final int[] ranks = new int[NP];
            w.Allgather(new int[]{ w.Rank() }, 0, 1, MPI.INT, ranks, 0, 1, MPI.INT);
            assertEquals("[0, 1, 2]", Arrays.toString(ranks));
            final double[] big = new double[1 << 16];
            if (w.Rank() == 0)
            {
                Arrays.fill(big, 7);
            }
            w.Bcast(big, 0, big.length, d, 0);
            assertEquals(7.0, big[big.length - 1]);
            MPI.Finalize();
        }
    }
}
