package mpi;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class ErrorsTest
{
    @ParameterizedTest
    @EnumSource(Ranks.Layout.class)
    void badArgumentsRaiseMpiExceptionsOfTheRightClassUnderErrorsReturn(final Ranks.Layout layout) throws Exception
    {
        Ranks.run(layout, 2, BadArguments.class);
    }

    public static class BadArguments
    {
        static void expect(final int errorClass, final Runnable call)
        {
            final MPIException e = assertThrows(MPIException.class, call::run);
            assertEquals(errorClass, e.getErrorClass(), e.getMessage());
        }

        public static void main(final String[] args)
        {
            MPI.Init(args);
            MPI.Errorhandler_set(MPI.ERRORS_RETURN);
            final Intracomm world = MPI.COMM_WORLD;
            final int[] buf = new int[4];
            expect(MPI.ERR_RANK, () -> world.Send(buf, 0, 1, MPI.INT, 2, 0));
            expect(MPI.ERR_RANK, () -> world.Recv(buf, 0, 1, MPI.INT, -7, 0));
            expect(MPI.ERR_TAG, () -> world.Send(buf, 0, 1, MPI.INT, 1, -5));
            expect(MPI.ERR_TAG, () -> world.Irecv(buf, 0, 1, MPI.INT, 1, -5));
            expect(MPI.ERR_COUNT, () -> world.Send(buf, 0, -1, MPI.INT, 1, 0));
            expect(MPI.ERR_BUFFER, () -> world.Send(buf, 2, 3, MPI.INT, 1, 0));
            expect(MPI.ERR_BUFFER, () -> world.Recv(buf, -1, 1, MPI.INT, 1, 0));
            expect(MPI.ERR_TYPE, () -> world.Send(new double[4], 0, 1, MPI.INT, 1, 0));
            expect(MPI.ERR_TYPE, () -> world.Send(buf, 0, 1, MPI.LB, 1, 0));
            expect(MPI.ERR_ROOT, () -> world.Bcast(buf, 0, 1, MPI.INT, 5));
            expect(MPI.ERR_DIMS, () -> Cartcomm.Dims_create(7, new int[]{ 2, 0 }));
            expect(MPI.ERR_ARG, () -> world.Attr_get(12345));
            expect(MPI.ERR_OTHER, () -> MPI.Init(args));

            final Intracomm dup = (Intracomm)world.clone();
            dup.Free();
            expect(MPI.ERR_COMM, () -> dup.Send(buf, 0, 1, MPI.INT, 1, 0));
            expect(MPI.ERR_COMM, () -> MPI.COMM_WORLD.Free());

            if (world.Rank() == 0)
            {
                world.Send(new int[]{ 1, 2, 3 }, 0, 3, MPI.INT, 1, 9);
                world.Send(new int[]{ 4 }, 0, 1, MPI.INT, 1, 10);
            }
            else
            {
                final MPIException truncated = assertThrows(MPIException.class,
                    () -> world.Recv(new int[2], 0, 2, MPI.INT, 0, 9));
                assertEquals(MPI.ERR_TRUNCATE, truncated.getErrorClass());
                assertTrue(truncated.getMessage().contains("Comm.Recv"), truncated.getMessage());
                final MPIException mismatch = assertThrows(MPIException.class,
                    () -> world.Recv(new long[1], 0, 1, MPI.LONG, 0, 10));
                assertEquals(MPI.ERR_TYPE, mismatch.getErrorClass());
            }
            MPI.Finalize();
        }
    }

    @ParameterizedTest
    @EnumSource(Ranks.Layout.class)
    void anUncaughtErrorEndsTheJobNamingRankAndCause(final Ranks.Layout layout) throws Exception
    {
        final Ranks.Outcome result = Ranks.launch(layout, 3, FatalError.class);
        assertEquals(1, result.exitCode(), result.report());
        assertTrue(result.says("rank 2 failed: mpi.MPIException: Comm.Send: invalid destination rank 3"), result.report());
    }

    @ParameterizedTest
    @EnumSource(value = Ranks.Layout.class, names = { "ONE_JVM", "ONE_PER_JVM" })
    void byDefaultErrorsThrowAnMpiExceptionTheProgramCanCatch(final Ranks.Layout layout) throws Exception
    {
        Ranks.run(layout, 2, CaughtByDefault.class);
    }

    public static class CaughtByDefault
    {
        public static void main(final String[] args)
        {
            MPI.Init(args);
            assertEquals(MPI.ERRORS_RETURN, MPI.Errorhandler_get());
            final MPIException e = assertThrows(MPIException.class,
                () -> MPI.COMM_WORLD.Send(new int[1], 0, 1, MPI.INT, 5, 0));
            assertEquals(MPI.ERR_RANK, e.getErrorClass());
            MPI.COMM_WORLD.Barrier();
            MPI.Finalize();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Ranks.Layout.class, names = { "ONE_JVM", "ONE_PER_JVM" })
    void errorsAreFatalSetOnPurposeEndsTheJobAndTheCallNeverReturns(final Ranks.Layout layout) throws Exception
    {
        final java.nio.file.Path marker = java.nio.file.Files.createTempFile("colompi-fatal", ".txt");
        java.nio.file.Files.delete(marker);
        final Ranks.Outcome result = Ranks.launch(layout, 2, FatalOnPurpose.class, marker.toString());
        assertEquals(1, result.exitCode(), result.report());
        assertTrue(result.says("rank 1 failed: mpi.MPIException: Comm.Send: invalid destination rank 5"), result.report());
        assertTrue(!java.nio.file.Files.exists(marker), "the failing call returned to rank 1");
    }

    public static class FatalOnPurpose
    {
        public static void main(final String[] args) throws Exception
        {
            MPI.Init(args);
            MPI.Errorhandler_set(MPI.ERRORS_ARE_FATAL);
            if (MPI.COMM_WORLD.Rank() == 1)
            {
                try
                {
                    MPI.COMM_WORLD.Send(new int[1], 0, 1, MPI.INT, 5, 0);
                }
                catch (final MPIException e)
                {
                    // what a program written for ERRORS_RETURN would do; under ERRORS_ARE_FATAL it must not get here
                }
                java.nio.file.Files.writeString(java.nio.file.Path.of(args[0]), "returned");
            }
            MPI.COMM_WORLD.Recv(new int[1], 0, 1, MPI.INT, 1, 0);
        }
    }

    @Test
    void aReductionWithMismatchedCountsInOneJvmFailsEveryRankAndWritesNothingPastACount() throws Exception
    {
        Ranks.run(Ranks.Layout.ONE_JVM, 3, MismatchedAllreduce.class);
    }

    public static class MismatchedAllreduce
    {
        public static void main(final String[] args)
        {
            MPI.Init(args);
            final int me = MPI.COMM_WORLD.Rank();
            final int count = me == 0 ? 4 : 8;
            final int[] result = new int[12];
            java.util.Arrays.fill(result, -1);
            final MPIException e = assertThrows(MPIException.class,
                () -> MPI.COMM_WORLD.Allreduce(new int[12], 0, result, 0, count, MPI.INT, MPI.SUM));
            assertEquals(MPI.ERR_TRUNCATE, e.getErrorClass(), e.getMessage());
            assertTrue(e.getMessage().contains("rank 0 passed 4 items"), e.getMessage());
            for (int i = count; i < result.length; i++)
            {
                assertEquals(-1, result[i], "element " + i + " past the count was written");
            }
            MPI.COMM_WORLD.Barrier();
            MPI.Finalize();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Ranks.Layout.class, names = { "ONE_PER_JVM", "TWO_VIRTUAL_NODES" })
    void collectivesWithMismatchedCountsAcrossJvmsFailTheShortRankAndNobodyWaits(final Ranks.Layout layout)
        throws Exception
    {
        Ranks.run(layout, 3, MismatchedCounts.class);
    }

    /**
     * The same where a bcast of 1 MiB meets in a node arena (from 8 ranks by default, here from 2): the root's tree
     * announces it, and a rank passing 512 KiB, which would take the tree, fails with every other rank at once.
     */
    @Test
    void bcastsWhoseCountsStraddleTheNodeArenaFailEveryRankAndNobodyWaits() throws Exception
    {
        Ranks.runWith(Ranks.Layout.ONE_PER_JVM, 3, List.of("-Dcolompi.coll.bcast.minProcs=2"), MismatchedCounts.class);
    }

    /**
     * Under the default ERRORS_RETURN the rank that expects fewer items gets the error, nothing lands past its
     * count, nobody waits for ever, the job goes on. An allreduce, whose path depends on the count, fails every
     * rank, naming the one that passed fewest items (the ranks agree on the count first); a bcast or reduce fails
     * where a message does not fit (MismatchedCountsTest covers every collective).
     */
    public static class MismatchedCounts
    {
        static void expectTruncation(final String call, final int count, final double[] buf, final boolean every,
            final Runnable collective)
        {
            final int me = MPI.COMM_WORLD.Rank();
            java.util.Arrays.fill(buf, -1);
            MPIException e = null;
            try
            {
                collective.run();
            }
            catch (final MPIException thrown)
            {
                e = thrown;
            }
            if (me == 1 || every)
            {
                assertTrue(e != null, call + ": no error on rank " + me);
            }
            if (e != null)
            {
                assertEquals(MPI.ERR_TRUNCATE, e.getErrorClass(), e.getMessage());
                assertTrue(e.getMessage().contains(every ? "rank 1 passed " + count / 2 + " items" : "rank "),
                    e.getMessage());
            }
            if (me == 1)
            {
                for (int i = count / 2; i < buf.length; i++)
                {
                    assertEquals(-1, buf[i], call + ": element " + i + " past the count was written");
                }
            }
            MPI.COMM_WORLD.Barrier();
        }

        public static void main(final String[] args)
        {
            MPI.Init(args);
            final int me = MPI.COMM_WORLD.Rank();
            // 1 MiB goes through node arenas (from colompi.coll.bcast.minProcs ranks) or a binomial tree, as 8 KiB
            // does; 256 KiB reductions through node arenas or a ring, 128 bytes by recursive doubling
            for (final int count : new int[]{ 131072, 1024, 32768, 16 })
            {
                final int mine = me == 1 ? count / 2 : count;
                final double[] buf = new double[count];
                final double[] in = new double[count];
                expectTruncation("Bcast", count, buf, false, () -> MPI.COMM_WORLD.Bcast(buf, 0, mine, MPI.DOUBLE, 0));
                expectTruncation("Allreduce", count, buf, true,
                    () -> MPI.COMM_WORLD.Allreduce(in, 0, buf, 0, mine, MPI.DOUBLE, MPI.SUM));
                expectTruncation("Reduce", count, buf, false,
                    () -> MPI.COMM_WORLD.Reduce(in, 0, buf, 0, mine, MPI.DOUBLE, MPI.SUM, 1));
            }
            final double[] ok = { me };
            MPI.COMM_WORLD.Allreduce(new double[]{ me }, 0, ok, 0, 1, MPI.DOUBLE, MPI.SUM);
            assertEquals(3.0, ok[0]);
            MPI.COMM_WORLD.Barrier();
            MPI.Finalize();
        }
    }

    public static class FatalError
    {
        public static void main(final String[] args)
        {
            MPI.Init(args);
            if (MPI.COMM_WORLD.Rank() == 2)
            {
                MPI.COMM_WORLD.Send(new int[1], 0, 1, MPI.INT, 3, 0);
            }
            else
            {
                MPI.COMM_WORLD.Recv(new int[1], 0, 1, MPI.INT, 2, 0);
            }
            MPI.Finalize();
        }
    }

    @ParameterizedTest
    @EnumSource(Ranks.Layout.class)
    void abortEndsEveryRankWithTheGivenCode(final Ranks.Layout layout) throws Exception
    {
        final Ranks.Outcome result = Ranks.launch(layout, 3, Aborting.class);
        assertEquals(7, result.exitCode(), result.report());
        assertTrue(result.says("rank 1 called Abort(7)"), result.report());
    }

    public static class Aborting
    {
        public static void main(final String[] args) throws Exception
        {
            MPI.Init(args);
            if (MPI.COMM_WORLD.Rank() == 1)
            {
                MPI.COMM_WORLD.Abort(7);
            }
            else if (MPI.COMM_WORLD.Rank() == 2)
            {
                Thread.sleep(60_000);
            }
            MPI.COMM_WORLD.Recv(new int[1], 0, 1, MPI.INT, 1, 0);
        }
    }

    @ParameterizedTest
    @EnumSource(Ranks.Layout.class)
    void aRankThatThrowsEndsTheJobWithItsException(final Ranks.Layout layout) throws Exception
    {
        final Ranks.Outcome result = Ranks.launch(layout, 4, Throwing.class);
        assertEquals(1, result.exitCode(), result.report());
        assertTrue(result.says("rank 3 failed: java.lang.IllegalStateException: boom in rank 3"), result.report());
    }

    public static class Throwing
    {
        public static void main(final String[] args)
        {
            MPI.Init(args);
            if (MPI.COMM_WORLD.Rank() == 3)
            {
                throw new IllegalStateException("boom in rank 3");
            }
            MPI.COMM_WORLD.Barrier();
            MPI.Finalize();
        }
    }

    /**
     * A rank's main fails while threads it started wait for messages (in every rank), in {@code Wait} or in a loop
     * of {@code Test}: the job ends naming the failure, the waits end, and no JVM crashes because its engine's
     * shared memory was unmapped under a thread still polling it.
     */
    @ParameterizedTest
    @EnumSource(value = Ranks.Layout.class, names = { "ONE_JVM", "TWO_PER_JVM", "ONE_PER_JVM", "TWO_VIRTUAL_NODES" })
    void aRankThatFailsWhileItsThreadsWaitEndsTheJobWithoutCrashingAJvm(final Ranks.Layout layout)
        throws Exception
    {
        final Ranks.Outcome result = Ranks.launch(layout, 4, FailingWhileThreadsWait.class);
        assertEquals(1, result.exitCode(), result.report());
        assertTrue(result.says("rank 1 failed: java.lang.IllegalStateException: boom while threads wait"),
            result.report());
        assertFalse(result.says("fatal error"), result.report());
        // in this JVM: the threads that waited have left their waits, Test loops too
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (waitersAlive() > 0 && System.nanoTime() < deadline)
        {
            Thread.sleep(20);
        }
        assertEquals(0, waitersAlive(), "threads still waiting after the job ended");
    }

    private static long waitersAlive()
    {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().startsWith(FailingWhileThreadsWait.WAITER)).count();
    }

    public static class FailingWhileThreadsWait
    {
        static final String WAITER = "colompi-test-waiter-";

        public static void main(final String[] args) throws Exception
        {
            MPI.Init(args);
            final Intracomm world = MPI.COMM_WORLD;
            for (int t = 0; t < 3; t++)
            {
                final int tag = t;
                final Thread waiter = new Thread(() ->
                {
                    final Request never = world.Irecv(new int[1], 0, 1, MPI.INT, (world.Rank() + 1) % world.Size(),
                        100 + tag);
                    if (tag == 0)
                    {
                        never.Wait();
                    }
                    while (never.Test() == null)
                    {
                        Thread.yield();
                    }
                });
                waiter.setName(WAITER + world.Rank() + "-" + tag);
                waiter.setDaemon(true);
                waiter.start();
            }
            world.Barrier();
            Thread.sleep(200);
            if (world.Rank() == 1)
            {
                throw new IllegalStateException("boom while threads wait");
            }
            world.Barrier();
        }
    }

    /**
     * A scatter whose send buffer is too small at its root (an argument only the root reads) fails there, and the
     * other ranks, which wait for their blocks, fail too within seconds (the root logs the call as failed, and their
     * mismatch check reads it): nobody waits for ever, and the root's next scatter fails rather than send blocks the
     * others could take for the failed call's. Every rank then finalizes (the receives of the failed waits
     * withdrawn: reused by Finalize's barrier, they looped the matcher for ever). Blocking and nonblocking, scatter,
     * scatterv and a gatherv without counts at its root. In one JVM, where the ranks meet in its arena, the root takes
     * its place there, described as failed (the others failed only at the root's next collective).
     */
    @ParameterizedTest
    @EnumSource(Ranks.Layout.class)
    void aScatterThatFailedAtItsRootFailsEveryRankAndSendsNothingMore(final Ranks.Layout layout) throws Exception
    {
        for (final String call : new String[]{ "Scatter", "Iscatter", "Scatterv", "Iscatterv", "Gatherv" })
        {
            Ranks.run(layout, 3, FailedAtRoot.class, call);
        }
    }

    public static class FailedAtRoot
    {
        public static void main(final String[] args)
        {
            MPI.Init(args);
            final Intracomm world = MPI.COMM_WORLD;
            final int[] block = new int[1];
            final String call = args[0];
            if (world.Rank() == 0)
            {
                final MPIException bad = assertThrows(MPIException.class, () -> call(world, call, new int[1], block));
                assertTrue(bad.getErrorClass() == MPI.ERR_BUFFER || bad.getErrorClass() == MPI.ERR_ARG,
                    bad.getMessage());
                final MPIException next = assertThrows(MPIException.class,
                    () -> call(world, call, new int[]{ 200, 201, 202 }, block));
                assertEquals(MPI.ERR_OTHER, next.getErrorClass(), next.getMessage());
                assertTrue(next.getMessage().contains("failed at this rank, its root"), next.getMessage());
            }
            else if (call.equals("Gatherv"))
            {
                // Sent, a gatherv's other ranks are done, but where they wait for each other in one JVM's arena.
                try
                {
                    call(world, call, null, block);
                }
                catch (final MPIException failed)
                {
                    assertTrue(failed.getMessage().contains("failed at the root"), failed.getMessage());
                }
            }
            else
            {
                final MPIException failed = assertThrows(MPIException.class, () -> call(world, call, null, block));
                assertTrue(failed.getMessage().contains("failed at the root"), failed.getMessage());
            }
            MPI.Finalize();
        }

        /**
         * Rank 0's {@code call} with {@code blocks} (and, for a gatherv, counts) as its root's buffer: a buffer of
         * one item where three are needed (and no counts) fails at the root alone.
         */
        static void call(final Intracomm world, final String call, final int[] blocks, final int[] block)
        {
            final boolean whole = blocks != null && blocks.length == 3;
            final int[] counts = { 1, 1, 1 };
            final int[] displs = { 0, 1, 2 };
            switch (call)
            {
                case "Scatter" -> world.Scatter(blocks, 0, 1, MPI.INT, block, 0, 1, MPI.INT, 0);
                case "Iscatter" -> world.Iscatter(blocks, 0, 1, MPI.INT, block, 0, 1, MPI.INT, 0).Wait();
                case "Scatterv" -> world.Scatterv(blocks, 0, counts, displs, MPI.INT, block, 0, 1, MPI.INT, 0);
                case "Iscatterv" -> world.Iscatterv(blocks, 0, counts, displs, MPI.INT, block, 0, 1, MPI.INT, 0).Wait();
                default -> world.Gatherv(block, 0, 1, MPI.INT, blocks, 0, whole ? counts : null, displs, MPI.INT, 0);
            }
        }
    }
}
