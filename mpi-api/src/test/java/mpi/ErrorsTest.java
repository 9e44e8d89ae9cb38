package mpi;

import io.colompi.colo.JobResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class ErrorsTest
{
    @Test
    void badArgumentsRaiseMpiExceptionsOfTheRightClassUnderErrorsReturn() throws Exception
    {
        Ranks.run(2, BadArguments.class);
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

    @Test
    void underErrorsAreFatalAnErrorEndsTheJobNamingRankAndCause() throws Exception
    {
        final JobResult result = Ranks.launch(3, FatalError.class);
        assertEquals(1, result.exitCode(), result.report());
        assertEquals(2, result.causeRank(), result.report());
        assertTrue(result.message().contains("invalid destination rank 3"), result.message());
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

    @Test
    void abortEndsEveryRankWithTheGivenCode() throws Exception
    {
        final JobResult result = Ranks.launch(3, Aborting.class);
        assertEquals(7, result.exitCode(), result.report());
        assertEquals(1, result.causeRank());
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

    @Test
    void aRankThatThrowsEndsTheJobWithItsException() throws Exception
    {
        final JobResult result = Ranks.launch(4, Throwing.class);
        assertEquals(1, result.exitCode());
        assertEquals(3, result.causeRank());
        assertTrue(result.message().contains("IllegalStateException"), result.message());
        assertTrue(result.message().contains("boom in rank 3"), result.message());
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
}
