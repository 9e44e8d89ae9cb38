package io.colompi.core.coll;

import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;
import io.colompi.core.job.RuntimeSettings;
import io.colompi.core.op.PredefinedOp;
import io.colompi.core.testing.ThreadJob;
import io.colompi.core.type.TypeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.colompi.core.coll.CollectiveChecks.MATMUL;
import static io.colompi.core.coll.CollectiveChecks.MATRIX;
import static io.colompi.core.coll.CollectiveChecks.matrices;
import static io.colompi.core.coll.CollectiveChecks.ordered;
import static io.colompi.core.coll.Layouts.DOUBLE;
import static io.colompi.core.coll.Layouts.INT;
import static io.colompi.core.coll.Layouts.filled;
import static io.colompi.core.coll.Layouts.laidOut;
import static io.colompi.core.coll.Layouts.place;
import static io.colompi.core.coll.Layouts.value;
import static io.colompi.core.coll.Layouts.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shared-memory versions ({@link Hierarchical} over a {@link JvmArena}): every rank in this JVM, so each
 * collective of primitive data copies array to array. Every collective against its reference at np 1 to 17
 * (every basic datatype among them), reductions cut into many chunks, errors found by a chunk, and more ranks
 * than cores.
 */
@Timeout(60)
class SharedMemoryCollectivesTest
{
    /**
     * In one JVM whose node has fewer cores than ranks, a gather of blocks within the eager limit runs flat (each
     * block into the root's inbox, the rank goes on); with a core per rank, or larger blocks, in the JVM arena.
     */
    @ParameterizedTest
    @ValueSource(ints = { 2, 5 })
    void aSmallGatherOnAnOversubscribedNodeSendsEachBlockToTheRoot(final int np) throws Exception
    {
        final RuntimeSettings twoCores = RuntimeSettings.defaults().toBuilder().nodeCpus(2).build();
        ThreadJob.run(twoCores, np, world ->
        {
            final int rank = world.rank();
            final int eagerItems = world.engine().job().eagerLimit() / Integer.BYTES;
            for (final int n : new int[]{ 3, eagerItems, eagerItems + 1 })
            {
                final Selection.Path path = Selection.of(world).gather(n, INT).path();
                assertEquals(np > 2 && n <= eagerItems ? Selection.Path.FLAT : Selection.Path.JVM_ARENA, path,
                    "blocks of " + n);
                final int[] all = new int[n * np];
                Collectives.gather(world, values(rank, n), 0, n, INT, all, 0, n, INT, np - 1);
                if (rank == np - 1)
                {
                    for (int r = 0; r < np; r++)
                    {
                        assertArrayEquals(values(r, n), Arrays.copyOfRange(all, r * n, r * n + n), "block of " + r);
                    }
                }
            }
        });
    }

    static int[] sizes()
    {
        return FlatAlgorithmsTest.SIZES;
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void everyCollectiveMatchesItsReference(final int np) throws Exception
    {
        ThreadJob.run(np, world -> new CollectiveChecks(world, CollectiveChecks.Mode.BLOCKING).all());
    }

    /** Vectors of many chunks, in place and not, a non-commutative operation on items of four elements. */
    @ParameterizedTest
    @ValueSource(ints = { 2, 3, 8 })
    void reductionsOfManyChunksKeepRankOrder(final int np) throws Exception
    {
        final int n = 100_003;
        final int items = 3 * RuntimeSettings.defaults().arenaChunkBytes() / 16 + 5;
        ThreadJob.run(np, world ->
        {
            final int rank = world.rank();
            final double[] sums = Layouts.doubles(rank, n);
            Collectives.allreduce(world, sums, 0, sums, 0, n, DOUBLE, PredefinedOp.SUM);
            for (int i = 0; i < n; i += 1009)
            {
                double expected = 0;
                for (int r = np - 1; r >= 0; r--)
                {
                    expected = value(r, i) * 0.5 + expected;
                }
                assertEquals(expected, sums[i], "element " + i);
            }

            final int[] product = new int[4 * items + 1];
            Collectives.reduce(world, matrices(rank, items), 0, product, 1, items, MATRIX, MATMUL, np - 1);
            if (rank == np - 1)
            {
                assertArrayEquals(ordered(0, np, items), Arrays.copyOfRange(product, 1, product.length),
                    "rank order in every chunk");
            }
            final int[] inPlace = matrices(rank, items);
            Collectives.allreduce(world, inPlace, 0, inPlace, 0, items, MATRIX, MATMUL);
            assertArrayEquals(ordered(0, np, items), inPlace);
        });
    }

    /**
     * Small collectives (one chunk: the last rank to arrive runs them alone, the others wait for its release) over
     * and over, with buffers, offsets, counts, operations and roots that change from call to call: each call works on
     * its own arguments, not on those a rank published before (ranks republish only what changed). Then calls that
     * disagree still fail in every rank: another count in a reduction, another collective. np 7: the most whose call
     * descriptors share the arrivals' line; 9: more, in the ranks' slots.
     */
    @ParameterizedTest
    @ValueSource(ints = { 2, 3, 7, 9 })
    void smallCollectivesRepeatedWithChangingArguments(final int np) throws Exception
    {
        ThreadJob.run(np, world ->
        {
            final int rank = world.rank();
            final int[][] ins = { new int[4], new int[4] };
            final int[][] outs = { new int[4], new int[4] };
            for (int i = 0; i < 3000; i++)
            {
                final int count = 1 + i % 3;
                final int offset = i / 3 % 2;
                final int[] in = ins[i / 6 % 2];
                final int[] out = outs[i / 12 % 2];
                Arrays.fill(in, rank + i);
                final boolean max = i % 4 == 0;
                Collectives.allreduce(world, in, offset, out, 1 - offset, count, INT,
                    max ? PredefinedOp.MAX : PredefinedOp.SUM);
                final int all = max ? np - 1 + i : np * (np - 1) / 2 + np * i;
                for (int k = 0; k < count; k++)
                {
                    assertEquals(all, out[1 - offset + k], "allreduce " + i);
                }
                final int root = i % np;
                final int[] data = rank == root ? new int[]{ i, -i, 2 * i, 3 } : new int[4];
                Collectives.bcast(world, data, offset, count, INT, root);
                assertEquals(offset == 0 ? i : -i, data[offset], "bcast " + i);
                Arrays.fill(out, -1);
                Collectives.reduce(world, in, offset, out, 0, count, INT, PredefinedOp.SUM, root);
                assertEquals(rank == root ? np * (np - 1) / 2 + np * i : -1, out[count - 1], "reduce " + i);
                if (i % 7 == 0)
                {
                    Collectives.barrier(world);
                }
            }

            final MpiError counts = assertThrows(MpiError.class, () -> Collectives.allreduce(world, new int[3], 0,
                new int[3], 0, rank == np - 1 ? 3 : 2, INT, PredefinedOp.SUM));
            assertEquals(ErrorClass.TRUNCATE, counts.errorClass(), counts.getMessage());
            final MpiError call = assertThrows(MpiError.class, () ->
            {
                if (rank == np - 1)
                {
                    Collectives.barrier(world);
                }
                else
                {
                    Collectives.allreduce(world, new int[1], 0, new int[1], 0, 1, INT, PredefinedOp.SUM);
                }
            });
            assertTrue(call.getMessage().contains("Barrier("), call.getMessage());
            final int[] sum = new int[1];
            Collectives.allreduce(world, new int[]{ rank }, 0, sum, 0, 1, INT, PredefinedOp.SUM);
            assertEquals(np * (np - 1) / 2, sum[0], "after the errors");
        });
    }

    /**
     * Allreduces of a few bytes, which the ranks of a JVM exchange ({@link JvmArena#exchange}) up to
     * {@link JvmArena#EXCHANGE_RANKS} ranks and {@link JvmArena#EXCHANGE_BYTES}: every rank gets the sum in rank
     * order, {@code x0 + (x1 + (... + xn))}, bit for bit as the larger reductions combine, mixed with other
     * collectives; a rank passing a count past the exchange's bytes fails every rank, which then go on.
     */
    @ParameterizedTest
    @ValueSource(ints = { 2, 3, 5, 8, 9 })
    void smallAllreducesCombineInRankOrderOnEveryRank(final int np) throws Exception
    {
        final int most = JvmArena.EXCHANGE_BYTES / Double.BYTES + 1;
        ThreadJob.run(np, world ->
        {
            final int rank = world.rank();
            final double[] in = new double[most + 1];
            final double[] out = new double[most + 1];
            for (int i = 0; i < 2000; i++)
            {
                final int count = 1 + i % most;
                for (int k = 0; k < count; k++)
                {
                    in[1 + k] = term(rank, i, k);
                }
                Collectives.allreduce(world, in, 1, out, 0, count, DOUBLE, PredefinedOp.SUM);
                for (int k = 0; k < count; k++)
                {
                    double expected = term(np - 1, i, k);
                    for (int r = np - 2; r >= 0; r--)
                    {
                        expected = term(r, i, k) + expected;
                    }
                    assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(out[k]),
                        "allreduce " + i + " element " + k);
                }
                if (i % 5 == 0)
                {
                    final double[] root = { rank == i % np ? i : -1 };
                    Collectives.bcast(world, root, 0, 1, DOUBLE, i % np);
                    assertEquals(i, root[0]);
                }
                if (i % 11 == 0)
                {
                    Collectives.barrier(world);
                }
            }
            final int big = 4 * JvmArena.EXCHANGE_BYTES;
            final MpiError mixed = assertThrows(MpiError.class, () -> Collectives.allreduce(world, new int[big], 0,
                new int[big], 0, rank == 0 ? big : 1, INT, PredefinedOp.SUM));
            assertEquals(ErrorClass.TRUNCATE, mixed.errorClass(), mixed.getMessage());
            final int[] sum = new int[1];
            Collectives.allreduce(world, new int[]{ rank }, 0, sum, 0, 1, INT, PredefinedOp.SUM);
            assertEquals(np * (np - 1) / 2, sum[0], "after the error");
        });
    }

    /**
     * A bcast that fits the ranks' lines is eager ({@link JvmArena#eagerBcast}): its root returns before any other
     * rank has called it, and its buffer is free at once; the others still get the root's data.
     */
    @Test
    void aSmallBcastsRootReturnsBeforeTheOthersCallIt() throws Exception
    {
        final int np = 3;
        final CountDownLatch rootReturned = new CountDownLatch(1);
        ThreadJob.run(np, world ->
        {
            final int items = JvmArena.EXCHANGE_BYTES / Integer.BYTES;
            assertEquals(Selection.Algorithm.EAGER, Selection.of(world).bcast(items, INT).flat());
            assertEquals(null, Selection.of(world).bcast(items + 1, INT).flat(), "past the line");
            final int[] data = world.rank() == 1 ? values(1, items) : filled(items);
            if (world.rank() == 1)
            {
                Collectives.bcast(world, data, 0, items, INT, 1);
                Arrays.fill(data, 0);
                rootReturned.countDown();
            }
            else
            {
                assertTrue(rootReturned.await(20, TimeUnit.SECONDS), "the root still waits for the others");
                Collectives.bcast(world, data, 0, items, INT, 1);
                assertArrayEquals(values(1, items), data);
            }
            final int[] sum = new int[1];
            Collectives.allreduce(world, new int[]{ world.rank() }, 0, sum, 0, 1, INT, PredefinedOp.SUM);
            assertEquals(np * (np - 1) / 2, sum[0], "after the bcast");
        });
    }

    /**
     * Eager bcasts back to back, from every root, of contiguous and strided items, between the other operations that
     * use the ranks' lines and counters (exchanges, tasks, barriers): every rank gets each root's data, the roots
     * running ahead of ranks that are still reading (more ranks than cores among them).
     */
    @ParameterizedTest
    @ValueSource(ints = { 2, 3, 5, 8 })
    void eagerBcastsBackToBackDeliverEveryRootsData(final int np) throws Exception
    {
        final TypeMap strided = TypeMap.vector(3, 1, 2, INT);
        ThreadJob.run(np, world ->
        {
            final int rank = world.rank();
            final int[] data = new int[24];
            for (int i = 0; i < 4000; i++)
            {
                final int root = (i * 7 + i / np) % np;
                final TypeMap type = i % 3 == 0 ? strided : INT;
                final int count = type == INT ? 1 + i % 12 : 1 + i % 4;
                final int[] sent = values(root, count * type.size());
                Arrays.fill(data, -1);
                if (rank == root)
                {
                    place(data, 1, type, count, sent);
                }
                Collectives.bcast(world, data, 1, count, type, root);
                assertArrayEquals(laidOut(data.length, 1, type, count, sent), data, "bcast " + i + " from " + root);
                if (i % 5 == 0)
                {
                    final int[] sum = new int[1];
                    Collectives.allreduce(world, new int[]{ i + rank }, 0, sum, 0, 1, INT, PredefinedOp.SUM);
                    assertEquals(np * i + np * (np - 1) / 2, sum[0], "allreduce " + i);
                }
                else if (i % 7 == 0)
                {
                    Collectives.barrier(world);
                }
                else if (i % 11 == 0)
                {
                    final int[] all = new int[np];
                    Collectives.allgather(world, new int[]{ i + rank }, 0, 1, INT, all, 0, 1, INT);
                    assertEquals(i + np - 1, all[np - 1], "allgather " + i);
                }
            }
        });
    }

    /**
     * In an eager bcast, a rank that passes another count than the root's fails alone, naming both counts (the root
     * has left); a rank that runs another collective fails naming the bcast, and so do the bcast's ranks that are
     * still in it when the last one arrives. Everybody goes on.
     */
    @Test
    void anEagerBcastsErrorsFailTheRanksThatRead() throws Exception
    {
        final int np = 3;
        ThreadJob.run(np, world ->
        {
            final int rank = world.rank();
            final int[] data = rank == 0 ? new int[]{ 7, 8, 9 } : filled(3);
            if (rank == 2)
            {
                final MpiError counts =
                    assertThrows(MpiError.class, () -> Collectives.bcast(world, data, 0, 3, INT, 0));
                assertEquals(ErrorClass.TRUNCATE, counts.errorClass(), counts.getMessage());
                assertEquals("collective counts differ: rank 0 passed 2 items, rank 2 passed 3", counts.getMessage());
                assertArrayEquals(filled(3), data, "nothing written");
            }
            else
            {
                Collectives.bcast(world, data, 0, 2, INT, 0);
                assertArrayEquals(new int[]{ 7, 8, rank == 0 ? 9 : -1 }, data);
            }
            if (rank == 1)
            {
                final MpiError call = assertThrows(MpiError.class, () -> Collectives.barrier(world));
                assertTrue(call.getMessage().contains("Bcast(root 0"), call.getMessage());
            }
            else
            {
                try
                {
                    Collectives.bcast(world, data, 0, 1, INT, 0); // left before the last rank came, or read
                }
                catch (final MpiError error)
                {
                    assertTrue(error.getMessage().contains("Barrier("), error.getMessage());
                }
            }
            final int[] sum = new int[1];
            Collectives.allreduce(world, new int[]{ rank }, 0, sum, 0, 1, INT, PredefinedOp.SUM);
            assertEquals(np * (np - 1) / 2, sum[0], "after the errors");
        });
    }

    /** A value whose sums depend on their order in floating point. */
    private static double term(final int rank, final int iteration, final int element)
    {
        return (rank % 2 == 0 ? 1e16 : 1.0) * (1 + rank) + iteration * 0.1 + element / 3.0;
    }

    /** A block too large for the root's room fails the root, as a message would; everybody else goes on. */
    @Test
    void aTruncatedBlockIsTheReceiversError() throws Exception
    {
        final int np = 4;
        ThreadJob.run(np, world ->
        {
            final int rank = world.rank();
            final int[] room = new int[np];
            if (rank == 0)
            {
                final MpiError error = assertThrows(MpiError.class, () ->
                    Collectives.gatherv(world, values(rank, 1), 0, 1, INT, room, 0, new int[]{ 1, 1, 0, 1 },
                        new int[]{ 0, 1, 2, 3 }, INT, 0));
                assertEquals(ErrorClass.TRUNCATE, error.errorClass());
            }
            else
            {
                Collectives.gatherv(world, values(rank, 1), 0, 1, INT, room, 0, null, null, INT, 0);
            }
            final int[] sum = new int[1];
            Collectives.allreduce(world, new int[]{ rank }, 0, sum, 0, 1, INT, PredefinedOp.SUM);
            assertEquals(np * (np - 1) / 2, sum[0]);
        });
    }

    /** 64 ranks on however few cores: waiting ranks yield and park, so every one of them gets to run. */
    @Test
    void manyMoreRanksThanCoresStillProgress() throws Exception
    {
        final int np = 64;
        ThreadJob.run(np, world ->
        {
            final int rank = world.rank();
            for (int i = 0; i < 200; i++)
            {
                Collectives.barrier(world);
            }
            final int[] sums = new int[16];
            final int[] all = new int[np];
            for (int i = 0; i < 50; i++)
            {
                Collectives.allreduce(world, values(rank, 16), 0, sums, 0, 16, INT, PredefinedOp.SUM);
                Collectives.allgather(world, new int[]{ rank + i }, 0, 1, INT, all, 0, 1, INT);
                assertEquals(np * (np - 1) / 2 + np * i, Arrays.stream(all).sum());
            }
            assertEquals(np * (np - 1) * 500 + np, sums[0]);
        });
    }

    /**
     * Ranks waiting in a barrier for a rank that computes for 400 ms yield for a while, then park: each spends a
     * small part of that time on a CPU (a waiting rank that spun or yielded throughout would spend most of it).
     */
    @Test
    void ranksWaitingForALateRankParkInsteadOfBurningACore() throws Exception
    {
        final int np = 4;
        final long lateMs = 400;
        final long[] cpuNs = new long[np];
        final java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        ThreadJob.run(np, world ->
        {
            final int rank = world.rank();
            Collectives.barrier(world);
            if (rank == 0)
            {
                Thread.sleep(lateMs);
            }
            final long before = threads.getCurrentThreadCpuTime();
            Collectives.barrier(world);
            cpuNs[rank] = threads.getCurrentThreadCpuTime() - before;
        });
        for (int rank = 1; rank < np; rank++)
        {
            assertTrue(cpuNs[rank] < lateMs * 1_000_000 / 4,
                "rank " + rank + " spent " + cpuNs[rank] / 1_000_000 + " ms on a CPU waiting " + lateMs + " ms");
        }
    }
}
