package io.colompi.core.comm;

import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;
import io.colompi.core.pt2pt.Peers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GroupsTest
{
    private static final int[] G = { 10, 11, 12, 13, 14, 15, 16, 17 };

    @Test
    @Timeout(10)
    void setOperationsFollowMpiOrdering()
    {
        final int[] a = { 5, 1, 7, 3 };
        final int[] b = { 3, 8, 5, 0 };
        assertArrayEquals(new int[]{ 5, 1, 7, 3, 8, 0 }, Groups.union(a, b));
        assertArrayEquals(new int[]{ 5, 3 }, Groups.intersection(a, b));
        assertArrayEquals(new int[]{ 3, 5 }, Groups.intersection(b, a));
        assertArrayEquals(new int[]{ 1, 7 }, Groups.difference(a, b));
        assertArrayEquals(new int[]{ 8, 0 }, Groups.difference(b, a));
        assertArrayEquals(new int[0], Groups.intersection(a, new int[0]));
        assertArrayEquals(a, Groups.union(a, new int[0]));
    }

    @Test
    @Timeout(10)
    void inclAndExclPickByGroupRank()
    {
        assertArrayEquals(new int[]{ 13, 10, 17 }, Groups.incl(G, new int[]{ 3, 0, 7 }));
        assertArrayEquals(new int[]{ 11, 12, 14, 15, 16 }, Groups.excl(G, new int[]{ 7, 0, 3 }));
        assertArrayEquals(new int[0], Groups.incl(G, new int[0]));
        assertArrayEquals(G, Groups.excl(G, new int[0]));
    }

    @Test
    @Timeout(10)
    void invalidRanksAreRankErrorsAndDuplicatesArgErrors()
    {
        assertEquals(ErrorClass.RANK, assertThrows(MpiError.class, () -> Groups.incl(G, new int[]{ 8 })).errorClass());
        assertEquals(ErrorClass.RANK, assertThrows(MpiError.class, () -> Groups.excl(G, new int[]{ -1 })).errorClass());
        assertEquals(ErrorClass.ARG, assertThrows(MpiError.class, () -> Groups.incl(G, new int[]{ 2, 2 })).errorClass());
        assertEquals(ErrorClass.ARG, assertThrows(MpiError.class, () -> Groups.excl(G, new int[]{ 1, 1 })).errorClass());
    }

    @Test
    @Timeout(10)
    void rangesExpandWithPositiveAndNegativeStrides()
    {
        assertArrayEquals(new int[]{ 10, 12, 14, 16 }, Groups.rangeIncl(G, new int[][]{ { 0, 7, 2 } }));
        assertArrayEquals(new int[]{ 17, 14, 11 }, Groups.rangeIncl(G, new int[][]{ { 7, 1, -3 } }));
        assertArrayEquals(new int[]{ 16, 15, 14, 10, 13 },
            Groups.rangeIncl(G, new int[][]{ { 6, 4, -1 }, { 0, 0, 1 }, { 3, 3, -5 } }));
        assertArrayEquals(new int[]{ 11, 12, 14, 15 }, Groups.rangeExcl(G, new int[][]{ { 7, 6, -1 }, { 0, 3, 3 } }));
        assertArrayEquals(new int[]{ 13 }, Groups.rangeIncl(G, new int[][]{ { 3, 5, 4 } }));
    }

    @Test
    @Timeout(10)
    void badRangesAreRejected()
    {
        assertEquals(ErrorClass.ARG,
            assertThrows(MpiError.class, () -> Groups.rangeIncl(G, new int[][]{ { 0, 3, 0 } })).errorClass());
        assertEquals(ErrorClass.ARG,
            assertThrows(MpiError.class, () -> Groups.rangeIncl(G, new int[][]{ { 5, 2, 1 } })).errorClass());
        assertEquals(ErrorClass.ARG,
            assertThrows(MpiError.class, () -> Groups.rangeIncl(G, new int[][]{ { 3, 2, 5 } })).errorClass());
        assertEquals(ErrorClass.ARG,
            assertThrows(MpiError.class, () -> Groups.rangeExcl(G, new int[][]{ { 2, 5, -1 } })).errorClass());
        assertEquals(ErrorClass.RANK,
            assertThrows(MpiError.class, () -> Groups.rangeIncl(G, new int[][]{ { 0, 8, 1 } })).errorClass());
        assertEquals(ErrorClass.ARG,
            assertThrows(MpiError.class, () -> Groups.rangeIncl(G, new int[][]{ { 0, 4, 2 }, { 4, 1, -1 } })).errorClass());
        assertEquals(ErrorClass.ARG,
            assertThrows(MpiError.class, () -> Groups.rangeIncl(G, new int[][]{ { 0, 1 } })).errorClass());
    }

    @Test
    @Timeout(10)
    void translateRanksMapsThroughWorldRanks()
    {
        final int[] g2 = { 17, 3, 12, 10 };
        assertArrayEquals(new int[]{ 3, Peers.UNDEFINED, 2, 0, Peers.PROC_NULL },
            Groups.translateRanks(G, new int[]{ 0, 1, 2, 7, Peers.PROC_NULL }, g2));
        assertArrayEquals(new int[]{ 7, Peers.UNDEFINED }, Groups.translateRanks(g2, new int[]{ 0, 1 }, G));
        assertEquals(ErrorClass.RANK,
            assertThrows(MpiError.class, () -> Groups.translateRanks(g2, new int[]{ 4 }, G)).errorClass());
    }

    @Test
    @Timeout(10)
    void compareAndRankOf()
    {
        assertEquals(Comparison.IDENT, Groups.compare(new int[]{ 1, 2, 3 }, new int[]{ 1, 2, 3 }));
        assertEquals(Comparison.SIMILAR, Groups.compare(new int[]{ 1, 2, 3 }, new int[]{ 3, 1, 2 }));
        assertEquals(Comparison.UNEQUAL, Groups.compare(new int[]{ 1, 2, 3 }, new int[]{ 1, 2, 4 }));
        assertEquals(Comparison.UNEQUAL, Groups.compare(new int[]{ 1, 2 }, new int[]{ 1, 2, 3 }));
        assertEquals(Comparison.IDENT, Groups.compare(new int[0], new int[0]));
        assertEquals(4, Groups.rankOf(G, 14));
        assertEquals(Peers.UNDEFINED, Groups.rankOf(G, 3));
    }
}
