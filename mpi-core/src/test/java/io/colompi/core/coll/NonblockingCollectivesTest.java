package io.colompi.core.coll;

import io.colompi.core.comm.Communicator;
import io.colompi.core.job.CollectiveTuning;
import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;
import io.colompi.core.op.PredefinedOp;
import io.colompi.core.pt2pt.Request;
import io.colompi.core.pt2pt.SendMode;
import io.colompi.core.testing.ThreadJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import static io.colompi.core.coll.Layouts.DOUBLE;
import static io.colompi.core.coll.Layouts.INT;
import static io.colompi.core.coll.Layouts.OBJECT;
import static io.colompi.core.coll.Layouts.doubles;
import static io.colompi.core.coll.Layouts.value;
import static io.colompi.core.coll.Layouts.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nonblocking collectives: each against its reference at np 1 to 17 (with the default thresholds, in shared memory,
 * and with each flat algorithm forced), several in flight at once, interleaved with blocking collectives and
 * point-to-point traffic, progressed by waits for other requests, without buffering (every message a rendezvous),
 * completed by the last rank to start them in shared memory, and errors.
 */
@Timeout(60)
class NonblockingCollectivesTest
{
    static int[] sizes()
    {
        return FlatAlgorithmsTest.SIZES;
    }

    static Stream<Arguments> presetsAndSizes()
    {
        return FlatAlgorithmsTest.presetsAndSizes();
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void everyNonblockingCollectiveMatchesItsReference(final int np) throws Exception
    {
        ThreadJob.run(np, world -> new CollectiveChecks(world, CollectiveChecks.Mode.NONBLOCKING).all());
    }

    @ParameterizedTest(name = "{0} np={1}")
    @MethodSource("presetsAndSizes")
    void everyScheduledAlgorithmMatchesItsReference(final FlatAlgorithmsTest.Preset preset, final int np)
        throws Exception
    {
        ThreadJob.run(CollectiveChecks.settings(preset.tuning), np,
            world -> new CollectiveChecks(world, CollectiveChecks.Mode.NONBLOCKING).all());
    }

    /**
     * Over point-to-point, a nonblocking allgatherv is one round of messages below the long threshold of all blocks
     * (every rank's arrive at once, whatever their order) and the ring from it.
     */
    @Test
    void aNonblockingAllgathervIsOneRoundOfMessagesBelowTheLongThresholdAndARingFromIt() throws Exception
    {
        final int np = 5;
        ThreadJob.run(CollectiveChecks.settings(CollectiveChecks.flatDefaults()), np, world ->
        {
            final int rank = world.rank();
            final int longItems = CollectiveTuning.DEFAULTS.allgatherLongBytes() / Integer.BYTES;
            for (final int total : new int[]{ 5 * 1000, longItems - 1, longItems })
            {
                final int[] counts = new int[np];
                final int[] displs = new int[np];
                for (int r = 0; r < np; r++)
                {
                    counts[r] = total / np + (r < total % np ? 1 : 0);
                    displs[r] = r == 0 ? 0 : displs[r - 1] + counts[r - 1];
                }
                assertEquals(total < longItems ? Selection.Algorithm.LINEAR : Selection.Algorithm.RING,
                    Selection.of(world).iallgatherv(INT, counts, INT).flat(), "items " + total);
                final int[] all = new int[total];
                world.engine().awaitRequest(Collectives.iallgatherv(world, values(rank, counts[rank]), 0,
                    counts[rank], INT, all, 0, counts, displs, INT));
                for (int r = 0; r < np; r++)
                {
                    assertArrayEquals(values(r, counts[r]), Arrays.copyOfRange(all, displs[r], displs[r] + counts[r]),
                        "block of rank " + r + ", items " + total);
                }
            }
        });
    }

    /** Over point-to-point, a nonblocking alltoall is one round of messages at every size, Bruck's and pairwise's. */
    @Test
    void aNonblockingAlltoallIsOneRoundOfMessagesAtEverySize() throws Exception
    {
        final int np = 6;
        ThreadJob.run(CollectiveChecks.settings(CollectiveChecks.flatDefaults()), np, world ->
        {
            final int rank = world.rank();
            final int pastBruck = CollectiveTuning.DEFAULTS.alltoallShortBytes() / Integer.BYTES + 1;
            for (final int n : new int[]{ 1, pastBruck, 40_000 })
            {
                assertEquals(Selection.Algorithm.LINEAR, Selection.of(world).ialltoall(n, INT).flat(), "block " + n);
                final int[] out = new int[n * np];
                for (int i = 0; i < out.length; i++)
                {
                    out[i] = value(rank, i);
                }
                final int[] in = new int[n * np];
                world.engine().awaitRequest(Collectives.ialltoall(world, out, 0, n, INT, in, 0, n, INT));
                for (int r = 0; r < np; r++)
                {
                    for (int k = 0; k < n; k += 97)
                    {
                        assertEquals(value(r, rank * n + k), in[r * n + k], "block " + n + " from rank " + r);
                    }
                }
            }
        });
    }

    @ParameterizedTest
    @ValueSource(ints = { 2, 5, 8, 12, 17 })
    void severalInFlightAtOnceInterleavedWithBlockingOnes(final int np) throws Exception
    {
        ThreadJob.run(np, world ->
        {
            final int rank = world.rank();
            final int root = np - 1;
            final int[] sums = new int[100];
            final int[] otherSums = new int[100];
            final double[] broadcast = rank == root ? doubles(root, 5000) : new double[5000];
            final int[] exchanged = new int[2 * np];
            final int[] out = new int[2 * np];
            for (int j = 0; j < np; j++)
            {
                out[2 * j] = value(rank, j);
                out[2 * j + 1] = -value(rank, j);
            }
            final Object[] gathered = new Object[np];
            final Request sum = Collectives.iallreduce(world, values(rank, 100), 0, sums, 0, 100, INT,
                PredefinedOp.SUM);
            final Request bcast = Collectives.ibcast(world, broadcast, 0, 5000, DOUBLE, root);
            final Request barrier = Collectives.ibarrier(world);
            final Request alltoall = Collectives.ialltoall(world, out, 0, 2, INT, exchanged, 0, 2, INT);
            final Request sameKind = Collectives.iallreduce(world, values(rank + 1, 100), 0, otherSums, 0, 100, INT,
                PredefinedOp.SUM);
            final Request gather = Collectives.igather(world, new Object[]{ "g" + rank }, 0, 1, OBJECT, gathered, 0,
                1, OBJECT, 0);

            // blocking collectives meanwhile, on the same communicator, must neither match nor wait for them
            final int[] blockingSum = new int[1];
            Collectives.allreduce(world, new int[]{ rank }, 0, blockingSum, 0, 1, INT, PredefinedOp.SUM);
            assertEquals(np * (np - 1) / 2, blockingSum[0]);
            final int[] word = { rank == 0 ? 77 : 0 };
            Collectives.bcast(world, word, 0, 1, INT, 0);
            assertEquals(77, word[0]);

            // completed in the reverse order of their start
            for (final Request request : new Request[]{ gather, sameKind, alltoall, barrier, bcast, sum })
            {
                world.engine().awaitRequest(request);
            }
            final int[] expectedSums = new int[100];
            final int[] expectedOther = new int[100];
            for (int i = 0; i < 100; i++)
            {
                for (int r = 0; r < np; r++)
                {
                    expectedSums[i] += value(r, i);
                    expectedOther[i] += value(r + 1, i);
                }
            }
            assertArrayEquals(expectedSums, sums);
            assertArrayEquals(expectedOther, otherSums);
            assertArrayEquals(doubles(root, 5000), broadcast);
            for (int i = 0; i < np; i++)
            {
                assertEquals(value(i, rank), exchanged[2 * i]);
                assertEquals(-value(i, rank), exchanged[2 * i + 1]);
                if (rank == 0)
                {
                    assertEquals("g" + i, gathered[i]);
                }
            }
        });
    }

    /**
     * A flat nonblocking allreduce takes its temporaries from the communicator's pool and gives them back as it
     * ends: once warm, a call allocates its schedule and requests, not two vectors (128 KB here, before the pool).
     */
    @ParameterizedTest
    @EnumSource(value = FlatAlgorithmsTest.Preset.class, names = { "MEDIUM", "LONG" })
    void aFlatNonblockingAllreduceReusesItsTemporaries(final FlatAlgorithmsTest.Preset preset) throws Exception
    {
        final int n = 8192;
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)java.lang.management.ManagementFactory.getThreadMXBean();
        ThreadJob.run(CollectiveChecks.settings(preset.tuning), 2, world ->
        {
            final double[] mine = doubles(world.rank(), n);
            final double[] sums = new double[n];
            long before = 0;
            for (int i = 0; i < 400; i++)
            {
                if (i == 200)
                {
                    before = threads.getCurrentThreadAllocatedBytes();
                }
                world.engine().awaitRequest(Collectives.iallreduce(world, mine, 0, sums, 0, n, DOUBLE,
                    PredefinedOp.SUM));
            }
            final long perCall = (threads.getCurrentThreadAllocatedBytes() - before) / 200;
            assertTrue(perCall < 8192, perCall + " bytes a call");
            final double[] other = doubles(1 - world.rank(), n);
            for (int i = 0; i < n; i++)
            {
                assertEquals(mine[i] + other[i], sums[i]);
            }
        });
    }

    @ParameterizedTest
    @ValueSource(ints = { 2, 3, 8, 13 })
    void waitingForPointToPointMessagesProgressesThem(final int np) throws Exception
    {
        ThreadJob.run(np, world ->
        {
            final int rank = world.rank();
            final int last = np - 1;
            final int[] sums = new int[3];
            // several rounds (recursive doubling): at np 8 and 13 the last rank needs rank 0's later rounds ...
            final Request sum = Collectives.iallreduce(world, new int[]{ rank, 1, -rank }, 0, sums, 0, 3, INT,
                PredefinedOp.SUM);
            final int[] note = new int[1];
            if (rank == 0)
            {
                // ... while rank 0 only waits for the last rank's message, sent once that allreduce is done
                world.recv(note, 0, 1, INT, last, 5);
            }
            else if (rank == last)
            {
                world.engine().awaitRequest(sum);
                world.send(new int[]{ 42 }, 0, 1, INT, 0, 5, SendMode.STANDARD);
            }
            world.engine().awaitRequest(sum);
            assertArrayEquals(new int[]{ np * (np - 1) / 2, np, -np * (np - 1) / 2 }, sums);
            assertEquals(rank == 0 && np > 1 ? 42 : 0, note[0]);

            // point-to-point messages with the same tag on the program's context never match collective ones
            final int right = (rank + 1) % np;
            final int left = (rank - 1 + np) % np;
            final double[] all = new double[np];
            final Request allgather = Collectives.iallgather(world, new double[]{ rank }, 0, 1, DOUBLE, all, 0, 1,
                DOUBLE);
            final int[] fromLeft = new int[1];
            final int tag = CollectiveTag.nonblocking(1, CollectiveTag.ALLGATHER);
            final Request receive = world.irecv(fromLeft, 0, 1, INT, left, tag);
            final Request send = world.isend(new int[]{ rank }, 0, 1, INT, right, tag);
            // a test loop: polling the engine moves the collective on
            while (!(allgather.isComplete() && receive.isComplete() && send.isComplete()))
            {
                world.engine().progress();
                world.engine().checkAbort();
                Thread.yield();
            }
            assertNull(allgather.error());
            assertEquals(left, fromLeft[0]);
            for (int r = 0; r < np; r++)
            {
                assertEquals(r, all[r]);
            }
        });
    }

    @ParameterizedTest
    @ValueSource(ints = { 2, 3, 5, 8 })
    void completeWhenNoMessageIsBuffered(final int np) throws Exception
    {
        for (final FlatAlgorithmsTest.Preset preset : FlatAlgorithmsTest.Preset.values())
        {
            ThreadJob.run(CollectiveChecks.settings(preset.tuning), new int[np], new int[np], null, 0, world ->
            {
                final int rank = world.rank();
                final int n = 3000;
                final int[] sums = new int[n];
                final int[] data = rank == 1 % np ? values(1 % np, n) : new int[n];
                final int[] all = new int[np * n];
                final int[] exchanged = new int[np * n];
                final int[] out = new int[np * n];
                for (int i = 0; i < out.length; i++)
                {
                    out[i] = value(rank, i);
                }
                final Request[] requests = {
                    Collectives.iallreduce(world, values(rank, n), 0, sums, 0, n, INT, PredefinedOp.SUM),
                    Collectives.ibcast(world, data, 0, n, INT, 1 % np),
                    Collectives.iallgather(world, values(rank, n), 0, n, INT, all, 0, n, INT),
                    Collectives.ialltoall(world, out, 0, n, INT, exchanged, 0, n, INT),
                };
                new CollectiveChecks(world, CollectiveChecks.Mode.BLOCKING).allgather();
                for (final Request request : requests)
                {
                    world.engine().awaitRequest(request);
                }
                assertArrayEquals(values(1 % np, n), data);
                for (int i = 0; i < n; i++)
                {
                    int expected = 0;
                    for (int r = 0; r < np; r++)
                    {
                        expected += value(r, i);
                        assertEquals(value(r, i), all[r * n + i]);
                        assertEquals(value(r, rank * n + i), exchanged[r * n + i]);
                    }
                    assertEquals(expected, sums[i]);
                }
            });
        }
    }

    @ParameterizedTest
    @ValueSource(ints = { 1, 3, 4 })
    void errorsFailTheirRequestAndLeaveTheCommunicatorUsable(final int np) throws Exception
    {
        ThreadJob.run(np, world ->
        {
            final int rank = world.rank();
            // bad arguments fail at the call, on every rank
            final MpiError root = assertThrows(MpiError.class,
                () -> Collectives.ibcast(world, new int[1], 0, 1, INT, np));
            assertEquals(ErrorClass.ROOT, root.errorClass());
            assertEquals(ErrorClass.COUNT, assertThrows(MpiError.class,
                () -> Collectives.iallreduce(world, new int[1], 0, new int[1], 0, -1, INT, PredefinedOp.SUM))
                .errorClass());

            // a receive too small at the root fails the root's request only, once the peers' data has arrived
            final int[] small = new int[2 * np];
            final Request gather = Collectives.igather(world, values(rank, 3), 0, 3, INT, small, 0, 2, INT, 0);
            if (rank == 0)
            {
                final MpiError truncated = assertThrows(MpiError.class, () -> world.engine().awaitRequest(gather));
                assertEquals(ErrorClass.TRUNCATE, truncated.errorClass());
            }
            else
            {
                world.engine().awaitRequest(gather);
            }
            assertTrue(gather.isComplete());

            // the sequence of nonblocking collectives stayed in step on every rank
            final int[] sum = new int[1];
            final Request next = Collectives.iallreduce(world, new int[]{ rank + 1 }, 0, sum, 0, 1, INT,
                PredefinedOp.SUM);
            world.engine().awaitRequest(next);
            assertEquals(np * (np + 1) / 2, sum[0]);
            world.engine().awaitRequest(Collectives.ibarrier(world));
        });
    }

    @ParameterizedTest
    @ValueSource(ints = { 2, 4, 7 })
    void inOneJvmTheLastRankToStartCompletesEveryRanksPart(final int np) throws Exception
    {
        final CountDownLatch othersStarted = new CountDownLatch(np - 1);
        final CountDownLatch lastStarted = new CountDownLatch(1);
        final int n = 20_000; // 160 KB of doubles: several reduction chunks
        ThreadJob.run(np, world ->
        {
            final int rank = world.rank();
            final int last = np - 1;
            final double[] sums = new double[n];
            final double[] broadcast = rank == 0 ? doubles(0, n) : new double[n];
            final int[] out = new int[np];
            final int[] exchanged = new int[np];
            for (int j = 0; j < np; j++)
            {
                out[j] = value(rank, j);
            }
            if (rank == last)
            {
                othersStarted.await();
            }
            final Request[] requests = {
                Collectives.iallreduce(world, doubles(rank, n), 0, sums, 0, n, DOUBLE, PredefinedOp.SUM),
                Collectives.ibcast(world, broadcast, 0, n, DOUBLE, 0),
                Collectives.ialltoall(world, out, 0, 1, INT, exchanged, 0, 1, INT),
                Collectives.ibarrier(world),
            };
            if (rank == last)
            {
                lastStarted.countDown();
            }
            else
            {
                // no rank but the last polls: the shared-memory tasks need nobody else once all have started
                othersStarted.countDown();
                lastStarted.await();
            }
            for (final Request request : requests)
            {
                assertTrue(request.isComplete(), "complete before this rank polled");
                world.engine().awaitRequest(request);
            }
            for (int i = 0; i < n; i += 997)
            {
                double expected = 0;
                for (int r = 0; r < np; r++)
                {
                    expected += doubles(r, n)[i];
                }
                assertEquals(expected, sums[i], 1e-9 * Math.abs(expected));
            }
            assertArrayEquals(doubles(0, n), broadcast);
            for (int j = 0; j < np; j++)
            {
                assertEquals(value(j, rank), exchanged[j]);
            }

            // every rank waiting: they run the offered chunks together, to the same result
            final double[] again = new double[n];
            world.engine().awaitRequest(Collectives.iallreduce(world, doubles(rank, n), 0, again, 0, n, DOUBLE,
                PredefinedOp.SUM));
            assertArrayEquals(sums, again);
        });
    }

    @ParameterizedTest
    @ValueSource(ints = { 2, 5 })
    void mismatchedNonblockingCollectivesInOneJvmFailOnEveryRank(final int np) throws Exception
    {
        ThreadJob.run(np, world ->
        {
            final int rank = world.rank();
            final int[] data = new int[3];
            final Request kinds = rank == 1 ? Collectives.ibcast(world, data, 0, 3, INT, 0) :
                Collectives.iallreduce(world, values(rank, 3), 0, data, 0, 3, INT, PredefinedOp.SUM);
            final MpiError mismatch = assertThrows(MpiError.class, () -> world.engine().awaitRequest(kinds));
            assertEquals(ErrorClass.OTHER, mismatch.errorClass());
            assertTrue(mismatch.getMessage().contains("mismatched nonblocking collectives: rank 1 starts " +
                "Bcast(root 0, 12 bytes per block) as nonblocking collective 0 on this communicator, where rank 0 " +
                "starts Allreduce(12 bytes per block)"), mismatch.getMessage());

            final int count = rank == np - 1 ? 2 : 3;
            final Request counts = Collectives.iallreduce(world, values(rank, count), 0, data, 0, count, INT,
                PredefinedOp.SUM);
            final MpiError differ = assertThrows(MpiError.class, () -> world.engine().awaitRequest(counts));
            assertEquals(ErrorClass.TRUNCATE, differ.errorClass());
            assertTrue(differ.getMessage().contains("rank " + (np - 1) + " passed 2"), differ.getMessage());

            // the sequence stayed in step, and nothing was written
            final int[] sum = new int[1];
            world.engine().awaitRequest(Collectives.iallreduce(world, new int[]{ 1 }, 0, sum, 0, 1, INT,
                PredefinedOp.SUM));
            assertEquals(np, sum[0]);
            assertArrayEquals(new int[3], data);
        });
    }

    @ParameterizedTest
    @ValueSource(ints = { 1, 4, 7 })
    void manyInFlightOnOneCommunicator(final int np) throws Exception
    {
        ThreadJob.run(np, world ->
        {
            final int rank = world.rank();
            final int many = 200;
            final Request[] requests = new Request[many];
            final int[][] results = new int[many][1];
            for (int k = 0; k < many; k++)
            {
                requests[k] = Collectives.iallreduce(world, new int[]{ rank * k }, 0, results[k], 0, 1, INT,
                    PredefinedOp.SUM);
            }
            for (int k = many - 1; k >= 0; k--)
            {
                world.engine().awaitRequest(requests[k]);
                assertEquals(k * np * (np - 1) / 2, results[k][0]);
            }
            assertFalse(Arrays.stream(requests).anyMatch(r -> !r.isComplete()));
        });
    }

    @ParameterizedTest
    @ValueSource(ints = { 3, 6 })
    void communicatorsHaveTheirOwnSequences(final int np) throws Exception
    {
        ThreadJob.run(np, world ->
        {
            final int rank = world.rank();
            final Communicator dup = io.colompi.core.comm.Communicators.dup(world);
            // different numbers of nonblocking collectives so far on each communicator
            world.engine().awaitRequest(Collectives.ibarrier(world));
            world.engine().awaitRequest(Collectives.ibarrier(world));
            final int[] onDup = new int[1];
            final int[] onWorld = new int[1];
            final Request a = Collectives.iallreduce(dup, new int[]{ rank }, 0, onDup, 0, 1, INT, PredefinedOp.MAX);
            final Request b = Collectives.iallreduce(world, new int[]{ rank }, 0, onWorld, 0, 1, INT,
                PredefinedOp.MIN);
            world.engine().awaitRequest(b);
            world.engine().awaitRequest(a);
            assertEquals(np - 1, onDup[0]);
            assertEquals(0, onWorld[0]);
        });
    }
}
