package mpi;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

@Timeout(60)
class CollectivesTest
{
    @ParameterizedTest
    @EnumSource(Ranks.Layout.class)
    void everyCollectiveThroughTheFacadeAtFiveRanks(final Ranks.Layout layout) throws Exception
    {
        Ranks.run(layout, 5, AllCollectives.class);
    }

    /**
     * Sizes past the switch to node arenas (bcast, allreduce, allgather, alltoall meet in shared memory across the
     * JVMs of a node), one allreduce longer than a slot, at five ranks in every layout.
     */
    @ParameterizedTest
    @EnumSource(Ranks.Layout.class)
    void largeCollectivesThroughTheFacadeAtFiveRanks(final Ranks.Layout layout) throws Exception
    {
        Ranks.run(layout, 5, LargeCollectives.class);
    }

    @ParameterizedTest
    @EnumSource(Ranks.Layout.class)
    void everyCollectiveOnOneRank(final Ranks.Layout layout) throws Exception
    {
        Ranks.run(layout, 1, AllCollectives.class);
    }

    /** Decimal concatenation, 12 op 3 = 123: associative but not commutative. */
    static final class Concatenate extends User_function
    {
        @Override
        public void Call(final Object invec, final int inoffset, final Object inoutvec, final int inoutoffset,
            final int count, final Datatype datatype)
        {
            final long[] in = (long[])invec;
            final long[] inout = (long[])inoutvec;
            for (int i = 0; i < count; i++)
            {
                final long right = inout[inoutoffset + i];
                long shift = 1;
                while (shift <= right)
                {
                    shift *= 10;
                }
                inout[inoutoffset + i] = in[inoffset + i] * shift + right;
            }
        }
    }

    public static class AllCollectives
    {
        public static void main(final String[] args)
        {
            MPI.Init(args);
            final Intracomm world = MPI.COMM_WORLD;
            final int rank = world.Rank();
            final int n = world.Size();

            world.Barrier();

            final double[] b = new double[3];
            if (rank == n - 1)
            {
                b[0] = 1.5;
                b[2] = -2;
            }
            world.Bcast(b, 0, 3, MPI.DOUBLE, n - 1);
            assertArrayEquals(new double[]{ 1.5, 0, -2 }, b);

            final Object[] obj = { rank == 0 ? "shared" : null };
            world.Bcast(obj, 0, 1, MPI.OBJECT, 0);
            assertEquals("shared", obj[0]);

            final int[] column = new int[6];
            if (rank == 0)
            {
                column[0] = 4;
                column[3] = 5;
            }
            world.Bcast(column, 0, 1, Datatype.Vector(2, 1, 3, MPI.INT), 0);
            assertArrayEquals(new int[]{ 4, 0, 0, 5, 0, 0 }, column);

            final int[] gathered = new int[2 * n];
            world.Gather(new int[]{ rank, -rank }, 0, 2, MPI.INT, gathered, 0, 2, MPI.INT, 0);
            if (rank == 0)
            {
                for (int r = 0; r < n; r++)
                {
                    assertEquals(r, gathered[2 * r]);
                    assertEquals(-r, gathered[2 * r + 1]);
                }
            }

            final int[] counts = new int[n];
            final int[] displs = new int[n];
            int total = 0;
            for (int r = 0; r < n; r++)
            {
                counts[r] = r + 1;
                displs[r] = total;
                total += r + 1;
            }
            final long[] mine = new long[rank + 1];
            java.util.Arrays.fill(mine, rank);
            final long[] gv = new long[total];
            world.Gatherv(mine, 0, rank + 1, MPI.LONG, gv, 0, counts, displs, MPI.LONG, n / 2);
            world.Allgatherv(mine, 0, rank + 1, MPI.LONG, gv, 0, counts, displs, MPI.LONG);
            for (int r = 0; r < n; r++)
            {
                assertEquals(r, gv[displs[r] + r]);
            }

            final int[] scattered = new int[1];
            final int[] source = new int[n];
            for (int r = 0; r < n; r++)
            {
                source[r] = 100 + r;
            }
            world.Scatter(source, 0, 1, MPI.INT, scattered, 0, 1, MPI.INT, 0);
            assertEquals(100 + rank, scattered[0]);
            final long[] sv = new long[rank + 1];
            world.Scatterv(gv, 0, counts, displs, MPI.LONG, sv, 0, rank + 1, MPI.LONG, 0);
            assertEquals(rank, sv[rank]);

            final int[] all = new int[n];
            world.Allgather(new int[]{ rank * rank }, 0, 1, MPI.INT, all, 0, 1, MPI.INT);
            for (int r = 0; r < n; r++)
            {
                assertEquals(r * r, all[r]);
            }

            final int[] out = new int[n];
            final int[] in = new int[n];
            for (int r = 0; r < n; r++)
            {
                out[r] = rank * 100 + r;
            }
            world.Alltoall(out, 0, 1, MPI.INT, in, 0, 1, MPI.INT);
            for (int r = 0; r < n; r++)
            {
                assertEquals(r * 100 + rank, in[r]);
            }
            final int[] ones = new int[n];
            final int[] offsets = new int[n];
            for (int r = 0; r < n; r++)
            {
                ones[r] = 1;
                offsets[r] = n - 1 - r;
            }
            world.Alltoallv(out, 0, ones, offsets, MPI.INT, in, 0, ones, offsets, MPI.INT);
            for (int r = 0; r < n; r++)
            {
                assertEquals(r * 100 + n - 1 - rank, in[n - 1 - r]);
            }

            final double[] sum = new double[1];
            world.Reduce(new double[]{ rank + 1 }, 0, sum, 0, 1, MPI.DOUBLE, MPI.SUM, 0);
            if (rank == 0)
            {
                assertEquals(n * (n + 1) / 2.0, sum[0]);
            }
            final int[] max = new int[2];
            world.Allreduce(new int[]{ rank, -rank }, 0, max, 0, 2, MPI.INT, MPI.MAX);
            assertArrayEquals(new int[]{ n - 1, 0 }, max);

            final double[] loc = new double[2];
            world.Allreduce(new double[]{ rank == 2 % n ? 9.0 : rank, rank }, 0, loc, 0, 1, MPI.DOUBLE2, MPI.MAXLOC);
            assertEquals(9.0, loc[0]);
            assertEquals(2 % n, (int)loc[1]);

            final Op concatenate = new Op(new Concatenate(), false);
            final long[] digits = new long[1];
            world.Allreduce(new long[]{ rank + 1 }, 0, digits, 0, 1, MPI.LONG, concatenate);
            long expected = 0;
            for (int r = 0; r < n; r++)
            {
                expected = expected * 10 + r + 1;
            }
            assertEquals(expected, digits[0], "non-commutative ops combine in rank order");

            final long[] prefix = new long[1];
            world.Scan(new long[]{ rank + 1 }, 0, prefix, 0, 1, MPI.LONG, concatenate);
            long expectedPrefix = 0;
            for (int r = 0; r <= rank; r++)
            {
                expectedPrefix = expectedPrefix * 10 + r + 1;
            }
            assertEquals(expectedPrefix, prefix[0]);

            final int[] exclusive = { -1 };
            world.Exscan(new int[]{ 1 }, 0, exclusive, 0, 1, MPI.INT, MPI.SUM);
            assertEquals(rank == 0 ? -1 : rank, exclusive[0]);

            final int[] block = new int[2];
            final int[] contributions = new int[2 * n];
            java.util.Arrays.fill(contributions, 1);
            final int[] twos = new int[n];
            java.util.Arrays.fill(twos, 2);
            world.Reduce_scatter(contributions, 0, block, 0, twos, MPI.INT, MPI.SUM);
            assertArrayEquals(new int[]{ n, n }, block);
            MPI.Finalize();
        }
    }

    public static class LargeCollectives
    {
        public static void main(final String[] args)
        {
            MPI.Init(args);
            final Intracomm world = MPI.COMM_WORLD;
            final int rank = world.Rank();
            final int n = world.Size();

            // 2.4 MB: three chunks of the default 1 MiB slot
            final int items = 300_000;
            final double[] x = new double[items];
            final double[] sum = new double[items + 1];
            for (int i = 0; i < items; i++)
            {
                x[i] = rank * 1000.0 + i;
            }
            world.Allreduce(x, 0, sum, 1, items, MPI.DOUBLE, MPI.SUM);
            for (int i = 0; i < items; i++)
            {
                assertEquals(1000.0 * n * (n - 1) / 2 + (double)n * i, sum[i + 1], 1e-6, "sum at " + i);
            }
            assertEquals(0.0, sum[0]);

            // non-commutative: rank order kept, 0 op 1 op ... = the decimal digits 0..n-1 (4096 longs: 32 KiB)
            final long[] digits = new long[4096];
            final long[] concatenated = new long[4096];
            java.util.Arrays.fill(digits, rank + 1);
            world.Allreduce(digits, 0, concatenated, 0, digits.length, MPI.LONG, new Op(new Concatenate(), false));
            long expected = 0;
            for (int r = 0; r < n; r++)
            {
                expected = expected * 10 + r + 1;
            }
            for (final long value : concatenated)
            {
                assertEquals(expected, value);
            }

            final int[] b = new int[70_000];
            if (rank == n - 1)
            {
                for (int i = 0; i < b.length; i++)
                {
                    b[i] = i * 7;
                }
            }
            world.Bcast(b, 0, b.length, MPI.INT, n - 1);
            for (int i = 0; i < b.length; i++)
            {
                assertEquals(i * 7, b[i]);
            }

            final int block = 4000;
            final int[] mine = new int[block];
            for (int i = 0; i < block; i++)
            {
                mine[i] = rank * block + i;
            }
            final int[] all = new int[block * n];
            world.Allgather(mine, 0, block, MPI.INT, all, 0, block, MPI.INT);
            for (int i = 0; i < all.length; i++)
            {
                assertEquals(i, all[i]);
            }
            final int[] gathered = new int[block * n];
            world.Gather(mine, 0, block, MPI.INT, gathered, 0, block, MPI.INT, 1);
            if (rank == 1)
            {
                assertArrayEquals(all, gathered);
            }
            final int[] part = new int[block];
            world.Scatter(all, 0, block, MPI.INT, part, 0, block, MPI.INT, 2);
            assertArrayEquals(mine, part);

            // block d of rank r holds r * 1000 + d in every element
            final int[] out = new int[block * n];
            for (int i = 0; i < out.length; i++)
            {
                out[i] = rank * 1000 + i / block;
            }
            final int[] in = new int[block * n];
            world.Alltoall(out, 0, block, MPI.INT, in, 0, block, MPI.INT);
            for (int i = 0; i < in.length; i++)
            {
                assertEquals(i / block * 1000 + rank, in[i]);
            }

            MPI.Finalize();
        }
    }
}
