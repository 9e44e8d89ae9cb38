package mpi;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Programs written against Open MPI's Java bindings (and MVAPICH2-J's), with direct, heap and sliced buffers
 * and arrays, in one JVM, one JVM per rank and on two pretend nodes: local, shm and aeron transports.
 */
@Timeout(180)
class OpenMpiApiTest
{
    @ParameterizedTest
    @EnumSource(value = Ranks.Layout.class, names = { "ONE_JVM" })
    void reduceLocalKeepsTheLayoutOfDerivedTypes(final Ranks.Layout layout) throws Exception
    {
        Ranks.run(layout, 1, ReduceLocalLayouts.class);
    }

    /**
     * {@code reduceLocal} on types whose items are not dense (a vector, a pair resized to an extent of three): item k
     * lies at k * extent, the holes between keep their values, on arrays, direct, heap and byte buffers, with a
     * predefined and a user operation (it used to reduce count * size consecutive elements, as if the type were
     * contiguous: found by the collective storm's session).
     */
    public static class ReduceLocalLayouts
    {
        public static void main(final String[] args)
        {
            MPI.Init(args);
            final Op times10Plus = new Op(new UserFunction()
            {
                @Override
                public void call(final Object in, final Object inOut, final int count, final Datatype type)
                {
                    final long[] x = (long[])in;
                    final long[] y = (long[])inOut;
                    for (int i = 0; i < count * type.getSize(); i++)
                    {
                        y[i] = y[i] * 10 + x[i];
                    }
                }
            }, false);
            final Datatype vector = Datatype.createVector(2, 1, 2, MPI.LONG);
            vector.commit();
            final Datatype resized = Datatype.createResized(Datatype.createContiguous(2, MPI.LONG), 0, 3 * 8);
            resized.commit();
            // items of 2 at extent 3: vector elements 0, 2 | 3, 5; resized 0, 1 | 3, 4
            final int[][] used = { { 0, 2, 3, 5 }, { 0, 1, 3, 4 } };
            final Datatype[] types = { vector, resized };
            for (int t = 0; t < 2; t++)
            {
                for (final Op op : new Op[]{ MPI.SUM, times10Plus })
                {
                    for (int how = 0; how < 4; how++)
                    {
                        final long[] x = { 1, 2, 3, 4, 5, 6, 7 };
                        final long[] y = { 10, 20, 30, 40, 50, 60, 70 };
                        final long[] want = y.clone();
                        for (final int i : used[t])
                        {
                            want[i] = op == MPI.SUM ? y[i] + x[i] : y[i] * 10 + x[i];
                        }
                        final long[] got;
                        if (how == 0)
                        {
                            Intracomm.reduceLocal(x, y, 2, types[t], op);
                            got = y;
                        }
                        else if (how == 3)
                        {
                            final ByteBuffer bx = MPI.newByteBuffer(8 * 7);
                            final ByteBuffer by = MPI.newByteBuffer(8 * 7);
                            bx.asLongBuffer().put(x);
                            by.asLongBuffer().put(y);
                            Intracomm.reduceLocal(bx, by, 2, types[t], op);
                            got = new long[7];
                            by.asLongBuffer().get(got);
                        }
                        else
                        {
                            final LongBuffer bx = how == 1 ? MPI.newLongBuffer(7).put(0, x) : LongBuffer.wrap(x);
                            final LongBuffer by = how == 1 ? MPI.newLongBuffer(7).put(0, y) : LongBuffer.wrap(y);
                            Intracomm.reduceLocal(bx, by, 2, types[t], op);
                            got = new long[7];
                            by.get(0, got);
                        }
                        assertArrayEquals(want, got, "type " + t + " op " + (op == MPI.SUM ? "SUM" : "user") +
                            " buffer " + how);
                    }
                }
            }
            MPI.Finalize();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Ranks.Layout.class, names = { "ONE_JVM", "ONE_PER_JVM", "TWO_VIRTUAL_NODES" })
    void pointToPointMovesDirectHeapAndSlicedBuffersAndArrays(final Ranks.Layout layout) throws Exception
    {
        Ranks.run(layout, 4, PointToPoint.class);
    }

    public static class PointToPoint
    {
        public static void main(final String[] args) throws MPIException
        {
            MPI.Init(args);
            final Intracomm world = MPI.COMM_WORLD;
            final int rank = world.getRank();
            final int size = world.getSize();
            final int next = (rank + 1) % size;
            final int prev = (rank + size - 1) % size;

            // Blocking, direct to direct, small and large (eager, rendezvous, fragments on every transport).
            for (final int n : new int[]{ 1, 1000, 300_000 })
            {
                final DoubleBuffer out = MPI.newDoubleBuffer(n);
                for (int i = 0; i < n; i++)
                {
                    out.put(i, rank * 1e6 + i);
                }
                final DoubleBuffer in = MPI.newDoubleBuffer(n);
                final Status s = world.sendRecv(out, n, MPI.DOUBLE, next, 7, in, n, MPI.DOUBLE, prev, 7);
                assertEquals(prev, s.getSource());
                assertEquals(7, s.getTag());
                assertEquals(n, s.getCount(MPI.DOUBLE));
                assertEquals(prev * 1e6, in.get(0));
                assertEquals(prev * 1e6 + n - 1, in.get(n - 1));
            }

            // Nonblocking: direct send to a heap buffer, an array and a slice at an offset.
            final IntBuffer direct = MPI.newIntBuffer(8);
            for (int i = 0; i < 8; i++)
            {
                direct.put(i, 100 * rank + i);
            }
            final IntBuffer heap = IntBuffer.allocate(8);
            final int[] array = new int[8];
            final IntBuffer sliced = MPI.slice(MPI.newIntBuffer(12), 4);
            final Request[] requests = {
                world.iRecv(heap, 8, MPI.INT, prev, 1),
                world.iRecv(array, 8, MPI.INT, prev, 2),
                world.iRecv(sliced, 8, MPI.INT, prev, 3),
                world.iSend(direct, 8, MPI.INT, next, 1),
                world.iSend(direct, 8, MPI.INT, next, 2),
                world.iSend(direct, 8, MPI.INT, next, 3),
            };
            Request.waitAll(requests);
            for (int i = 0; i < 8; i++)
            {
                assertEquals(100 * prev + i, heap.get(i));
                assertEquals(100 * prev + i, array[i]);
                assertEquals(100 * prev + i, sliced.get(i));
            }
            assertTrue(requests[0].isNull());

            // Array to direct, with a strided datatype on the receiving side: every other long.
            final long[] longs = { rank, rank + 1, rank + 2 };
            final LongBuffer spread = MPI.newLongBuffer(6);
            final Datatype everyOther = Datatype.createVector(3, 1, 2, MPI.LONG);
            everyOther.commit();
            final Request r = world.iRecv(spread, 1, everyOther, prev, 4);
            world.send(longs, 3, MPI.LONG, next, 4);
            final Status st = r.waitStatus();
            assertEquals(3, st.getElements(MPI.LONG));
            assertEquals(prev + 2, spread.get(4));
            assertEquals(0, spread.get(1));

            // A byte buffer carries doubles: count in doubles.
            final ByteBuffer bytes = MPI.newByteBuffer(16);
            bytes.putDouble(0, rank + 0.5);
            bytes.putDouble(8, rank + 0.25);
            final double[] two = new double[2];
            final Request rr = world.iRecv(two, 2, MPI.DOUBLE, prev, 5);
            world.sSend(bytes, 2, MPI.DOUBLE, next, 5);
            rr.waitFor();
            assertArrayEquals(new double[]{ prev + 0.5, prev + 0.25 }, two);

            // Probe, matched probe, persistent requests, testAny.
            final Prequest send = world.sendInit(direct, 2, MPI.INT, next, 6);
            final IntBuffer got = MPI.newIntBuffer(2);
            final Prequest recv = world.recvInit(got, 2, MPI.INT, prev, 6);
            for (int round = 0; round < 3; round++)
            {
                direct.put(0, round);
                recv.start();
                send.start();
                Request.waitAll(new Request[]{ recv, send });
                assertEquals(round, got.get(0));
            }
            world.send(direct, 3, MPI.INT, next, 8);
            final Status probed = world.probe(prev, 8);
            assertEquals(3, probed.getCount(MPI.INT));
            final Message message = new Message();
            final Status matched = message.mProbe(prev, 8, world);
            assertEquals(prev, matched.getSource());
            final IntBuffer m = MPI.newIntBuffer(3);
            message.mRecv(m, 3, MPI.INT);
            assertTrue(message.isNull());
            assertEquals(100 * prev + 1, m.get(1));

            // A request of one API completed by the other's wait, both ways.
            final int[] one = new int[1];
            final Request mpj = world.Irecv(one, 0, 1, MPI.INT, prev, 9);
            final Request ompi = world.iSend(new int[]{ rank }, 1, MPI.INT, next, 9);
            mpj.waitFor();
            ompi.Wait();
            assertEquals(prev, one[0]);
            assertEquals(MPI.UNDEFINED, Request.testAny(new Request[]{ mpj, ompi }));
            MPI.Finalize();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Ranks.Layout.class, names = { "ONE_JVM", "ONE_PER_JVM", "TWO_VIRTUAL_NODES" })
    void collectivesBlockingAndNonblockingOverDirectBuffers(final Ranks.Layout layout) throws Exception
    {
        Ranks.run(layout, 4, Collectives.class);
    }

    public static class Collectives
    {
        public static void main(final String[] args) throws MPIException
        {
            MPI.Init(args);
            final Comm world = MPI.COMM_WORLD;
            final int rank = world.getRank();
            final int size = world.getSize();

            final IntBuffer b = MPI.newIntBuffer(3);
            if (rank == 1)
            {
                b.put(0, 7).put(1, 8).put(2, 9);
            }
            world.bcast(b, 3, MPI.INT, 1);
            assertEquals(9, b.get(2));

            final DoubleBuffer x = MPI.newDoubleBuffer(2);
            x.put(0, rank).put(1, 1);
            final DoubleBuffer sum = MPI.newDoubleBuffer(2);
            world.allReduce(x, sum, 2, MPI.DOUBLE, MPI.SUM);
            assertEquals(size * (size - 1) / 2.0, sum.get(0));
            assertEquals(size, sum.get(1));
            world.allReduce(x, 2, MPI.DOUBLE, MPI.MAX);
            assertEquals(size - 1, x.get(0));

            final double[] prod = new double[1];
            world.reduce(new double[]{ rank + 1 }, prod, 1, MPI.DOUBLE, MPI.PROD, 0);
            if (rank == 0)
            {
                assertEquals(24.0, prod[0]);
            }

            final IntBuffer mine = MPI.newIntBuffer(2);
            mine.put(0, rank).put(1, -rank);
            final IntBuffer all = MPI.newIntBuffer(2 * size);
            world.allGather(mine, 2, MPI.INT, all, 2, MPI.INT);
            assertEquals(-3, all.get(7));
            final IntBuffer inPlace = MPI.newIntBuffer(size);
            inPlace.put(rank, rank * 10);
            world.allGather(inPlace, 1, MPI.INT);
            assertEquals(30, inPlace.get(3));

            final int[] gathered = new int[size];
            world.gather(new int[]{ rank * 2 }, 1, MPI.INT, gathered, 1, MPI.INT, 2);
            if (rank == 2)
            {
                assertArrayEquals(new int[]{ 0, 2, 4, 6 }, gathered);
            }
            final IntBuffer part = MPI.newIntBuffer(1);
            final IntBuffer whole = MPI.newIntBuffer(size);
            for (int i = 0; i < size; i++)
            {
                whole.put(i, 5 * i);
            }
            world.scatter(whole, 1, MPI.INT, part, 1, MPI.INT, 0);
            assertEquals(5 * rank, part.get(0));

            final IntBuffer send = MPI.newIntBuffer(size);
            final IntBuffer recv = MPI.newIntBuffer(size);
            for (int i = 0; i < size; i++)
            {
                send.put(i, rank * 100 + i);
            }
            world.allToAll(send, 1, MPI.INT, recv, 1, MPI.INT);
            assertEquals(3 * 100 + rank, recv.get(3));

            final int[] counts = { 1, 2, 1, 3 };
            final int[] displs = { 0, 1, 3, 4 };
            final IntBuffer v = MPI.newIntBuffer(7);
            final IntBuffer own = MPI.newIntBuffer(3);
            for (int i = 0; i < counts[rank]; i++)
            {
                own.put(i, rank);
            }
            world.allGatherv(own, counts[rank], MPI.INT, v, counts, displs, MPI.INT);
            assertEquals(3, v.get(6));
            assertEquals(1, v.get(2));

            final IntBuffer scanned = MPI.newIntBuffer(1);
            ((Intracomm)world).scan(MPI.newIntBuffer(1).put(0, rank + 1), scanned, 1, MPI.INT, MPI.SUM);
            assertEquals((rank + 1) * (rank + 2) / 2, scanned.get(0));

            final IntBuffer blocks = MPI.newIntBuffer(size);
            for (int i = 0; i < size; i++)
            {
                blocks.put(i, i);
            }
            final IntBuffer block = MPI.newIntBuffer(1);
            world.reduceScatterBlock(blocks, block, 1, MPI.INT, MPI.SUM);
            assertEquals(rank * size, block.get(0));

            // Nonblocking collectives over direct buffers: the results land when the request completes.
            final DoubleBuffer total = MPI.newDoubleBuffer(1).put(0, 1);
            final IntBuffer root = MPI.newIntBuffer(1);
            if (rank == 3)
            {
                root.put(0, 42);
            }
            final Request[] pending = {
                world.iAllReduce(total, 1, MPI.DOUBLE, MPI.SUM),
                world.iBcast(root, 1, MPI.INT, 3),
                world.iBarrier(),
            };
            Request.waitAll(pending);
            assertEquals(size, total.get(0));
            assertEquals(42, root.get(0));
            final DoubleBuffer later = MPI.newDoubleBuffer(1);
            final Request r = world.iAllReduce(MPI.newDoubleBuffer(1).put(0, 2), later, 1, MPI.DOUBLE, MPI.SUM);
            while (!r.test())
            {
                Thread.onSpinWait();
            }
            assertEquals(2.0 * size, later.get(0));

            // A user operation in Open MPI's form, over arrays and over direct buffers.
            final Op maxAbs = new Op(new UserFunction()
            {
                @Override
                public void call(final Object in, final Object inOut, final int count, final Datatype type)
                {
                    final int[] a = (int[])in;
                    final int[] b2 = (int[])inOut;
                    for (int i = 0; i < count; i++)
                    {
                        b2[i] = Math.max(Math.abs(a[i]), Math.abs(b2[i]));
                    }
                }
            }, true);
            final IntBuffer magnitudes = MPI.newIntBuffer(1).put(0, rank % 2 == 0 ? -rank : rank);
            world.allReduce(magnitudes, 1, MPI.INT, maxAbs);
            assertEquals(size - 1, magnitudes.get(0));
            assertTrue(maxAbs.isCommutative());
            world.barrier();
            MPI.Finalize();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Ranks.Layout.class, names = { "ONE_JVM", "TWO_VIRTUAL_NODES" })
    void communicatorsGroupsAndTopologies(final Ranks.Layout layout) throws Exception
    {
        Ranks.run(layout, 4, Communicators.class);
    }

    public static class Communicators
    {
        public static void main(final String[] args) throws MPIException
        {
            MPI.Init(args);
            final Intracomm world = MPI.COMM_WORLD;
            final int rank = world.getRank();
            assertEquals("MPI_COMM_WORLD", world.getName());

            final Intracomm half = world.split(rank % 2, -rank);
            assertEquals(2, half.getSize());
            assertEquals(rank < 2 ? 1 : 0, half.getRank());
            final Intracomm none = world.split(rank == 0 ? 0 : MPI.UNDEFINED, 0);
            assertEquals(rank != 0, none.isNull());
            if (none.isNull())
            {
                // A null communicator's collectives fail as its point-to-point calls do, staged or not.
                world.setErrhandler(MPI.ERRORS_RETURN);
                for (final Runnable call : new Runnable[]{
                    () -> none.allReduce(new double[1], new double[1], 1, MPI.DOUBLE, MPI.SUM),
                    () -> none.bcast(MPI.newDoubleBuffer(1), 1, MPI.DOUBLE, 0),
                    () -> none.iBarrier(),
                    () -> none.Barrier() })
                {
                    final MPIException e = assertThrows(MPIException.class, call::run);
                    assertTrue(e.getMessage().endsWith("null communicator"), e.getMessage());
                }
                world.setErrhandler(MPI.ERRORS_ARE_FATAL);
            }

            final Intracomm copy = world.dup();
            assertEquals(MPI.CONGRUENT, Comm.compare(world, copy));
            copy.setName("copy");
            assertEquals("copy", copy.getName());
            final int key = Comm.createKeyval();
            copy.setAttr(key, "value");
            assertEquals("value", copy.getAttr(key));
            assertEquals(io.colompi.core.pt2pt.Peers.TAG_UB, copy.getAttr(MPI.TAG_UB));
            copy.free();

            final Group group = world.getGroup();
            final Group evens = group.incl(new int[]{ 0, 2 });
            assertEquals(2, evens.getSize());
            assertArrayEquals(new int[]{ 0, 2 }, Group.translateRanks(evens, new int[]{ 0, 1 }, group));
            assertEquals(rank % 2 == 0 ? rank / 2 : MPI.UNDEFINED, evens.getRank());

            final int[] dims = new int[2];
            CartComm.createDims(4, dims);
            assertArrayEquals(new int[]{ 2, 2 }, dims);
            final CartComm grid = world.createCart(dims, new boolean[]{ true, false }, false);
            final CartParms parms = grid.getTopo();
            assertEquals(2, parms.getDimCount());
            assertEquals(rank / 2, parms.getCoord(0));
            final ShiftParms shift = grid.shift(0, 1);
            assertEquals((rank + 2) % 4, shift.getRankDest());
            assertEquals(rank, grid.getRank(grid.getCoords(rank)));
            final CartComm row = grid.sub(new boolean[]{ false, true });
            assertEquals(2, row.getSize());
            assertEquals(MPI.CART, grid.getTopology());

            final GraphComm ring = world.createGraph(new int[]{ 2, 4, 6, 8 }, new int[]{ 1, 3, 0, 2, 1, 3, 0, 2 }, false);
            assertArrayEquals(rank % 2 == 0 ? new int[]{ 1, 3 } : new int[]{ 0, 2 }, ring.getNeighbors(rank));
            assertEquals(4, ring.getDims().getIndexCount());
            final int partner = rank ^ 1;
            final IntBuffer token = MPI.newIntBuffer(1);
            ring.sendRecv(MPI.newIntBuffer(1).put(0, rank), 1, MPI.INT, partner, 0, token, 1, MPI.INT, partner, 0);
            assertEquals(partner, token.get(0));

            final Info info = new Info();
            info.set("hint", "x");
            assertEquals("x", info.dup().get("hint"));
            assertEquals(1, info.size());
            MPI.Finalize();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Ranks.Layout.class, names = { "ONE_JVM", "ONE_PER_JVM" })
    void badBuffersAreClearErrorsAndWriteNothingOutOfRange(final Ranks.Layout layout) throws Exception
    {
        Ranks.run(layout, 2, BadInput.class);
    }

    public static class BadInput
    {
        public static void main(final String[] args) throws MPIException
        {
            MPI.Init(args);
            final Intracomm world = MPI.COMM_WORLD;
            world.setErrhandler(MPI.ERRORS_RETURN);
            final int rank = world.getRank();
            final int other = 1 - rank;

            // A slice too short for the count: nothing moves, the buffer behind it stays untouched.
            final IntBuffer backing = MPI.newIntBuffer(6);
            backing.put(5, -1);
            final IntBuffer slice = MPI.slice(backing, 3);
            MPIException e = expect(() -> world.iRecv(slice, 4, MPI.INT, other, 0));
            assertEquals(MPI.ERR_BUFFER, e.getErrorClass());
            assertTrue(e.getMessage().contains("Comm.Irecv") && e.getMessage().contains("too small"), e.getMessage());
            e = expect(() -> world.send(slice, 4, MPI.INT, other, 0));
            assertEquals(MPI.ERR_BUFFER, e.getErrorClass());
            e = expect(() -> world.allReduce(MPI.newIntBuffer(4), slice, 4, MPI.INT, MPI.SUM));
            assertTrue(e.getMessage().startsWith("Comm.allReduce"), e.getMessage());
            assertEquals(-1, backing.get(5));

            // A read-only buffer cannot receive, blocking, nonblocking or as a collective's result.
            final IntBuffer readOnly = MPI.newIntBuffer(2).asReadOnlyBuffer();
            e = expect(() -> world.iRecv(readOnly, 2, MPI.INT, other, 0));
            assertEquals(MPI.ERR_BUFFER, e.getErrorClass());
            assertTrue(e.getMessage().contains("read-only"), e.getMessage());
            e = expect(() -> world.bcast(readOnly, 2, MPI.INT, 0));
            assertEquals(MPI.ERR_BUFFER, e.getErrorClass());
            // ... but a read-only direct buffer may be sent.
            final IntBuffer got = MPI.newIntBuffer(2);
            final Request r = world.iRecv(got, 2, MPI.INT, other, 1);
            world.send(MPI.newIntBuffer(2).put(0, 5 + rank).asReadOnlyBuffer(), 2, MPI.INT, other, 1);
            r.waitFor();
            assertEquals(5 + other, got.get(0));

            // Heap buffers Open MPI would have refused in nonblocking calls are accepted; views without an
            // array are refused, naming what would work.
            final IntBuffer view = ByteBuffer.allocate(8).asIntBuffer();
            e = expect(() -> world.iSend(view, 2, MPI.INT, other, 0));
            assertEquals(MPI.ERR_BUFFER, e.getErrorClass());
            assertTrue(e.getMessage().contains("MPI.newIntBuffer"), e.getMessage());
            e = expect(() -> world.send(MPI.newDoubleBuffer(1), 1, MPI.INT, other, 0));
            assertEquals(MPI.ERR_TYPE, e.getErrorClass());
            assertEquals(e.getErrorClass(), e.getErrorCode());

            e = expect(() -> Datatype.createStruct(new int[]{ 1, 1 }, new int[]{ 0, 8 },
                new Datatype[]{ MPI.DOUBLE, MPI.OBJECT }));
            assertEquals(MPI.ERR_TYPE, e.getErrorClass());
            e = expect(() -> new File(world, "data", 0));
            assertEquals(MPI.ERR_AMODE, e.getErrorClass());
            assertTrue(e.getMessage().startsWith("File") && e.getMessage().contains("access mode"), e.getMessage());
            e = expect(() -> new Win(new Info(), world));
            assertTrue(e.getMessage().contains("dynamic windows"), e.getMessage());
            e = expect(() -> world.spawn("x", new String[0], 1, new Info(), 0, null));
            assertTrue(e.getMessage().contains("Intracomm.spawn"), e.getMessage());
            try
            {
                MPI.COMM_WORLD.barrier();
            }
            catch (final MPIException declared)
            {
                throw new AssertionError(declared);
            }
            MPI.Finalize();
        }

        private static MPIException expect(final Runnable call)
        {
            try
            {
                call.run();
            }
            catch (final MPIException e)
            {
                return e;
            }
            throw new AssertionError("no MPIException");
        }
    }
}
