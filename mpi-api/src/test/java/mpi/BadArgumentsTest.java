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
            nullHandles();
            stillInStep();
            packing();
            stillInStep();
            freedTopologies();
            stillInStep();
            freedDatatypes();
            stillInStep();
            buffersOfNoneOrAnotherType();
            stillInStep();
            countsOfAnotherType();
            stillInStep();
            badArgumentsOnlyTheRootPasses();
            stillInStep();
            datatypesBeyondAnArray();
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

        /** MPI_DATATYPE_NULL, MPI_OP_NULL, MPI_GROUP_NULL and null arrays of requests or counts, as Java nulls. */
        static void nullHandles()
        {
            final int[] buf = new int[4];
            final int next = (me + 1) % np;
            expect(MPI.ERR_TYPE, "Comm.Send", () -> world.Send(buf, 0, 1, null, next, 0));
            expect(MPI.ERR_TYPE, "Comm.Isend", () -> world.Isend(buf, 0, 1, null, next, 0));
            expect(MPI.ERR_TYPE, "Comm.Recv", () -> world.Recv(buf, 0, 1, null, next, 0));
            expect(MPI.ERR_TYPE, "Comm.Irecv", () -> world.Irecv(buf, 0, 1, null, next, 0));
            expect(MPI.ERR_TYPE, "Comm.Bsend", () -> world.Bsend(buf, 0, 1, null, next, 0));
            expect(MPI.ERR_TYPE, "Comm.Sendrecv", () -> world.Sendrecv(buf, 0, 1, MPI.INT, next, 0, buf, 0, 1, null,
                next, 0));
            expect(MPI.ERR_TYPE, "Comm.Sendrecv_replace", () -> world.Sendrecv_replace(buf, 0, 1, null, next, 0,
                next, 0));
            expect(MPI.ERR_TYPE, "Comm.Send_init", () -> world.Send_init(buf, 0, 1, null, next, 0));
            expect(MPI.ERR_TYPE, "Comm.Recv_init", () -> world.Recv_init(buf, 0, 1, null, next, 0));
            expect(MPI.ERR_TYPE, "Datatype.Contiguous", () -> Datatype.Contiguous(2, null));
            expect(MPI.ERR_TYPE, "Datatype.Vector", () -> Datatype.Vector(2, 1, 2, null));
            expect(MPI.ERR_ARG, "Datatype.Struct", () -> Datatype.Struct(new int[]{ 1 }, new int[]{ 0 }, null));
            expect(MPI.ERR_TYPE, "Datatype.Struct", () -> Datatype.Struct(new int[]{ 1 }, new int[]{ 0 },
                new Datatype[]{ null }));
            expect(MPI.ERR_TYPE, "Intracomm.Scan", () -> world.Scan(buf, 0, new int[4], 0, 1, null, MPI.SUM));
            expect(MPI.ERR_OP, "Intracomm.Scan", () -> world.Scan(buf, 0, new int[4], 0, 1, MPI.INT, null));
            expect(MPI.ERR_OP, "Intracomm.Exscan", () -> world.Exscan(buf, 0, new int[4], 0, 1, MPI.INT, null));
            expect(MPI.ERR_OP, "Intracomm.Reduce_scatter", () -> world.Reduce_scatter(new int[np], 0, buf, 0,
                new int[np], MPI.INT, null));
            expect(MPI.ERR_OP, "Intracomm.Iallreduce", () -> world.Iallreduce(buf, 0, new int[4], 0, 1, MPI.INT,
                null));
            expect(MPI.ERR_ARG, "Intracomm.Reduce_scatter", () -> world.Reduce_scatter(new int[np], 0, buf, 0, null,
                MPI.INT, MPI.SUM));
            expect(MPI.ERR_ARG, "Intracomm.Reduce_scatter", () -> world.Reduce_scatter(new int[np], 0, buf, 0,
                new int[1], MPI.INT, MPI.SUM));
            expect(MPI.ERR_ARG, "Intracomm.Ireduce_scatter", () -> world.Ireduce_scatter(new int[np], 0, buf, 0,
                new int[1], MPI.INT, MPI.SUM));
            expect(MPI.ERR_GROUP, "Intracomm.Create", () -> world.Create(null));
            expect(MPI.ERR_COMM, "Comm.Compare", () -> Comm.Compare(world, null));
            expect(MPI.ERR_COMM, "Comm.Create_intercomm", () -> world.Create_intercomm(null, 0, 0, 0));
            final Group group = world.Group();
            expect(MPI.ERR_GROUP, "Group.Union", () -> Group.Union(group, null));
            expect(MPI.ERR_GROUP, "Group.Difference", () -> Group.Difference(null, group));
            expect(MPI.ERR_GROUP, "Group.Compare", () -> Group.Compare(group, null));
            expect(MPI.ERR_GROUP, "Group.Translate_ranks", () -> Group.Translate_ranks(null, new int[]{ 0 }, group));
            expect(MPI.ERR_ARG, "Request.Waitany", () -> Request.Waitany(null));
            expect(MPI.ERR_ARG, "Request.Waitall", () -> Request.Waitall(null));
            expect(MPI.ERR_ARG, "Request.Waitsome", () -> Request.Waitsome(null));
            expect(MPI.ERR_ARG, "Request.Testany", () -> Request.Testany(null));
            expect(MPI.ERR_ARG, "Request.Testall", () -> Request.Testall(null));
            expect(MPI.ERR_ARG, "Request.Testsome", () -> Request.Testsome(null));
            expect(MPI.ERR_ARG, "Prequest.Startall", () -> Prequest.Startall(null));
            expect(MPI.ERR_REQUEST, "Prequest.Startall", () -> Prequest.Startall(new Prequest[]{ null }));
            // null entries are null requests, which MPI lets an array hold
            assertEquals(MPI.UNDEFINED, Request.Waitany(new Request[2]).index);
            assertEquals(2, Request.Waitall(new Request[2]).length);
        }

        static void packing()
        {
            final int[] buf = new int[4];
            expect(MPI.ERR_BUFFER, "Comm.Pack", () -> world.Pack(buf, 0, 1, MPI.INT, (byte[])null, 0));
            expect(MPI.ERR_BUFFER, "Comm.Unpack", () -> world.Unpack((byte[])null, 0, buf, 0, 1, MPI.INT));
            expect(MPI.ERR_TYPE, "Comm.Pack_size", () -> world.Pack_size(1, null));
            expect(MPI.ERR_TYPE, "Comm.Pack", () -> world.Pack(buf, 0, 1, null, new byte[16], 0));
            expect(MPI.ERR_TYPE, "Comm.Unpack", () -> world.Unpack(new byte[16], 0, buf, 0, 1, null));
            expect(MPI.ERR_COUNT, "Comm.Pack_size", () -> world.Pack_size(Integer.MAX_VALUE, MPI.LONG));
            // an object record whose length reads negative: not data Pack wrote
            final byte[] garbage = { (byte)0xff, (byte)0xff, (byte)0xff, (byte)0xf0, 1, 2, 3, 4 };
            expect(MPI.ERR_TYPE, "Comm.Unpack", () -> world.Unpack(garbage, 0, new Object[1], 0, 1, MPI.OBJECT));
            expect(MPI.ERR_BUFFER, "MPI.Buffer_attach", () -> MPI.Buffer_attach(null));
            expect(MPI.ERR_BUFFER, "MPI.Buffer_detach", MPI::Buffer_detach);
        }

        /** A freed Cartesian or graph communicator answers nothing about its topology either. */
        static void freedTopologies()
        {
            final Cartcomm cart = world.Create_cart(new int[]{ np }, new boolean[]{ true }, false);
            final Cartcomm freedCart = (Cartcomm)cart.clone();
            freedCart.Free();
            expect(MPI.ERR_COMM, "Cartcomm.Coords", () -> freedCart.Coords(0));
            expect(MPI.ERR_COMM, "Cartcomm.Rank", () -> freedCart.Rank(new int[]{ 0 }));
            expect(MPI.ERR_COMM, "Cartcomm.Topo_test", freedCart::Topo_test);
            expect(MPI.ERR_COMM, "Cartcomm.Shift", () -> freedCart.Shift(0, 1));
            final Graphcomm graph = world.Create_graph(new int[]{ 1, 2, 3 }, new int[]{ 1, 2, 0 }, false);
            final Graphcomm freedGraph = (Graphcomm)graph.clone();
            freedGraph.Free();
            expect(MPI.ERR_COMM, "Graphcomm.Get", freedGraph::Get);
            expect(MPI.ERR_COMM, "Graphcomm.Neighbours", () -> freedGraph.Neighbours(0));
            expect(MPI.ERR_COMM, "Graphcomm.Topo_test", freedGraph::Topo_test);
            assertEquals(MPI.CART, cart.Topo_test());
            assertEquals(MPI.GRAPH, graph.Topo_test());
        }

        /** A freed derived datatype: every use names the call, and freeing it again is an error too. */
        static void freedDatatypes()
        {
            final Datatype pair = Datatype.Contiguous(2, MPI.INT);
            pair.free();
            expect(MPI.ERR_TYPE, "Datatype.free", pair::free);
            expect(MPI.ERR_TYPE, "Comm.Send", () -> world.Send(new int[4], 0, 1, pair, (me + 1) % np, 0));
            expect(MPI.ERR_TYPE, "Comm.Recv", () -> world.Recv(new int[4], 0, 1, pair, (me + 1) % np, 0));
            expect(MPI.ERR_TYPE, "Intracomm.Bcast", () -> world.Bcast(new int[4], 0, 1, pair, 0));
            expect(MPI.ERR_TYPE, "Datatype.Contiguous", () -> Datatype.Contiguous(2, pair));
        }

        /**
         * No buffer is {@code ERR_BUFFER}, an array of another type than the datatype's {@code ERR_TYPE}: the same in
         * point-to-point calls and collectives.
         */
        static void buffersOfNoneOrAnotherType()
        {
            final int next = (me + 1) % np;
            expect(MPI.ERR_BUFFER, "Comm.Send", () -> world.Send(null, 0, 1, MPI.INT, next, 0));
            expect(MPI.ERR_BUFFER, "Comm.Recv", () -> world.Recv(null, 0, 1, MPI.INT, next, 0));
            expect(MPI.ERR_BUFFER, "Comm.Isend", () -> world.Isend(null, 0, 1, MPI.INT, next, 0));
            expect(MPI.ERR_BUFFER, "Intracomm.Bcast", () -> world.Bcast(null, 0, 1, MPI.INT, 0));
            expect(MPI.ERR_BUFFER, "Intracomm.Allreduce", () -> world.Allreduce(new int[1], 0, null, 0, 1, MPI.INT,
                MPI.SUM));
            expect(MPI.ERR_TYPE, "Comm.Send", () -> world.Send(new double[1], 0, 1, MPI.INT, next, 0));
            expect(MPI.ERR_TYPE, "Intracomm.Bcast", () -> world.Bcast(new double[1], 0, 1, MPI.INT, 0));
            expect(MPI.ERR_TYPE, "Intracomm.Allreduce", () -> world.Allreduce(new int[1], 0, new double[1], 0, 1,
                MPI.INT, MPI.SUM));
            expect(MPI.ERR_TYPE, "Intracomm.Alltoall", () -> world.Alltoall(new long[np], 0, 1, MPI.INT, new int[np],
                0, 1, MPI.INT));
            expect(MPI.ERR_ARG, "Intracomm.Allgatherv", () -> world.Allgatherv(new int[1], 0, 1, MPI.INT,
                new int[np], 0, null, new int[np], MPI.INT));
        }

        /** Counting a message in another base type than it holds is {@code ERR_TYPE}, not a count in other units. */
        static void countsOfAnotherType()
        {
            final Request sent = world.Isend(new int[]{ 1, 2, 3, 4 }, 0, 4, MPI.INT, me, 5);
            final Status status = world.Recv(new int[4], 0, 4, MPI.INT, me, 5);
            sent.Wait();
            assertEquals(4, status.Get_count(MPI.INT));
            assertEquals(2, status.Get_count(Datatype.Contiguous(2, MPI.INT)));
            assertEquals(MPI.UNDEFINED, status.Get_count(Datatype.Contiguous(3, MPI.INT)));
            expect(MPI.ERR_TYPE, "Status.Get_count", () -> status.Get_count(MPI.DOUBLE));
            expect(MPI.ERR_TYPE, "Status.Get_count", () -> status.Get_count(MPI.BYTE));
            expect(MPI.ERR_TYPE, "Status.Get_elements", () -> status.Get_elements(MPI.LONG));
            expect(MPI.ERR_TYPE, "Status.Get_count", () -> status.Get_count(null));
            final Request objects = world.Isend(new Object[]{ "a", "b" }, 0, 2, MPI.OBJECT, me, 6);
            final Status objectStatus = world.Recv(new Object[2], 0, 2, MPI.OBJECT, me, 6);
            objects.Wait();
            assertEquals(2, objectStatus.Get_count(MPI.OBJECT));
        }

        /**
         * Arguments only the root passes (gather's and reduce's receive side, exscan's above rank 0; blocking or not):
         * the root fails, the others return, and the next call of the same collective gathers this call's data, not
         * the last's.
         */
        static void badArgumentsOnlyTheRootPasses()
        {
            final int root = np - 1;
            final boolean isRoot = me == root;
            final int[] mine = { me };
            rootFails(MPI.ERR_BUFFER, "Intracomm.Gather", isRoot,
                () -> world.Gather(mine, 0, 1, MPI.INT, new int[1], 0, 1, MPI.INT, root));
            rootFails(MPI.ERR_TYPE, "Intracomm.Gather", isRoot,
                () -> world.Gather(mine, 0, 1, MPI.INT, new int[np], 0, 1, null, root));
            rootFails(MPI.ERR_ARG, "Intracomm.Gatherv", isRoot,
                () -> world.Gatherv(mine, 0, 1, MPI.INT, new int[np], 0, ones(), null, MPI.INT, root));
            rootFails(MPI.ERR_BUFFER, "Intracomm.Reduce", isRoot,
                () -> world.Reduce(mine, 0, null, 0, 1, MPI.INT, MPI.SUM, root));
            rootFails(MPI.ERR_BUFFER, "Intracomm.Igather", isRoot,
                () -> world.Igather(mine, 0, 1, MPI.INT, new int[1], 0, 1, MPI.INT, root).Wait());
            rootFails(MPI.ERR_BUFFER, "Intracomm.Ireduce", isRoot,
                () -> world.Ireduce(mine, 0, null, 0, 1, MPI.INT, MPI.SUM, root).Wait());
            rootFails(MPI.ERR_BUFFER, "Intracomm.Exscan", me > 0,
                () -> world.Exscan(mine, 0, new int[0], 0, 1, MPI.INT, MPI.SUM));
            for (int round = 1; round <= 2; round++)
            {
                final int[] sent = { me + 10 * round };
                final int[] gathered = new int[np];
                world.Gather(sent, 0, 1, MPI.INT, gathered, 0, 1, MPI.INT, root);
                final int[] gatheredV = new int[np];
                world.Gatherv(sent, 0, 1, MPI.INT, gatheredV, 0, ones(), ranks(), MPI.INT, root);
                final int[] sum = new int[1];
                world.Reduce(sent, 0, sum, 0, 1, MPI.INT, MPI.SUM, root);
                final int[] prefix = new int[1];
                world.Exscan(sent, 0, prefix, 0, 1, MPI.INT, MPI.SUM);
                for (int r = 0; r < np; r++)
                {
                    assertEquals(isRoot ? r + 10 * round : 0, gathered[r], "round " + round);
                    assertEquals(isRoot ? r + 10 * round : 0, gatheredV[r], "round " + round);
                }
                assertEquals(isRoot ? np * (np - 1) / 2 + 10 * round * np : 0, sum[0], "round " + round);
                assertEquals(me == 0 ? 0 : me * (me - 1) / 2 + 10 * round * me, prefix[0], "round " + round);
            }
        }

        static void rootFails(final int errorClass, final String call, final boolean fails, final Runnable bad)
        {
            if (fails)
            {
                expect(errorClass, call, bad);
            }
            else
            {
                bad.run();
            }
            stillInStep();
        }

        static int[] ones()
        {
            final int[] ones = new int[np];
            java.util.Arrays.fill(ones, 1);
            return ones;
        }

        static int[] ranks()
        {
            final int[] ranks = new int[np];
            java.util.Arrays.setAll(ranks, i -> i);
            return ranks;
        }

        /**
         * A derived datatype larger than an array can hold is {@code ERR_ARG}, not an int that wraps round or an
         * OutOfMemoryError; one of 2^31-1 ints is fine (and made at once).
         */
        static void datatypesBeyondAnArray()
        {
            final Datatype mega = Datatype.Contiguous(1 << 20, MPI.INT);
            expect(MPI.ERR_ARG, "Datatype.Contiguous", () -> Datatype.Contiguous(1 << 20, mega));
            expect(MPI.ERR_ARG, "Datatype.Vector", () -> Datatype.Vector(4, 1, 1 << 30, MPI.INT));
            expect(MPI.ERR_ARG, "Datatype.Hvector", () -> Datatype.Hvector(1 << 12, 1 << 12, 1, mega));
            expect(MPI.ERR_ARG, "Datatype.Indexed", () -> Datatype.Indexed(new int[]{ 1, 1 },
                new int[]{ 0, 1 << 12 }, mega));
            expect(MPI.ERR_ARG, "Datatype.Hindexed", () -> Datatype.Hindexed(new int[]{ 1 },
                new int[]{ Integer.MAX_VALUE }, MPI.INT));
            expect(MPI.ERR_ARG, "Datatype.Struct", () -> Datatype.Struct(new int[]{ 1 << 12 }, new int[]{ 0 },
                new Datatype[]{ mega }));
            final Datatype most = Datatype.Contiguous(Integer.MAX_VALUE, MPI.BYTE);
            assertEquals(Integer.MAX_VALUE, most.Size());
            assertEquals(Integer.MAX_VALUE, most.Extent());
        }
    }
}
