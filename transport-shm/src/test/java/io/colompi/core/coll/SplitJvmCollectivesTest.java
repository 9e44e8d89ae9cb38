package io.colompi.core.coll;

import io.colompi.core.comm.Communicator;
import io.colompi.core.comm.Communicators;
import io.colompi.core.job.CollectiveTuning;
import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;
import io.colompi.core.op.PredefinedOp;
import io.colompi.core.pt2pt.Request;
import io.colompi.core.testing.ThreadJob;
import io.colompi.core.transport.Transport;
import io.colompi.core.transport.TransportStats;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.TypeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every collective against the references of {@link CollectiveChecks} with ranks in several pretend JVMs that
 * reach each other over shared memory: one rank per JVM, blocks of ranks per JVM, JVMs of different sizes, and
 * JVMs holding ranks that are not consecutive (non-commutative reductions then go flat); every rank flat, with
 * the leaders' phase ({@link CollectiveTuning#leaders()}), and with every allreduce, bcast, allgather and
 * alltoall through {@link NodeArena}s whose slots hold a few items (so that each call moves many chunks),
 * allreduce chunks cut in slices or combined whole.
 * In the package of the checks, which the mpi-core test jar brings.
 */
@Timeout(120)
class SplitJvmCollectivesTest
{
    private static final TypeMap LONG = TypeMap.basic(BaseType.LONG);

    /** How the ranks of different JVMs meet. */
    enum Phase
    {
        FLAT, LEADERS, NODE_ARENAS, NODE_ARENAS_WHOLE
    }

    static Stream<Arguments> placements()
    {
        return Stream.of(Phase.values()).flatMap(phase -> Stream.of(
            new int[]{ 0, 1 },
            new int[]{ 0, 0, 1 },
            new int[]{ 0, 1, 2, 3 },
            new int[]{ 0, 0, 1, 1 },
            new int[]{ 0, 0, 0, 1, 1, 2, 2 },
            new int[]{ 0, 1, 0, 1, 2 },
            new int[]{ 0, 0, 1, 1, 2, 2, 3, 3 },
            new int[]{ 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 }
        ).map(jvmOf -> Arguments.of(Arrays.toString(jvmOf), jvmOf, phase)));
    }

    @ParameterizedTest(name = "JVM of each rank {0}, {2}")
    @MethodSource("placements")
    void everyCollectiveMatchesItsReference(final String name, final int[] jvmOf, final Phase phase)
        throws Exception
    {
        final CollectiveTuning tuning = phase == Phase.NODE_ARENAS ? CollectiveChecks.NODE_ARENAS_ALWAYS :
            phase == Phase.NODE_ARENAS_WHOLE ? CollectiveChecks.NODE_ARENAS_WHOLE :
            CollectiveChecks.withLeaders(phase == Phase.LEADERS);
        inSharedMemory(tuning, jvmOf, dir -> world ->
        {
            new CollectiveChecks(world, CollectiveChecks.Mode.BLOCKING).all();
            new CollectiveChecks(world, CollectiveChecks.Mode.NONBLOCKING).all();
        });
    }

    /**
     * Every communicator that ran a large allreduce maps a node arena; freeing it unmaps it (the file itself is
     * unlinked once all have mapped it), so a program that makes and frees communicators in a loop keeps none.
     */
    @Test
    void freeingACommunicatorUnmapsItsNodeArena() throws Exception
    {
        final int n = 40_000;
        inSharedMemory(CollectiveTuning.DEFAULTS, new int[]{ 0, 1, 2, 2 }, dir -> world ->
        {
            final double[] expected = sumOfDoubles(world.size(), n);
            for (int i = 0; i < 20; i++)
            {
                final Communicator copy = Communicators.dup(world);
                final double[] sums = new double[n];
                Collectives.allreduce(copy, Layouts.doubles(world.rank(), n), 0, sums, 0, n, Layouts.DOUBLE,
                    PredefinedOp.SUM);
                assertArrayEquals(expected, sums, 1e-9);
                Collectives.free(copy);
            }
            Collectives.barrier(world);
            assertEquals(0, nodeArenaMappings(dir));
        });
    }

    /**
     * A communicator freed while a nonblocking allreduce runs in its node arena (MPI completes pending operations of a
     * freed communicator): the allreduce still completes with every value, its arena kept mapped until then.
     */
    @Test
    void freeingACommunicatorWhileANonblockingCollectiveRunsInItsNodeArenaLetsItComplete() throws Exception
    {
        final int n = 200;
        inSharedMemory(CollectiveChecks.NODE_ARENAS_ALWAYS, new int[]{ 0, 1, 2 }, dir -> world ->
        {
            final Communicator copy = Communicators.dup(world);
            final double[] sums = new double[n];
            final Request request = Collectives.iallreduce(copy, Layouts.doubles(world.rank(), n), 0, sums, 0, n,
                Layouts.DOUBLE, PredefinedOp.SUM);
            Collectives.free(copy);
            world.engine().awaitRequest(request);
            final double[] expected = sumOfDoubles(world.size(), n);
            assertArrayEquals(expected, sums, 1e-9);
        });
    }

    /**
     * MPI asks the ranks of a bcast for the same type signature, not the same type: here the root passes items of
     * five ints, another rank single ints, another pairs of ints two apart (a vector, not contiguous), each 60 ints,
     * through node arenas whose slots of 24 bytes hold six ints but no whole number of items of five. Every rank gets
     * every int in place, and its gaps untouched, blocking and nonblocking. The arena once cut its chunks in items,
     * so that ranks of other types read other chunks than the root wrote (and waited at other barriers), and it took
     * only contiguous types, so that the rank of the vector took another path than the others.
     */
    @ParameterizedTest(name = "vector on a rank: {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = { false, true })
    void aBcastWhoseRanksPassOtherTypesOfTheSameSignatureGoesThroughTheNodeArena(final boolean vector)
        throws Exception
    {
        final TypeMap fives = TypeMap.contiguous(5, Layouts.INT);
        final TypeMap pairs = TypeMap.vector(2, 1, 2, Layouts.INT);
        final int ints = 60;
        inSharedMemory(CollectiveChecks.NODE_ARENAS_ALWAYS, new int[]{ 0, 1, 2 }, dir -> world ->
        {
            final int rank = world.rank();
            final TypeMap type = rank == 0 ? fives : rank == 2 && vector ? pairs : Layouts.INT;
            final int count = ints / type.size();
            final java.util.function.IntUnaryOperator at = i -> 1 + (type == pairs ? 3 * (i / 2) + 2 * (i % 2) : i);
            for (int root = 0; root < world.size(); root++)
            {
                for (final boolean nonblocking : new boolean[]{ false, true })
                {
                    final int[] buffer = new int[at.applyAsInt(ints - 1) + 2];
                    Arrays.fill(buffer, -1);
                    if (rank == root)
                    {
                        for (int i = 0; i < ints; i++)
                        {
                            buffer[at.applyAsInt(i)] = 1000 * root + i;
                        }
                    }
                    if (nonblocking)
                    {
                        world.engine().awaitRequest(Collectives.ibcast(world, buffer, 1, count, type, root));
                    }
                    else
                    {
                        Collectives.bcast(world, buffer, 1, count, type, root);
                    }
                    final int[] expected = new int[buffer.length];
                    Arrays.fill(expected, -1);
                    for (int i = 0; i < ints; i++)
                    {
                        expected[at.applyAsInt(i)] = 1000 * root + i;
                    }
                    assertArrayEquals(expected, buffer, "root " + root + (nonblocking ? " nonblocking" : ""));
                }
            }
        });
    }

    /** A rank whose receive side is too small gets the error; the others get their data and go on. */
    @Test
    void anAlltoallThroughTheNodeArenaTruncatesOnlyWhereTheRoomIsShort() throws Exception
    {
        inSharedMemory(CollectiveChecks.NODE_ARENAS_ALWAYS, new int[]{ 0, 1, 2 }, dir -> world ->
        {
            final int rank = world.rank();
            final int[] out = { rank * 10, rank * 10 + 1, rank * 10 + 2 };
            final int[] in = new int[3];
            if (rank == 1)
            {
                final MpiError error = assertThrows(MpiError.class,
                    () -> Collectives.alltoall(world, out, 0, 1, Layouts.INT, in, 0, 0, Layouts.INT));
                assertEquals(ErrorClass.TRUNCATE, error.errorClass());
                return;
            }
            Collectives.alltoall(world, out, 0, 1, Layouts.INT, in, 0, 1, Layouts.INT);
            assertArrayEquals(new int[]{ rank, 10 + rank, 20 + rank }, in);
        });
    }

    /**
     * Through the leaders, a nonblocking collective needs only the leaders to poll: the other ranks start theirs and
     * wait for a latch that the leaders open once their own requests have completed (flat, the leaders' requests
     * would wait for the members' next rounds for ever). The members' results are then in place.
     */
    @Test
    void throughTheLeadersANonblockingCollectiveCompletesWhileTheOtherRanksDoNotPoll() throws Exception
    {
        final int n = 600;
        final CountDownLatch leadersDone = new CountDownLatch(2);
        inSharedMemory(CollectiveChecks.withLeaders(true), new int[]{ 0, 0, 0, 1, 1 }, dir -> world ->
        {
            final int rank = world.rank();
            final double[] sums = new double[n];
            final double[] root = rank == 4 ? Layouts.doubles(4, n) : new double[n];
            final int[] product = new int[1];
            final Request[] requests = {
                Collectives.iallreduce(world, Layouts.doubles(rank, n), 0, sums, 0, n, Layouts.DOUBLE,
                    PredefinedOp.SUM),
                Collectives.ibcast(world, root, 0, n, Layouts.DOUBLE, 4),
                Collectives.ireduce(world, new int[]{ rank + 1 }, 0, product, 0, 1, Layouts.INT, PredefinedOp.PROD,
                    1),
                Collectives.ibarrier(world)
            };
            final boolean leader = rank == 0 || rank == 3;
            if (leader)
            {
                for (final Request request : requests)
                {
                    world.engine().awaitRequest(request);
                }
                leadersDone.countDown();
            }
            assertTrue(leadersDone.await(30, TimeUnit.SECONDS), "the leaders' requests completed");
            for (final Request request : requests)
            {
                assertTrue(request.isComplete(), "completed by its leader");
                assertNull(request.error());
            }
            final double[] expected = sumOfDoubles(world.size(), n);
            assertArrayEquals(expected, sums, 1e-9);
            assertArrayEquals(Layouts.doubles(4, n), root);
            assertEquals(rank == 1 ? 120 : 0, product[0]);
        });
    }

    /**
     * A large nonblocking allreduce and bcast meet in the node arena, ranks alone in their JVMs or, where JVMs hold
     * several, after meeting in their JVM: several in flight at once, a blocking allreduce through the same arena
     * between them, waited for in reverse order, each moving many chunks through both sets of slots. Every value
     * arrives, and no datum travels in a message, where the same calls run flat send it all.
     */
    @ParameterizedTest(name = "JVM of each rank {0}")
    @MethodSource("arenaPlacements")
    void nonblockingAllreducesAndBcastsGoThroughTheNodeArena(final String name, final int[] jvmOf) throws Exception
    {
        final int n = 300;
        final ThreadJob.RankBody calls = world ->
        {
            final int rank = world.rank();
            final double[] first = new double[n];
            final double[] between = new double[n];
            final double[] last = new double[n];
            final long[] root = rank == 2 ? longs(n) : new long[n + 1];
            final Request[] requests = {
                Collectives.iallreduce(world, Layouts.doubles(rank, n), 0, first, 0, n, Layouts.DOUBLE,
                    PredefinedOp.SUM),
                Collectives.ibcast(world, root, rank == 2 ? 0 : 1, n, LONG, 2),
                null
            };
            Collectives.allreduce(world, Layouts.doubles(rank + 10, n), 0, between, 0, n, Layouts.DOUBLE,
                PredefinedOp.MAX);
            requests[2] = Collectives.iallreduce(world, Layouts.doubles(rank + 20, n), 0, last, 0, n,
                Layouts.DOUBLE, PredefinedOp.MIN);
            for (int i = requests.length - 1; i >= 0; i--)
            {
                world.engine().awaitRequest(requests[i]);
            }
            final double[] sum = new double[n];
            final double[] max = Layouts.doubles(10, n);
            final double[] min = Layouts.doubles(20, n);
            for (int r = 0; r < world.size(); r++)
            {
                final double[] theirs = Layouts.doubles(r, n);
                final double[] high = Layouts.doubles(r + 10, n);
                final double[] low = Layouts.doubles(r + 20, n);
                for (int i = 0; i < n; i++)
                {
                    sum[i] += theirs[i];
                    max[i] = Math.max(max[i], high[i]);
                    min[i] = Math.min(min[i], low[i]);
                }
            }
            assertArrayEquals(sum, first, 1e-9);
            assertArrayEquals(max, between);
            assertArrayEquals(min, last);
            assertArrayEquals(longs(n), rank == 2 ? root : Arrays.copyOfRange(root, 1, n + 1));
        };
        final long arenaBytes = payloadOf(CollectiveChecks.NODE_ARENAS_ALWAYS, jvmOf, calls);
        final long flatBytes = payloadOf(CollectiveChecks.withLeaders(false), jvmOf, calls);
        assertTrue(arenaBytes < n * Double.BYTES, "through the node arena only the count agreements send a payload: " +
            arenaBytes);
        assertTrue(flatBytes >= 4L * 4 * n * Double.BYTES, "flat, the same calls send their data: " + flatBytes);
    }

    /**
     * A large nonblocking allgather meets in the node arena (after meeting in each JVM where it holds several
     * ranks), two in flight, into a strided receive layout and a contiguous one: every block lands in place, no datum
     * travels in a message; a rank whose receive side is too short gets {@code ERR_TRUNCATE}, and the others their
     * data.
     */
    @ParameterizedTest(name = "JVM of each rank {0}")
    @MethodSource("allgatherPlacements")
    void aNonblockingAllgatherGoesThroughTheNodeArena(final String name, final int[] jvmOf, final int jvms,
        final int rounds) throws Exception
    {
        final int n = 40;
        final TypeMap everyOther = TypeMap.vector(n, 1, 2, Layouts.INT);
        final ThreadJob.RankBody calls = world ->
        {
            final int rank = world.rank();
            final int np = world.size();
            final int[] mine = new int[n];
            Arrays.setAll(mine, i -> 1000 * rank + i);
            final int[] strided = new int[np * everyOther.extent()];
            final int[] dense = new int[np * n];
            final Request first = Collectives.iallgather(world, mine, 0, n, Layouts.INT, strided, 0, 1, everyOther);
            final Request second = Collectives.iallgather(world, mine, 0, n, Layouts.INT, dense, 0,
                rank == 1 ? n - 1 : n, Layouts.INT);
            awaitTooShortOnRankOne(world, second, dense);
            world.engine().awaitRequest(first);
            for (int r = 0; r < np; r++)
            {
                for (int i = 0; i < n; i++)
                {
                    assertEquals(1000 * r + i, strided[r * everyOther.extent() + 2 * i]);
                    if (i < n - 1)
                    {
                        assertEquals(0, strided[r * everyOther.extent() + 2 * i + 1], "a gap of the layout");
                    }
                    if (rank != 1)
                    {
                        assertEquals(1000 * r + i, dense[r * n + i]);
                    }
                }
            }
        };
        // what travels: each call's count agreement, every JVM's leader sending 3 longs in each round
        assertEquals(2 * jvms * rounds * 3 * Long.BYTES, payloadOf(CollectiveChecks.NODE_ARENAS_ALWAYS, jvmOf, calls));
    }

    /**
     * Ranks alone in their JVMs run a nonblocking alltoall in the node arena, two in flight, into a strided receive
     * layout and a contiguous one: every block lands in place and only the count agreements travel; a rank whose
     * receive side is too short gets {@code ERR_TRUNCATE} and keeps its buffer, and the others their data.
     */
    @Test
    void aNonblockingAlltoallOfRanksAloneInTheirJvmsGoesThroughTheNodeArena() throws Exception
    {
        final int n = 10;
        final TypeMap everyOther = TypeMap.vector(n, 1, 2, Layouts.INT);
        final ThreadJob.RankBody calls = world ->
        {
            final int rank = world.rank();
            final int np = world.size();
            final int[] mine = new int[np * n];
            Arrays.setAll(mine, i -> 1000 * rank + i);
            final int[] strided = new int[np * everyOther.extent()];
            final int[] dense = new int[np * n];
            final Request first = Collectives.ialltoall(world, mine, 0, n, Layouts.INT, strided, 0, 1, everyOther);
            final Request second = Collectives.ialltoall(world, mine, 0, n, Layouts.INT, dense, 0,
                rank == 1 ? n - 1 : n, Layouts.INT);
            awaitTooShortOnRankOne(world, second, dense);
            world.engine().awaitRequest(first);
            for (int r = 0; r < np; r++)
            {
                for (int i = 0; i < n; i++)
                {
                    // block `rank` of rank r's send buffer
                    final int sent = 1000 * r + rank * n + i;
                    assertEquals(sent, strided[r * everyOther.extent() + 2 * i]);
                    if (rank != 1)
                    {
                        assertEquals(sent, dense[r * n + i]);
                    }
                }
            }
        };
        // what travels: each call's count agreement, 3 ranks sending 3 longs in each of 2 rounds
        assertEquals(2 * 3 * 2 * 3 * Long.BYTES,
            payloadOf(CollectiveChecks.NODE_ARENAS_ALWAYS, new int[]{ 0, 1, 2 }, calls));
    }

    /**
     * Ranks alone in their JVMs that pass different counts to a nonblocking allreduce or bcast through the node arena
     * all fail with {@code ERR_TRUNCATE}, naming the rank that passed fewest items, and write nothing; the calls after
     * it, nonblocking and blocking, through the same arena, then work.
     */
    @Test
    void nonblockingCallsThroughTheNodeArenaWithDifferentCountsFailOnEveryRankAndLeaveItUsable() throws Exception
    {
        final int n = 50;
        inSharedMemory(CollectiveChecks.NODE_ARENAS_ALWAYS, new int[]{ 0, 1, 2 }, dir -> world ->
        {
            final int rank = world.rank();
            final int count = rank == 1 ? n - 3 : n;
            final double[] sums = new double[n];
            final MpiError reduced = assertThrows(MpiError.class, () -> world.engine().awaitRequest(
                Collectives.iallreduce(world, Layouts.doubles(rank, n), 0, sums, 0, count, Layouts.DOUBLE,
                    PredefinedOp.SUM)));
            assertEquals(ErrorClass.TRUNCATE, reduced.errorClass());
            assertEquals("message truncated: Iallreduce counts differ: rank 1 passed 47 items, another rank 50",
                reduced.getMessage());
            assertArrayEquals(new double[n], sums);
            final long[] values = rank == 0 ? longs(n) : new long[n];
            final MpiError broadcast = assertThrows(MpiError.class, () -> world.engine().awaitRequest(
                Collectives.ibcast(world, values, 0, count, LONG, 0)));
            assertEquals(ErrorClass.TRUNCATE, broadcast.errorClass());
            assertArrayEquals(rank == 0 ? longs(n) : new long[n], values);

            final double[] expected = sumOfDoubles(world.size(), n);
            final Request after = Collectives.iallreduce(world, Layouts.doubles(rank, n), 0, sums, 0, n,
                Layouts.DOUBLE, PredefinedOp.SUM);
            world.engine().awaitRequest(after);
            assertArrayEquals(expected, sums, 1e-9);
            Arrays.fill(sums, 0);
            Collectives.allreduce(world, Layouts.doubles(rank, n), 0, sums, 0, n, Layouts.DOUBLE, PredefinedOp.SUM);
            assertArrayEquals(expected, sums, 1e-9);
        });
    }

    /**
     * An allgatherv of ranks alone in their JVMs on one node, blocking and not, goes through the node arena: blocks of
     * very different sizes (one empty) arrive whole. So does a blocking allgather, where a rank whose receive side is
     * too short fails alone. Only the agreements on block sizes and counts travel in messages.
     */
    @Test
    void allgathersOfRanksAloneInTheirJvmsGoThroughTheNodeArena() throws Exception
    {
        final int[] counts = { 9000, 0, 450, 10 }; // 74 KiB in all: over colompi.coll.node.allgatherBytes
        final int[] displs = { 47, 0, 9100, 9600 };
        final ThreadJob.RankBody calls = world ->
        {
            final int rank = world.rank();
            final double[] all = new double[9610];
            world.engine().awaitRequest(Collectives.iallgatherv(world, Layouts.doubles(rank, counts[rank]), 0,
                counts[rank], Layouts.DOUBLE, all, 0, counts, displs, Layouts.DOUBLE));
            final double[] again = new double[9610];
            Collectives.allgatherv(world, Layouts.doubles(rank, counts[rank]), 0, counts[rank], Layouts.DOUBLE, again,
                0, counts, displs, Layouts.DOUBLE);
            for (int r = 0; r < counts.length; r++)
            {
                final double[] theirs = Layouts.doubles(r, counts[r]);
                assertArrayEquals(theirs, Arrays.copyOfRange(all, displs[r], displs[r] + counts[r]));
                assertArrayEquals(theirs, Arrays.copyOfRange(again, displs[r], displs[r] + counts[r]));
            }
            final int n = 5000; // 78 KiB in all
            final int[] blocks = new int[4 * n];
            final int[] mine = Layouts.values(rank, n);
            if (rank == 1)
            {
                final MpiError truncated = assertThrows(MpiError.class, () -> Collectives.allgather(world, mine, 0, n,
                    Layouts.INT, blocks, 0, n - 1, Layouts.INT));
                assertEquals(ErrorClass.TRUNCATE, truncated.errorClass());
                assertArrayEquals(new int[4 * n], blocks);
                return;
            }
            Collectives.allgather(world, mine, 0, n, Layouts.INT, blocks, 0, n, Layouts.INT);
            for (int r = 0; r < 4; r++)
            {
                assertArrayEquals(Layouts.values(r, n), Arrays.copyOfRange(blocks, r * n, r * n + n));
            }
        };
        // what travels: each call's agreement, 4 ranks sending 3 longs in each of 2 rounds
        assertEquals(3 * 4 * 2 * 3 * Long.BYTES, payloadOf(CollectiveTuning.DEFAULTS, new int[]{ 0, 1, 2, 3 }, calls));
    }

    /**
     * Where JVMs hold several ranks (consecutive or not), a large allgather and allgatherv, whose blocks fit in a set
     * of slots, cross the node arena as one stream: every block lands in place, only the leaders' agreements travel;
     * a rank whose allgather receive side is too short fails alone, and ranks that see other allgatherv block sizes
     * fail alike, after which the arena serves the next call.
     */
    @ParameterizedTest(name = "JVM of each rank {0}")
    @MethodSource("streamPlacements")
    void allgathersOfJvmsHoldingSeveralRanksStreamThroughTheNodeArena(final String name, final int[] jvmOf,
        final int jvms, final int rounds) throws Exception
    {
        final int n = 33_000; // ints: 516 KiB and more in all
        final ThreadJob.RankBody calls = world ->
        {
            final int rank = world.rank();
            final int np = world.size();
            final int[] blocks = new int[np * n];
            Collectives.allgather(world, Layouts.values(rank, n), 0, n, Layouts.INT, blocks, 0, n, Layouts.INT);
            final int[] counts = new int[np];
            final int[] displs = new int[np];
            final int longest = n + 300 * np;
            for (int r = 0; r < np; r++)
            {
                counts[r] = n + 300 * r;
                displs[r] = (np - 1 - r) * longest; // blocks in reverse order
                assertArrayEquals(Layouts.values(r, n), Arrays.copyOfRange(blocks, r * n, r * n + n));
            }
            final int[] v = new int[np * longest];
            Collectives.allgatherv(world, Layouts.values(rank, counts[rank]), 0, counts[rank], Layouts.INT, v, 0,
                counts, displs, Layouts.INT);
            for (int r = 0; r < np; r++)
            {
                assertArrayEquals(Layouts.values(r, counts[r]), Arrays.copyOfRange(v, displs[r],
                    displs[r] + counts[r]));
            }
            final int[] short1 = new int[np * n];
            if (rank == 1)
            {
                final MpiError truncated = assertThrows(MpiError.class, () -> Collectives.allgather(world,
                    Layouts.values(rank, n), 0, n, Layouts.INT, short1, 0, n - 1, Layouts.INT));
                assertEquals(ErrorClass.TRUNCATE, truncated.errorClass());
                assertArrayEquals(new int[np * n], short1);
            }
            else
            {
                Collectives.allgather(world, Layouts.values(rank, n), 0, n, Layouts.INT, short1, 0, n, Layouts.INT);
                assertArrayEquals(blocks, short1);
            }
            final int[] theirCounts = Arrays.copyOf(counts, np);
            if (rank == np - 1)
            {
                theirCounts[0]--; // this rank expects one int fewer from rank 0
            }
            final int[] untouched = new int[np * longest];
            final MpiError differ = assertThrows(MpiError.class, () -> Collectives.allgatherv(world,
                Layouts.values(rank, counts[rank]), 0, counts[rank], Layouts.INT, untouched, 0, theirCounts, displs,
                Layouts.INT));
            assertEquals(ErrorClass.TRUNCATE, differ.errorClass());
            assertTrue(differ.getMessage().startsWith("message truncated: Allgatherv block sizes differ"),
                differ.getMessage());
            assertArrayEquals(new int[np * longest], untouched);
            Collectives.allgatherv(world, Layouts.values(rank, counts[rank]), 0, counts[rank], Layouts.INT,
                untouched, 0, counts, displs, Layouts.INT);
            assertArrayEquals(v, untouched);
            final MpiError types = assertThrows(MpiError.class, () -> typedAllgather(world, n, rank == np - 1));
            assertEquals(ErrorClass.TYPE, types.errorClass());
        };
        // what travels: each of the 6 calls' agreement, every JVM's leader sending 3 longs in each round
        assertEquals(6 * jvms * rounds * 3 * Long.BYTES, payloadOf(CollectiveTuning.DEFAULTS, jvmOf, calls));
    }

    /** An allgather of {@code n} items a rank, ints, or longs where {@code longs}: one rank's type differs. */
    private static void typedAllgather(final Communicator world, final int n, final boolean longs)
    {
        if (longs)
        {
            Collectives.allgather(world, longs(n), 0, n, LONG, new long[world.size() * n], 0, n, LONG);
        }
        else
        {
            Collectives.allgather(world, Layouts.values(world.rank(), n), 0, n, Layouts.INT,
                new int[world.size() * n], 0, n, Layouts.INT);
        }
    }

    static Stream<Arguments> streamPlacements()
    {
        return Stream.of(Arguments.of("[0, 0, 1, 1]", new int[]{ 0, 0, 1, 1 }, 2, 1),
            Arguments.of("[0, 1, 0, 1, 2]", new int[]{ 0, 1, 0, 1, 2 }, 3, 2),
            Arguments.of("[0, 0, 0, 1, 1, 2]", new int[]{ 0, 0, 0, 1, 1, 2 }, 3, 2));
    }

    /**
     * Ranks alone in their JVMs whose allgatherv through the node arena does not match, a rank sending fewer items
     * than the others expect from it, or expecting other block sizes, all fail with {@code ERR_TRUNCATE}, blocking
     * or not, before they read anything; the arena then serves the next calls.
     */
    @Test
    void allgathervsThroughTheNodeArenaWithDifferentBlockSizesFailOnEveryRankAndLeaveItUsable() throws Exception
    {
        inSharedMemory(CollectiveChecks.NODE_ARENAS_ALWAYS, new int[]{ 0, 1, 2 }, dir -> world ->
        {
            final int rank = world.rank();
            final int[] counts = { 30, 20, 10 };
            final int[] displs = { 0, 30, 50 };
            final int[] theirCounts = rank == 2 ? new int[]{ 30, 21, 10 } : counts;
            final int sent = rank == 0 ? 29 : counts[rank];
            final long[] all = new long[60];
            final MpiError blocking = assertThrows(MpiError.class, () -> Collectives.allgatherv(world, longs(30), 0,
                sent, LONG, all, 0, counts, displs, LONG));
            assertEquals(ErrorClass.TRUNCATE, blocking.errorClass());
            assertTrue(blocking.getMessage().startsWith("message truncated: Allgatherv block sizes differ: rank "),
                blocking.getMessage());
            final MpiError nonblocking = assertThrows(MpiError.class, () -> world.engine().awaitRequest(
                Collectives.iallgatherv(world, longs(30), 0, counts[rank], LONG, all, 0, theirCounts, displs, LONG)));
            assertEquals(ErrorClass.TRUNCATE, nonblocking.errorClass());
            assertTrue(nonblocking.getMessage().startsWith("message truncated: Iallgatherv block sizes differ"),
                nonblocking.getMessage());
            assertArrayEquals(new long[60], all);
            final MpiError types = assertThrows(MpiError.class, () -> typedAllgather(world, 30, rank == 2));
            assertEquals(ErrorClass.TYPE, types.errorClass());
            assertEquals("Allgather types differ: rank 0 sends another type than another " +
                "rank", types.getMessage());

            world.engine().awaitRequest(Collectives.iallgatherv(world, longs(30), 0, counts[rank], LONG, all, 0,
                counts, displs, LONG));
            for (int r = 0; r < 3; r++)
            {
                assertArrayEquals(Arrays.copyOf(longs(30), counts[r]),
                    Arrays.copyOfRange(all, displs[r], displs[r] + counts[r]));
            }
            final double[] sums = new double[50];
            Collectives.allreduce(world, Layouts.doubles(rank, 50), 0, sums, 0, 50, Layouts.DOUBLE, PredefinedOp.SUM);
            assertArrayEquals(sumOfDoubles(world.size(), 50), sums, 1e-9);
        });
    }

    /**
     * An alltoallv of ranks alone in their JVMs on one node goes through the node arena, however small: pieces of
     * many lengths (some empty, some over a slot's share, so that it takes several chunks) land in a strided receive
     * layout, and only the agreement on the longest piece travels. A rank that expects another length from a rank
     * fails alone with {@code ERR_TRUNCATE} naming it, and writes nothing; the others get their data, and the next
     * call works. The same nonblocking, whose chunks after the first run as a schedule started once the first has
     * agreed on the longest piece.
     */
    @Test
    void anAlltoallvOfRanksAloneInTheirJvmsGoesThroughTheNodeArena() throws Exception
    {
        final TypeMap pairs = TypeMap.vector(2, 1, 2, Layouts.INT); // two ints with a gap between them
        final ThreadJob.RankBody calls = world ->
        {
            final int rank = world.rank();
            final int np = world.size();
            final int[] scounts = new int[np];
            final int[] sdispls = new int[np];
            final int[] rcounts = new int[np];
            final int[] rdispls = new int[np];
            int sent = 0;
            int room = 0;
            for (int j = 0; j < np; j++)
            {
                scounts[j] = 2 * ((5 * rank + 3 * j) % 17); // ints, to rank j
                sdispls[j] = sent;
                sent += scounts[j];
                rcounts[j] = (5 * j + 3 * rank) % 17; // pairs, from rank j
                rdispls[j] = room + 1;
                room += rcounts[j] + 1;
            }
            final int[] out = new int[sent];
            Arrays.setAll(out, i -> 1000 * rank + i);
            final int[] in = new int[room * pairs.extent()];
            Collectives.alltoallv(world, out, 0, scounts, sdispls, Layouts.INT, in, 0, rcounts, rdispls, pairs);
            for (int j = 0; j < np; j++)
            {
                final int[] at = Layouts.positions(rdispls[j] * pairs.extent(), pairs, rcounts[j]);
                for (int k = 0; k < at.length; k++)
                {
                    assertEquals(1000 * j + sentBefore(j, rank, np) + k, in[at[k]]);
                }
            }
            final int[] expected = Arrays.copyOf(rcounts, np);
            if (rank == 2)
            {
                expected[0]++; // a pair more from rank 0 than it sends
            }
            final int[] untouched = new int[(room + 1) * pairs.extent()];
            if (rank == 2)
            {
                final MpiError truncated = assertThrows(MpiError.class, () -> Collectives.alltoallv(world, out, 0,
                    scounts, sdispls, Layouts.INT, untouched, 0, expected, rdispls, pairs));
                assertEquals(ErrorClass.TRUNCATE, truncated.errorClass());
                assertEquals("message truncated: Alltoallv: rank 0 sends " + 2 * rcounts[0] + " elements where this " +
                    "rank expects " + 2 * expected[0], truncated.getMessage());
                assertArrayEquals(new int[(room + 1) * pairs.extent()], untouched);
            }
            else
            {
                Collectives.alltoallv(world, out, 0, scounts, sdispls, Layouts.INT, untouched, 0, expected, rdispls,
                    pairs);
            }
            // nonblocking: the arrays are read as it starts (scrambled before it is waited for)
            final int[][] arrays = { scounts.clone(), sdispls.clone(), rcounts.clone(), rdispls.clone() };
            final int[] started = new int[room * pairs.extent()];
            final Request request = Collectives.ialltoallv(world, out, 0, arrays[0], arrays[1], Layouts.INT, started, 0,
                arrays[2], arrays[3], pairs);
            for (final int[] array : arrays)
            {
                Arrays.fill(array, 1);
            }
            world.engine().awaitRequest(request);
            assertArrayEquals(in, started);
            final int[] notWritten = new int[(room + 1) * pairs.extent()];
            final Request truncating = Collectives.ialltoallv(world, out, 0, scounts, sdispls, Layouts.INT, notWritten,
                0, expected, rdispls, pairs);
            if (rank == 2)
            {
                final MpiError truncated = assertThrows(MpiError.class, () -> world.engine().awaitRequest(truncating));
                assertEquals(ErrorClass.TRUNCATE, truncated.errorClass());
                assertEquals("message truncated: Alltoallv: rank 0 sends " + 2 * rcounts[0] + " elements where this " +
                    "rank expects " + 2 * expected[0], truncated.getMessage());
                assertArrayEquals(new int[(room + 1) * pairs.extent()], notWritten);
            }
            else
            {
                world.engine().awaitRequest(truncating);
            }
        };
        // what travels: each call's agreement (two blocking, two nonblocking), 4 ranks sending 3 longs in each of 2
        // rounds
        assertEquals(4 * 4 * 2 * 3 * Long.BYTES, payloadOf(nodeArenasWithSlots(32), new int[]{ 0, 1, 2, 3 }, calls));
    }

    /**
     * An alltoallv through the node arena where one rank sends another element type than the others (longs where they
     * send ints, as many elements, over several chunks): every receiver of a piece of another type fails with
     * {@code ERR_TYPE}, blocking or not, however the types cut the pieces into chunks; none is left waiting. An
     * alltoall so fails every rank alike, at its first barrier. The arena then serves the next call.
     */
    @Test
    void anAlltoallvThroughTheNodeArenaWithAnotherTypeOnOneRankFailsTheReceiversAndNobodyWaits() throws Exception
    {
        final int n = 200; // elements a piece: 4 chunks of ints, 7 of longs were each cut by its own type
        inSharedMemory(nodeArenasWithSlots(1024), new int[]{ 0, 1, 2, 3 }, dir -> world ->
        {
            final int np = world.size();
            final int[] counts = new int[np];
            Arrays.fill(counts, n);
            final int[] displs = new int[np];
            Arrays.setAll(displs, j -> j * n);
            final boolean longs = world.rank() == 0;
            final Object out = longs ? new long[np * n] : new int[np * n];
            final Object in = longs ? new long[np * n] : new int[np * n];
            final TypeMap type = longs ? LONG : Layouts.INT;
            final MpiError blocking = assertThrows(MpiError.class,
                () -> Collectives.alltoallv(world, out, 0, counts, displs, type, in, 0, counts, displs, type));
            assertEquals(ErrorClass.TYPE, blocking.errorClass(), blocking.getMessage());
            final Request request = Collectives.ialltoallv(world, out, 0, counts, displs, type, in, 0, counts, displs,
                type);
            final MpiError nonblocking = assertThrows(MpiError.class, () -> world.engine().awaitRequest(request));
            assertEquals(ErrorClass.TYPE, nonblocking.errorClass(), nonblocking.getMessage());
            final MpiError all = assertThrows(MpiError.class,
                () -> Collectives.alltoall(world, out, 0, n, type, in, 0, n, type));
            assertEquals("Alltoall types differ: rank 1 sends another type than another rank", all.getMessage());
            final Request started = Collectives.ialltoall(world, out, 0, n, type, in, 0, n, type);
            final MpiError allNonblocking = assertThrows(MpiError.class,
                () -> world.engine().awaitRequest(started));
            assertEquals(ErrorClass.TYPE, allNonblocking.errorClass(), allNonblocking.getMessage());
            final int[] ints = new int[np * n];
            Arrays.setAll(ints, i -> 1000 * world.rank() + i);
            final int[] received = new int[np * n];
            Collectives.alltoallv(world, ints, 0, counts, displs, Layouts.INT, received, 0, counts, displs,
                Layouts.INT);
            assertEquals(1000 * (np - 1) + world.rank() * n + n - 1, received[np * n - 1]);
        });
    }

    /**
     * An allreduce or bcast across JVMs whose count agreement runs first (a small allreduce carried in it, a large one
     * and a bcast through the node arena, and their nonblocking twins there) where one rank passes longs and the others
     * as many ints: every rank fails with {@code ERR_TYPE} at the agreement, none reads the other's data as its own
     * type; the next calls work.
     */
    @Test
    void allreducesAndBcastsWithAnotherTypeOnOneRankFailEveryRank() throws Exception
    {
        inSharedMemory(nodeArenasWithSlots(1024), new int[]{ 0, 1, 2, 3 }, dir -> world ->
        {
            final boolean longs = world.rank() == 0;
            final TypeMap type = longs ? LONG : Layouts.INT;
            for (final int n : new int[]{ 4, 200 })
            {
                final Object out = longs ? new long[n] : new int[n];
                final Object in = longs ? new long[n] : new int[n];
                final MpiError allreduce = assertThrows(MpiError.class,
                    () -> Collectives.allreduce(world, out, 0, in, 0, n, type, PredefinedOp.SUM));
                assertEquals(ErrorClass.TYPE, allreduce.errorClass(), allreduce.getMessage());
                assertEquals("Allreduce types differ: rank 1 passes another type than another rank",
                    allreduce.getMessage());
                final MpiError bcast = assertThrows(MpiError.class, () -> Collectives.bcast(world, out, 0, n, type, 1));
                assertEquals(ErrorClass.TYPE, bcast.errorClass(), bcast.getMessage());
                final Request iallreduce = Collectives.iallreduce(world, out, 0, in, 0, n, type, PredefinedOp.SUM);
                final MpiError nonblocking = assertThrows(MpiError.class,
                    () -> world.engine().awaitRequest(iallreduce));
                assertEquals(ErrorClass.TYPE, nonblocking.errorClass(), nonblocking.getMessage());
                final Request ibcast = Collectives.ibcast(world, out, 0, n, type, 1);
                final MpiError nonblockingBcast = assertThrows(MpiError.class, () -> world.engine().awaitRequest(ibcast));
                assertEquals(ErrorClass.TYPE, nonblockingBcast.errorClass(), nonblockingBcast.getMessage());
            }
            final long[] sum = new long[200];
            Collectives.allreduce(world, longs(200), 0, sum, 0, 200, LONG, PredefinedOp.SUM);
            assertEquals(4 * (7L * 199 - 3), sum[199]);
        });
    }

    /**
     * The rest of an {@code Ialltoallv} through the node arena, started by one of its steps once the program may have
     * started other nonblocking collectives, is not taken for the latest of them: nonblocking collectives started
     * after it that do not match (rank 0 an allreduce, the others a bcast) still fail on the rank left waiting, once it
     * has compared them with its peers' (which answer from the barrier after), and the alltoallv completes everywhere.
     */
    @Test
    void aNonblockingCollectiveStartedAfterAnIalltoallvIsStillComparedWithThePeers() throws Exception
    {
        final int n = 10; // ints a piece: 5 chunks of 8 bytes; the allreduce and bcast are small enough to go flat
        inSharedMemory(withSlots(CollectiveTuning.DEFAULTS, 32), new int[]{ 0, 1, 2, 3 }, dir -> world ->
        {
            final int np = world.size();
            final int[] counts = new int[np];
            Arrays.fill(counts, n);
            final int[] displs = new int[np];
            Arrays.setAll(displs, j -> j * n);
            final int[] out = new int[np * n];
            Arrays.setAll(out, i -> 1000 * world.rank() + i);
            final int[] in = new int[np * n];
            final Request alltoallv = Collectives.ialltoallv(world, out, 0, counts, displs, Layouts.INT, in, 0, counts,
                displs, Layouts.INT);
            final int[] values = { 1, 2, 3, 4 };
            final Request other = world.rank() == 0 ?
                Collectives.iallreduce(world, values, 0, new int[4], 0, 4, Layouts.INT, PredefinedOp.SUM) :
                Collectives.ibcast(world, values, 0, 4, Layouts.INT, 1);
            world.engine().awaitRequest(alltoallv);
            assertEquals(1000 * (np - 1) + world.rank() * n + n - 1, in[np * n - 1]);

            if (world.rank() == 0)
            {
                final MpiError mismatch = assertThrows(MpiError.class, () -> world.engine().awaitRequest(other));
                assertTrue(mismatch.getMessage().startsWith("mismatched nonblocking collectives"),
                    mismatch.getMessage());
            }
            else
            {
                world.engine().awaitRequest(other);
            }
            Collectives.barrier(world); // the others answer rank 0's questions while they wait here
        });
    }

    /**
     * {@link CollectiveChecks#NODE_ARENAS_ALWAYS} with slots of {@code slotBytes}: an alltoall's slot must hold 8 bytes
     * for each rank.
     */
    private static CollectiveTuning nodeArenasWithSlots(final int slotBytes)
    {
        return withSlots(CollectiveChecks.NODE_ARENAS_ALWAYS, slotBytes);
    }

    /** {@code t} with node-arena slots of {@code slotBytes}. */
    private static CollectiveTuning withSlots(final CollectiveTuning t, final int slotBytes)
    {
        return new CollectiveTuning(t.hierarchical(), t.leaders(), t.nodeAllreduceBytes(), t.nodeBcastBytes(),
            t.nodeAllgatherBytes(), t.nodeAlltoallBytes(), t.nodeDirectReadBytes(), slotBytes, t.bcastShortBytes(),
            t.bcastMinProcs(), t.allreduceShortBytes(), t.allreduceRingBytes(), t.allreduceRingMinProcs(),
            t.allgatherShortBytes(), t.allgatherLongBytes(), t.alltoallShortBytes(), t.alltoallMinProcs(),
            t.gatherShortBytes(), t.scatterShortBytes(), t.objectBytes());
    }

    /** Where rank {@code from}'s piece for rank {@code to} starts in its send buffer (pieces in rank order). */
    private static int sentBefore(final int from, final int to, final int np)
    {
        int before = 0;
        for (int j = 0; j < to && j < np; j++)
        {
            before += 2 * ((5 * from + 3 * j) % 17);
        }
        return before;
    }

    /**
     * Wait for {@code request}, whose receive buffer is {@code received}: on rank 1, whose receive side is too short,
     * it fails with {@code ERR_TRUNCATE} and writes nothing.
     */
    private static void awaitTooShortOnRankOne(final Communicator world, final Request request, final int[] received)
    {
        if (world.rank() != 1)
        {
            world.engine().awaitRequest(request);
            return;
        }
        final MpiError truncated = assertThrows(MpiError.class, () -> world.engine().awaitRequest(request));
        assertEquals(ErrorClass.TRUNCATE, truncated.errorClass());
        assertArrayEquals(new int[received.length], received);
    }

    static Stream<Arguments> allgatherPlacements()
    {
        return Stream.of(Arguments.of("[0, 1, 2]", new int[]{ 0, 1, 2 }, 3, 2),
            Arguments.of("[0, 0, 1, 1, 1]", new int[]{ 0, 0, 1, 1, 1 }, 2, 1),
            Arguments.of("[0, 1, 1, 2]", new int[]{ 0, 1, 1, 2 }, 3, 2));
    }

    static Stream<Arguments> arenaPlacements()
    {
        return Stream.of(new int[]{ 0, 1, 2, 3 }, new int[]{ 0, 0, 1, 1 }, new int[]{ 0, 0, 0, 1, 2 })
            .map(jvmOf -> Arguments.of(Arrays.toString(jvmOf), jvmOf));
    }

    /** Element by element, the sum of every rank's {@link Layouts#doubles} of {@code n}. */
    private static double[] sumOfDoubles(final int np, final int n)
    {
        final double[] sum = new double[n];
        for (int r = 0; r < np; r++)
        {
            final double[] theirs = Layouts.doubles(r, n);
            for (int i = 0; i < n; i++)
            {
                sum[i] += theirs[i];
            }
        }
        return sum;
    }

    private static long[] longs(final int n)
    {
        final long[] values = new long[n];
        Arrays.setAll(values, i -> 7L * i - 3);
        return values;
    }

    /**
     * The ranks of one JVM that start different nonblocking collectives all fail, naming the difference; their
     * leader still takes part among the leaders, so the ranks of the other JVM complete.
     */
    @Test
    void ranksOfAJvmThatStartDifferentNonblockingCollectivesFailAndKeepNoOtherJvmWaiting() throws Exception
    {
        inSharedMemory(CollectiveChecks.withLeaders(true), new int[]{ 0, 0, 1, 1 }, dir -> world ->
        {
            final int rank = world.rank();
            final int[] sum = new int[1];
            final Request request = rank == 1 ? Collectives.ibarrier(world) :
                Collectives.iallreduce(world, new int[]{ 1 }, 0, sum, 0, 1, Layouts.INT, PredefinedOp.SUM);
            if (rank < 2)
            {
                final MpiError error = assertThrows(MpiError.class, () -> world.engine().awaitRequest(request));
                assertEquals(ErrorClass.OTHER, error.errorClass());
                assertTrue(error.getMessage().contains("mismatched nonblocking collectives: rank 1 starts " +
                    "Barrier() as nonblocking collective 0 on this communicator, where rank 0 starts " +
                    "Allreduce(4 bytes per block)"), error.getMessage());
                return;
            }
            world.engine().awaitRequest(request);
            assertEquals(3, sum[0]); // the other JVM's leader counted its own rank alone
        });
    }

    /** Lines of this process's memory map that are node arenas of the job directory {@code dir}. */
    private static long nodeArenaMappings(final Path dir) throws IOException
    {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/maps")))
        {
            return lines.filter(line -> line.contains(dir + "/coll-")).count();
        }
    }

    /** Run a job of pretend JVMs on a job directory of its own in {@code /dev/shm}, then delete the directory. */
    static void inSharedMemory(
        final CollectiveTuning tuning, final int[] jvmOf, final Function<Path, ThreadJob.RankBody> body)
        throws Exception
    {
        final Path dir = Files.createDirectory(Path.of("/dev/shm", "colompi-test-" +
            Long.toHexString(ThreadLocalRandom.current().nextLong())));
        try
        {
            ThreadJob.run(CollectiveChecks.settings(tuning), new int[jvmOf.length], jvmOf, dir, 16384,
                body.apply(dir));
        }
        finally
        {
            try (Stream<Path> files = Files.walk(dir))
            {
                files.sorted(Comparator.reverseOrder()).forEach(SplitJvmCollectivesTest::delete);
            }
        }
    }

    /**
     * Run {@code call} once on ranks in the pretend JVMs {@code jvmOf}, between barriers, and return the messages
     * all ranks sent for it, over every transport.
     */
    static long messagesOf(final CollectiveTuning tuning, final int[] jvmOf, final ThreadJob.RankBody call)
        throws Exception
    {
        return sentFor(tuning, jvmOf, call, TransportStats::messages);
    }

    /** As {@link #messagesOf}, the payload bytes of those messages. */
    private static long payloadOf(final CollectiveTuning tuning, final int[] jvmOf, final ThreadJob.RankBody call)
        throws Exception
    {
        return sentFor(tuning, jvmOf, call, TransportStats::bytes);
    }

    private static long sentFor(final CollectiveTuning tuning, final int[] jvmOf, final ThreadJob.RankBody call,
        final ToLongFunction<TransportStats> counter) throws Exception
    {
        final AtomicLong sent = new AtomicLong();
        inSharedMemory(tuning, jvmOf, dir -> world ->
        {
            Collectives.barrier(world);
            final long before = sent(world, counter);
            call.run(world);
            sent.addAndGet(sent(world, counter) - before);
            Collectives.barrier(world);
        });
        return sent.get();
    }

    private static long sent(final Communicator world, final ToLongFunction<TransportStats> counter)
    {
        long total = 0;
        for (final Transport transport : world.engine().transports())
        {
            total += counter.applyAsLong(transport.stats());
        }
        return total;
    }

    private static void delete(final Path path)
    {
        try
        {
            Files.deleteIfExists(path);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }
}
