package mpi;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.IntBuffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Open MPI's neighbourhood collectives on Cartesian, graph and distributed graph communicators, and {@code splitType},
 * on four ranks: in one JVM, two JVMs and two pretend nodes. Every value says which rank sent it and for which block.
 */
@Timeout(180)
class NeighbourCollectivesTest
{
    @ParameterizedTest
    @EnumSource(value = Ranks.Layout.class, names = { "ONE_JVM", "TWO_PER_JVM", "TWO_VIRTUAL_NODES" })
    void neighboursExchangeTheirBlocksOnGridsAndGraphs(final Ranks.Layout layout) throws Exception
    {
        Ranks.run(layout, 4, Neighbours.class, layout == Ranks.Layout.TWO_VIRTUAL_NODES ? "2" : "4");
    }

    public static class Neighbours
    {
        public static void main(final String[] args) throws MPIException
        {
            MPI.Init(args);
            final Intracomm world = MPI.COMM_WORLD;
            final int rank = world.getRank();

            // 2 x 2, both periodic: each dimension's neighbour back and forward is the same rank, so only the order
            // of the blocks tells them apart; what a rank sends back lands in its neighbour's block from forward
            final CartComm torus = world.createCart(new int[]{ 2, 2 }, new boolean[]{ true, true }, false);
            final int[] sent = new int[4];
            for (int i = 0; i < 4; i++)
            {
                sent[i] = 100 * rank + i;
            }
            final int[] got = new int[4];
            torus.neighborAllToAll(sent, 1, MPI.INT, got, 1, MPI.INT);
            final int across = rank ^ 2;
            final int along = rank ^ 1;
            assertArrayEquals(new int[]{ 100 * across + 1, 100 * across, 100 * along + 3, 100 * along + 2 }, got);

            final IntBuffer direct = MPI.newIntBuffer(4);
            torus.iNeighborAllToAll(MPI.newIntBuffer(4).put(sent).clear(), 1, MPI.INT, direct, 1, MPI.INT).waitFor();
            final int[] fromDirect = new int[4];
            direct.get(0, fromDirect);
            assertArrayEquals(got, fromDirect);

            // 4 x 1, the first dimension open: ranks at its ends have no neighbour there, and their blocks stay as
            // they were; the second dimension (one rank, periodic) is the rank itself both ways
            final CartComm line = world.createCart(new int[]{ 4, 1 }, new boolean[]{ false, true }, false);
            final int[] seen = { -1, -1, -1, -1 };
            line.neighborAllGather(new int[]{ rank }, 1, MPI.INT, seen, 1, MPI.INT);
            assertArrayEquals(new int[]{ rank == 0 ? -1 : rank - 1, rank == 3 ? -1 : rank + 1, rank, rank }, seen);

            // a ring as a graph: neighbours (left, right); each rank sends rank + 1 items
            final int left = (rank + 3) % 4;
            final int right = (rank + 1) % 4;
            final GraphComm ring = world.createGraph(new int[]{ 2, 4, 6, 8 }, new int[]{ 3, 1, 0, 2, 1, 3, 2, 0 },
                false);
            final int[] mine = new int[rank + 1];
            java.util.Arrays.fill(mine, rank);
            final int[] gathered = new int[left + 1 + right + 1];
            ring.iNeighborAllGatherv(mine, rank + 1, MPI.INT, gathered, new int[]{ left + 1, right + 1 },
                new int[]{ 0, left + 1 }, MPI.INT).waitFor();
            for (int i = 0; i < gathered.length; i++)
            {
                assertEquals(i <= left ? left : right, gathered[i], "gathered item " + i);
            }

            // to the left one item, to the right two: a rank gets two from its left and one from its right
            final int[] out = { 1000 * rank, 1000 * rank + 1, 1000 * rank + 2 };
            final int[] in = new int[3];
            ring.neighborAllToAllv(out, new int[]{ 1, 2 }, new int[]{ 0, 1 }, MPI.INT,
                in, new int[]{ 2, 1 }, new int[]{ 0, 2 }, MPI.INT);
            assertArrayEquals(new int[]{ 1000 * left + 1, 1000 * left + 2, 1000 * right }, in);

            final MPIException noTopology = assertThrows(MPIException.class,
                () -> world.neighborAllGather(new int[1], 1, MPI.INT, new int[4], 1, MPI.INT));
            assertEquals(MPI.ERR_TOPOLOGY, noTopology.getErrorClass());
            assertTrue(noTopology.getMessage().contains("topology"), noTopology.getMessage());
            final MPIException tooFew = assertThrows(MPIException.class,
                () -> ring.neighborAllToAllv(out, new int[]{ 1 }, new int[]{ 0 }, MPI.INT, in, new int[]{ 2, 1 },
                    new int[]{ 0, 2 }, MPI.INT));
            assertTrue(tooFew.getMessage().contains("entry per neighbour"), tooFew.getMessage());

            // a distributed graph, each rank naming its own edges: in from both sides, out to both sides, weighted
            final GraphComm both = world.createDistGraphAdjacent(new int[]{ left, right }, new int[]{ 10 + left, 20 },
                new int[]{ right, left }, new int[]{ 10 + rank, 20 }, MPI.INFO_NULL, false);
            assertEquals(MPI.DIST_GRAPH, both.getTopology());
            final DistGraphNeighbors edges = both.clone().getDistGraphNeighbors();
            assertEquals(2, edges.getInDegree());
            assertEquals(2, edges.getOutDegree());
            assertTrue(edges.isWeighted());
            assertEquals(left, edges.getSource(0));
            assertEquals(10 + left, edges.getSourceWeight(0));
            assertEquals(left, edges.getDestination(1));
            final int[] pair = new int[2];
            both.neighborAllToAll(new int[]{ 100 * rank, 100 * rank + 1 }, 1, MPI.INT, pair, 1, MPI.INT);
            assertArrayEquals(new int[]{ 100 * left, 100 * right + 1 }, pair);
            final MPIException notAGraph = assertThrows(MPIException.class, both::getDims);
            assertEquals(MPI.ERR_TOPOLOGY, notAGraph.getErrorClass());
            assertEquals(MPI.ERR_TOPOLOGY, assertThrows(MPIException.class, ring::getDistGraphNeighbors)
                .getErrorClass());

            // rank 0 names the whole graph, a directed ring with weights; the others name no edge
            final boolean first = rank == 0;
            final GraphComm directed = world.createDistGraph(first ? new int[]{ 0, 1, 2, 3 } : new int[0],
                first ? new int[]{ 1, 1, 1, 1 } : new int[0], first ? new int[]{ 1, 2, 3, 0 } : new int[0],
                first ? new int[]{ 1, 2, 3, 4 } : new int[0], MPI.INFO_NULL, false);
            final DistGraphNeighbors mineOnly = directed.getDistGraphNeighbors();
            assertEquals(1, mineOnly.getInDegree());
            assertEquals(left, mineOnly.getSource(0));
            assertEquals(left + 1, mineOnly.getSourceWeight(0));
            assertEquals(right, mineOnly.getDestination(0));
            final int[] fromLeft = { -1 };
            directed.neighborAllGather(new int[]{ rank }, 1, MPI.INT, fromLeft, 1, MPI.INT);
            assertEquals(left, fromLeft[0]);

            // rank 0 sends to rank 1, which does not receive from it: every rank fails alike, nobody waits
            final MPIException inconsistent = assertThrows(MPIException.class, () -> world.createDistGraphAdjacent(
                new int[0], rank == 0 ? new int[]{ 1 } : new int[0], MPI.INFO_NULL, false));
            assertEquals(MPI.ERR_ARG, inconsistent.getErrorClass());
            assertTrue(inconsistent.getMessage().contains("rank 0 names rank 1 as a destination 1 times, but rank 1 " +
                "names rank 0 as a source 0 times"), inconsistent.getMessage());
            final MPIException outside = assertThrows(MPIException.class, () -> world.createDistGraph(
                new int[]{ rank }, new int[]{ 1 }, new int[]{ rank == 2 ? 9 : rank }, MPI.INFO_NULL, false));
            assertTrue(outside.getMessage().contains("rank 2 names destination 9"), outside.getMessage());

            // the ranks of this node, last rank first
            final int perNode = Integer.parseInt(args[0]);
            final Intracomm node = world.splitType(MPI.COMM_TYPE_SHARED, -rank, new Info());
            assertEquals(perNode, node.getSize());
            assertEquals(perNode - 1 - rank % perNode, node.getRank());
            assertTrue(world.splitType(MPI.UNDEFINED, 0, new Info()).isNull());
            final MPIException badType = assertThrows(MPIException.class, () -> world.splitType(7, 0, new Info()));
            assertEquals(MPI.ERR_ARG, badType.getErrorClass());
            MPI.Finalize();
        }
    }
}
