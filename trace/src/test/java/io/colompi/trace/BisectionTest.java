package io.colompi.trace;

import io.colompi.trace.place.Bisection;
import io.colompi.trace.place.TracePlacement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Recursive bisection with Kernighan-Lin on graphs whose best cut is known. */
@Timeout(30)
class BisectionTest
{
    private static long[][] graph(final int n)
    {
        return new long[n][n];
    }

    private static void edge(final long[][] g, final int a, final int b, final long w)
    {
        g[a][b] += w;
        g[b][a] += w;
    }

    @Test
    void pairsOfStrideHalfShareAPart()
    {
        final long[][] g = graph(8);
        for (int r = 0; r < 4; r++)
        {
            edge(g, r, r + 4, 1000);
            edge(g, r, r + 1, 1);
        }

        final int[] part = Bisection.partition(g, new int[]{ 2, 2, 2, 2 });

        for (int r = 0; r < 4; r++)
        {
            assertEquals(part[r], part[r + 4], "rank " + r + " and " + (r + 4));
        }
        assertEquals(4, Bisection.cut(g, part), "only the light edges between pairs cross");
    }

    @Test
    void twoCliquesInterleavedAreSeparated()
    {
        final long[][] g = graph(8);
        for (int a = 0; a < 8; a++)
        {
            for (int b = a + 1; b < 8; b++)
            {
                if (a % 2 == b % 2)
                {
                    edge(g, a, b, 10);
                }
            }
        }
        edge(g, 0, 1, 1);

        final int[] part = Bisection.partition(g, new int[]{ 4, 4 });

        assertEquals(1, Bisection.cut(g, part));
        for (int v = 2; v < 8; v++)
        {
            assertEquals(part[v % 2], part[v], "vertex " + v);
        }
    }

    @Test
    void aRingInTwoHalvesCutsTwoEdges()
    {
        final long[][] g = graph(8);
        for (int r = 0; r < 8; r++)
        {
            edge(g, r, (r + 3) % 8, 5);
        }

        final int[] part = Bisection.partition(g, new int[]{ 4, 4 });

        assertEquals(10, Bisection.cut(g, part));
    }

    @Test
    void unequalPartsKeepTheirSizes()
    {
        final long[][] g = graph(5);
        edge(g, 0, 4, 9);
        edge(g, 1, 3, 9);

        final int[] part = Bisection.partition(g, new int[]{ 3, 2 });

        assertEquals(3, java.util.Arrays.stream(part).filter(p -> p == 0).count());
        assertEquals(0, Bisection.cut(g, part));
    }

    @Test
    void jvmsThatTalkMostShareANode()
    {
        // 8 ranks, pairs (r, r+4) heavy; pairs of pairs (r, r+1) medium: JVMs {0,4},{1,5} on one node, {2,6},{3,7} on the other
        final long[][] g = graph(8);
        for (int r = 0; r < 4; r++)
        {
            edge(g, r, r + 4, 1000);
        }
        edge(g, 0, 1, 100);
        edge(g, 4, 5, 100);
        edge(g, 2, 3, 100);
        edge(g, 6, 7, 100);
        edge(g, 1, 2, 1);

        final TracePlacement placement = TracePlacement.compute(g, 2, 2);

        assertEquals(401, placement.jvmCut(), "the pairs share JVMs: only the medium and light edges cross");
        assertEquals(1, placement.nodeCut(), "the JVMs of 0-1 and 4-5 share a node: only the light edge crosses");
        assertEquals(placement.layout().nodeOfJvm(placement.layout().jvmOf(0)),
            placement.layout().nodeOfJvm(placement.layout().jvmOf(5)));
        assertEquals(4000 + 1, placement.blockJvmCut());
    }
}
