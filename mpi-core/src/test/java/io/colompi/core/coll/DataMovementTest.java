package io.colompi.core.coll;

import io.colompi.core.testing.ThreadJob;
import io.colompi.core.type.TypeMap;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

import static io.colompi.core.coll.Layouts.DOUBLE;
import static io.colompi.core.coll.Layouts.INT;
import static io.colompi.core.coll.Layouts.OBJECT;
import static io.colompi.core.coll.Layouts.Item;
import static io.colompi.core.coll.Layouts.filled;
import static io.colompi.core.coll.Layouts.laidOut;
import static io.colompi.core.coll.Layouts.place;
import static io.colompi.core.coll.Layouts.roots;
import static io.colompi.core.coll.Layouts.value;
import static io.colompi.core.coll.Layouts.values;
import static io.colompi.core.coll.Layouts.doubles;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Barrier, broadcast, gathers, scatters and all-to-all against references computed locally. */
@Timeout(20)
class DataMovementTest
{
    /** Three strided pairs: elements {0,1, 4,5, 8,9} of an item 10 wide. */
    private static final TypeMap STRIDED = TypeMap.vector(3, 2, 4, INT);
    /** Three elements two apart: a column. */
    private static final TypeMap COLUMN = TypeMap.vector(3, 1, 2, INT);

    static int[] sizes()
    {
        return Layouts.SIZES;
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void barrierHoldsEveryRankUntilAllHaveArrived(final int np) throws Exception
    {
        final AtomicInteger arrived = new AtomicInteger();
        ThreadJob.run(np, world ->
        {
            for (int phase = 1; phase <= 5; phase++)
            {
                if (world.rank() == phase % np)
                {
                    Thread.sleep(2);
                }
                arrived.incrementAndGet();
                Collectives.barrier(world);
                assertTrue(arrived.get() >= phase * np, "passed barrier " + phase + " early");
                Collectives.barrier(world);
            }
        });
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void bcastCopiesTheRootsItemsEverywhere(final int np) throws Exception
    {
        ThreadJob.run(np, world ->
        {
            final int rank = world.rank();
            for (final int root : roots(np))
            {
                final int[] ints = filled(12);
                if (rank == root)
                {
                    System.arraycopy(values(root, 9), 0, ints, 2, 9);
                }
                Collectives.bcast(world, ints, 2, 9, INT, root);
                assertArrayEquals(laidOut(12, 2, INT, 9, values(root, 9)), ints);

                final double[] doubles = rank == root ? doubles(root, 1000) : new double[1000];
                Collectives.bcast(world, doubles, 0, 1000, DOUBLE, root);
                assertArrayEquals(doubles(root, 1000), doubles);

                final int[] strided = rank == root ? values(root, 21) : filled(21);
                Collectives.bcast(world, strided, 1, 2, STRIDED, root);
                final int[] expected = filled(21);
                for (final int at : Layouts.positions(1, STRIDED, 2))
                {
                    expected[at] = value(root, at);
                }
                assertArrayEquals(rank == root ? values(root, 21) : expected, strided, "gaps must stay untouched");

                final Object[] objects = rank == root ?
                    new Object[]{ new Item(root, "root"), "text", 42, null } : new Object[4];
                Collectives.bcast(world, objects, 0, 4, OBJECT, root);
                assertArrayEquals(new Object[]{ new Item(root, "root"), "text", 42, null }, objects);

                Collectives.bcast(world, new int[0], 0, 0, INT, root);
            }
        });
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void gatherCollectsBlocksInRankOrderAtTheRoot(final int np) throws Exception
    {
        ThreadJob.run(np, world ->
        {
            final int rank = world.rank();
            for (final int root : roots(np))
            {
                final int[] send = filled(5);
                System.arraycopy(values(rank, 3), 0, send, 2, 3);
                final int[] ints = filled(3 * np + 2);
                Collectives.gather(world, send, 2, 3, INT, ints, 1, 3, INT, root);
                final int[] expected = filled(3 * np + 2);
                for (int r = 0; r < np; r++)
                {
                    System.arraycopy(values(r, 3), 0, expected, 1 + 3 * r, 3);
                }
                assertArrayEquals(rank == root ? expected : filled(3 * np + 2), ints);

                final double[] doubles = new double[7 * np];
                Collectives.gather(world, doubles(rank, 7), 0, 7, DOUBLE, doubles, 0, 7, DOUBLE, root);
                if (rank == root)
                {
                    for (int r = 0; r < np; r++)
                    {
                        assertArrayEquals(doubles(r, 7), Arrays.copyOfRange(doubles, 7 * r, 7 * r + 7));
                    }
                }

                // a column out of each rank's matrix, gathered as plain ints ...
                final int[] matrix = values(rank, 6);
                final int[] columns = filled(3 * np);
                Collectives.gather(world, matrix, 1, 1, COLUMN, columns, 0, 3, INT, root);
                // ... and plain ints gathered into columns of the root's matrix (item extent 5)
                final int[] spread = filled(5 * np);
                Collectives.gather(world, values(rank, 3), 0, 3, INT, spread, 0, 1, COLUMN, root);
                if (rank == root)
                {
                    final int[] expectedColumns = new int[3 * np];
                    final int[] expectedSpread = filled(5 * np);
                    for (int r = 0; r < np; r++)
                    {
                        expectedColumns[3 * r] = value(r, 1);
                        expectedColumns[3 * r + 1] = value(r, 3);
                        expectedColumns[3 * r + 2] = value(r, 5);
                        place(expectedSpread, 5 * r, COLUMN, 1, values(r, 3));
                    }
                    assertArrayEquals(expectedColumns, columns);
                    assertArrayEquals(expectedSpread, spread);
                }

                final Object[] objects = new Object[2 * np];
                final Object[] mine = { new Item(rank, "from " + rank), "x" + rank };
                Collectives.gather(world, mine, 0, 2, OBJECT, objects, 0, 2, OBJECT, root);
                if (rank == root)
                {
                    for (int r = 0; r < np; r++)
                    {
                        assertEquals(new Item(r, "from " + r), objects[2 * r]);
                        assertEquals("x" + r, objects[2 * r + 1]);
                    }
                    assertNotSame(mine[0], objects[2 * rank], "objects arrive by value, from self too");
                }
            }
        });
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void gathervPlacesBlocksOfDifferentSizesAtTheirDisplacements(final int np) throws Exception
    {
        final int[] counts = new int[np];
        final int[] displs = new int[np];
        final int length = irregular(np, counts, displs);
        ThreadJob.run(np, world ->
        {
            final int rank = world.rank();
            for (final int root : roots(np))
            {
                final int[] received = filled(length + 1);
                Collectives.gatherv(world, values(rank, counts[rank]), 0, counts[rank], INT,
                    received, 1, counts, displs, INT, root);
                final int[] expected = filled(length + 1);
                for (int r = 0; rank == root && r < np; r++)
                {
                    System.arraycopy(values(r, counts[r]), 0, expected, 1 + displs[r], counts[r]);
                }
                assertArrayEquals(expected, received);

                // blocks of pairs: displacements count in extents of the receive type
                final TypeMap pair = TypeMap.contiguous(2, INT);
                final int[] pairs = filled(2 * length);
                Collectives.gatherv(world, values(rank, 2 * counts[rank]), 0, 2 * counts[rank], INT,
                    pairs, 0, counts, displs, pair, root);
                final int[] expectedPairs = filled(2 * length);
                for (int r = 0; rank == root && r < np; r++)
                {
                    System.arraycopy(values(r, 2 * counts[r]), 0, expectedPairs, 2 * displs[r], 2 * counts[r]);
                }
                assertArrayEquals(expectedPairs, pairs);
            }
        });
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void scatterHandsBlockIToRankI(final int np) throws Exception
    {
        ThreadJob.run(np, world ->
        {
            final int rank = world.rank();
            for (final int root : roots(np))
            {
                final int[] all = values(root, 4 * np + 1);
                final int[] mine = filled(6);
                Collectives.scatter(world, rank == root ? all : null, 1, 4, INT, mine, 2, 4, INT, root);
                final int[] expected = filled(6);
                System.arraycopy(all, 1 + 4 * rank, expected, 2, 4);
                assertArrayEquals(expected, mine);

                final double[] doubles = new double[3];
                Collectives.scatter(world, doubles(root, 3 * np), 0, 3, DOUBLE, doubles, 0, 3, DOUBLE, root);
                assertArrayEquals(Arrays.copyOfRange(doubles(root, 3 * np), 3 * rank, 3 * rank + 3), doubles);

                // the root's columns (item extent 5) to plain ints
                final int[] column = new int[3];
                Collectives.scatter(world, values(root, 5 * np), 0, 1, COLUMN, column, 0, 3, INT, root);
                assertArrayEquals(new int[]{ value(root, 5 * rank), value(root, 5 * rank + 2),
                    value(root, 5 * rank + 4) }, column);

                final Object[] objects = new Object[np];
                for (int r = 0; r < np; r++)
                {
                    objects[r] = new Item(r, "to " + r);
                }
                final Object[] received = new Object[1];
                Collectives.scatter(world, objects, 0, 1, OBJECT, received, 0, 1, OBJECT, root);
                assertEquals(new Item(rank, "to " + rank), received[0]);
            }
        });
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void scattervTakesBlocksOfDifferentSizesFromTheirDisplacements(final int np) throws Exception
    {
        final int[] counts = new int[np];
        final int[] displs = new int[np];
        final int length = irregular(np, counts, displs);
        ThreadJob.run(np, world ->
        {
            final int rank = world.rank();
            for (final int root : roots(np))
            {
                final int[] all = values(root, length + 2);
                final int[] mine = filled(counts[rank] + 1);
                Collectives.scatterv(world, all, 2, counts, displs, INT, mine, 1, counts[rank], INT, root);
                final int[] expected = filled(counts[rank] + 1);
                System.arraycopy(all, 2 + displs[rank], expected, 1, counts[rank]);
                assertArrayEquals(expected, mine);
            }
        });
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void allgatherGivesEveryRankAllBlocks(final int np) throws Exception
    {
        final int[] counts = new int[np];
        final int[] displs = new int[np];
        final int length = irregular(np, counts, displs);
        ThreadJob.run(np, world ->
        {
            final int rank = world.rank();
            final int[] all = filled(2 * np + 1);
            Collectives.allgather(world, values(rank, 2), 0, 2, INT, all, 1, 2, INT);
            final int[] expected = filled(2 * np + 1);
            for (int r = 0; r < np; r++)
            {
                System.arraycopy(values(r, 2), 0, expected, 1 + 2 * r, 2);
            }
            assertArrayEquals(expected, all);

            final double[] doubles = new double[50 * np];
            Collectives.allgather(world, doubles(rank, 50), 0, 50, DOUBLE, doubles, 0, 50, DOUBLE);
            for (int r = 0; r < np; r++)
            {
                assertArrayEquals(doubles(r, 50), Arrays.copyOfRange(doubles, 50 * r, 50 * r + 50));
            }

            final int[] spread = filled(5 * np);
            Collectives.allgather(world, values(rank, 3), 0, 3, INT, spread, 0, 1, COLUMN);
            final int[] expectedSpread = filled(5 * np);
            for (int r = 0; r < np; r++)
            {
                place(expectedSpread, 5 * r, COLUMN, 1, values(r, 3));
            }
            assertArrayEquals(expectedSpread, spread);

            final int[] varying = filled(length);
            Collectives.allgatherv(world, values(rank, counts[rank]), 0, counts[rank], INT,
                varying, 0, counts, displs, INT);
            final int[] expectedVarying = filled(length);
            for (int r = 0; r < np; r++)
            {
                System.arraycopy(values(r, counts[r]), 0, expectedVarying, displs[r], counts[r]);
            }
            assertArrayEquals(expectedVarying, varying);

            final Object[] objects = new Object[np];
            Collectives.allgather(world, new Object[]{ new Item(rank, "r") }, 0, 1, OBJECT, objects, 0, 1, OBJECT);
            for (int r = 0; r < np; r++)
            {
                assertEquals(new Item(r, "r"), objects[r]);
            }
        });
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void alltoallTransposesBlocks(final int np) throws Exception
    {
        ThreadJob.run(np, world ->
        {
            final int rank = world.rank();
            // rank r sends value(r, 10 * j + k) to rank j
            final int[] send = new int[3 * np + 1];
            for (int j = 0; j < np; j++)
            {
                for (int k = 0; k < 3; k++)
                {
                    send[1 + 3 * j + k] = value(rank, 10 * j + k);
                }
            }
            final int[] received = filled(3 * np + 2);
            Collectives.alltoall(world, send, 1, 3, INT, received, 2, 3, INT);
            final int[] expected = filled(3 * np + 2);
            for (int i = 0; i < np; i++)
            {
                for (int k = 0; k < 3; k++)
                {
                    expected[2 + 3 * i + k] = value(i, 10 * rank + k);
                }
            }
            assertArrayEquals(expected, received);

            final double[] doubles = new double[np];
            final double[] out = new double[np];
            for (int j = 0; j < np; j++)
            {
                out[j] = rank * 100 + j;
            }
            Collectives.alltoall(world, out, 0, 1, DOUBLE, doubles, 0, 1, DOUBLE);
            for (int i = 0; i < np; i++)
            {
                assertEquals(i * 100 + rank, doubles[i]);
            }

            final Object[] objects = new Object[2 * np];
            final Object[] outgoing = new Object[2 * np];
            for (int j = 0; j < np; j++)
            {
                outgoing[2 * j] = new Item(rank, "to " + j);
                outgoing[2 * j + 1] = rank + "->" + j;
            }
            Collectives.alltoall(world, outgoing, 0, 2, OBJECT, objects, 0, 2, OBJECT);
            for (int i = 0; i < np; i++)
            {
                assertEquals(new Item(i, "to " + rank), objects[2 * i]);
                assertEquals(i + "->" + rank, objects[2 * i + 1]);
            }
        });
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void alltoallvMovesBlocksOfDifferentSizes(final int np) throws Exception
    {
        ThreadJob.run(np, world ->
        {
            final int rank = world.rank();
            // rank i sends (i + j) % 3 items to rank j; send blocks packed in reverse order, receive blocks with gaps
            final int[] scounts = new int[np];
            final int[] sdispls = new int[np];
            final int[] rcounts = new int[np];
            final int[] rdispls = new int[np];
            int sent = 0;
            int room = 0;
            for (int j = np - 1; j >= 0; j--)
            {
                scounts[j] = (rank + j) % 3;
                sdispls[j] = sent;
                sent += scounts[j];
            }
            for (int i = 0; i < np; i++)
            {
                rcounts[i] = (i + rank) % 3;
                rdispls[i] = room + 1;
                room += rcounts[i] + 1;
            }
            final int[] send = new int[sent];
            for (int j = 0; j < np; j++)
            {
                for (int k = 0; k < scounts[j]; k++)
                {
                    send[sdispls[j] + k] = value(rank, 10 * j + k);
                }
            }
            final int[] received = filled(room);
            Collectives.alltoallv(world, send, 0, scounts, sdispls, INT, received, 0, rcounts, rdispls, INT);
            final int[] expected = filled(room);
            for (int i = 0; i < np; i++)
            {
                for (int k = 0; k < rcounts[i]; k++)
                {
                    expected[rdispls[i] + k] = value(i, 10 * rank + k);
                }
            }
            assertArrayEquals(expected, received);

            final Object[] objects = new Object[room];
            final Object[] outgoing = new Object[sent];
            for (int j = 0; j < np; j++)
            {
                for (int k = 0; k < scounts[j]; k++)
                {
                    outgoing[sdispls[j] + k] = new Item(rank, j + "/" + k);
                }
            }
            Collectives.alltoallv(world, outgoing, 0, scounts, sdispls, OBJECT, objects, 0, rcounts, rdispls, OBJECT);
            for (int i = 0; i < np; i++)
            {
                for (int k = 0; k < rcounts[i]; k++)
                {
                    assertEquals(new Item(i, rank + "/" + k), objects[rdispls[i] + k]);
                }
            }
        });
    }

    /**
     * Counts 0, 1, 2, 0, 1, ... (rank 0 sends nothing) at displacements in reverse rank order with a gap of one
     * after each block; returns the length the blocks span.
     */
    static int irregular(final int np, final int[] counts, final int[] displs)
    {
        int length = 0;
        for (int r = np - 1; r >= 0; r--)
        {
            counts[r] = r % 3;
            displs[r] = length;
            length += counts[r] + 1;
        }
        return length;
    }
}
