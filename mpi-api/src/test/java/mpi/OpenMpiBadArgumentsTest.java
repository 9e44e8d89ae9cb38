package mpi;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.DoubleBuffer;
import java.nio.IntBuffer;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Open MPI-style API with bad arguments: every rank makes the same bad call and gets an {@link MPIException} of
 * the class an MPI user expects, naming the call, and the communicator still works after it; and a null buffer with
 * a count of 0, which MPI allows (as Open MPI's Java bindings did), works wherever a count of 0 is legal.
 */
@Timeout(120)
class OpenMpiBadArgumentsTest
{
    @ParameterizedTest
    @EnumSource(value = Ranks.Layout.class, names = { "ONE_JVM", "TWO_PER_JVM", "ONE_PER_JVM" })
    void aNullBufferWithACountOfZeroWorksInEveryCall(final Ranks.Layout layout, @TempDir final Path dir)
        throws Exception
    {
        Ranks.run(layout, 3, NullBuffersOfNoItems.class, dir.resolve("empty").toString());
    }

    @ParameterizedTest
    @EnumSource(value = Ranks.Layout.class, names = { "ONE_JVM", "TWO_PER_JVM", "ONE_PER_JVM" })
    void badArgumentsRaiseMpiExceptionsOfTheRightClassOnEveryRank(final Ranks.Layout layout, @TempDir final Path dir)
        throws Exception
    {
        Ranks.run(layout, 3, BadArguments.class, dir.resolve("data").toString());
    }

    /** After each call the communicator must still work: a failed call left nothing behind. */
    static void stillWorks(final Intracomm comm)
    {
        final int[] sum = { comm.getRank() };
        comm.allReduce(sum, 1, MPI.INT, MPI.SUM);
        final int n = comm.getSize();
        assertEquals(n * (n - 1) / 2, sum[0]);
    }

    public static class NullBuffersOfNoItems
    {
        public static void main(final String[] args)
        {
            MPI.Init(args);
            final Intracomm world = MPI.COMM_WORLD;
            world.setErrhandler(MPI.ERRORS_RETURN);
            final int me = world.getRank();
            final int np = world.getSize();
            final int next = (me + 1) % np;
            final int prev = (me + np - 1) % np;
            final int[] zeros = new int[np];

            Request r = world.iRecv(null, 0, MPI.INT, prev, 1);
            world.send(null, 0, MPI.INT, next, 1);
            assertEquals(0, r.waitStatus().getCount(MPI.INT));
            r = world.isSend(null, 0, MPI.INT, next, 2);
            world.recv(null, 0, MPI.INT, prev, 2);
            r.waitFor();
            world.sendRecv(null, 0, MPI.INT, next, 3, null, 0, MPI.INT, prev, 3);
            world.sendRecvReplace(null, 0, MPI.INT, next, 4, prev, 4);
            final Prequest receive = world.recvInit(null, 0, MPI.INT, prev, 5);
            final Prequest send = world.sendInit(null, 0, MPI.INT, next, 5);
            receive.start();
            send.start();
            Request.waitAll(new Request[]{ receive, send });
            assertEquals(0, world.pack(null, 0, MPI.INT, new byte[4], 0));
            stillWorks(world);

            world.bcast(null, 0, MPI.INT, 0);
            world.iBcast(null, 0, MPI.INT, 0).waitFor();
            world.gather(null, 0, MPI.INT, null, 0, MPI.INT, 0);
            world.gatherv(null, 0, MPI.INT, null, zeros, zeros, MPI.INT, 0);
            world.iGatherv(null, 0, MPI.INT, null, zeros, zeros, MPI.INT, 1).waitFor();
            world.scatterv(null, zeros, zeros, MPI.INT, null, 0, MPI.INT, 0);
            world.allGather(null, 0, MPI.INT, null, 0, MPI.INT);
            world.iAllGather(null, 0, MPI.INT, null, 0, MPI.INT).waitFor();
            world.allGatherv(null, 0, MPI.INT, null, zeros, zeros, MPI.INT);
            world.allGatherv(null, zeros, zeros, MPI.INT);
            world.allToAll(null, 0, MPI.INT, null, 0, MPI.INT);
            world.allToAllv(null, zeros, zeros, MPI.INT, null, zeros, zeros, MPI.INT);
            world.reduce(null, null, 0, MPI.INT, MPI.SUM, 0);
            world.allReduce(null, null, 0, MPI.INT, MPI.SUM);
            world.allReduce(null, 0, MPI.INT, MPI.SUM);
            world.iAllReduce(null, null, 0, MPI.INT, MPI.SUM).waitFor();
            world.reduceScatter(null, null, zeros, MPI.INT, MPI.SUM);
            world.reduceScatterBlock(null, null, 0, MPI.INT, MPI.SUM);
            world.scan(null, null, 0, MPI.INT, MPI.SUM);
            world.exScan(null, null, 0, MPI.INT, MPI.SUM);
            Comm.reduceLocal(null, null, 0, MPI.INT, MPI.SUM);
            final CartComm ring = world.createCart(new int[]{ np }, new boolean[]{ true }, false);
            ring.neighborAllGather(null, 0, MPI.INT, null, 0, MPI.INT);
            ring.neighborAllToAllv(null, new int[2], new int[2], MPI.INT, null, new int[2], new int[2], MPI.INT);
            stillWorks(world);

            // the data still arrive where the counts are not 0 (a gatherv's non-root passes no receive side)
            final int[] gathered = new int[np];
            world.gatherv(new int[]{ me }, 1, MPI.INT, me == 0 ? gathered : null, me == 0 ? ones(np) : null,
                me == 0 ? range(np) : null, MPI.INT, 0);
            if (me == 0)
            {
                assertArrayEquals(range(np), gathered);
            }
            final int[] one = new int[1];
            world.scatterv(me == 0 ? range(np) : null, me == 0 ? ones(np) : null, me == 0 ? range(np) : null,
                MPI.INT, one, 1, MPI.INT, 0);
            assertEquals(me, one[0]);

            final File file = new File(world, args[args.length - 1], MPI.MODE_CREATE | MPI.MODE_RDWR);
            file.writeAt(0, null, 0, MPI.INT);
            assertEquals(0, file.readAt(0, null, 0, MPI.INT).getCount(MPI.INT));
            file.close();
            final Win win = new Win(MPI.newIntBuffer(1), 1, 1, MPI.INFO_NULL, world);
            win.fence(0);
            win.put(null, 0, MPI.INT, next, 0, 0, MPI.INT);
            win.fence(0);
            win.free();
            // a rank that exposes nothing passes no memory; the others' windows still work
            final IntBuffer exposed = MPI.newIntBuffer(1);
            final Win some = new Win(me == 0 ? null : exposed, me == 0 ? 0 : 1, 1, MPI.INFO_NULL, world);
            some.fence(0);
            if (next != 0)
            {
                some.put(MPI.newIntBuffer(1).put(0, 7), 1, MPI.INT, next, 0, 1, MPI.INT);
            }
            some.fence(0);
            assertEquals(me == 0 ? 0 : 7, exposed.get(0));
            some.free();
            stillWorks(world);
            MPI.Finalize();
        }
    }

    public static class BadArguments
    {
        static void expect(final int errorClass, final String call, final Runnable bad)
        {
            final MPIException e = assertThrows(MPIException.class, bad::run, call);
            assertEquals(errorClass, e.getErrorClass(), e.getMessage());
            assertTrue(e.getMessage().contains(call), e.getMessage());
            stillWorks(MPI.COMM_WORLD);
        }

        public static void main(final String[] args)
        {
            MPI.Init(args);
            final Intracomm world = MPI.COMM_WORLD;
            world.setErrhandler(MPI.ERRORS_RETURN);
            final int me = world.getRank();
            final int np = world.getSize();
            final int next = (me + 1) % np;
            final int prev = (me + np - 1) % np;
            final int[] ints = new int[4];
            final IntBuffer direct = MPI.newIntBuffer(4);
            final IntBuffer readOnly = MPI.newIntBuffer(4).asReadOnlyBuffer();

            // already right: ranks, roots, counts, sizes, types
            expect(MPI.ERR_RANK, "Comm.send", () -> world.send(ints, 1, MPI.INT, np, 0));
            expect(MPI.ERR_RANK, "Comm.iSend", () -> world.iSend(direct, 1, MPI.INT, -5, 0));
            expect(MPI.ERR_COUNT, "Comm.send", () -> world.send(ints, -1, MPI.INT, next, 0));
            expect(MPI.ERR_BUFFER, "Comm.send", () -> world.send(direct, 5, MPI.INT, next, 0));
            expect(MPI.ERR_BUFFER, "Comm.send", () -> world.send(MPI.newLongBuffer(2), 3, MPI.LONG, next, 0));
            expect(MPI.ERR_TYPE, "Comm.send", () -> world.send(direct, 1, MPI.DOUBLE, next, 0));
            expect(MPI.ERR_BUFFER, "Comm.Recv", () -> world.recv(readOnly, 1, MPI.INT, prev, 0));
            expect(MPI.ERR_ROOT, "Comm.bcast", () -> world.bcast(direct, 1, MPI.INT, np));
            expect(MPI.ERR_BUFFER, "Comm.bcast", () -> world.bcast(direct, 5, MPI.INT, 0));
            expect(MPI.ERR_BUFFER, "Comm.allReduce", () -> world.allReduce(ints, readOnly, 1, MPI.INT, MPI.SUM));
            expect(MPI.ERR_ARG, "Comm.allGatherv", () -> world.allGatherv(ints, 1, MPI.INT, new int[np], null,
                range(np), MPI.INT));

            // a null buffer with items is a bad buffer, not a bad type
            expect(MPI.ERR_BUFFER, "Comm.send", () -> world.send(null, 1, MPI.INT, next, 0));
            expect(MPI.ERR_BUFFER, "Comm.bcast", () -> world.bcast(null, 1, MPI.INT, 0));
            // the receive side of a send-receive is written: not a read-only buffer
            expect(MPI.ERR_BUFFER, "Comm.Sendrecv", () -> world.sendRecv(ints, 1, MPI.INT, next, 0,
                readOnly, 1, MPI.INT, prev, 0));
            expect(MPI.ERR_BUFFER, "Comm.Sendrecv_replace", () -> world.sendRecvReplace(readOnly, 1, MPI.INT, next, 0,
                prev, 0));
            // counts missing or short: ERR_ARG on every rank, not a NullPointerException or an index out of bounds
            expect(MPI.ERR_ARG, "Comm.reduceScatter", () -> world.reduceScatter(new int[np], new int[1], null,
                MPI.INT, MPI.SUM));
            expect(MPI.ERR_ARG, "Comm.reduceScatter", () -> world.reduceScatter(new int[np], new int[1], ones(np - 1),
                MPI.INT, MPI.SUM));
            expect(MPI.ERR_ARG, "Comm.reduceScatter", () -> world.reduceScatter(new int[np], null, MPI.INT, MPI.SUM));
            expect(MPI.ERR_ARG, "Comm.iReduceScatter", () -> world.iReduceScatter(new int[np], new int[1], null,
                MPI.INT, MPI.SUM));
            expect(MPI.ERR_ARG, "Comm.allGatherv", () -> world.allGatherv(new int[np], null, range(np), MPI.INT));
            expect(MPI.ERR_ARG, "Comm.allGatherv", () -> world.allGatherv(new int[np], new int[0], new int[0],
                MPI.INT));
            // no array of requests at all
            expect(MPI.ERR_ARG, "Request.waitAny", () -> Request.waitAny(null));
            expect(MPI.ERR_ARG, "Request.waitAll", () -> Request.waitAll(null));
            expect(MPI.ERR_ARG, "Request.testAll", () -> Request.testAll(null));
            expect(MPI.ERR_ARG, "Request.waitSome", () -> Request.waitSome(null));
            expect(MPI.ERR_ARG, "Request.testSome", () -> Request.testSome(null));
            expect(MPI.ERR_ARG, "Prequest.startAll", () -> Prequest.startAll(null));
            assertEquals(MPI.UNDEFINED, Request.waitAny(new Request[0]));
            // buffers made by MPI
            expect(MPI.ERR_ARG, "MPI.slice", () -> MPI.slice(MPI.newIntBuffer(4), -1));
            expect(MPI.ERR_ARG, "MPI.slice", () -> MPI.slice(new double[4], 5));
            assertEquals(0, MPI.slice(new int[4], 4).capacity());
            expect(MPI.ERR_ARG, "MPI.new*Buffer", () -> MPI.newIntBuffer(-1));
            expect(MPI.ERR_BUFFER, "MPI.Buffer_attach", () -> MPI.attachBuffer(null));
            // a null datatype, and a read-only buffer to unpack into
            expect(MPI.ERR_TYPE, "Comm.bcast", () -> world.bcast(direct, 1, null, 0));
            expect(MPI.ERR_TYPE, "Comm.allReduce", () -> world.allReduce(ints, new int[4], 1, null, MPI.SUM));
            expect(MPI.ERR_OP, "Comm.iAllReduce", () -> world.iAllReduce(ints, new int[4], 1, MPI.INT, null));
            expect(MPI.ERR_OP, "Comm.reduceScatter", () -> world.reduceScatterBlock(new int[np], new int[1], 1,
                MPI.INT, null));
            expect(MPI.ERR_OP, "Intracomm.scan", () -> world.scan(ints, new int[4], 1, MPI.INT, null));
            expect(MPI.ERR_OP, "Comm.reduceLocal", () -> Comm.reduceLocal(ints, new int[4], 1, MPI.INT, null));
            final Status received = world.sendRecv(ints, 1, MPI.INT, next, 0, new int[1], 1, MPI.INT, prev, 0);
            expect(MPI.ERR_TYPE, "Status.getCount", () -> received.getCount(null));
            assertEquals(1, received.getCount(MPI.INT));
            // MPI_Get_count counts the bytes received in items of any type, as Open MPI's bindings did
            assertEquals(Integer.BYTES, received.getCount(MPI.BYTE));
            assertEquals(MPI.UNDEFINED, received.getCount(MPI.DOUBLE));
            assertEquals(2, received.getElements(MPI.SHORT));
            assertEquals(MPI.UNDEFINED, received.getElements(MPI.LONG));
            final byte[] packed = new byte[4];
            world.pack(ints, 1, MPI.INT, packed, 0);
            expect(MPI.ERR_BUFFER, "Comm.Unpack", () -> world.unpack(packed, 0, readOnly, 1, MPI.INT));
            // a neighbourhood v-collective's counts are not optional
            final CartComm ring = world.createCart(new int[]{ np }, new boolean[]{ true }, false);
            expect(MPI.ERR_ARG, "Comm.neighborAllGatherv", () -> ring.neighborAllGatherv(ints, 1, MPI.INT,
                new int[2], null, range(2), MPI.INT));
            expect(MPI.ERR_ARG, "Comm.neighborAllToAllv", () -> ring.neighborAllToAllv(new int[2], null, range(2),
                MPI.INT, new int[2], ones(2), range(2), MPI.INT));
            expect(MPI.ERR_ARG, "Comm.iNeighborAllGatherv", () -> ring.iNeighborAllGatherv(ints, 1, MPI.INT,
                new int[2], null, range(2), MPI.INT));

            // one-sided: the origin buffer is checked as any other
            final Win win = new Win(MPI.newIntBuffer(4), 4, 1, MPI.INFO_NULL, world);
            win.setErrhandler(MPI.ERRORS_RETURN);
            expect(MPI.ERR_RMA_SYNC, "Win.put", () -> win.put(MPI.newIntBuffer(1), 1, MPI.INT, next, 0, 1, MPI.INT));
            expect(MPI.ERR_RMA_SYNC, "Win.unlock", () -> win.unlock(next));
            win.lock(MPI.LOCK_EXCLUSIVE, next, 0);
            win.put(MPI.newIntBuffer(1), 1, MPI.INT, next, 0, 1, MPI.INT);
            expect(MPI.ERR_RMA_SYNC, "Win.lock", () -> win.lock(MPI.LOCK_SHARED, next, 0));
            expect(MPI.ERR_RMA_SYNC, "Win.put", () -> win.put(MPI.newIntBuffer(1), 1, MPI.INT, prev == next ? me :
                prev, 0, 1, MPI.INT));
            win.unlock(next);
            expect(MPI.ERR_RMA_SYNC, "Win.unlock", () -> win.unlock(next));
            world.barrier();
            win.fence(0);
            expect(MPI.ERR_TYPE, "Win.put", () -> win.put(MPI.newDoubleBuffer(1), 1, MPI.INT, next, 0, 1, MPI.INT));
            expect(MPI.ERR_BUFFER, "Win.put", () -> win.put(null, 1, MPI.INT, next, 0, 1, MPI.INT));
            expect(MPI.ERR_RMA_RANGE, "Win.put", () -> win.put(MPI.newIntBuffer(2), 2, MPI.INT, next, 3, 2, MPI.INT));
            expect(MPI.ERR_RANK, "Win.get", () -> win.get(MPI.newIntBuffer(1), 1, MPI.INT, np, 0, 1, MPI.INT));
            expect(MPI.ERR_TYPE, "Win.put", () -> win.put(MPI.newIntBuffer(1), 1, null, next, 0, 1, MPI.INT));
            expect(MPI.ERR_OP, "Win.accumulate", () -> win.accumulate(MPI.newIntBuffer(1), 1, MPI.INT, next, 0, 1,
                MPI.INT, null));
            win.fence(0);
            win.free();

            // files: a read fills the buffer, so it must hold the type and be writable
            final File file = new File(world, args[args.length - 1], MPI.MODE_CREATE | MPI.MODE_RDWR);
            file.writeAt(4L * me, new int[]{ me, me, me, me }, 4, MPI.INT);
            file.sync();
            world.barrier();
            final IntBuffer before = MPI.newIntBuffer(4);
            final IntBuffer sealed = before.asReadOnlyBuffer();
            expect(MPI.ERR_BUFFER, "File.readAt", () -> file.readAt(4L * next, sealed, 4, MPI.INT));
            assertEquals(0, before.get(0), "a read-only buffer was written");
            expect(MPI.ERR_TYPE, "File.readAt", () -> file.readAt(0, direct, 1, MPI.DOUBLE));
            expect(MPI.ERR_BUFFER, "File.readAt", () -> file.readAt(0, null, 1, MPI.INT));
            expect(MPI.ERR_ARG, "File.readAt", () -> file.readAt(-1, ints, 1, MPI.INT));
            expect(MPI.ERR_TYPE, "File.readAt", () -> file.readAt(0, ints, 1, null));
            final DoubleBuffer doubles = MPI.newDoubleBuffer(1);
            expect(MPI.ERR_TYPE, "File.writeAt", () -> file.writeAt(0, doubles, 1, MPI.INT));
            file.close();
            MPI.Finalize();
        }
    }

    static int[] ones(final int n)
    {
        final int[] ones = new int[n];
        java.util.Arrays.fill(ones, 1);
        return ones;
    }

    static int[] range(final int n)
    {
        final int[] range = new int[n];
        for (int i = 0; i < n; i++)
        {
            range[i] = i;
        }
        return range;
    }
}
