package mpi;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/** What MPJ Express' own test programs rely on and MPI allows, in one JVM and in one JVM per rank. */
@Timeout(120)
class MpjCompatibilityTest
{
    @ParameterizedTest
    @EnumSource(value = Ranks.Layout.class, names = { "ONE_JVM", "ONE_PER_JVM" })
    void vCollectivesReadTheFirstSizeEntriesOfLongerCountArrays(final Ranks.Layout layout) throws Exception
    {
        Ranks.run(layout, 2, LongCountArrays.class);
    }

    public static class LongCountArrays
    {
        public static void main(final String[] args)
        {
            MPI.Init(args);
            final Intracomm world = MPI.COMM_WORLD;
            final int me = world.Rank();
            final int[] counts = { 2, 2, 99, 99, 99 };
            final int[] displs = { 0, 2, 99, 99, 99 };
            final int[] mine = { 10 * me, 10 * me + 1 };
            final int[] all = new int[4];
            world.Allgatherv(mine, 0, 2, MPI.INT, all, 0, counts, displs, MPI.INT);
            assertArrayEquals(new int[]{ 0, 1, 10, 11 }, all);
            final int[] gathered = new int[4];
            world.Gatherv(mine, 0, 2, MPI.INT, gathered, 0, counts, displs, MPI.INT, 0);
            if (me == 0)
            {
                assertArrayEquals(new int[]{ 0, 1, 10, 11 }, gathered);
            }
            final int[] part = new int[2];
            world.Scatterv(new int[]{ 5, 6, 7, 8 }, 0, counts, displs, MPI.INT, part, 0, 2, MPI.INT, 1);
            assertArrayEquals(new int[]{ 5 + 2 * me, 6 + 2 * me }, part);
            final int[] reduced = new int[2];
            world.Reduce_scatter(new int[]{ 1, 2, 3, 4 }, 0, reduced, 0, counts, MPI.INT, MPI.SUM);
            assertArrayEquals(new int[]{ 2 + 4 * me, 4 + 4 * me }, reduced);
            final Object[] objects = new Object[4];
            world.Allgatherv(new Object[]{ "a" + me, "b" + me }, 0, 2, MPI.OBJECT, objects, 0, counts, displs, MPI.OBJECT);
            assertArrayEquals(new Object[]{ "a0", "b0", "a1", "b1" }, objects);
            final MPIException tooShort = org.junit.jupiter.api.Assertions.assertThrows(MPIException.class,
                () -> world.Allgatherv(mine, 0, 2, MPI.INT, all, 0, new int[]{ 2 }, new int[]{ 0 }, MPI.INT));
            assertEquals(MPI.ERR_ARG, tooShort.getErrorClass());
            MPI.Finalize();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Ranks.Layout.class, names = { "ONE_JVM", "ONE_PER_JVM" })
    void rangeTripletsMayEndOutsideTheGroupWhenEveryRankTheyProduceIsInside(final Ranks.Layout layout)
        throws Exception
    {
        Ranks.run(layout, 4, Ranges.class);
    }

    public static class Ranges
    {
        public static void main(final String[] args)
        {
            MPI.Init(args);
            final Group world = MPI.COMM_WORLD.Group();
            final Group odd = world.Range_incl(new int[][]{ { 1, 4, 2 } });
            assertArrayEquals(new int[]{ 1, 3 }, Group.Translate_ranks(odd, new int[]{ 0, 1 }, world));
            final Group even = world.Range_excl(new int[][]{ { 1, 4, 2 } });
            assertArrayEquals(new int[]{ 0, 2 }, Group.Translate_ranks(even, new int[]{ 0, 1 }, world));
            final Group down = world.Range_incl(new int[][]{ { 3, -1, -3 } });
            assertEquals(2, down.Size());
            final MPIException outside = org.junit.jupiter.api.Assertions.assertThrows(MPIException.class,
                () -> world.Range_incl(new int[][]{ { 1, 5, 4 } }));
            assertEquals(MPI.ERR_RANK, outside.getErrorClass());
            MPI.Finalize();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Ranks.Layout.class, names = { "ONE_JVM", "ONE_PER_JVM" })
    void aZeroSizeTypeMovesNothingAndCountsItems(final Ranks.Layout layout) throws Exception
    {
        Ranks.run(layout, 2, ZeroSize.class);
    }

    public static class ZeroSize
    {
        public static void main(final String[] args)
        {
            MPI.Init(args);
            final Datatype empty = Datatype.Struct(new int[0], new int[0], new Datatype[0]);
            empty.Commit();
            final int[] buf = { 7 };
            if (MPI.COMM_WORLD.Rank() == 0)
            {
                MPI.COMM_WORLD.Send(buf, 0, 100, empty, 1, 0);
            }
            else
            {
                final Status status = MPI.COMM_WORLD.Recv(buf, 0, 100, empty, 0, 0);
                assertEquals(7, buf[0]);
                assertEquals(100, status.Get_count(empty));
                assertEquals(MPI.UNDEFINED, status.Get_elements(empty));
            }
            MPI.Finalize();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Ranks.Layout.class, names = { "ONE_JVM", "ONE_PER_JVM" })
    void cancellingASendFailsAndTheSendCompletes(final Ranks.Layout layout) throws Exception
    {
        Ranks.run(layout, 2, CancelSend.class);
    }

    public static class CancelSend
    {
        public static void main(final String[] args)
        {
            MPI.Init(args);
            final Intracomm world = MPI.COMM_WORLD;
            if (world.Rank() == 0)
            {
                final Request send = world.Isend(new int[]{ 42 }, 0, 1, MPI.INT, 1, 3);
                send.Cancel();
                assertFalse(send.Wait().Test_cancelled());
            }
            else
            {
                final int[] got = new int[1];
                world.Recv(got, 0, 1, MPI.INT, 0, 3);
                assertEquals(42, got[0]);
            }
            MPI.Finalize();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Ranks.Layout.class, names = { "ONE_JVM", "ONE_PER_JVM" })
    void createWithDisjointGroupsMakesOneCommunicatorPerGroup(final Ranks.Layout layout) throws Exception
    {
        Ranks.run(layout, 5, DisjointCreate.class);
    }

    public static class DisjointCreate
    {
        public static void main(final String[] args)
        {
            MPI.Init(args);
            final Intracomm world = MPI.COMM_WORLD;
            final int me = world.Rank();
            // evens {0, 2}, odds {1, 3}; rank 4 passes the evens' group without being in it and gets null
            final int[] ranks = me % 2 == 0 && me < 4 || me == 4 ? new int[]{ 0, 2 } : new int[]{ 1, 3 };
            final Intracomm half = world.Create(world.Group().Incl(ranks));
            if (me == 4)
            {
                assertNull(half);
            }
            else
            {
                assertEquals(2, half.Size());
                final int[] sum = new int[1];
                half.Allreduce(new int[]{ me }, 0, sum, 0, 1, MPI.INT, MPI.SUM);
                assertEquals(me % 2 == 0 ? 2 : 4, sum[0]);
            }
            MPI.Finalize();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Ranks.Layout.class, names = { "ONE_JVM", "ONE_PER_JVM" })
    void packIntoAnMpjbufBufferAndSendItAsPacked(final Ranks.Layout layout) throws Exception
    {
        Ranks.run(layout, 2, PackMpjbuf.class);
    }

    /** As MPJ Express' dtyp/pack and dtyp_ObjSer/packO do it, with regions that do not start at the storage's start. */
    public static class PackMpjbuf
    {
        public static void main(final String[] args)
        {
            MPI.Init(args);
            final Intracomm world = MPI.COMM_WORLD;
            if (world.Rank() == 0)
            {
                final mpjbuf.Buffer buffer = new mpjbuf.Buffer(mpjbuf.BufferFactory.create(508), 8, 508);
                int position = world.Pack(new int[]{ 7, 10, 11 }, 1, 2, MPI.INT, buffer, 0);
                assertEquals(8, position);
                position = world.Pack(new double[]{ 2.2 }, 0, 1, MPI.DOUBLE, buffer, position);
                assertEquals(16, position);
                position = world.Pack(new Object[]{ "packed", java.util.List.of(1, 2) }, 0, 2, MPI.OBJECT, buffer, position);
                world.Send(new int[]{ position }, 0, 1, MPI.INT, 1, 1);
                world.Send(buffer, 0, position, MPI.PACKED, 1, 2);
                world.Isend(buffer, 0, position, MPI.PACKED, 1, 3).Wait();
                mpjbuf.BufferFactory.destroy(buffer.getStaticBuffer());
            }
            else
            {
                final int[] size = new int[1];
                world.Recv(size, 0, 1, MPI.INT, 0, 1);
                final mpjbuf.Buffer buffer = new mpjbuf.Buffer(mpjbuf.BufferFactory.create(600), 16, 600);
                assertEquals(size[0], world.Recv(buffer, 0, size[0], MPI.PACKED, 0, 2).Get_count(MPI.PACKED));
                unpackAndCheck(world, buffer, size[0]);
                final mpjbuf.Buffer again = new mpjbuf.Buffer(mpjbuf.BufferFactory.create(600), 0, 600);
                world.Irecv(again, 0, size[0], MPI.PACKED, 0, 3).Wait();
                unpackAndCheck(world, again, size[0]);
            }
            MPI.Finalize();
        }

        private static void unpackAndCheck(final Intracomm world, final mpjbuf.Buffer buffer, final int size)
        {
            final int[] ints = new int[3];
            final double[] doubles = new double[1];
            final Object[] objects = new Object[2];
            int position = world.Unpack(buffer, 0, ints, 1, 2, MPI.INT);
            assertEquals(8, position);
            position = world.Unpack(buffer, position, doubles, 0, 1, MPI.DOUBLE);
            position = world.Unpack(buffer, position, objects, 0, 2, MPI.OBJECT);
            assertEquals(size, position);
            assertArrayEquals(new int[]{ 0, 10, 11 }, ints);
            assertEquals(2.2, doubles[0]);
            assertArrayEquals(new Object[]{ "packed", java.util.List.of(1, 2) }, objects);
        }
    }
}
