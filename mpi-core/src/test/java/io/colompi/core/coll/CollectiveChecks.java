package io.colompi.core.coll;

import io.colompi.core.comm.Communicator;
import io.colompi.core.job.CollectiveTuning;
import io.colompi.core.job.RuntimeSettings;
import io.colompi.core.op.PredefinedOp;
import io.colompi.core.op.ReduceOp;
import io.colompi.core.pt2pt.Request;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.TypeMap;

import java.lang.reflect.Array;
import java.util.Arrays;

import static io.colompi.core.coll.Layouts.DOUBLE;
import static io.colompi.core.coll.Layouts.INT;
import static io.colompi.core.coll.Layouts.Item;
import static io.colompi.core.coll.Layouts.OBJECT;
import static io.colompi.core.coll.Layouts.doubles;
import static io.colompi.core.coll.Layouts.filled;
import static io.colompi.core.coll.Layouts.place;
import static io.colompi.core.coll.Layouts.positions;
import static io.colompi.core.coll.Layouts.roots;
import static io.colompi.core.coll.Layouts.value;
import static io.colompi.core.coll.Layouts.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

/**
 * Every collective against a reference computed locally, in one body that runs blocking or nonblocking (start,
 * then wait): INT, DOUBLE, every other basic type, derived layouts with gaps (which must stay untouched),
 * OBJECT for data movement,
 * predefined, commutative user and non-commutative user operations (whose rank order is checked). Sizes are
 * chosen so that every algorithm a {@link CollectiveTuning} can force has real work to do: reduction vectors
 * longer than np, blocks that do not divide evenly.
 */
final class CollectiveChecks
{
    /** Items of a 2x2 matrix; MATMUL is associative, not commutative. */
    static final TypeMap MATRIX = TypeMap.contiguous(4, INT);
    /** Two ints three apart, items four wide: a layout with gaps. */
    static final TypeMap GAPPED = TypeMap.vector(2, 1, 3, INT);
    /** Three strided pairs: elements {0,1, 4,5, 8,9} of an item 10 wide. */
    static final TypeMap STRIDED = TypeMap.vector(3, 2, 4, INT);
    /** Three elements two apart: a column. */
    static final TypeMap COLUMN = TypeMap.vector(3, 1, 2, INT);
    static final ReduceOp MATMUL = new ReductionTest.MatrixProduct();
    static final ReduceOp CONCAT = new ReductionTest.Concatenation();
    /** Integer addition declared commutative: a user operation on the paths that need one. */
    static final ReduceOp USER_SUM = new UserSum();
    static final TypeMap INT_PAIR = TypeMap.pair(BaseType.INT);
    /** Reduction vectors: longer than any np tested, not a multiple of it. */
    static final int LONG = 37;

    /** How the checks call the collectives. */
    enum Mode
    {
        BLOCKING, NONBLOCKING
    }

    /**
     * Default thresholds, except that allreduce, bcast, allgather and alltoall of any size (bcast at any np) go through
     * {@link NodeArena}s wherever they can, with slots of 24 bytes: every call then moves many chunks through both
     * sets; allreduce chunks are cut in slices.
     */
    static final CollectiveTuning NODE_ARENAS_ALWAYS = tuning(false, 0, 0, 0, 0, 0, 24, 0);

    /** As {@link #NODE_ARENAS_ALWAYS}, allreduce chunks combined whole by every participant. */
    static final CollectiveTuning NODE_ARENAS_WHOLE = tuning(false, 0, 0, 0, 0, Integer.MAX_VALUE, 24, 0);

    /** The default settings but {@code tuning}. */
    static RuntimeSettings settings(final CollectiveTuning tuning)
    {
        return RuntimeSettings.defaults().toBuilder().collectives(tuning).build();
    }

    /** Default thresholds with the hierarchical path off: ranks of one JVM run what ranks in different JVMs would. */
    static CollectiveTuning flatDefaults()
    {
        final CollectiveTuning d = CollectiveTuning.DEFAULTS;
        return new CollectiveTuning(false, d.leaders(), d.nodeAllreduceBytes(), d.nodeBcastBytes(),
            d.nodeAllgatherBytes(), d.nodeAlltoallBytes(), d.nodeDirectReadBytes(), d.nodeSlotBytes(),
            d.bcastShortBytes(), d.bcastMinProcs(), d.allreduceShortBytes(), d.allreduceRingBytes(),
            d.allreduceRingMinProcs(), d.allgatherShortBytes(), d.allgatherLongBytes(), d.alltoallShortBytes(),
            d.alltoallMinProcs(), d.gatherShortBytes(), d.scatterShortBytes(), d.objectBytes());
    }

    /** Default thresholds, with the leaders' phase on or off, and node arenas for large data as by default. */
    static CollectiveTuning withLeaders(final boolean leaders)
    {
        final CollectiveTuning d = CollectiveTuning.DEFAULTS;
        return tuning(leaders, d.nodeAllreduceBytes(), d.nodeBcastBytes(), d.nodeAllgatherBytes(),
            d.nodeAlltoallBytes(), d.nodeDirectReadBytes(), d.nodeSlotBytes(), d.bcastMinProcs());
    }

    private static CollectiveTuning tuning(final boolean leaders, final int nodeAllreduceBytes,
        final int nodeBcastBytes, final int nodeAllgatherBytes, final int nodeAlltoallBytes,
        final int nodeDirectReadBytes, final int nodeSlotBytes, final int bcastMinProcs)
    {
        final CollectiveTuning d = CollectiveTuning.DEFAULTS;
        return new CollectiveTuning(true, leaders, nodeAllreduceBytes, nodeBcastBytes, nodeAllgatherBytes,
            nodeAlltoallBytes, nodeDirectReadBytes, nodeSlotBytes, d.bcastShortBytes(), bcastMinProcs,
            d.allreduceShortBytes(), d.allreduceRingBytes(), d.allreduceRingMinProcs(), d.allgatherShortBytes(),
            d.allgatherLongBytes(), d.alltoallShortBytes(), d.alltoallMinProcs(), d.gatherShortBytes(),
            d.scatterShortBytes(), d.objectBytes());
    }

    private final Communicator world;
    private final Mode mode;
    private final int np;
    private final int rank;

    CollectiveChecks(final Communicator world, final Mode mode)
    {
        this.world = world;
        this.mode = mode;
        this.np = world.size();
        this.rank = world.rank();
    }

    /** Every check below. */
    void all()
    {
        barrier();
        bcast();
        gather();
        scatter();
        allgather();
        alltoall();
        vectorVariants();
        reduce();
        allreduce();
        reduceScatter();
        scans();
        basicTypes();
    }

    void barrier()
    {
        if (mode == Mode.BLOCKING)
        {
            Collectives.barrier(world);
        }
        else
        {
            await(Collectives.ibarrier(world));
        }
    }

    void bcast()
    {
        for (final int root : roots(np))
        {
            final int[] ints = filled(40);
            if (rank == root)
            {
                System.arraycopy(values(root, LONG), 0, ints, 2, LONG);
            }
            run(() -> Collectives.ibcast(world, ints, 2, LONG, INT, root),
                () -> Collectives.bcast(world, ints, 2, LONG, INT, root));
            final int[] expected = filled(40);
            System.arraycopy(values(root, LONG), 0, expected, 2, LONG);
            assertArrayEquals(expected, ints);

            final double[] doubles = rank == root ? doubles(root, 301) : new double[301];
            run(() -> Collectives.ibcast(world, doubles, 0, 301, DOUBLE, root),
                () -> Collectives.bcast(world, doubles, 0, 301, DOUBLE, root));
            assertArrayEquals(doubles(root, 301), doubles);

            final int[] strided = rank == root ? values(root, 51) : filled(51);
            run(() -> Collectives.ibcast(world, strided, 1, 5, STRIDED, root),
                () -> Collectives.bcast(world, strided, 1, 5, STRIDED, root));
            final int[] expectedStrided = filled(51);
            for (final int at : positions(1, STRIDED, 5))
            {
                expectedStrided[at] = value(root, at);
            }
            assertArrayEquals(rank == root ? values(root, 51) : expectedStrided, strided, "gaps must stay untouched");

            final Object[] objects = new Object[7];
            final Object[] sent = { new Item(root, "root"), "text", 42, null, new Item(-1, ""), 'c', 2.5 };
            if (rank == root)
            {
                System.arraycopy(sent, 0, objects, 0, 7);
            }
            run(() -> Collectives.ibcast(world, objects, 0, 7, OBJECT, root),
                () -> Collectives.bcast(world, objects, 0, 7, OBJECT, root));
            assertArrayEquals(sent, objects);
        }
    }

    void gather()
    {
        for (final int root : roots(np))
        {
            final int[] send = filled(5);
            System.arraycopy(values(rank, 3), 0, send, 2, 3);
            final int[] ints = filled(3 * np + 2);
            run(() -> Collectives.igather(world, send, 2, 3, INT, ints, 1, 3, INT, root),
                () -> Collectives.gather(world, send, 2, 3, INT, ints, 1, 3, INT, root));
            final int[] expected = filled(3 * np + 2);
            for (int r = 0; rank == root && r < np; r++)
            {
                System.arraycopy(values(r, 3), 0, expected, 1 + 3 * r, 3);
            }
            assertArrayEquals(expected, ints);

            final double[] doubles = new double[7 * np];
            run(() -> Collectives.igather(world, doubles(rank, 7), 0, 7, DOUBLE, doubles, 0, 7, DOUBLE, root),
                () -> Collectives.gather(world, doubles(rank, 7), 0, 7, DOUBLE, doubles, 0, 7, DOUBLE, root));
            for (int r = 0; rank == root && r < np; r++)
            {
                assertArrayEquals(doubles(r, 7), Arrays.copyOfRange(doubles, 7 * r, 7 * r + 7));
            }

            // a column of each rank's matrix gathered as plain ints; plain ints gathered into columns (extent 5)
            final int[] columns = filled(3 * np);
            run(() -> Collectives.igather(world, values(rank, 6), 1, 1, COLUMN, columns, 0, 3, INT, root),
                () -> Collectives.gather(world, values(rank, 6), 1, 1, COLUMN, columns, 0, 3, INT, root));
            final int[] spread = filled(5 * np);
            run(() -> Collectives.igather(world, values(rank, 3), 0, 3, INT, spread, 0, 1, COLUMN, root),
                () -> Collectives.gather(world, values(rank, 3), 0, 3, INT, spread, 0, 1, COLUMN, root));
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
            else
            {
                assertArrayEquals(filled(3 * np), columns);
            }

            final Object[] objects = new Object[2 * np];
            final Object[] mine = { new Item(rank, "from " + rank), "x" + rank };
            run(() -> Collectives.igather(world, mine, 0, 2, OBJECT, objects, 0, 2, OBJECT, root),
                () -> Collectives.gather(world, mine, 0, 2, OBJECT, objects, 0, 2, OBJECT, root));
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
    }

    void scatter()
    {
        for (final int root : roots(np))
        {
            final int[] all = values(root, 4 * np + 1);
            final int[] mine = filled(6);
            run(() -> Collectives.iscatter(world, rank == root ? all : null, 1, 4, INT, mine, 2, 4, INT, root),
                () -> Collectives.scatter(world, rank == root ? all : null, 1, 4, INT, mine, 2, 4, INT, root));
            final int[] expected = filled(6);
            System.arraycopy(all, 1 + 4 * rank, expected, 2, 4);
            assertArrayEquals(expected, mine);

            final double[] doubles = new double[3];
            run(() -> Collectives.iscatter(world, doubles(root, 3 * np), 0, 3, DOUBLE, doubles, 0, 3, DOUBLE, root),
                () -> Collectives.scatter(world, doubles(root, 3 * np), 0, 3, DOUBLE, doubles, 0, 3, DOUBLE, root));
            assertArrayEquals(Arrays.copyOfRange(doubles(root, 3 * np), 3 * rank, 3 * rank + 3), doubles);

            // the root's columns (item extent 5) to plain ints, and plain ints into a column
            final int[] column = new int[3];
            run(() -> Collectives.iscatter(world, values(root, 5 * np), 0, 1, COLUMN, column, 0, 3, INT, root),
                () -> Collectives.scatter(world, values(root, 5 * np), 0, 1, COLUMN, column, 0, 3, INT, root));
            assertArrayEquals(new int[]{ value(root, 5 * rank), value(root, 5 * rank + 2),
                value(root, 5 * rank + 4) }, column);
            final int[] spread = filled(6);
            run(() -> Collectives.iscatter(world, values(root, 3 * np), 0, 3, INT, spread, 0, 1, COLUMN, root),
                () -> Collectives.scatter(world, values(root, 3 * np), 0, 3, INT, spread, 0, 1, COLUMN, root));
            final int[] expectedSpread = filled(6);
            place(expectedSpread, 0, COLUMN, 1, Arrays.copyOfRange(values(root, 3 * np), 3 * rank, 3 * rank + 3));
            assertArrayEquals(expectedSpread, spread);

            final Object[] objects = new Object[2 * np];
            for (int r = 0; r < np; r++)
            {
                objects[2 * r] = new Item(r, "to " + r);
                objects[2 * r + 1] = r;
            }
            final Object[] received = new Object[2];
            run(() -> Collectives.iscatter(world, objects, 0, 2, OBJECT, received, 0, 2, OBJECT, root),
                () -> Collectives.scatter(world, objects, 0, 2, OBJECT, received, 0, 2, OBJECT, root));
            assertArrayEquals(new Object[]{ new Item(rank, "to " + rank), rank }, received);
        }
    }

    void allgather()
    {
        final int[] all = filled(2 * np + 1);
        run(() -> Collectives.iallgather(world, values(rank, 2), 0, 2, INT, all, 1, 2, INT),
            () -> Collectives.allgather(world, values(rank, 2), 0, 2, INT, all, 1, 2, INT));
        final int[] expected = filled(2 * np + 1);
        for (int r = 0; r < np; r++)
        {
            System.arraycopy(values(r, 2), 0, expected, 1 + 2 * r, 2);
        }
        assertArrayEquals(expected, all);

        final double[] doubles = new double[50 * np];
        run(() -> Collectives.iallgather(world, doubles(rank, 50), 0, 50, DOUBLE, doubles, 0, 50, DOUBLE),
            () -> Collectives.allgather(world, doubles(rank, 50), 0, 50, DOUBLE, doubles, 0, 50, DOUBLE));
        for (int r = 0; r < np; r++)
        {
            assertArrayEquals(doubles(r, 50), Arrays.copyOfRange(doubles, 50 * r, 50 * r + 50));
        }

        // plain ints into columns of every rank's matrix, and columns out of matrices into plain ints
        final int[] spread = filled(5 * np);
        run(() -> Collectives.iallgather(world, values(rank, 3), 0, 3, INT, spread, 0, 1, COLUMN),
            () -> Collectives.allgather(world, values(rank, 3), 0, 3, INT, spread, 0, 1, COLUMN));
        final int[] expectedSpread = filled(5 * np);
        for (int r = 0; r < np; r++)
        {
            place(expectedSpread, 5 * r, COLUMN, 1, values(r, 3));
        }
        assertArrayEquals(expectedSpread, spread);
        final int[] columns = filled(3 * np);
        run(() -> Collectives.iallgather(world, values(rank, 6), 1, 1, COLUMN, columns, 0, 3, INT),
            () -> Collectives.allgather(world, values(rank, 6), 1, 1, COLUMN, columns, 0, 3, INT));
        for (int r = 0; r < np; r++)
        {
            assertArrayEquals(new int[]{ value(r, 1), value(r, 3), value(r, 5) },
                Arrays.copyOfRange(columns, 3 * r, 3 * r + 3));
        }

        final Object[] objects = new Object[2 * np];
        run(() -> Collectives.iallgather(world, new Object[]{ new Item(rank, "r"), "s" + rank }, 0, 2, OBJECT,
                objects, 0, 2, OBJECT),
            () -> Collectives.allgather(world, new Object[]{ new Item(rank, "r"), "s" + rank }, 0, 2, OBJECT,
                objects, 0, 2, OBJECT));
        for (int r = 0; r < np; r++)
        {
            assertEquals(new Item(r, "r"), objects[2 * r]);
            assertEquals("s" + r, objects[2 * r + 1]);
        }
    }

    void alltoall()
    {
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
        run(() -> Collectives.ialltoall(world, send, 1, 3, INT, received, 2, 3, INT),
            () -> Collectives.alltoall(world, send, 1, 3, INT, received, 2, 3, INT));
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
        run(() -> Collectives.ialltoall(world, out, 0, 1, DOUBLE, doubles, 0, 1, DOUBLE),
            () -> Collectives.alltoall(world, out, 0, 1, DOUBLE, doubles, 0, 1, DOUBLE));
        for (int i = 0; i < np; i++)
        {
            assertEquals(i * 100 + rank, doubles[i]);
        }

        // columns (extent 5) of the send matrix to plain ints
        final int[] matrix = values(rank, 5 * np);
        final int[] plain = filled(3 * np);
        run(() -> Collectives.ialltoall(world, matrix, 0, 1, COLUMN, plain, 0, 3, INT),
            () -> Collectives.alltoall(world, matrix, 0, 1, COLUMN, plain, 0, 3, INT));
        for (int i = 0; i < np; i++)
        {
            assertArrayEquals(new int[]{ value(i, 5 * rank), value(i, 5 * rank + 2), value(i, 5 * rank + 4) },
                Arrays.copyOfRange(plain, 3 * i, 3 * i + 3));
        }

        final Object[] objects = new Object[2 * np];
        final Object[] outgoing = new Object[2 * np];
        for (int j = 0; j < np; j++)
        {
            outgoing[2 * j] = new Item(rank, "to " + j);
            outgoing[2 * j + 1] = rank + "->" + j;
        }
        run(() -> Collectives.ialltoall(world, outgoing, 0, 2, OBJECT, objects, 0, 2, OBJECT),
            () -> Collectives.alltoall(world, outgoing, 0, 2, OBJECT, objects, 0, 2, OBJECT));
        for (int i = 0; i < np; i++)
        {
            assertEquals(new Item(i, "to " + rank), objects[2 * i]);
            assertEquals(i + "->" + rank, objects[2 * i + 1]);
        }
    }

    /**
     * gatherv, scatterv, allgatherv and alltoallv with blocks of 0, 1 and 2 items at irregular displacements; an
     * allgatherv of primitive blocks of many sizes too.
     */
    void vectorVariants()
    {
        final int[] counts = new int[np];
        final int[] displs = new int[np];
        final int length = DataMovementTest.irregular(np, counts, displs);
        final int root = np / 2;
        final int[] gathered = filled(length + 1);
        run(() -> Collectives.igatherv(world, values(rank, counts[rank]), 0, counts[rank], INT,
                gathered, 1, counts, displs, INT, root),
            () -> Collectives.gatherv(world, values(rank, counts[rank]), 0, counts[rank], INT,
                gathered, 1, counts, displs, INT, root));
        final int[] expected = filled(length + 1);
        for (int r = 0; rank == root && r < np; r++)
        {
            System.arraycopy(values(r, counts[r]), 0, expected, 1 + displs[r], counts[r]);
        }
        assertArrayEquals(expected, gathered);

        final int[] source = values(root, length + 2);
        final int[] mine = filled(counts[rank] + 1);
        run(() -> Collectives.iscatterv(world, source, 2, counts, displs, INT, mine, 1, counts[rank], INT, root),
            () -> Collectives.scatterv(world, source, 2, counts, displs, INT, mine, 1, counts[rank], INT, root));
        final int[] expectedMine = filled(counts[rank] + 1);
        System.arraycopy(source, 2 + displs[rank], expectedMine, 1, counts[rank]);
        assertArrayEquals(expectedMine, mine);

        final Object[] everything = new Object[length];
        final Object[] items = new Object[counts[rank]];
        for (int k = 0; k < items.length; k++)
        {
            items[k] = new Item(rank, "#" + k);
        }
        run(() -> Collectives.iallgatherv(world, items, 0, counts[rank], OBJECT, everything, 0, counts, displs,
                OBJECT),
            () -> Collectives.allgatherv(world, items, 0, counts[rank], OBJECT, everything, 0, counts, displs,
                OBJECT));
        for (int r = 0; r < np; r++)
        {
            for (int k = 0; k < counts[r]; k++)
            {
                assertEquals(new Item(r, "#" + k), everything[displs[r] + k]);
            }
        }

        // primitive blocks: plain ints into columns at irregular places, and doubles of many sizes end to end
        final int[] intoColumns = filled(1 + length * COLUMN.extent());
        run(() -> Collectives.iallgatherv(world, values(rank, 3 * counts[rank]), 0, 3 * counts[rank], INT,
                intoColumns, 1, counts, displs, COLUMN),
            () -> Collectives.allgatherv(world, values(rank, 3 * counts[rank]), 0, 3 * counts[rank], INT,
                intoColumns, 1, counts, displs, COLUMN));
        final int[] expectedColumns = filled(1 + length * COLUMN.extent());
        for (int r = 0; r < np; r++)
        {
            place(expectedColumns, 1 + displs[r] * COLUMN.extent(), COLUMN, counts[r], values(r, 3 * counts[r]));
        }
        assertArrayEquals(expectedColumns, intoColumns);
        final int[] lengths = new int[np];
        final int[] starts = new int[np];
        int end = 0;
        for (int r = 0; r < np; r++)
        {
            lengths[r] = 7 * (r % 3) + 5;
            starts[r] = end;
            end += lengths[r];
        }
        final double[] endToEnd = new double[end];
        run(() -> Collectives.iallgatherv(world, doubles(rank, lengths[rank]), 0, lengths[rank], DOUBLE, endToEnd, 0,
                lengths, starts, DOUBLE),
            () -> Collectives.allgatherv(world, doubles(rank, lengths[rank]), 0, lengths[rank], DOUBLE, endToEnd, 0,
                lengths, starts, DOUBLE));
        for (int r = 0; r < np; r++)
        {
            assertArrayEquals(doubles(r, lengths[r]), Arrays.copyOfRange(endToEnd, starts[r], starts[r] + lengths[r]));
        }

        // rank i sends (i + j) % 3 items to rank j; send blocks in reverse order, receive blocks with gaps
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
        final int[] out = new int[sent];
        for (int j = 0; j < np; j++)
        {
            for (int k = 0; k < scounts[j]; k++)
            {
                out[sdispls[j] + k] = value(rank, 10 * j + k);
            }
        }
        final int[] in = filled(room);
        run(() -> Collectives.ialltoallv(world, out, 0, scounts, sdispls, INT, in, 0, rcounts, rdispls, INT),
            () -> Collectives.alltoallv(world, out, 0, scounts, sdispls, INT, in, 0, rcounts, rdispls, INT));
        final int[] expectedIn = filled(room);
        for (int i = 0; i < np; i++)
        {
            for (int k = 0; k < rcounts[i]; k++)
            {
                expectedIn[rdispls[i] + k] = value(i, 10 * rank + k);
            }
        }
        assertArrayEquals(expectedIn, in);
    }

    void reduce()
    {
        for (final int root : roots(np))
        {
            final int[] sums = filled(LONG + 2);
            run(() -> Collectives.ireduce(world, values(rank, LONG), 0, sums, 1, LONG, INT, PredefinedOp.SUM, root),
                () -> Collectives.reduce(world, values(rank, LONG), 0, sums, 1, LONG, INT, PredefinedOp.SUM, root));
            final int[] expected = filled(LONG + 2);
            if (rank == root)
            {
                System.arraycopy(intSums(LONG), 0, expected, 1, LONG);
            }
            assertArrayEquals(expected, sums);

            final double[] max = new double[3];
            run(() -> Collectives.ireduce(world, new double[]{ rank, -rank, rank == np / 2 ? 1e9 : 0.5 }, 0, max, 0,
                    3, DOUBLE, PredefinedOp.MAX, root),
                () -> Collectives.reduce(world, new double[]{ rank, -rank, rank == np / 2 ? 1e9 : 0.5 }, 0, max, 0,
                    3, DOUBLE, PredefinedOp.MAX, root));
            assertArrayEquals(rank == root ? new double[]{ np - 1, 0, 1e9 } : new double[3], max);

            final int[] gapped = filled(1 + LONG * GAPPED.extent());
            run(() -> Collectives.ireduce(world, values(rank, gapped.length), 1, gapped, 1, LONG, GAPPED,
                    PredefinedOp.SUM, root),
                () -> Collectives.reduce(world, values(rank, gapped.length), 1, gapped, 1, LONG, GAPPED,
                    PredefinedOp.SUM, root));
            assertArrayEquals(rank == root ? gappedSums(gapped.length) : filled(gapped.length), gapped);

            final int[] product = new int[4 * LONG];
            run(() -> Collectives.ireduce(world, matrices(rank, LONG), 0, product, 0, LONG, MATRIX, MATMUL, root),
                () -> Collectives.reduce(world, matrices(rank, LONG), 0, product, 0, LONG, MATRIX, MATMUL, root));
            assertArrayEquals(rank == root ? ordered(0, np, LONG) : new int[4 * LONG], product,
                "non-commutative reduce must combine in rank order");

            final Object[] text = new Object[2];
            run(() -> Collectives.ireduce(world, new Object[]{ "" + rank, "<" + rank + ">" }, 0, text, 0, 2, OBJECT,
                    CONCAT, root),
                () -> Collectives.reduce(world, new Object[]{ "" + rank, "<" + rank + ">" }, 0, text, 0, 2, OBJECT,
                    CONCAT, root));
            assertArrayEquals(rank == root ? new Object[]{ joined(0, np, "", ""), joined(0, np, "<", ">") } :
                new Object[2], text);
        }
    }

    void allreduce()
    {
        for (final int count : new int[]{ 1, 3, LONG })
        {
            final int[] sums = filled(count + 2);
            run(() -> Collectives.iallreduce(world, values(rank, count), 0, sums, 1, count, INT, PredefinedOp.SUM),
                () -> Collectives.allreduce(world, values(rank, count), 0, sums, 1, count, INT, PredefinedOp.SUM));
            final int[] expected = filled(count + 2);
            System.arraycopy(intSums(count), 0, expected, 1, count);
            assertArrayEquals(expected, sums);

            final int[] userSums = new int[count];
            run(() -> Collectives.iallreduce(world, values(rank, count), 0, userSums, 0, count, INT, USER_SUM),
                () -> Collectives.allreduce(world, values(rank, count), 0, userSums, 0, count, INT, USER_SUM));
            assertArrayEquals(intSums(count), userSums);

            final double[] doubles = new double[count];
            run(() -> Collectives.iallreduce(world, doubles(rank, count), 0, doubles, 0, count, DOUBLE,
                    PredefinedOp.SUM),
                () -> Collectives.allreduce(world, doubles(rank, count), 0, doubles, 0, count, DOUBLE,
                    PredefinedOp.SUM));
            final double[] expectedDoubles = new double[count];
            for (int i = 0; i < count; i++)
            {
                for (int r = 0; r < np; r++)
                {
                    expectedDoubles[i] += doubles(r, count)[i];
                }
            }
            assertArrayEquals(expectedDoubles, doubles);

            final int[] product = new int[4 * count];
            run(() -> Collectives.iallreduce(world, matrices(rank, count), 0, product, 0, count, MATRIX, MATMUL),
                () -> Collectives.allreduce(world, matrices(rank, count), 0, product, 0, count, MATRIX, MATMUL));
            assertArrayEquals(ordered(0, np, count), product, "non-commutative allreduce must keep rank order");
        }

        final int[] gapped = filled(1 + LONG * GAPPED.extent());
        run(() -> Collectives.iallreduce(world, values(rank, gapped.length), 1, gapped, 1, LONG, GAPPED,
                PredefinedOp.SUM),
            () -> Collectives.allreduce(world, values(rank, gapped.length), 1, gapped, 1, LONG, GAPPED,
                PredefinedOp.SUM));
        assertArrayEquals(gappedSums(gapped.length), gapped);

        final int[] pairs = new int[2 * LONG];
        final int[] mine = new int[2 * LONG];
        for (int i = 0; i < LONG; i++)
        {
            mine[2 * i] = (rank * 7 + i * 5) % 4; // ties: the lowest rank wins
            mine[2 * i + 1] = rank;
        }
        run(() -> Collectives.iallreduce(world, mine, 0, pairs, 0, LONG, INT_PAIR,
                PredefinedOp.MAXLOC),
            () -> Collectives.allreduce(world, mine, 0, pairs, 0, LONG, INT_PAIR,
                PredefinedOp.MAXLOC));
        for (int i = 0; i < LONG; i++)
        {
            int best = 0;
            for (int r = 1; r < np; r++)
            {
                best = (r * 7 + i * 5) % 4 > (best * 7 + i * 5) % 4 ? r : best;
            }
            assertArrayEquals(new int[]{ (best * 7 + i * 5) % 4, best }, Arrays.copyOfRange(pairs, 2 * i, 2 * i + 2));
        }

        final Object[] text = new Object[2];
        run(() -> Collectives.iallreduce(world, new Object[]{ "" + rank, "<" + rank + ">" }, 0, text, 0, 2, OBJECT,
                CONCAT),
            () -> Collectives.allreduce(world, new Object[]{ "" + rank, "<" + rank + ">" }, 0, text, 0, 2, OBJECT,
                CONCAT));
        assertArrayEquals(new Object[]{ joined(0, np, "", ""), joined(0, np, "<", ">") }, text);

        // send and receive buffers may be the same region
        final int[] inPlace = matrices(rank, 3);
        run(() -> Collectives.iallreduce(world, inPlace, 0, inPlace, 0, 3, MATRIX, MATMUL),
            () -> Collectives.allreduce(world, inPlace, 0, inPlace, 0, 3, MATRIX, MATMUL));
        assertArrayEquals(ordered(0, np, 3), inPlace);
        final int[] inPlaceSums = values(rank, LONG);
        run(() -> Collectives.iallreduce(world, inPlaceSums, 0, inPlaceSums, 0, LONG, INT, PredefinedOp.SUM),
            () -> Collectives.allreduce(world, inPlaceSums, 0, inPlaceSums, 0, LONG, INT, PredefinedOp.SUM));
        assertArrayEquals(intSums(LONG), inPlaceSums);
    }

    void reduceScatter()
    {
        // counts 1, 2, 0, 1, 2, 0, ...: some ranks receive nothing
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
        final int all = total;
        final int[] sums = filled(counts[rank] + 1);
        run(() -> Collectives.ireduceScatter(world, values(rank, all), 0, sums, 1, counts, INT, PredefinedOp.SUM),
            () -> Collectives.reduceScatter(world, values(rank, all), 0, sums, 1, counts, INT, PredefinedOp.SUM));
        final int[] expected = filled(counts[rank] + 1);
        System.arraycopy(intSums(total), before, expected, 1, counts[rank]);
        assertArrayEquals(expected, sums);

        final int[] userSums = new int[counts[rank]];
        run(() -> Collectives.ireduceScatter(world, values(rank, all), 0, userSums, 0, counts, INT, USER_SUM),
            () -> Collectives.reduceScatter(world, values(rank, all), 0, userSums, 0, counts, INT, USER_SUM));
        assertArrayEquals(Arrays.copyOfRange(intSums(total), before, before + counts[rank]), userSums);

        final double[] doubles = new double[counts[rank]];
        run(() -> Collectives.ireduceScatter(world, doubles(rank, all), 0, doubles, 0, counts, DOUBLE,
                PredefinedOp.SUM),
            () -> Collectives.reduceScatter(world, doubles(rank, all), 0, doubles, 0, counts, DOUBLE,
                PredefinedOp.SUM));
        for (int i = 0; i < counts[rank]; i++)
        {
            assertEquals(intSums(total)[before + i] * 0.5, doubles[i]);
        }

        final int[] product = new int[4 * counts[rank]];
        run(() -> Collectives.ireduceScatter(world, matrices(rank, all), 0, product, 0, counts, MATRIX, MATMUL),
            () -> Collectives.reduceScatter(world, matrices(rank, all), 0, product, 0, counts, MATRIX, MATMUL));
        assertArrayEquals(Arrays.copyOfRange(ordered(0, np, total), 4 * before, 4 * (before + counts[rank])),
            product, "non-commutative reduce-scatter must keep rank order");

        final int[] gapped = filled(1 + counts[rank] * GAPPED.extent());
        final int length = 1 + total * GAPPED.extent();
        run(() -> Collectives.ireduceScatter(world, values(rank, length), 1, gapped, 1, counts, GAPPED,
                PredefinedOp.SUM),
            () -> Collectives.reduceScatter(world, values(rank, length), 1, gapped, 1, counts, GAPPED,
                PredefinedOp.SUM));
        final int[] expectedGapped = filled(gapped.length);
        final int[] at = positions(1, GAPPED, total);
        final int[] mineAt = positions(1, GAPPED, counts[rank]);
        for (int e = 0; e < mineAt.length; e++)
        {
            int sum = 0;
            for (int r = 0; r < np; r++)
            {
                sum += value(r, at[before * GAPPED.size() + e]);
            }
            expectedGapped[mineAt[e]] = sum;
        }
        assertArrayEquals(expectedGapped, gapped);
    }

    void scans()
    {
        final int[] prefix = new int[LONG];
        run(() -> Collectives.iscan(world, values(rank, LONG), 0, prefix, 0, LONG, INT, PredefinedOp.SUM),
            () -> Collectives.scan(world, values(rank, LONG), 0, prefix, 0, LONG, INT, PredefinedOp.SUM));
        final int[] exclusive = filled(LONG);
        run(() -> Collectives.iexscan(world, values(rank, LONG), 0, exclusive, 0, LONG, INT, PredefinedOp.SUM),
            () -> Collectives.exscan(world, values(rank, LONG), 0, exclusive, 0, LONG, INT, PredefinedOp.SUM));
        for (int i = 0; i < LONG; i++)
        {
            int sum = 0;
            for (int r = 0; r < rank; r++)
            {
                sum += value(r, i);
            }
            assertEquals(sum + value(rank, i), prefix[i]);
            assertEquals(rank == 0 ? -1 : sum, exclusive[i], "exscan leaves rank 0 untouched");
        }

        final int[] products = new int[4 * 3];
        run(() -> Collectives.iscan(world, matrices(rank, 3), 0, products, 0, 3, MATRIX, MATMUL),
            () -> Collectives.scan(world, matrices(rank, 3), 0, products, 0, 3, MATRIX, MATMUL));
        assertArrayEquals(ordered(0, rank + 1, 3), products, "inclusive scan in rank order");
        final int[] exProducts = filled(4 * 3);
        run(() -> Collectives.iexscan(world, matrices(rank, 3), 0, exProducts, 0, 3, MATRIX, MATMUL),
            () -> Collectives.exscan(world, matrices(rank, 3), 0, exProducts, 0, 3, MATRIX, MATMUL));
        assertArrayEquals(rank == 0 ? filled(4 * 3) : ordered(0, rank, 3), exProducts, "exclusive scan in rank order");

        final double[] doubles = new double[5];
        run(() -> Collectives.iscan(world, doubles(rank, 5), 0, doubles, 0, 5, DOUBLE, PredefinedOp.MAX),
            () -> Collectives.scan(world, doubles(rank, 5), 0, doubles, 0, 5, DOUBLE, PredefinedOp.MAX));
        assertArrayEquals(doubles(rank, 5), doubles);

        final Object[] text = new Object[1];
        run(() -> Collectives.iscan(world, new Object[]{ "" + rank }, 0, text, 0, 1, OBJECT, CONCAT),
            () -> Collectives.scan(world, new Object[]{ "" + rank }, 0, text, 0, 1, OBJECT, CONCAT));
        assertArrayEquals(new Object[]{ joined(0, rank + 1, "", "") }, text);
        final Object[] exText = { "none" };
        run(() -> Collectives.iexscan(world, new Object[]{ "" + rank }, 0, exText, 0, 1, OBJECT, CONCAT),
            () -> Collectives.exscan(world, new Object[]{ "" + rank }, 0, exText, 0, 1, OBJECT, CONCAT));
        assertArrayEquals(new Object[]{ rank == 0 ? "none" : joined(0, rank, "", "") }, exText);
    }

    // ---------------------------------------------------------------- references

    /** Element-wise sums over ranks of {@code values(r, n)}. */
    int[] intSums(final int n)
    {
        final int[] sums = new int[n];
        for (int i = 0; i < n; i++)
        {
            for (int r = 0; r < np; r++)
            {
                sums[i] += value(r, i);
            }
        }
        return sums;
    }

    /** Sums over ranks of {@code values(r, length)} at the GAPPED positions of LONG items at offset 1; -1 elsewhere. */
    int[] gappedSums(final int length)
    {
        final int[] expected = filled(length);
        for (final int at : positions(1, GAPPED, LONG))
        {
            expected[at] = 0;
            for (int r = 0; r < np; r++)
            {
                expected[at] += value(r, at);
            }
        }
        return expected;
    }

    /** The 2x2 matrix (row-major) rank {@code rank} contributes as item {@code item}. */
    /**
     * Byte, char, short, boolean, int, long, float and double through bcast, gather, scatter, allgather, alltoall
     * and allreduce (MAX, LOR for booleans): values cast from ints, so every type has its own reference.
     */
    void basicTypes()
    {
        final int n = 3;
        final int root = np / 2;
        for (final BaseType base : new BaseType[]{ BaseType.BYTE, BaseType.CHAR, BaseType.SHORT, BaseType.BOOLEAN,
            BaseType.INT, BaseType.LONG, BaseType.FLOAT, BaseType.DOUBLE })
        {
            final TypeMap type = TypeMap.basic(base);
            final Object mine = typed(base, values(rank, n));
            final int[] everyone = new int[n * np];
            for (int r = 0; r < np; r++)
            {
                System.arraycopy(values(r, n), 0, everyone, r * n, n);
            }

            final Object all = typed(base, new int[n * np]);
            run(() -> Collectives.iallgather(world, mine, 0, n, type, all, 0, n, type),
                () -> Collectives.allgather(world, mine, 0, n, type, all, 0, n, type));
            assertEquals(text(typed(base, everyone)), text(all), "allgather of " + base);

            final Object fromRoot = typed(base, rank == root ? values(root, n) : new int[n]);
            run(() -> Collectives.ibcast(world, fromRoot, 0, n, type, root),
                () -> Collectives.bcast(world, fromRoot, 0, n, type, root));
            assertEquals(text(typed(base, values(root, n))), text(fromRoot), "bcast of " + base);

            final Object gathered = typed(base, new int[n * np]);
            run(() -> Collectives.igather(world, mine, 0, n, type, gathered, 0, n, type, root),
                () -> Collectives.gather(world, mine, 0, n, type, gathered, 0, n, type, root));
            assertEquals(text(typed(base, rank == root ? everyone : new int[n * np])), text(gathered),
                "gather of " + base);

            final Object scattered = typed(base, new int[n]);
            run(() -> Collectives.iscatter(world, all, 0, n, type, scattered, 0, n, type, root),
                () -> Collectives.scatter(world, all, 0, n, type, scattered, 0, n, type, root));
            assertEquals(text(typed(base, values(rank, n))), text(scattered), "scatter of " + base);

            final int[] out = new int[n * np];
            final int[] expectedIn = new int[n * np];
            for (int i = 0; i < out.length; i++)
            {
                out[i] = value(rank, i);
                expectedIn[i] = value(i / n, rank * n + i % n);
            }
            final Object sent = typed(base, out);
            final Object in = typed(base, new int[n * np]);
            run(() -> Collectives.ialltoall(world, sent, 0, n, type, in, 0, n, type),
                () -> Collectives.alltoall(world, sent, 0, n, type, in, 0, n, type));
            assertEquals(text(typed(base, expectedIn)), text(in), "alltoall of " + base);

            final boolean logical = base == BaseType.BOOLEAN;
            final PredefinedOp op = logical ? PredefinedOp.LOR : PredefinedOp.MAX;
            final Object contribution = typed(base, new int[]{ rank, rank + 1, 2 * rank });
            final Object max = typed(base, new int[n]);
            run(() -> Collectives.iallreduce(world, contribution, 0, max, 0, n, type, op),
                () -> Collectives.allreduce(world, contribution, 0, max, 0, n, type, op));
            final int[] expected = logical ? new int[]{ np > 1 ? 1 : 0, 1, 0 } : new int[]{ np - 1, np, 2 * np - 2 };
            assertEquals(text(typed(base, expected)), text(max), "allreduce of " + base);
        }
    }

    /** {@code ints} as an array of {@code base}: each value cast (long scaled, float and double halved). */
    static Object typed(final BaseType base, final int[] ints)
    {
        final Object array = Array.newInstance(base.arrayClass().getComponentType(), ints.length);
        for (int i = 0; i < ints.length; i++)
        {
            final int v = ints[i];
            switch (base)
            {
                case BYTE -> Array.setByte(array, i, (byte)v);
                case CHAR -> Array.setChar(array, i, (char)v);
                case SHORT -> Array.setShort(array, i, (short)v);
                case BOOLEAN -> Array.setBoolean(array, i, (v & 1) == 1);
                case INT -> Array.setInt(array, i, v);
                case LONG -> Array.setLong(array, i, v * 1_000_000_007L);
                case FLOAT -> Array.setFloat(array, i, v * 0.5f);
                case DOUBLE -> Array.setDouble(array, i, v * 0.25);
                default -> throw new IllegalArgumentException(base.toString());
            }
        }
        return array;
    }

    static String text(final Object array)
    {
        final StringBuilder out = new StringBuilder();
        for (int i = 0; i < Array.getLength(array); i++)
        {
            out.append(Array.get(array, i)).append(' ');
        }
        return out.toString();
    }

    static int[] matrix(final int rank, final int item)
    {
        return new int[]{ 1 + (rank + item) % 3, 1 + rank % 4, item % 2, 1 };
    }

    static int[] matrices(final int rank, final int items)
    {
        final int[] all = new int[4 * items];
        for (int m = 0; m < items; m++)
        {
            System.arraycopy(matrix(rank, m), 0, all, 4 * m, 4);
        }
        return all;
    }

    /** Per item, the product M(from) x M(from + 1) x ... x M(to - 1). */
    static int[] ordered(final int from, final int to, final int items)
    {
        final int[] all = new int[4 * items];
        for (int m = 0; m < items; m++)
        {
            int[] product = matrix(from, m);
            for (int r = from + 1; r < to; r++)
            {
                product = ReductionTest.MatrixProduct.times(product, 0, matrix(r, m), 0);
            }
            System.arraycopy(product, 0, all, 4 * m, 4);
        }
        return all;
    }

    static String joined(final int from, final int to, final String open, final String close)
    {
        final StringBuilder text = new StringBuilder();
        for (int r = from; r < to; r++)
        {
            text.append(open).append(r).append(close);
        }
        return text.toString();
    }

    // ---------------------------------------------------------------- calling

    /** Runs a collective: the nonblocking form followed by a wait, or the blocking form. */
    private void run(final NonblockingCall nonblocking, final Runnable blocking)
    {
        if (mode == Mode.NONBLOCKING)
        {
            await(nonblocking.start());
        }
        else
        {
            blocking.run();
        }
    }

    private void await(final Request request)
    {
        world.engine().awaitRequest(request);
    }

    @FunctionalInterface
    interface NonblockingCall
    {
        Request start();
    }

    /** Integer addition, declared commutative. */
    static final class UserSum implements ReduceOp
    {
        @Override
        public boolean commutative()
        {
            return true;
        }

        @Override
        public void reduce(final Object in, final int inOffset, final Object inout, final int inoutOffset,
            final int count, final TypeMap type)
        {
            final int[] a = (int[])in;
            final int[] b = (int[])inout;
            for (int i = 0; i < count * type.size(); i++)
            {
                b[inoutOffset + i] += a[inOffset + i];
            }
        }
    }
}
