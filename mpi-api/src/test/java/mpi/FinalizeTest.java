package mpi;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** After {@code MPI.Finalize} every MPI call is an error; a rank that never finalizes is reported. */
@Timeout(120)
class FinalizeTest
{
    @ParameterizedTest
    @EnumSource(value = Ranks.Layout.class, names = { "ONE_JVM", "TWO_PER_JVM", "ONE_PER_JVM", "TWO_VIRTUAL_NODES" })
    void everyCallAfterFinalizeThrows(final Ranks.Layout layout) throws Exception
    {
        Ranks.run(layout, 4, AfterFinalize.class);
    }

    public static class AfterFinalize
    {
        static void expect(final Runnable call)
        {
            final MPIException e = assertThrows(MPIException.class, call::run);
            assertEquals(MPI.ERR_OTHER, e.getErrorClass(), e.getMessage());
            assertTrue(e.getMessage().contains("after MPI.Finalize"), e.getMessage());
        }

        public static void main(final String[] args)
        {
            MPI.Init(args);
            final Intracomm world = MPI.COMM_WORLD;
            final int peer = world.Rank() ^ 1;
            final Request pending = world.Irecv(new int[1], 0, 1, MPI.INT, peer, 1);
            world.Send(new int[]{ 1 }, 0, 1, MPI.INT, peer, 1);
            pending.Wait();
            MPI.Finalize();
            assertTrue(MPI.Finalized());
            expect(() -> world.Send(new int[1], 0, 1, MPI.INT, peer, 0));
            expect(() -> world.Recv(new int[1], 0, 1, MPI.INT, peer, 0));
            expect(() -> world.Isend(new int[1], 0, 1, MPI.INT, peer, 0));
            expect(world::Barrier);
            expect(() -> world.Allreduce(new int[1], 0, new int[1], 0, 1, MPI.INT, MPI.SUM));
            expect(() -> world.Bcast(new int[1], 0, 1, MPI.INT, 0));
            expect(world::Rank);
            expect(pending::Wait);
            expect(MPI::Finalize);
            expect(() -> MPI.Buffer_detach());
        }
    }

    @Test
    void ranksThatReturnWithoutFinalizeAreNamed() throws Exception
    {
        final Ranks.Outcome result = Ranks.launch(Ranks.Layout.ONE_PER_JVM, 3, NoFinalize.class);
        assertEquals(0, result.exitCode(), result.report());
        for (int rank = 0; rank < 3; rank++)
        {
            assertTrue(result.says("colompi: rank " + rank + " returned from main without calling MPI.Finalize"),
                result.report());
        }
    }

    public static class NoFinalize
    {
        public static void main(final String[] args)
        {
            MPI.Init(args);
            MPI.COMM_WORLD.Barrier();
        }
    }
}
