package io.colompi.core.comm;

import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;
import io.colompi.core.pt2pt.Peers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TopologyTest
{
    @Test
    @Timeout(10)
    void dimsCreateFillsZerosBalancedAndNonIncreasing()
    {
        assertArrayEquals(new int[]{ 3, 2 }, CartTopology.dimsCreate(6, new int[2]));
        assertArrayEquals(new int[]{ 7, 1 }, CartTopology.dimsCreate(7, new int[2]));
        assertArrayEquals(new int[]{ 2, 3, 2 }, CartTopology.dimsCreate(12, new int[]{ 0, 3, 0 }));
        assertArrayEquals(new int[]{ 4, 4, 4 }, CartTopology.dimsCreate(64, new int[3]));
        assertArrayEquals(new int[]{ 4, 4, 2 }, CartTopology.dimsCreate(32, new int[3]));
        assertArrayEquals(new int[]{ 6, 4, 3 }, CartTopology.dimsCreate(72, new int[3]));
        assertArrayEquals(new int[]{ 15, 14 }, CartTopology.dimsCreate(210, new int[2]));
        assertArrayEquals(new int[]{ 5, 3, 2 }, CartTopology.dimsCreate(30, new int[3]));
        assertArrayEquals(new int[]{ 1, 1, 1 }, CartTopology.dimsCreate(1, new int[3]));
        assertArrayEquals(new int[]{ 16 }, CartTopology.dimsCreate(16, new int[1]));
        assertArrayEquals(new int[]{ 2, 8 }, CartTopology.dimsCreate(16, new int[]{ 2, 8 }));
        assertArrayEquals(new int[]{ 5, 2, 3 }, CartTopology.dimsCreate(30, new int[]{ 0, 0, 3 }));
        assertArrayEquals(new int[0], CartTopology.dimsCreate(1, new int[0]));
        final int[] dims = new int[2];
        assertSame(dims, CartTopology.dimsCreate(9, dims));
        assertArrayEquals(new int[]{ 3, 3 }, dims);
    }

    @Test
    @Timeout(10)
    void dimsCreateIsQuickForManyDivisorsAndManyDimensions()
    {
        final int[] dims = CartTopology.dimsCreate(735_134_400, new int[8]);
        long product = 1;
        for (int i = 0; i < dims.length; i++)
        {
            product *= dims[i];
            if (i > 0)
            {
                assertEquals(true, dims[i] <= dims[i - 1]);
            }
        }
        assertEquals(735_134_400L, product);
        assertArrayEquals(new int[]{ 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1 },
            CartTopology.dimsCreate(4096, new int[16]));
        assertArrayEquals(new int[]{ 46_337, 46_327 }, CartTopology.dimsCreate(46_337 * 46_327, new int[2]));
    }

    @Test
    @Timeout(10)
    void dimsCreateMatchesAnExhaustiveSearchOnSmallCases()
    {
        for (int k = 1; k <= 4; k++)
        {
            for (int n = 1; n <= 300; n++)
            {
                final int[] expected = exhaustive(n, k);
                assertArrayEquals(expected, CartTopology.dimsCreate(n, new int[k]), "nnodes " + n + ", " + k + " dims");
            }
        }
    }

    /** Every non-increasing factorisation; the one of smallest spread, ties to the lexicographically smallest. */
    private static int[] exhaustive(final int n, final int k)
    {
        final java.util.List<int[]> all = new java.util.ArrayList<>();
        enumerate(n, k, n, new int[k], 0, all);
        int[] best = null;
        for (final int[] f : all)
        {
            if (best == null || f[0] - f[k - 1] < best[0] - best[k - 1] ||
                (f[0] - f[k - 1] == best[0] - best[k - 1] && java.util.Arrays.compare(f, best) < 0))
            {
                best = f;
            }
        }
        return best;
    }

    private static void enumerate(
        final int rest, final int k, final int max, final int[] current, final int pos, final java.util.List<int[]> out)
    {
        if (pos == k)
        {
            if (rest == 1)
            {
                out.add(current.clone());
            }
            return;
        }
        for (int d = 1; d <= Math.min(rest, max); d++)
        {
            if (rest % d == 0)
            {
                current[pos] = d;
                enumerate(rest / d, k, d, current, pos + 1, out);
            }
        }
    }

    @Test
    @Timeout(10)
    void dimsCreateRejectsWhatMpiRejects()
    {
        assertEquals(ErrorClass.DIMS,
            assertThrows(MpiError.class, () -> CartTopology.dimsCreate(7, new int[]{ 2, 0 })).errorClass());
        assertEquals(ErrorClass.DIMS,
            assertThrows(MpiError.class, () -> CartTopology.dimsCreate(6, new int[]{ -1, 0 })).errorClass());
        assertEquals(ErrorClass.DIMS,
            assertThrows(MpiError.class, () -> CartTopology.dimsCreate(8, new int[]{ 2, 2 })).errorClass());
        assertEquals(ErrorClass.DIMS,
            assertThrows(MpiError.class, () -> CartTopology.dimsCreate(0, new int[2])).errorClass());
        assertEquals(ErrorClass.DIMS, assertThrows(MpiError.class,
            () -> CartTopology.dimsCreate(6, new int[]{ 100_000, 100_000, 0 })).errorClass());
    }

    @Test
    @Timeout(10)
    void coordsAndRankAreRowMajorAndWrapOnlyWherePeriodic()
    {
        final CartTopology t = new CartTopology(new int[]{ 2, 3 }, new boolean[]{ false, true });
        assertEquals(6, t.size());
        assertArrayEquals(new int[]{ 0, 0 }, t.coords(0));
        assertArrayEquals(new int[]{ 0, 2 }, t.coords(2));
        assertArrayEquals(new int[]{ 1, 1 }, t.coords(4));
        for (int r = 0; r < 6; r++)
        {
            assertEquals(r, t.rank(t.coords(r)));
        }
        assertEquals(3, t.rank(new int[]{ 1, 3 }));
        assertEquals(5, t.rank(new int[]{ 1, -1 }));
        assertEquals(2, t.rank(new int[]{ 0, -7 }));
        assertEquals(ErrorClass.ARG, assertThrows(MpiError.class, () -> t.rank(new int[]{ 2, 0 })).errorClass());
        assertEquals(ErrorClass.ARG, assertThrows(MpiError.class, () -> t.rank(new int[]{ -1, 0 })).errorClass());
        assertEquals(ErrorClass.ARG, assertThrows(MpiError.class, () -> t.rank(new int[]{ 0 })).errorClass());
        assertEquals(ErrorClass.RANK, assertThrows(MpiError.class, () -> t.coords(6)).errorClass());
        assertEquals(4, t.map(4));
        assertEquals(Peers.UNDEFINED, t.map(6));
    }

    @Test
    @Timeout(10)
    void shiftGivesProcNullAtNonPeriodicEdgesAndWrapsPeriodicOnes()
    {
        final CartTopology t = new CartTopology(new int[]{ 3, 4 }, new boolean[]{ false, true });
        // rank 0 = (0,0), rank 5 = (1,1), rank 11 = (2,3)
        assertEquals(new CartTopology.Shift(Peers.PROC_NULL, 4), t.shift(0, 0, 1));
        assertEquals(new CartTopology.Shift(1, 9), t.shift(5, 0, 1));
        assertEquals(new CartTopology.Shift(7, Peers.PROC_NULL), t.shift(11, 0, 1));
        assertEquals(new CartTopology.Shift(Peers.PROC_NULL, 3), t.shift(11, 0, -2));
        assertEquals(new CartTopology.Shift(Peers.PROC_NULL, Peers.PROC_NULL), t.shift(5, 0, 3));
        assertEquals(new CartTopology.Shift(3, 1), t.shift(0, 1, 1));
        assertEquals(new CartTopology.Shift(10, 8), t.shift(11, 1, 1));
        assertEquals(new CartTopology.Shift(4, 6), t.shift(5, 1, -3));
        assertEquals(new CartTopology.Shift(5, 5), t.shift(5, 1, 8));
        assertEquals(new CartTopology.Shift(5, 5), t.shift(5, 0, 0));
        assertEquals(ErrorClass.ARG, assertThrows(MpiError.class, () -> t.shift(0, 2, 1)).errorClass());
    }

    @Test
    @Timeout(10)
    void subKeepsChosenDimensionsAndGivesColorAndKey()
    {
        final CartTopology t = new CartTopology(new int[]{ 2, 3, 2 }, new boolean[]{ true, false, true });
        final boolean[] remain = { true, false, true };
        final CartTopology sub = t.sub(remain);
        assertArrayEquals(new int[]{ 2, 2 }, sub.dims());
        assertArrayEquals(new boolean[]{ true, true }, sub.periods());
        // rank 9 = (1, 1, 1): color = coordinate along the dropped middle dimension, key = rank of (1, 1) in 2x2
        assertEquals(1, t.subColor(9, remain));
        assertEquals(3, t.subKey(9, remain));
        final boolean[] none = { false, false, false };
        assertEquals(0, t.sub(none).ndims());
        assertEquals(1, t.sub(none).size());
        assertEquals(9, t.subColor(9, none));
        assertEquals(0, t.subKey(9, none));
        assertEquals(ErrorClass.ARG, assertThrows(MpiError.class, () -> t.sub(new boolean[2])).errorClass());
        // entries past the grid's dimensions are not read, as in C (ompi-java-test's Cart passes four to a 0-d grid)
        assertArrayEquals(new int[]{ 2, 2 }, t.sub(new boolean[]{ true, false, true, true }).dims());
        assertEquals(3, t.subKey(9, new boolean[]{ true, false, true, false }));
    }

    @Test
    @Timeout(10)
    void cartTopologyValidatesItsShape()
    {
        assertEquals(ErrorClass.DIMS,
            assertThrows(MpiError.class, () -> new CartTopology(new int[]{ 2, 0 }, new boolean[2])).errorClass());
        assertEquals(ErrorClass.ARG,
            assertThrows(MpiError.class, () -> new CartTopology(new int[]{ 2 }, new boolean[2])).errorClass());
        assertEquals(1, new CartTopology(new int[0], new boolean[0]).size());
    }

    @Test
    @Timeout(10)
    void graphNeighboursComeFromCumulativeIndex()
    {
        // 0 -> 1,2 ; 1 -> 0 ; 2 -> (none) ; 3 -> 3,0,0 (self-loop and repeated edge are allowed)
        final GraphTopology g = new GraphTopology(new int[]{ 2, 3, 3, 6 }, new int[]{ 1, 2, 0, 3, 0, 0, 99 });
        assertEquals(4, g.nnodes());
        assertArrayEquals(new int[]{ 1, 2 }, g.neighbours(0));
        assertArrayEquals(new int[]{ 0 }, g.neighbours(1));
        assertArrayEquals(new int[0], g.neighbours(2));
        assertArrayEquals(new int[]{ 3, 0, 0 }, g.neighbours(3));
        assertEquals(2, g.neighbourCount(0));
        assertEquals(0, g.neighbourCount(2));
        assertEquals(3, g.neighbourCount(3));
        assertArrayEquals(new int[]{ 1, 2, 0, 3, 0, 0 }, g.edges());
        assertArrayEquals(new int[]{ 2, 3, 3, 6 }, g.index());
        assertEquals(Peers.UNDEFINED, g.map(4));
        assertEquals(ErrorClass.RANK, assertThrows(MpiError.class, () -> g.neighbours(4)).errorClass());
        assertEquals(ErrorClass.RANK, assertThrows(MpiError.class, () -> g.neighbourCount(-1)).errorClass());
    }

    @Test
    @Timeout(10)
    void graphTopologyValidatesIndexAndEdges()
    {
        assertEquals(ErrorClass.ARG,
            assertThrows(MpiError.class, () -> new GraphTopology(new int[]{ 2, 1 }, new int[]{ 1, 0 })).errorClass());
        assertEquals(ErrorClass.ARG,
            assertThrows(MpiError.class, () -> new GraphTopology(new int[]{ -1, 1 }, new int[]{ 1 })).errorClass());
        assertEquals(ErrorClass.ARG,
            assertThrows(MpiError.class, () -> new GraphTopology(new int[]{ 1, 3 }, new int[]{ 1, 0 })).errorClass());
        assertEquals(ErrorClass.ARG,
            assertThrows(MpiError.class, () -> new GraphTopology(new int[]{ 1, 2 }, new int[]{ 1, 2 })).errorClass());
    }
}
