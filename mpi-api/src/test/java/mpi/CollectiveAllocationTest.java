package mpi;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The blocking collectives that programs call in loops allocate nothing per call on plain Java arrays once warm
 * (bytes the rank's thread allocates, over {@value CollectivesInALoop#CALLS} calls after as many to warm up: the
 * quieter of two such rounds, {@link AllocationMeter}), in one JVM at np 1 and 2.
 */
@Timeout(180)
class CollectiveAllocationTest
{
    @ParameterizedTest
    @ValueSource(ints = { 1, 2 })
    void blockingCollectivesOnArraysAllocateNothingPerCall(final int np) throws Exception
    {
        final Ranks.Outcome outcome = Ranks.run(Ranks.Layout.ONE_JVM, np, CollectivesInALoop.class);
        assertEquals(false, outcome.says("allocates"), outcome::report);
    }

    @Test
    void blockingCollectivesOnArraysAcrossJvmsAllocateNothingPerCall() throws Exception
    {
        final Ranks.Outcome outcome = Ranks.run(Ranks.Layout.ONE_PER_JVM, 2, CollectivesInALoop.class);
        assertEquals(false, outcome.says("allocates"), outcome::report);
    }

    @ParameterizedTest
    @ValueSource(ints = { 1, 2 })
    void openMpiBlockingCollectivesOnArraysAndDirectBuffersAllocateNothingPerCall(final int np) throws Exception
    {
        final Ranks.Outcome outcome = Ranks.run(Ranks.Layout.ONE_JVM, np, OpenMpiCollectivesInALoop.class);
        assertEquals(false, outcome.says("allocates"), outcome::report);
    }

    @Test
    void openMpiBlockingCollectivesAcrossJvmsAllocateNothingPerCall() throws Exception
    {
        final Ranks.Outcome outcome = Ranks.run(Ranks.Layout.ONE_PER_JVM, 2, OpenMpiCollectivesInALoop.class);
        assertEquals(false, outcome.says("allocates"), outcome::report);
    }

    @ParameterizedTest
    @ValueSource(ints = { 1, 2 })
    void openMpiNeighbourhoodCollectivesBuildNoTextPerCall(final int np) throws Exception
    {
        final Ranks.Outcome outcome = Ranks.run(Ranks.Layout.ONE_JVM, np, OpenMpiNeighbourhoodInALoop.class);
        assertEquals(false, outcome.says("allocates"), outcome::report);
    }

    /**
     * Open MPI's blocking collectives that MPJ Express has too, in a loop, on arrays and on direct buffers (staged
     * through arrays their communicator keeps), in place or not.
     */
    public static class OpenMpiCollectivesInALoop
    {
        public static void main(final String[] args)
        {
            MPI.Init(args);
            final Intracomm world = MPI.COMM_WORLD;
            final int np = world.getSize();
            final int root = np - 1;
            final int[] counts = new int[np];
            final int[] displs = new int[np];
            for (int i = 0; i < np; i++)
            {
                counts[i] = 4;
                displs[i] = 4 * i;
            }
            final List<String> allocating = new ArrayList<>();
            final double[] one = { 1.0 };
            final double[] result = new double[1];
            final double[] all = new double[4 * np];
            final double[] allBack = new double[4 * np];
            measure(allocating, "barrier", world::barrier);
            measure(allocating, "allReduce[]", () -> world.allReduce(one, result, 1, MPI.DOUBLE, MPI.SUM));
            measure(allocating, "allToAllv[]", () -> world.allToAllv(all, counts, displs, MPI.DOUBLE, allBack, counts,
                displs, MPI.DOUBLE));
            final java.nio.DoubleBuffer x = MPI.newDoubleBuffer(512);
            final java.nio.DoubleBuffer y = MPI.newDoubleBuffer(512);
            final java.nio.DoubleBuffer block = MPI.newDoubleBuffer(4);
            final java.nio.DoubleBuffer blocks = MPI.newDoubleBuffer(4 * np);
            final java.nio.DoubleBuffer blocksBack = MPI.newDoubleBuffer(4 * np);
            measure(allocating, "bcast", () -> world.bcast(block, 4, MPI.DOUBLE, root));
            measure(allocating, "reduce", () -> world.reduce(x, y, 512, MPI.DOUBLE, MPI.SUM, root));
            measure(allocating, "allReduce", () -> world.allReduce(x, y, 512, MPI.DOUBLE, MPI.SUM));
            measure(allocating, "allReduce in place", () -> world.allReduce(y, 8, MPI.DOUBLE, MPI.MAX));
            measure(allocating, "gather", () -> world.gather(block, 4, MPI.DOUBLE, blocks, 4, MPI.DOUBLE, root));
            measure(allocating, "scatter", () -> world.scatter(blocks, 4, MPI.DOUBLE, block, 4, MPI.DOUBLE, root));
            measure(allocating, "allGather", () -> world.allGather(block, 4, MPI.DOUBLE, blocks, 4, MPI.DOUBLE));
            measure(allocating, "allGather in place", () -> world.allGather(blocks, 4, MPI.DOUBLE));
            measure(allocating, "allToAll", () -> world.allToAll(blocks, 4, MPI.DOUBLE, blocksBack, 4, MPI.DOUBLE));
            measure(allocating, "allGatherv",
                () -> world.allGatherv(block, 4, MPI.DOUBLE, blocks, counts, displs, MPI.DOUBLE));
            measure(allocating, "allToAllv", () -> world.allToAllv(blocks, counts, displs, MPI.DOUBLE, blocksBack,
                counts, displs, MPI.DOUBLE));
            if (!allocating.isEmpty())
            {
                throw new AssertionError("rank " + world.getRank() + " of " + np + ": " + allocating);
            }
            MPI.Finalize();
        }

        private static void measure(final List<String> allocating, final String name, final Runnable call)
        {
            CollectiveAllocationTest.measure(allocating, name, call, 1);
        }
    }

    /**
     * A neighbourhood alltoallv in a loop: its facade makes a few small objects per call (the call's closure and the
     * core's count arrays, under 128 bytes), far below the names of every block that the checks of a v-collective once
     * built on each call (640-730 bytes at np 2).
     */
    public static class OpenMpiNeighbourhoodInALoop
    {
        static final double MOST_BYTES = 256;

        public static void main(final String[] args)
        {
            MPI.Init(args);
            final Intracomm world = MPI.COMM_WORLD;
            final int np = world.getSize();
            final double[] all = new double[4];
            final double[] allBack = new double[4];
            final CartComm ring = world.createCart(new int[]{ np }, new boolean[]{ true }, false);
            final int[] halos = { 2, 2 };
            final int[] halfway = { 0, 2 };
            final List<String> allocating = new ArrayList<>();
            measure(allocating, "neighborAllToAllv", () -> ring.neighborAllToAllv(all, halos, halfway, MPI.DOUBLE,
                allBack, halos, halfway, MPI.DOUBLE), MOST_BYTES);
            if (!allocating.isEmpty())
            {
                throw new AssertionError("rank " + world.getRank() + " of " + np + ": " + allocating);
            }
            MPI.Finalize();
        }
    }

    /** Each collective in a loop; every rank reports one that allocates, the job fails then. */
    public static class CollectivesInALoop
    {
        static final int CALLS = 10_000;

        public static void main(final String[] args)
        {
            MPI.Init(args);
            final Intracomm world = MPI.COMM_WORLD;
            final int np = world.Size();
            final int root = np - 1;
            final double[] one = { 1.0 };
            final double[] result = new double[1];
            final double[] block = new double[4];
            final double[] all = new double[4 * np];
            final double[] allBack = new double[4 * np];
            final List<String> allocating = new ArrayList<>();
            measure(allocating, "Barrier", world::Barrier);
            measure(allocating, "Bcast", () -> world.Bcast(block, 0, 4, MPI.DOUBLE, root));
            measure(allocating, "Reduce", () -> world.Reduce(one, 0, result, 0, 1, MPI.DOUBLE, MPI.SUM, root));
            measure(allocating, "Allreduce", () -> world.Allreduce(one, 0, result, 0, 1, MPI.DOUBLE, MPI.SUM));
            measure(allocating, "Gather",
                () -> world.Gather(block, 0, 4, MPI.DOUBLE, all, 0, 4, MPI.DOUBLE, root));
            measure(allocating, "Scatter",
                () -> world.Scatter(all, 0, 4, MPI.DOUBLE, block, 0, 4, MPI.DOUBLE, root));
            measure(allocating, "Allgather",
                () -> world.Allgather(block, 0, 4, MPI.DOUBLE, all, 0, 4, MPI.DOUBLE));
            measure(allocating, "Alltoall",
                () -> world.Alltoall(all, 0, 4, MPI.DOUBLE, allBack, 0, 4, MPI.DOUBLE));
            final int[] counts = new int[np];
            final int[] displs = new int[np];
            for (int i = 0; i < np; i++)
            {
                counts[i] = 4;
                displs[i] = 4 * i;
            }
            measure(allocating, "Gatherv",
                () -> world.Gatherv(block, 0, 4, MPI.DOUBLE, all, 0, counts, displs, MPI.DOUBLE, root));
            measure(allocating, "Scatterv",
                () -> world.Scatterv(all, 0, counts, displs, MPI.DOUBLE, block, 0, 4, MPI.DOUBLE, root));
            measure(allocating, "Allgatherv",
                () -> world.Allgatherv(block, 0, 4, MPI.DOUBLE, all, 0, counts, displs, MPI.DOUBLE));
            measure(allocating, "Alltoallv",
                () -> world.Alltoallv(all, 0, counts, displs, MPI.DOUBLE, allBack, 0, counts, displs, MPI.DOUBLE));
            if (!allocating.isEmpty())
            {
                throw new AssertionError("rank " + world.Rank() + " of " + np + ": " + allocating);
            }
            MPI.Finalize();
        }

        private static void measure(final List<String> allocating, final String name, final Runnable call)
        {
            CollectiveAllocationTest.measure(allocating, name, call, 1);
        }
    }

    /** Adds a line to {@code allocating} if {@code call} allocates {@code bytes} or more per call once warm. */
    static void measure(final List<String> allocating, final String name, final Runnable call, final double bytes)
    {
        final double perCall = AllocationMeter.bytesPerCall(CollectivesInALoop.CALLS, call);
        System.out.printf(Locale.ROOT, "np=%d rank %d %-9s %.1f B/call%n", MPI.COMM_WORLD.Size(),
            MPI.COMM_WORLD.Rank(), name, perCall);
        if (perCall >= bytes)
        {
            allocating.add(String.format(Locale.ROOT, "%s allocates %.1f B/call", name, perCall));
        }
    }
}
