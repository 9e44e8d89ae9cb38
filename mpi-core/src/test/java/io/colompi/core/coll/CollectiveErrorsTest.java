package io.colompi.core.coll;

import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;
import io.colompi.core.op.PredefinedOp;
import io.colompi.core.testing.ThreadJob;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.TypeMap;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.colompi.core.coll.Layouts.INT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Bad arguments fail on every rank, with MPI's error class, before any message moves. */
@Timeout(20)
class CollectiveErrorsTest
{
    @ParameterizedTest
    @ValueSource(ints = { 1, 3, 4 })
    void badArgumentsFailEverywhereAndLeaveTheCommunicatorUsable(final int np) throws Exception
    {
        ThreadJob.run(np, world ->
        {
            final int[] one = new int[1];
            final int[] perRank = new int[np];
            assertError(ErrorClass.ROOT, () -> Collectives.bcast(world, one, 0, 1, INT, np));
            assertError(ErrorClass.ROOT, () -> Collectives.bcast(world, one, 0, 1, INT, -1));
            assertError(ErrorClass.ROOT, () -> Collectives.reduce(world, one, 0, one, 0, 1, INT, PredefinedOp.SUM,
                np));
            assertError(ErrorClass.ROOT, () -> Collectives.gather(world, one, 0, 1, INT, perRank, 0, 1, INT, -2));
            assertError(ErrorClass.ROOT, () -> Collectives.scatterv(world, perRank, 0, new int[np], new int[np], INT,
                one, 0, 1, INT, np + 3));

            assertError(ErrorClass.COUNT, () -> Collectives.bcast(world, one, 0, -1, INT, 0));
            assertError(ErrorClass.COUNT, () -> Collectives.allgather(world, one, 0, -1, INT, perRank, 0, 1, INT));
            assertError(ErrorClass.COUNT, () -> Collectives.allreduce(world, one, 0, one, 0, -2, INT,
                PredefinedOp.SUM));
            final int[] negative = new int[np];
            negative[np - 1] = -1;
            assertError(ErrorClass.COUNT, () -> Collectives.reduceScatter(world, perRank, 0, one, 0, negative, INT,
                PredefinedOp.SUM));

            // count arrays longer than the communicator are read as far as it goes (MPJ Express); shorter ones fail
            assertError(ErrorClass.ARG, () -> Collectives.alltoallv(world, perRank, 0, new int[np - 1], new int[np],
                INT, perRank, 0, new int[np], new int[np], INT));
            assertError(ErrorClass.ARG, () -> Collectives.allgatherv(world, one, 0, 1, INT, perRank, 0, null,
                new int[np], INT));
            assertError(ErrorClass.ARG, () -> Collectives.reduceScatter(world, perRank, 0, one, 0, new int[np - 1],
                INT, PredefinedOp.SUM));

            assertError(ErrorClass.OP, () -> Collectives.allreduce(world, new boolean[1], 0, new boolean[1], 0, 1,
                TypeMap.basic(BaseType.BOOLEAN), PredefinedOp.SUM));
            assertError(ErrorClass.OP, () -> Collectives.scan(world, one, 0, one, 0, 1, INT, PredefinedOp.MAXLOC));
            assertError(ErrorClass.OP, () -> Collectives.reduce(world, one, 0, one, 0, 1, INT, null, 0));

            assertError(ErrorClass.BUFFER, () -> Collectives.allreduce(world, one, 0, one, 0, 2, INT,
                PredefinedOp.SUM));
            assertError(ErrorClass.TYPE, () -> Collectives.bcast(world, new double[1], 0, 1, INT, 0));
            assertError(ErrorClass.BUFFER, () -> Collectives.alltoall(world, one, 0, 1, INT, perRank, 0, 1, INT),
                np > 1);

            // nothing was sent above: the next collectives match as if the errors never happened
            final int[] sum = new int[1];
            Collectives.allreduce(world, new int[]{ world.rank() + 1 }, 0, sum, 0, 1, INT, PredefinedOp.SUM);
            assertEquals(np * (np + 1) / 2, sum[0]);
            Collectives.barrier(world);
        });
    }

    private static void assertError(final ErrorClass expected, final Executable call)
    {
        assertError(expected, call, true);
    }

    private static void assertError(final ErrorClass expected, final Executable call, final boolean fails)
    {
        if (!fails)
        {
            return;
        }
        final MpiError error = assertThrows(MpiError.class, call);
        assertEquals(expected, error.errorClass(), error.getMessage());
    }
}
