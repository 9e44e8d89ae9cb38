package io.colompi.core.coll;

import io.colompi.core.comm.Communicator;
import io.colompi.core.job.CollectiveTuning;
import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReferenceArray;

import static io.colompi.core.coll.Layouts.INT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A bcast across the JVMs of one node, where a count from {@code colompi.coll.node.bcastBytes} takes the node arena
 * and a smaller one the binomial tree ({@link AnnouncedBcast}): below the switch the tree's messages are all there
 * is, above it every rank gets the root's data through the arena, a rank whose count is not the root's fails at
 * once, on either side of the switch, and an announcement that arrives with the data of the bcast before is kept for
 * its own.
 * Ranks in pretend JVMs that reach each other over shared memory.
 */
@Timeout(120)
class AnnouncedBcastTest
{
    /** Ints from which a bcast takes the node arena here. */
    private static final int SWITCH = 64;

    @Test
    void aBcastBelowTheSwitchSendsTheTreesMessagesOnly() throws Exception
    {
        for (final int[] jvmOf : new int[][]{ { 0, 1, 2, 3 }, { 0, 0, 1, 1 }, { 0, 1, 2 } })
        {
            final long sent = SplitJvmCollectivesTest.messagesOf(CollectiveTuning.DEFAULTS, jvmOf, world ->
            {
                final int[] data = world.rank() == 1 ? new int[]{ 7, 8, 9 } : new int[3];
                Collectives.bcast(world, data, 0, 3, INT, 1);
                assertArrayEquals(new int[]{ 7, 8, 9 }, data);
            });
            assertEquals(jvmOf.length - 1, sent, "messages of one bcast on " + Arrays.toString(jvmOf));
        }
    }

    /** Below {@code colompi.coll.bcast.minProcs} ranks (8) no bcast takes the node arena: the tree is all there is. */
    @Test
    void withFewerRanksThanBcastMinProcsAnyBcastIsTheTreeAlone() throws Exception
    {
        final int n = 2 * CollectiveTuning.DEFAULTS.nodeBcastBytes() / Integer.BYTES;
        final int[] jvmOf = { 0, 1, 2, 3 };
        final long sent = SplitJvmCollectivesTest.messagesOf(CollectiveTuning.DEFAULTS, jvmOf, world ->
        {
            final int[] data = world.rank() == 2 ? filled(n, 3) : new int[n];
            Collectives.bcast(world, data, 0, n, INT, 2);
            assertArrayEquals(filled(n, 3), data);
        });
        assertEquals(3, sent, "messages of a bcast of " + n + " ints on 4 ranks");
    }

    @Test
    void aBcastFromTheSwitchReachesEveryRankThroughTheNodeArena() throws Exception
    {
        SplitJvmCollectivesTest.inSharedMemory(nodeBcastFrom(SWITCH), new int[]{ 0, 1, 2, 3 }, dir -> world ->
        {
            for (int root = 0; root < world.size(); root++)
            {
                for (final int n : new int[]{ SWITCH - 1, SWITCH, 4 * SWITCH + 3, 5 })
                {
                    final int[] data = world.rank() == root ? filled(n, 10 * root + n) : new int[n];
                    Collectives.bcast(world, data, 0, n, INT, root);
                    assertArrayEquals(filled(n, 10 * root + n), data, "root " + root + ", " + n + " ints");
                }
            }
        });
    }

    @Test
    void countsOtherThanTheRootsFailAtOnceAndTheNextBcastWorks() throws Exception
    {
        // the root above the switch and a rank below; the root below and a leaf above, or a rank inside the tree;
        // a rank inside the tree and its child, below, pass the same count, twice the root's
        for (final int[] counts : new int[][]{ { 4 * SWITCH, 4 * SWITCH, 8, 4 * SWITCH }, { 8, 8, 8, 4 * SWITCH },
            { 8, 4 * SWITCH, 8, 8 }, { 8, 8, 4 * SWITCH, 8 }, { 8, 8, 16, 16 } })
        {
            final AtomicReferenceArray<MpiError> errors = new AtomicReferenceArray<>(counts.length);
            SplitJvmCollectivesTest.inSharedMemory(nodeBcastFrom(SWITCH), new int[]{ 0, 1, 2, 3 }, dir -> world ->
            {
                final int n = counts[world.rank()];
                final int[] data = world.rank() == 0 ? filled(n, 5) : new int[n];
                final long startNs = System.nanoTime();
                try
                {
                    Collectives.bcast(world, data, 0, n, INT, 0);
                }
                catch (final MpiError e)
                {
                    final long tookMs = (System.nanoTime() - startNs) / 1_000_000;
                    assertTrue(tookMs < 500, "noticed after " + tookMs + " ms: " + e.getMessage());
                    errors.set(world.rank(), e);
                }
                final int[] next = world.rank() == 2 ? new int[]{ 1, 2 } : new int[2];
                Collectives.bcast(world, next, 0, 2, INT, 2);
                assertArrayEquals(new int[]{ 1, 2 }, next, "the next bcast");
            });
            final String what = "counts " + Arrays.toString(counts) + ": ";
            for (int r = 0; r < counts.length; r++)
            {
                final MpiError error = errors.get(r);
                if (counts[r] != counts[0])
                {
                    assertTrue(error != null && error.errorClass() == ErrorClass.TRUNCATE, what + "rank " + r +
                        " got " + error);
                }
                else if (error != null)
                {
                    assertEquals(ErrorClass.TRUNCATE, error.errorClass(), what + error.getMessage());
                }
            }
        }
    }

    /**
     * Rank 3, a leaf of rank 2 in root 0's tree, starts late: by then rank 2 has sent it the data of the first bcast
     * and the announcement of the second, and rank 3 reads both in before its first bcast, whose two receives then
     * match at once. Each is taken for its own bcast; so in the calls after, with other roots, parents and paths.
     */
    @Test
    void anAnnouncementThatComesWithTheDataOfAnEarlierBcastIsKeptForItsOwn() throws Exception
    {
        final int[][] calls = { { 0, 5 }, { 0, 4 * SWITCH }, { 1, 6 }, { 1, 7 }, { 3, 2 * SWITCH }, { 2, 3 } };
        SplitJvmCollectivesTest.inSharedMemory(nodeBcastFrom(SWITCH), new int[]{ 0, 1, 2, 3 }, dir -> world ->
        {
            if (world.rank() == 3)
            {
                Thread.sleep(300);
                while (world.engine().progress() > 0)
                {
                    Thread.onSpinWait();
                }
            }
            for (final int[] call : calls)
            {
                final int root = call[0];
                final int n = call[1];
                final int[] data = world.rank() == root ? filled(n, root + n) : new int[n];
                final MpiError error = bcast(world, data, n, root);
                assertNull(error, "root " + root + ", " + n + " ints");
                assertArrayEquals(filled(n, root + n), data, "root " + root + ", " + n + " ints");
            }
        });
    }

    /**
     * Bcasts with random roots and counts on both sides of the switch, the ranks late at random, some reading their
     * messages in before they call, a rank per JVM and two: every rank gets every root's data.
     */
    @Test
    void randomRootsCountsAndLateRanksEachGetTheRootsData() throws Exception
    {
        for (final int[] jvmOf : new int[][]{ { 0, 1, 2, 3 }, { 0, 0, 1, 1 }, { 0, 1, 1, 2, 2 } })
        {
            randomBcasts(jvmOf, System.nanoTime());
        }
    }

    private static void randomBcasts(final int[] jvmOf, final long seed) throws Exception
    {
        SplitJvmCollectivesTest.inSharedMemory(nodeBcastFrom(SWITCH), jvmOf, dir -> world ->
        {
            final Random calls = new Random(seed);
            final Random delays = new Random(seed + world.rank());
            for (int call = 0; call < 300; call++)
            {
                final int root = calls.nextInt(world.size());
                final int n = calls.nextBoolean() ? 1 + calls.nextInt(SWITCH - 1) : SWITCH + calls.nextInt(4 * SWITCH);
                final int delay = delays.nextInt(8);
                if (delay == 0)
                {
                    Thread.sleep(1);
                }
                else if (delay == 1)
                {
                    while (world.engine().progress() > 0)
                    {
                        Thread.onSpinWait();
                    }
                }
                final int[] data = world.rank() == root ? filled(n, call) : new int[n];
                final String what = Arrays.toString(jvmOf) + ", seed " + seed + ", call " + call + ", root " + root +
                    ", " + n + " ints";
                assertNull(bcast(world, data, n, root), what);
                assertArrayEquals(filled(n, call), data, what);
            }
        });
    }

    private static MpiError bcast(final Communicator world, final int[] data, final int n, final int root)
    {
        try
        {
            Collectives.bcast(world, data, 0, n, INT, root);
            return null;
        }
        catch (final MpiError e)
        {
            return e;
        }
    }

    private static int[] filled(final int n, final int value)
    {
        final int[] array = new int[n];
        Arrays.fill(array, value);
        return array;
    }

    /** The default thresholds, but a bcast of {@code ints} ints or more takes the node arena, at any np. */
    private static CollectiveTuning nodeBcastFrom(final int ints)
    {
        final CollectiveTuning d = CollectiveTuning.DEFAULTS;
        return new CollectiveTuning(d.hierarchical(), d.leaders(), d.nodeAllreduceBytes(), ints * Integer.BYTES,
            d.nodeAllgatherBytes(), d.nodeAlltoallBytes(), d.nodeDirectReadBytes(), d.nodeSlotBytes(),
            d.bcastShortBytes(), 0, d.allreduceShortBytes(), d.allreduceRingBytes(),
            d.allreduceRingMinProcs(), d.allgatherShortBytes(), d.allgatherLongBytes(), d.alltoallShortBytes(),
            d.alltoallMinProcs(), d.gatherShortBytes(), d.scatterShortBytes(), d.objectBytes());
    }
}
