package io.colompi.core.coll;

import io.colompi.core.op.PredefinedOp;
import io.colompi.core.op.ReduceOp;
import io.colompi.core.testing.ThreadJob;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.TypeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;

import static io.colompi.core.coll.Layouts.DOUBLE;
import static io.colompi.core.coll.Layouts.INT;
import static io.colompi.core.coll.Layouts.OBJECT;
import static io.colompi.core.coll.Layouts.filled;
import static io.colompi.core.coll.Layouts.place;
import static io.colompi.core.coll.Layouts.roots;
import static io.colompi.core.coll.Layouts.value;
import static io.colompi.core.coll.Layouts.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Reduce, allreduce, reduce-scatter and scans against references computed locally, in rank order. */
@Timeout(20)
class ReductionTest
{
    private static final TypeMap MATRIX = TypeMap.contiguous(4, INT);
    /** Two ints three apart, items four wide: a layout with gaps. */
    private static final TypeMap GAPPED = TypeMap.vector(2, 1, 3, INT);
    private static final ReduceOp MATMUL = new MatrixProduct();
    private static final ReduceOp CONCAT = new Concatenation();
    private static final int MATRICES = 3;

    static int[] sizes()
    {
        return Layouts.SIZES;
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void reduceCombinesAtTheRoot(final int np) throws Exception
    {
        ThreadJob.run(np, world ->
        {
            final int rank = world.rank();
            for (final int root : roots(np))
            {
                final int[] sums = filled(7);
                Collectives.reduce(world, values(rank, 6), 0, sums, 1, 5, INT, PredefinedOp.SUM, root);
                final int[] expected = filled(7);
                for (int i = 0; rank == root && i < 5; i++)
                {
                    expected[1 + i] = 0;
                    for (int r = 0; r < np; r++)
                    {
                        expected[1 + i] += value(r, i);
                    }
                }
                assertArrayEquals(expected, sums);

                final double[] max = new double[3];
                Collectives.reduce(world, new double[]{ rank, -rank, rank == np / 2 ? 1e9 : 0.5 }, 0, max, 0, 3,
                    DOUBLE, PredefinedOp.MAX, root);
                assertArrayEquals(rank == root ? new double[]{ np - 1, 0, np == 1 ? 1e9 : 1e9 } : new double[3], max);

                final int[] product = new int[4 * MATRICES];
                Collectives.reduce(world, matrices(rank), 0, product, 0, MATRICES, MATRIX, MATMUL, root);
                assertArrayEquals(rank == root ? ordered(0, np) : new int[4 * MATRICES], product,
                    "non-commutative reduce must combine in rank order");
            }
        });
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void allreduceGivesEveryRankTheRankOrderedResult(final int np) throws Exception
    {
        ThreadJob.run(np, world ->
        {
            final int rank = world.rank();
            final double[] sums = new double[100];
            final double[] mine = new double[100];
            Arrays.fill(mine, rank + 0.25);
            Collectives.allreduce(world, mine, 0, sums, 0, 100, DOUBLE, PredefinedOp.SUM);
            final double[] expected = new double[100];
            Arrays.fill(expected, np * (np - 1) / 2.0 + 0.25 * np);
            assertArrayEquals(expected, sums);

            final int[] product = new int[4 * MATRICES];
            Collectives.allreduce(world, matrices(rank), 0, product, 0, MATRICES, MATRIX, MATMUL);
            assertArrayEquals(ordered(0, np), product, "non-commutative allreduce must combine in rank order");

            final Object[] text = new Object[2];
            Collectives.allreduce(world, new Object[]{ "" + rank, "<" + rank + ">" }, 0, text, 0, 2, OBJECT, CONCAT);
            assertArrayEquals(new Object[]{ joined(0, np, "", ""), joined(0, np, "<", ">") }, text);

            final boolean[] flags = new boolean[3];
            Collectives.allreduce(world, new boolean[]{ true, rank == np - 1, rank == 0 }, 0, flags, 0, 3,
                TypeMap.basic(BaseType.BOOLEAN), PredefinedOp.LAND);
            assertArrayEquals(new boolean[]{ true, np == 1, np == 1 }, flags);
            Collectives.allreduce(world, new boolean[]{ false, rank == np - 1, rank == 0 }, 0, flags, 0, 3,
                TypeMap.basic(BaseType.BOOLEAN), PredefinedOp.LOR);
            assertArrayEquals(new boolean[]{ false, true, true }, flags);

            final long[] bits = new long[1];
            Collectives.allreduce(world, new long[]{ 1L << rank }, 0, bits, 0, 1, TypeMap.basic(BaseType.LONG),
                PredefinedOp.BXOR);
            assertArrayEquals(new long[]{ (1L << np) - 1 }, bits);
        });
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void reductionsOfDerivedTypesTouchOnlyTheLayout(final int np) throws Exception
    {
        ThreadJob.run(np, world ->
        {
            final int rank = world.rank();
            final int count = 3;
            final int length = 1 + count * GAPPED.extent();
            final int[] send = values(rank, length);
            final int[] expectedSums = new int[count * GAPPED.size()];
            final int[] at = Layouts.positions(1, GAPPED, count);
            for (int e = 0; e < at.length; e++)
            {
                for (int r = 0; r < np; r++)
                {
                    expectedSums[e] += value(r, at[e]);
                }
            }
            final int[] expected = filled(length);
            place(expected, 1, GAPPED, count, expectedSums);
            for (final int root : roots(np))
            {
                final int[] reduced = filled(length);
                Collectives.reduce(world, send, 1, reduced, 1, count, GAPPED, PredefinedOp.SUM, root);
                assertArrayEquals(rank == root ? expected : filled(length), reduced);
            }
            final int[] all = filled(length);
            Collectives.allreduce(world, send, 1, all, 1, count, GAPPED, PredefinedOp.SUM);
            assertArrayEquals(expected, all);
        });
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void maxlocAndMinlocFindTheExtremeAndItsLowestRank(final int np) throws Exception
    {
        ThreadJob.run(np, world ->
        {
            final int rank = world.rank();
            final int n = 4;
            final int[] pairs = new int[2 * n];
            final double[] doublePairs = new double[2 * n];
            for (int i = 0; i < n; i++)
            {
                pairs[2 * i] = score(rank, i);
                pairs[2 * i + 1] = rank;
                doublePairs[2 * i] = score(rank, i) * 0.5;
                doublePairs[2 * i + 1] = rank;
            }
            final int[] max = new int[2 * n];
            final int[] min = new int[2 * n];
            final double[] doubleMax = new double[2 * n];
            Collectives.allreduce(world, pairs, 0, max, 0, n, TypeMap.pair(BaseType.INT), PredefinedOp.MAXLOC);
            Collectives.reduce(world, pairs, 0, min, 0, n, TypeMap.pair(BaseType.INT), PredefinedOp.MINLOC, np - 1);
            Collectives.allreduce(world, doublePairs, 0, doubleMax, 0, n, TypeMap.pair(BaseType.DOUBLE),
                PredefinedOp.MAXLOC);
            for (int i = 0; i < n; i++)
            {
                int best = 0;
                int worst = 0;
                for (int r = 1; r < np; r++)
                {
                    best = score(r, i) > score(best, i) ? r : best;
                    worst = score(r, i) < score(worst, i) ? r : worst;
                }
                assertArrayEquals(new int[]{ score(best, i), best }, Arrays.copyOfRange(max, 2 * i, 2 * i + 2));
                assertArrayEquals(new double[]{ score(best, i) * 0.5, best },
                    Arrays.copyOfRange(doubleMax, 2 * i, 2 * i + 2));
                if (rank == np - 1)
                {
                    assertArrayEquals(new int[]{ score(worst, i), worst }, Arrays.copyOfRange(min, 2 * i, 2 * i + 2));
                }
            }
        });
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void reduceScatterHandsEachRankItsBlockOfTheResult(final int np) throws Exception
    {
        ThreadJob.run(np, world ->
        {
            final int rank = world.rank();
            final int[] counts = new int[np];
            int total = 0;
            for (int r = 0; r < np; r++)
            {
                counts[r] = (r + 1) % 3;
                total += counts[r];
            }
            int before = 0;
            for (int r = 0; r < rank; r++)
            {
                before += counts[r];
            }
            final int[] sums = filled(counts[rank] + 1);
            Collectives.reduceScatter(world, values(rank, total), 0, sums, 1, counts, INT, PredefinedOp.SUM);
            final int[] expected = filled(counts[rank] + 1);
            for (int i = 0; i < counts[rank]; i++)
            {
                expected[1 + i] = 0;
                for (int r = 0; r < np; r++)
                {
                    expected[1 + i] += value(r, before + i);
                }
            }
            assertArrayEquals(expected, sums);

            final int[] send = new int[4 * total];
            for (int m = 0; m < total; m++)
            {
                System.arraycopy(matrix(rank, m), 0, send, 4 * m, 4);
            }
            final int[] product = new int[4 * counts[rank]];
            Collectives.reduceScatter(world, send, 0, product, 0, counts, MATRIX, MATMUL);
            final int[] expectedProduct = new int[4 * counts[rank]];
            for (int m = 0; m < counts[rank]; m++)
            {
                System.arraycopy(orderedMatrix(0, np, before + m), 0, expectedProduct, 4 * m, 4);
            }
            assertArrayEquals(expectedProduct, product);
        });
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void scanAndExscanGivePrefixesInRankOrder(final int np) throws Exception
    {
        ThreadJob.run(np, world ->
        {
            final int rank = world.rank();
            final int[] prefix = new int[2];
            Collectives.scan(world, new int[]{ rank + 1, 1 }, 0, prefix, 0, 2, INT, PredefinedOp.SUM);
            assertArrayEquals(new int[]{ (rank + 1) * (rank + 2) / 2, rank + 1 }, prefix);

            final int[] exclusive = { -7, -7 };
            Collectives.exscan(world, new int[]{ rank + 1, 1 }, 0, exclusive, 0, 2, INT, PredefinedOp.SUM);
            assertArrayEquals(rank == 0 ? new int[]{ -7, -7 } : new int[]{ rank * (rank + 1) / 2, rank }, exclusive,
                "exscan leaves rank 0 untouched");

            final int[] products = new int[4 * MATRICES];
            Collectives.scan(world, matrices(rank), 0, products, 0, MATRICES, MATRIX, MATMUL);
            assertArrayEquals(ordered(0, rank + 1), products, "inclusive scan in rank order");

            final int[] exProducts = new int[4 * MATRICES];
            Arrays.fill(exProducts, -7);
            Collectives.exscan(world, matrices(rank), 0, exProducts, 0, MATRICES, MATRIX, MATMUL);
            final int[] untouched = new int[4 * MATRICES];
            Arrays.fill(untouched, -7);
            assertArrayEquals(rank == 0 ? untouched : ordered(0, rank), exProducts, "exclusive scan in rank order");

            final Object[] text = new Object[1];
            Collectives.scan(world, new Object[]{ "" + rank }, 0, text, 0, 1, OBJECT, CONCAT);
            assertArrayEquals(new Object[]{ joined(0, rank + 1, "", "") }, text);
            final Object[] exText = { "none" };
            Collectives.exscan(world, new Object[]{ "" + rank }, 0, exText, 0, 1, OBJECT, CONCAT);
            assertArrayEquals(new Object[]{ rank == 0 ? "none" : joined(0, rank, "", "") }, exText);
        });
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void sendAndReceiveBuffersMayBeTheSameArrayRegion(final int np) throws Exception
    {
        ThreadJob.run(np, world ->
        {
            final int rank = world.rank();
            final int[] product = matrices(rank);
            Collectives.allreduce(world, product, 0, product, 0, MATRICES, MATRIX, MATMUL);
            assertArrayEquals(ordered(0, np), product);

            final int[] reduced = matrices(rank);
            Collectives.reduce(world, reduced, 0, reduced, 0, MATRICES, MATRIX, MATMUL, np / 2);
            assertArrayEquals(rank == np / 2 ? ordered(0, np) : matrices(rank), reduced);

            final int[] prefix = matrices(rank);
            Collectives.scan(world, prefix, 0, prefix, 0, MATRICES, MATRIX, MATMUL);
            assertArrayEquals(ordered(0, rank + 1), prefix);

            final int[] exclusive = matrices(rank);
            Collectives.exscan(world, exclusive, 0, exclusive, 0, MATRICES, MATRIX, MATMUL);
            assertArrayEquals(rank == 0 ? matrices(0) : ordered(0, rank), exclusive);

            final int[] counts = new int[np];
            Arrays.fill(counts, 1);
            final int[] scattered = new int[4 * np];
            for (int m = 0; m < np; m++)
            {
                System.arraycopy(matrix(rank, m), 0, scattered, 4 * m, 4);
            }
            Collectives.reduceScatter(world, scattered, 0, scattered, 0, counts, MATRIX, MATMUL);
            assertArrayEquals(orderedMatrix(0, np, rank), Arrays.copyOf(scattered, 4));
        });
    }

    @Test
    void theMatrixTestOperationReallyDependsOnOrder()
    {
        assertFalse(Arrays.equals(ordered(0, 2), reversed(0, 2)));
        assertFalse(Arrays.equals(ordered(0, 8), reversed(0, 8)));
    }

    /** Tie-prone scores: several ranks share each extreme. */
    private static int score(final int rank, final int i)
    {
        return (rank * 3 + i * 5) % 4 - 1;
    }

    /** The 2x2 matrix (row-major) rank {@code rank} contributes as item {@code item}. */
    private static int[] matrix(final int rank, final int item)
    {
        return new int[]{ 1 + (rank + item) % 3, 1 + rank, item % 2, 1 };
    }

    private static int[] matrices(final int rank)
    {
        final int[] all = new int[4 * MATRICES];
        for (int m = 0; m < MATRICES; m++)
        {
            System.arraycopy(matrix(rank, m), 0, all, 4 * m, 4);
        }
        return all;
    }

    /** Per item, the product M(from) x M(from + 1) x ... x M(to - 1). */
    private static int[] ordered(final int from, final int to)
    {
        final int[] all = new int[4 * MATRICES];
        for (int m = 0; m < MATRICES; m++)
        {
            System.arraycopy(orderedMatrix(from, to, m), 0, all, 4 * m, 4);
        }
        return all;
    }

    private static int[] orderedMatrix(final int from, final int to, final int item)
    {
        int[] product = matrix(from, item);
        for (int r = from + 1; r < to; r++)
        {
            product = MatrixProduct.times(product, 0, matrix(r, item), 0);
        }
        return product;
    }

    private static int[] reversed(final int from, final int to)
    {
        final int[] all = new int[4 * MATRICES];
        for (int m = 0; m < MATRICES; m++)
        {
            int[] product = matrix(to - 1, m);
            for (int r = to - 2; r >= from; r--)
            {
                product = MatrixProduct.times(product, 0, matrix(r, m), 0);
            }
            System.arraycopy(product, 0, all, 4 * m, 4);
        }
        return all;
    }

    private static String joined(final int from, final int to, final String open, final String close)
    {
        final StringBuilder text = new StringBuilder();
        for (int r = from; r < to; r++)
        {
            text.append(open).append(r).append(close);
        }
        return text.toString();
    }

    /** 2x2 integer matrix product, items of four ints: associative, not commutative. */
    static final class MatrixProduct implements ReduceOp
    {
        @Override
        public boolean commutative()
        {
            return false;
        }

        @Override
        public void reduce(
            final Object in, final int inOffset, final Object inout, final int inoutOffset, final int count,
            final TypeMap type)
        {
            final int[] a = (int[])in;
            final int[] b = (int[])inout;
            for (int m = 0; m < count; m++)
            {
                final int[] product = times(a, inOffset + 4 * m, b, inoutOffset + 4 * m);
                System.arraycopy(product, 0, b, inoutOffset + 4 * m, 4);
            }
        }

        static int[] times(final int[] a, final int i, final int[] b, final int j)
        {
            return new int[]{
                a[i] * b[j] + a[i + 1] * b[j + 2], a[i] * b[j + 1] + a[i + 1] * b[j + 3],
                a[i + 2] * b[j] + a[i + 3] * b[j + 2], a[i + 2] * b[j + 1] + a[i + 3] * b[j + 3] };
        }
    }

    /** String concatenation over {@code MPI.OBJECT}: associative, not commutative. */
    static final class Concatenation implements ReduceOp
    {
        @Override
        public boolean commutative()
        {
            return false;
        }

        @Override
        public void reduce(
            final Object in, final int inOffset, final Object inout, final int inoutOffset, final int count,
            final TypeMap type)
        {
            final Object[] a = (Object[])in;
            final Object[] b = (Object[])inout;
            for (int i = 0; i < count * type.size(); i++)
            {
                b[inoutOffset + i] = (String)a[inOffset + i] + b[inoutOffset + i];
            }
        }
    }
}
