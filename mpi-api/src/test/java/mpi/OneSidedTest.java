package mpi;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.DoubleBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Open MPI's one-sided windows over buffers, in each placement (a target in the origin's JVM is written to directly,
 * one in another JVM by messages): puts, gets and accumulates (concurrent ones on one
 * element, a strided target layout, MPI.REPLACE) closed by fences, by post/start/complete/wait, and by locks with
 * flush; fetch-and-op, compare-and-swap and an atomic get; the bad calls each a clear error, nothing sent.
 */
@Timeout(120)
class OneSidedTest
{
    @ParameterizedTest
    @EnumSource(value = Ranks.Layout.class, names = { "ONE_JVM", "TWO_PER_JVM", "ONE_PER_JVM", "TWO_VIRTUAL_NODES" })
    void putsGetsAndAccumulatesLandOnceTheirEpochEnds(final Ranks.Layout layout) throws Exception
    {
        Ranks.run(layout, 4, OneSided.class);
    }

    public static class OneSided
    {
        private static final int SLOTS = 10;

        public static void main(final String[] args)
        {
            MPI.Init(args);
            final Intracomm world = MPI.COMM_WORLD;
            final int rank = world.getRank();
            final int size = world.getSize();
            final int next = (rank + 1) % size;
            final int previous = (rank + size - 1) % size;
            final DoubleBuffer memory = MPI.newDoubleBuffer(SLOTS);
            for (int i = 0; i < SLOTS; i++)
            {
                memory.put(i, -1);
            }
            memory.put(7, 100 * rank).put(6, 0).put(5, 0).put(8, 0);
            final Win win = new Win(memory, SLOTS, 1, new Info(), world);
            assertEquals(size, win.getGroup().getSize());

            // Fence epochs: a put into the next rank's slot `rank`, a get of the previous rank's slot 7.
            win.fence(0);
            final DoubleBuffer got = MPI.newDoubleBuffer(1);
            win.put(MPI.newDoubleBuffer(1).put(0, rank), 1, MPI.DOUBLE, next, rank, 1, MPI.DOUBLE);
            win.get(got, 1, MPI.DOUBLE, previous, 7, 1, MPI.DOUBLE);
            win.fence(0);
            assertEquals(previous, memory.get(previous));
            assertEquals(100 * previous, got.get(0));

            // Every rank adds rank + 1 to rank 0's slot 6, twice, at once: each accumulate lands whole.
            final DoubleBuffer increment = MPI.newDoubleBuffer(1).put(0, rank + 1);
            win.accumulate(increment, 1, MPI.DOUBLE, 0, 6, 1, MPI.DOUBLE, MPI.SUM);
            final Request second = win.rAccumulate(increment, 1, MPI.DOUBLE, 0, 6, 1, MPI.DOUBLE, MPI.SUM);
            second.waitFor();
            win.fence(0);
            if (rank == 0)
            {
                assertEquals(size * (size + 1), memory.get(6));
            }

            // Passive target: read, add one and write back rank 0's slot 5 under an exclusive lock, ten times each
            // (in one JVM straight to its memory, from another by messages, both at once with two ranks a JVM).
            for (int i = 0; i < 10; i++)
            {
                win.lock(MPI.LOCK_EXCLUSIVE, 0, 0);
                final DoubleBuffer value = MPI.newDoubleBuffer(1);
                win.get(value, 1, MPI.DOUBLE, 0, 5, 1, MPI.DOUBLE);
                win.flush(0);
                value.put(0, value.get(0) + 1);
                win.put(value, 1, MPI.DOUBLE, 0, 5, 1, MPI.DOUBLE);
                win.unlock(0);
            }
            world.barrier();
            if (rank == 0)
            {
                assertEquals(10 * size, memory.get(5));
            }

            // Post/start/complete/wait between neighbours: two values into slots 0 and 2 through a strided target type.
            final Group all = world.getGroup();
            win.post(all.incl(new int[]{ previous }), 0);
            win.start(all.incl(new int[]{ next }), 0);
            final Datatype everyOther = Datatype.createVector(2, 1, 2, MPI.DOUBLE);
            win.accumulate(MPI.newDoubleBuffer(2).put(0, 10 + rank).put(1, 20 + rank), 2, MPI.DOUBLE, next, 0, 1,
                everyOther, MPI.REPLACE);
            win.complete();
            win.waitFor();
            assertEquals(10 + previous, memory.get(0));
            assertEquals(20 + previous, memory.get(2));
            assertEquals(100 * rank, memory.get(7));

            // Atomic read-modify-write on rank 0 under shared locks on every rank: a ticket counter, then a
            // compare-and-swap that exactly one rank wins, then an atomic read of both.
            win.lockAll(0);
            final DoubleBuffer ticket = MPI.newDoubleBuffer(1);
            win.fetchAndOp(MPI.newDoubleBuffer(1).put(0, 1), ticket, MPI.DOUBLE, 0, 8, MPI.SUM);
            final DoubleBuffer seen = MPI.newDoubleBuffer(1);
            win.compareAndSwap(MPI.newDoubleBuffer(1).put(0, rank), MPI.newDoubleBuffer(1).put(0, -1), seen,
                MPI.DOUBLE, 0, 9);
            win.unlockAll();
            final double[] tickets = new double[size];
            world.allGather(new double[]{ ticket.get(0) }, 1, MPI.DOUBLE, tickets, 1, MPI.DOUBLE);
            java.util.Arrays.sort(tickets);
            for (int i = 0; i < size; i++)
            {
                assertEquals(i, tickets[i], "every rank draws its own ticket");
            }
            final int[] winners = new int[1];
            world.allReduce(new int[]{ seen.get(0) == -1 ? 1 : 0 }, winners, 1, MPI.INT, MPI.SUM);
            assertEquals(1, winners[0]);
            world.barrier();
            win.lock(MPI.LOCK_SHARED, 0, 0);
            final DoubleBuffer both = MPI.newDoubleBuffer(2);
            win.getAccumulate(null, 0, MPI.DOUBLE, both, 2, MPI.DOUBLE, 0, 8, 2, MPI.DOUBLE, MPI.NO_OP);
            win.unlock(0);
            assertEquals(size, both.get(0));
            assertEquals(seen.get(0) == -1, both.get(1) == rank);

            world.setErrhandler(MPI.ERRORS_RETURN);
            final DoubleBuffer one = MPI.newDoubleBuffer(1);
            assertEquals(MPI.ERR_RANK, assertThrows(MPIException.class,
                () -> win.put(one, 1, MPI.DOUBLE, size, 0, 1, MPI.DOUBLE)).getErrorClass());
            assertEquals(MPI.ERR_RMA_RANGE, assertThrows(MPIException.class,
                () -> win.put(one, 1, MPI.DOUBLE, next, SLOTS, 1, MPI.DOUBLE)).getErrorClass());
            assertEquals(MPI.ERR_TYPE, assertThrows(MPIException.class,
                () -> win.put(MPI.newIntBuffer(1), 1, MPI.INT, next, 0, 1, MPI.INT)).getErrorClass());
            assertEquals(MPI.ERR_LOCKTYPE, assertThrows(MPIException.class,
                () -> win.lock(99, next, 0)).getErrorClass());
            assertEquals(MPI.ERR_OP, assertThrows(MPIException.class,
                () -> world.allReduce(new double[1], new double[1], 1, MPI.DOUBLE, MPI.REPLACE)).getErrorClass());
            win.fence(0);
            win.free();
            assertEquals(MPI.ERR_WIN, assertThrows(MPIException.class, () -> win.fence(0)).getErrorClass());
            MPI.Finalize();
        }
    }
}
