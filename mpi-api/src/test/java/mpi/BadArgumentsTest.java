package mpi;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input to the MPJ Express API, the same bad call on every rank: each gets an {@link MPIException} of the class
 * an MPI user expects, its message naming the call, never another exception, a hang or a communicator left out of
 * step (after each group of calls the ranks still agree on an allreduce and a ring of point-to-point messages).
 */
@Timeout(120)
class BadArgumentsTest
{
    @ParameterizedTest
    @EnumSource(value = Ranks.Layout.class, names = { "ONE_JVM", "TWO_PER_JVM", "ONE_PER_JVM" })
    void badArgumentsOfTheMpjExpressApiRaiseMpiExceptionsNamingTheCall(final Ranks.Layout layout) throws Exception
    {
        Ranks.run(layout, 3, Sweep.class);
    }

    public static class Sweep
    {
        private static Intracomm world;
        private static int me;
        private static int np;

        static void expect(final int errorClass, final String call, final Runnable bad)
        {
            final MPIException e = assertThrows(MPIException.class, bad::run);
            assertEquals(errorClass, e.getErrorClass(), e.getMessage());
            assertTrue(e.getMessage().startsWith(call + ": "), e.getMessage());
        }

        /** The communicator still works: no message left behind, no collective half run. */
        static void stillInStep()
        {
            final int[] sum = new int[1];
            world.Allreduce(new int[]{ me }, 0, sum, 0, 1, MPI.INT, MPI.SUM);
            assertEquals(np * (np - 1) / 2, sum[0]);
            final int[] got = { -1 };
            world.Sendrecv(new int[]{ me }, 0, 1, MPI.INT, (me + 1) % np, 3, got, 0, 1, MPI.INT, (me + np - 1) % np, 3);
            assertEquals((me + np - 1) % np, got[0]);
            assertEquals(null, world.Iprobe(MPI.ANY_SOURCE, MPI.ANY_TAG));
        }

        public static void main(final String[] args)
        {
            MPI.Init(args);
            MPI.Errorhandler_set(MPI.ERRORS_RETURN);
            world = MPI.COMM_WORLD;
            me = world.Rank();
            np = world.Size();
            nullArraysOfTopologiesGroupsAndDatatypes();
            stillInStep();
            MPI.Finalize();
        }

        static void nullArraysOfTopologiesGroupsAndDatatypes()
        {
            expect(MPI.ERR_ARG, "Intracomm.Create_cart", () -> world.Create_cart(null, new boolean[1], false));
            expect(MPI.ERR_ARG, "Intracomm.Create_cart", () -> world.Create_cart(new int[]{ np }, null, false));
            expect(MPI.ERR_ARG, "Intracomm.Create_graph", () -> world.Create_graph(null, new int[0], false));
            expect(MPI.ERR_ARG, "Intracomm.Create_graph", () -> world.Create_graph(new int[]{ 1, 2 }, null, false));
            expect(MPI.ERR_ARG, "Cartcomm.Dims_create", () -> Cartcomm.Dims_create(4, null));
            final Cartcomm cart = world.Create_cart(new int[]{ np }, new boolean[]{ false }, false);
            expect(MPI.ERR_ARG, "Cartcomm.Rank", () -> cart.Rank(null));
            expect(MPI.ERR_ARG, "Cartcomm.Sub", () -> cart.Sub(null));
            expect(MPI.ERR_ARG, "Cartcomm.Map", () -> cart.Map(null, new boolean[0]));
            final Graphcomm graph = world.Create_graph(new int[]{ 1, 2, 3 }, new int[]{ 1, 2, 0 }, false);
            expect(MPI.ERR_ARG, "Graphcomm.Map", () -> graph.Map(new int[]{ 1 }, null));
            final Group group = world.Group();
            expect(MPI.ERR_ARG, "Group.Incl", () -> group.Incl(null));
            expect(MPI.ERR_ARG, "Group.Excl", () -> group.Excl(null));
            expect(MPI.ERR_ARG, "Group.Range_incl", () -> group.Range_incl(null));
            expect(MPI.ERR_ARG, "Group.Range_excl", () -> group.Range_excl(null));
            expect(MPI.ERR_ARG, "Group.Translate_ranks", () -> Group.Translate_ranks(group, null, group));
            expect(MPI.ERR_ARG, "Datatype.Indexed", () -> Datatype.Indexed(null, new int[]{ 0 }, MPI.INT));
            expect(MPI.ERR_ARG, "Datatype.Indexed", () -> Datatype.Indexed(new int[]{ 1 }, null, MPI.INT));
            expect(MPI.ERR_ARG, "Datatype.Hindexed", () -> Datatype.Hindexed(null, new int[]{ 0 }, MPI.INT));
            expect(MPI.ERR_ARG, "Datatype.Struct", () -> Datatype.Struct(null, new int[]{ 0 },
                new Datatype[]{ MPI.INT }));
            expect(MPI.ERR_TYPE, "Intracomm.Allreduce", () -> world.Allreduce(new int[1], 0, new int[1], 0, 1, null,
                MPI.SUM));
            expect(MPI.ERR_TYPE, "Intracomm.Reduce", () -> world.Reduce(new int[1], 0, new int[1], 0, 1, null,
                MPI.SUM, 0));
        }
    }
}
