package mpi;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Timeout;

import java.io.Serializable;
import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class PointToPointTest
{
    @ParameterizedTest
    @EnumSource(Ranks.Layout.class)
    void everyBasicTypeArrivesWithItsStatus(final Ranks.Layout layout) throws Exception
    {
        Ranks.run(layout, 2, BasicTypes.class);
    }

    public static class BasicTypes
    {
        public static void main(final String[] args)
        {
            MPI.Init(args);
            final Intracomm world = MPI.COMM_WORLD;
            if (world.Rank() == 0)
            {
                world.Send(new byte[]{ 1, -2, 3 }, 0, 3, MPI.BYTE, 1, 1);
                world.Send(new char[]{ 'x', 'y' }, 0, 2, MPI.CHAR, 1, 2);
                world.Send(new short[]{ -7 }, 0, 1, MPI.SHORT, 1, 3);
                world.Send(new boolean[]{ true, false, true }, 0, 3, MPI.BOOLEAN, 1, 4);
                world.Send(new int[]{ 0, 0, 42, 43 }, 2, 2, MPI.INT, 1, 5);
                world.Send(new long[]{ Long.MIN_VALUE }, 0, 1, MPI.LONG, 1, 6);
                world.Send(new float[]{ 1.5f }, 0, 1, MPI.FLOAT, 1, 7);
                world.Send(new double[]{ Math.PI, Math.E }, 0, 2, MPI.DOUBLE, 1, 8);
                world.Send(new Object[]{ "text", 12L, new int[]{ 5 } }, 0, 3, MPI.OBJECT, 1, 9);
            }
            else
            {
                final byte[] b = new byte[3];
                Status s = world.Recv(b, 0, 3, MPI.BYTE, 0, 1);
                assertArrayEquals(new byte[]{ 1, -2, 3 }, b);
                assertEquals(0, s.source);
                assertEquals(1, s.tag);
                assertEquals(3, s.Get_count(MPI.BYTE));
                final char[] c = new char[4];
                s = world.Recv(c, 0, 4, MPI.CHAR, 0, 2);
                assertEquals(2, s.Get_count(MPI.CHAR));
                assertEquals('y', c[1]);
                final short[] sh = new short[1];
                world.Recv(sh, 0, 1, MPI.SHORT, 0, 3);
                assertEquals(-7, sh[0]);
                final boolean[] bo = new boolean[3];
                world.Recv(bo, 0, 3, MPI.BOOLEAN, 0, 4);
                assertArrayEquals(new boolean[]{ true, false, true }, bo);
                final int[] in = new int[5];
                s = world.Recv(in, 1, 4, MPI.INT, 0, 5);
                assertArrayEquals(new int[]{ 0, 42, 43, 0, 0 }, in);
                assertEquals(2, s.Get_elements(MPI.INT));
                final long[] l = new long[1];
                world.Recv(l, 0, 1, MPI.LONG, 0, 6);
                assertEquals(Long.MIN_VALUE, l[0]);
                final float[] f = new float[1];
                world.Recv(f, 0, 1, MPI.FLOAT, 0, 7);
                assertEquals(1.5f, f[0]);
                final double[] d = new double[2];
                world.Recv(d, 0, 2, MPI.DOUBLE, 0, 8);
                assertArrayEquals(new double[]{ Math.PI, Math.E }, d);
                final Object[] o = new Object[3];
                s = world.Recv(o, 0, 3, MPI.OBJECT, MPI.ANY_SOURCE, MPI.ANY_TAG);
                assertEquals("text", o[0]);
                assertEquals(12L, o[1]);
                assertArrayEquals(new int[]{ 5 }, (int[])o[2]);
                assertEquals(9, s.tag);
                assertEquals(3, s.Get_count(MPI.OBJECT));
            }
            MPI.Finalize();
        }
    }

    @ParameterizedTest
    @EnumSource(Ranks.Layout.class)
    void sendModesBehaveAsMpiSays(final Ranks.Layout layout) throws Exception
    {
        Ranks.run(layout, 2, SendModes.class);
    }

    public static class SendModes
    {
        public static void main(final String[] args) throws Exception
        {
            MPI.Init(args);
            final Intracomm world = MPI.COMM_WORLD;
            final int[] one = new int[1];
            if (world.Rank() == 0)
            {
                world.Ssend(new int[]{ 1 }, 0, 1, MPI.INT, 1, 0);
                // System.nanoTime is the machine's monotonic clock, the same in every JVM (and namespace) here
                final long ssendReturnedNs = System.nanoTime();

                MPI.Errorhandler_set(MPI.ERRORS_RETURN);
                final MPIException noBuffer = assertThrows(MPIException.class,
                    () -> world.Bsend(new int[]{ 2 }, 0, 1, MPI.INT, 1, 1));
                assertEquals(MPI.ERR_BUFFER, noBuffer.getErrorClass());
                MPI.Buffer_attach(ByteBuffer.allocate(64));
                final int[] data = { 2 };
                world.Bsend(data, 0, 1, MPI.INT, 1, 1);
                data[0] = 99;
                final MPIException tooBig = assertThrows(MPIException.class,
                    () -> world.Bsend(new long[100], 0, 100, MPI.LONG, 1, 2));
                assertEquals(MPI.ERR_BUFFER, tooBig.getErrorClass());
                final Request ib = world.Ibsend(new int[]{ 3 }, 0, 1, MPI.INT, 1, 1);
                assertNotNull(ib.Test());
                MPI.Buffer_detach();
                world.Rsend(new int[]{ 4 }, 0, 1, MPI.INT, 1, 3);
                final long[] receiverPostedNs = new long[1];
                world.Recv(receiverPostedNs, 0, 1, MPI.LONG, 1, 4);
                assertTrue(ssendReturnedNs >= receiverPostedNs[0],
                    "Ssend returned " + (receiverPostedNs[0] - ssendReturnedNs) / 1000 + " us before the receive was posted");
            }
            else
            {
                Thread.sleep(250);
                final long postedNs = System.nanoTime();
                world.Recv(one, 0, 1, MPI.INT, 0, 0);
                assertEquals(1, one[0]);
                world.Recv(one, 0, 1, MPI.INT, 0, 1);
                assertEquals(2, one[0]);
                world.Recv(one, 0, 1, MPI.INT, 0, 1);
                assertEquals(3, one[0]);
                final Request ready = world.Irecv(one, 0, 1, MPI.INT, 0, 3);
                ready.Wait();
                assertEquals(4, one[0]);
                world.Send(new long[]{ postedNs }, 0, 1, MPI.LONG, 0, 4);
            }
            MPI.Finalize();
        }
    }

    @ParameterizedTest
    @EnumSource(Ranks.Layout.class)
    void nonblockingRequestsCompleteThroughEveryWaitAndTestForm(final Ranks.Layout layout) throws Exception
    {
        Ranks.run(layout, 3, Nonblocking.class);
    }

    public static class Nonblocking
    {
        public static void main(final String[] args) throws Exception
        {
            MPI.Init(args);
            final Intracomm world = MPI.COMM_WORLD;
            final int rank = world.Rank();
            if (rank == 0)
            {
                final int[][] in = new int[2][1];
                final Request[] recvs = {
                    world.Irecv(in[0], 0, 1, MPI.INT, 1, 0),
                    world.Irecv(in[1], 0, 1, MPI.INT, 2, 0) };
                assertNull(Request.Testany(recvs), "nothing sent yet");
                assertNull(Request.Testall(recvs));
                world.Send(new int[0], 0, 0, MPI.INT, 1, 100);
                final Status first = Request.Waitany(recvs);
                assertEquals(0, first.index, "only rank 1 was told to send");
                assertEquals(1, first.source);
                assertTrue(recvs[0].Is_null());
                world.Send(new int[0], 0, 0, MPI.INT, 2, 100);
                final Status[] rest = Request.Waitsome(recvs);
                assertEquals(1, rest.length);
                assertEquals(1, rest[0].index);
                assertEquals(2, rest[0].source);
                assertEquals(10, in[0][0]);
                assertEquals(20, in[1][0]);
                assertEquals(MPI.UNDEFINED, Request.Waitany(recvs).index);

                final Request[] batch = new Request[4];
                final int[] values = new int[4];
                for (int i = 0; i < 4; i++)
                {
                    batch[i] = world.Irecv(values, i, 1, MPI.INT, 1 + i % 2, 1);
                }
                final Status[] all = Request.Waitall(batch);
                assertEquals(4, all.length);
                assertArrayEquals(new int[]{ 0, 0, 1, 1 }, values);
                assertNotNull(Request.Testsome(batch));
            }
            else
            {
                world.Recv(new int[0], 0, 0, MPI.INT, 0, 100);
                final Request send = world.Isend(new int[]{ rank * 10 }, 0, 1, MPI.INT, 0, 0);
                final Status sent = send.Wait();
                assertNotNull(sent);
                assertTrue(send.Is_null());
                world.Isend(new int[]{ 0 }, 0, 1, MPI.INT, 0, 1).Wait();
                world.Issend(new int[]{ 1 }, 0, 1, MPI.INT, 0, 1).Wait();
            }
            MPI.Finalize();
        }
    }

    @ParameterizedTest
    @EnumSource(Ranks.Layout.class)
    void persistentRequestsRestartWithCurrentBufferContents(final Ranks.Layout layout) throws Exception
    {
        Ranks.run(layout, 2, Persistent.class);
    }

    public static class Persistent
    {
        public static void main(final String[] args)
        {
            MPI.Init(args);
            final Intracomm world = MPI.COMM_WORLD;
            final int[] buf = new int[2];
            final Prequest request = world.Rank() == 0 ?
                world.Send_init(buf, 0, 2, MPI.INT, 1, 4) : world.Recv_init(buf, 0, 2, MPI.INT, 0, 4);
            for (int round = 0; round < 10; round++)
            {
                if (world.Rank() == 0)
                {
                    buf[0] = round;
                    buf[1] = round * round;
                }
                request.Start();
                final Status status = request.Wait();
                if (world.Rank() == 1)
                {
                    assertArrayEquals(new int[]{ round, round * round }, buf);
                    assertEquals(4, status.tag);
                }
            }
            final Prequest[] pair = world.Rank() == 0 ?
                new Prequest[]{ world.Ssend_init(buf, 0, 1, MPI.INT, 1, 5), world.Recv_init(buf, 1, 1, MPI.INT, 1, 6) } :
                new Prequest[]{ world.Recv_init(buf, 0, 1, MPI.INT, 0, 5), world.Send_init(buf, 0, 1, MPI.INT, 0, 6) };
            buf[0] = 77;
            Prequest.Startall(pair);
            Request.Waitall(pair);
            assertEquals(77, world.Rank() == 0 ? buf[1] : buf[0]);
            MPI.Finalize();
        }
    }

    @ParameterizedTest
    @EnumSource(Ranks.Layout.class)
    void probesSendrecvAndProcNull(final Ranks.Layout layout) throws Exception
    {
        Ranks.run(layout, 2, ProbesAndCombined.class);
    }

    public static class ProbesAndCombined
    {
        public static void main(final String[] args)
        {
            MPI.Init(args);
            final Intracomm world = MPI.COMM_WORLD;
            final int rank = world.Rank();
            final int peer = 1 - rank;
            if (rank == 1)
            {
                assertNull(world.Iprobe(0, 77), "nothing sent with tag 77");
            }
            world.Barrier();
            if (rank == 0)
            {
                world.Send(new double[]{ 1, 2, 3 }, 0, 3, MPI.DOUBLE, 1, 77);
            }
            else
            {
                final Status probed = world.Probe(MPI.ANY_SOURCE, MPI.ANY_TAG);
                assertEquals(0, probed.source);
                assertEquals(77, probed.tag);
                assertEquals(3, probed.Get_count(MPI.DOUBLE));
                final double[] into = new double[probed.Get_count(MPI.DOUBLE)];
                world.Recv(into, 0, into.length, MPI.DOUBLE, probed.source, probed.tag);
                assertEquals(3.0, into[2]);
            }

            final int[] got = new int[1];
            final Status st = world.Sendrecv(new int[]{ rank + 100 }, 0, 1, MPI.INT, peer, 3, got, 0, 1, MPI.INT, peer, 3);
            assertEquals(peer + 100, got[0]);
            assertEquals(peer, st.source);

            final long[] swap = { rank, rank * 10L };
            world.Sendrecv_replace(swap, 0, 2, MPI.LONG, peer, 4, peer, 4);
            assertArrayEquals(new long[]{ peer, peer * 10L }, swap);

            // a chain's two ends: the half toward PROC_NULL does nothing, the other half moves its message
            final int[] fromLeft = { -1 };
            final Status end = rank == 0
                ? world.Sendrecv(new int[]{ 5 }, 0, 1, MPI.INT, peer, 6, fromLeft, 0, 1, MPI.INT, MPI.PROC_NULL, 6)
                : world.Sendrecv(new int[]{ 9 }, 0, 1, MPI.INT, MPI.PROC_NULL, 6, fromLeft, 0, 1, MPI.INT, peer, 6);
            assertEquals(rank == 0 ? MPI.PROC_NULL : peer, end.source);
            assertEquals(rank == 0 ? 0 : 1, end.Get_count(MPI.INT));
            assertEquals(rank == 0 ? -1 : 5, fromLeft[0]);

            world.Send(new int[1], 0, 1, MPI.INT, MPI.PROC_NULL, 0);
            final Status none = world.Recv(new int[1], 0, 1, MPI.INT, MPI.PROC_NULL, 0);
            assertEquals(MPI.PROC_NULL, none.source);
            assertEquals(0, none.Get_count(MPI.INT));
            assertEquals(MPI.PROC_NULL, world.Irecv(new int[1], 0, 1, MPI.INT, MPI.PROC_NULL, 0).Wait().source);
            MPI.Finalize();
        }
    }

    @ParameterizedTest
    @EnumSource(Ranks.Layout.class)
    void cancelWithdrawsAnUnmatchedReceive(final Ranks.Layout layout) throws Exception
    {
        Ranks.run(layout, 2, Cancel.class);
    }

    public static class Cancel
    {
        public static void main(final String[] args)
        {
            MPI.Init(args);
            final Intracomm world = MPI.COMM_WORLD;
            if (world.Rank() == 1)
            {
                final Request never = world.Irecv(new int[1], 0, 1, MPI.INT, 0, 999);
                never.Cancel();
                final Status status = never.Wait();
                assertTrue(status.Test_cancelled());
                final int[] real = new int[1];
                final Request matched = world.Irecv(real, 0, 1, MPI.INT, 0, 1);
                world.Barrier();
                matched.Wait();
                matched.Cancel();
                assertEquals(5, real[0]);
            }
            else
            {
                world.Send(new int[]{ 5 }, 0, 1, MPI.INT, 1, 1);
                world.Barrier();
            }
            MPI.Finalize();
        }
    }

    @ParameterizedTest
    @EnumSource(Ranks.Layout.class)
    void derivedDatatypesHaveMpiJavaSizesAndMoveTheRightElements(final Ranks.Layout layout) throws Exception
    {
        Ranks.run(layout, 2, Derived.class);
    }

    public static class Derived
    {
        public static void main(final String[] args)
        {
            MPI.Init(args);
            final Datatype vector = Datatype.Vector(6, 1, 5, MPI.DOUBLE);
            assertEquals(6, vector.Size());
            assertEquals(26, vector.Extent());
            final Datatype contiguous = Datatype.Contiguous(3, MPI.INT);
            assertEquals(3, contiguous.Size());
            assertEquals(3, contiguous.Extent());
            final Datatype hvector = Datatype.Hvector(2, 2, 7, MPI.INT);
            assertEquals(4, hvector.Size());
            assertEquals(9, hvector.Extent());
            final Datatype indexed = Datatype.Indexed(new int[]{ 2, 1 }, new int[]{ 0, 4 }, contiguous);
            assertEquals(9, indexed.Size());
            assertEquals(15, indexed.Extent());
            final Datatype hindexed = Datatype.Hindexed(new int[]{ 1, 1 }, new int[]{ 3, 0 }, MPI.INT);
            assertEquals(4, hindexed.Extent());
            final Datatype padded = Datatype.Struct(new int[]{ 1, 2, 1 }, new int[]{ 0, 1, 8 },
                new Datatype[]{ MPI.LB, MPI.INT, MPI.UB });
            assertEquals(0, padded.Lb());
            assertEquals(8, padded.Ub());
            assertEquals(8, padded.Extent());
            assertEquals(2, padded.Size());
            padded.Commit();

            final Intracomm world = MPI.COMM_WORLD;
            if (world.Rank() == 0)
            {
                final int[] src = new int[24];
                for (int i = 0; i < src.length; i++)
                {
                    src[i] = i;
                }
                world.Send(src, 0, 3, padded, 1, 0);
                world.Send(src, 0, 1, indexed, 1, 1);
                world.Send(src, 0, 1, hindexed, 1, 2);
            }
            else
            {
                final int[] dense = new int[6];
                final Status s = world.Recv(dense, 0, 6, MPI.INT, 0, 0);
                assertArrayEquals(new int[]{ 1, 2, 9, 10, 17, 18 }, dense);
                assertEquals(3, s.Get_count(padded));
                final int[] nine = new int[9];
                world.Recv(nine, 0, 9, MPI.INT, 0, 1);
                assertArrayEquals(new int[]{ 0, 1, 2, 3, 4, 5, 12, 13, 14 }, nine);
                final int[] two = new int[2];
                world.Recv(two, 0, 2, MPI.INT, 0, 2);
                assertArrayEquals(new int[]{ 3, 0 }, two);
            }
            MPI.Finalize();
        }
    }

    @ParameterizedTest
    @EnumSource(Ranks.Layout.class)
    void packAndUnpackRoundTripPrimitivesAndObjects(final Ranks.Layout layout) throws Exception
    {
        Ranks.run(layout, 2, Packing.class);
    }

    public static class Packing
    {
        public static void main(final String[] args)
        {
            MPI.Init(args);
            final Intracomm world = MPI.COMM_WORLD;
            assertEquals(12, world.Pack_size(3, MPI.INT));
            if (world.Rank() == 0)
            {
                final byte[] packed = new byte[200];
                int position = world.Pack(new int[]{ 7, 8, 9 }, 0, 3, MPI.INT, packed, 0);
                position = world.Pack(new double[]{ 0.25 }, 0, 1, MPI.DOUBLE, packed, position);
                position = world.Pack(new Object[]{ "hi" }, 0, 1, MPI.OBJECT, packed, position);
                world.Send(new int[]{ position }, 0, 1, MPI.INT, 1, 0);
                world.Send(packed, 0, position, MPI.PACKED, 1, 1);
            }
            else
            {
                final int[] length = new int[1];
                world.Recv(length, 0, 1, MPI.INT, 0, 0);
                final byte[] packed = new byte[length[0]];
                world.Recv(packed, 0, packed.length, MPI.PACKED, 0, 1);
                final int[] ints = new int[3];
                final double[] d = new double[1];
                final Object[] o = new Object[1];
                int position = world.Unpack(packed, 0, ints, 0, 3, MPI.INT);
                position = world.Unpack(packed, position, d, 0, 1, MPI.DOUBLE);
                position = world.Unpack(packed, position, o, 0, 1, MPI.OBJECT);
                assertArrayEquals(new int[]{ 7, 8, 9 }, ints);
                assertEquals(0.25, d[0]);
                assertEquals("hi", o[0]);
                assertEquals(length[0], position);
            }
            MPI.Finalize();
        }
    }

    /** A class of the program itself: each colocated rank has its own copy of it. */
    public static class Payload implements Serializable
    {
        private static final long serialVersionUID = 1L;
        final int value;

        Payload(final int value)
        {
            this.value = value;
        }
    }

    @ParameterizedTest
    @EnumSource(Ranks.Layout.class)
    void objectsArriveAsCopiesOfTheReceiversOwnClasses(final Ranks.Layout layout) throws Exception
    {
        Ranks.run(layout, 2, ObjectsByValue.class);
    }

    public static class ObjectsByValue
    {
        static int counter;

        public static void main(final String[] args)
        {
            MPI.Init(args);
            counter += 1 + MPI.COMM_WORLD.Rank();
            final Intracomm world = MPI.COMM_WORLD;
            final Payload mine = new Payload(40 + world.Rank());
            final Object[] theirs = new Object[1];
            world.Sendrecv(new Object[]{ mine }, 0, 1, MPI.OBJECT, 1 - world.Rank(), 0,
                theirs, 0, 1, MPI.OBJECT, 1 - world.Rank(), 0);
            final Payload got = (Payload)theirs[0];
            assertEquals(41 - world.Rank(), got.value);
            assertSame(Payload.class, got.getClass(), "deserialized with the receiving rank's class loader");
            assertNotSame(mine, got);
            assertEquals(1 + world.Rank(), counter, "statics are private to each rank");
            assertFalse(MPI.class.getClassLoader() == ClassLoader.getSystemClassLoader());
            MPI.Finalize();
        }
    }

    @ParameterizedTest
    @EnumSource(Ranks.Layout.class)
    void clockAndThreadLevelAreHonest(final Ranks.Layout layout) throws Exception
    {
        Ranks.run(layout, 1, ClockAndThreads.class);
    }

    public static class ClockAndThreads
    {
        public static void main(final String[] args) throws Exception
        {
            MPI.initThread(MPI.THREAD_MULTIPLE, MPI.THREAD_MULTIPLE, args);
            assertTrue(MPI.Initialized());
            assertTrue(MPI.Wtick() < 1e-6);
            final double t0 = MPI.Wtime();
            Thread.sleep(2);
            final double dt = MPI.Wtime() - t0;
            assertTrue(dt > 0.0015 && dt < 1, "Wtime measured " + dt + " s for a 2 ms sleep");
            assertEquals(MPI.THREAD_MULTIPLE, MPI.queryThread());
            assertTrue(MPI.isMainThread());
            final boolean[] helper = new boolean[1];
            final Thread t = new Thread(() -> helper[0] = MPI.isMainThread());
            t.start();
            t.join();
            assertFalse(helper[0]);
            assertEquals(Integer.MAX_VALUE, MPI.COMM_WORLD.Attr_get(MPI.TAG_UB));
            MPI.Finalize();
        }
    }

    @ParameterizedTest
    @EnumSource(Ranks.Layout.class)
    void helperThreadsOfARankCommunicateConcurrently(final Ranks.Layout layout) throws Exception
    {
        Ranks.run(layout, 2, ThreadMultiple.class);
    }

    public static class ThreadMultiple
    {
        public static void main(final String[] args) throws Exception
        {
            MPI.Init(args);
            final Intracomm world = MPI.COMM_WORLD;
            final int peer = 1 - world.Rank();
            final Thread[] threads = new Thread[4];
            final long[] sums = new long[threads.length];
            final java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
            for (int t = 0; t < threads.length; t++)
            {
                final int tag = t;
                threads[t] = new Thread(() ->
                {
                  try
                  {
                    final int[] v = new int[1];
                    for (int i = 0; i < 200; i++)
                    {
                        if (world.Rank() == 0)
                        {
                            world.Send(new int[]{ i }, 0, 1, MPI.INT, peer, tag);
                        }
                        else
                        {
                            world.Recv(v, 0, 1, MPI.INT, peer, tag);
                            assertEquals(i, v[0], "per-tag order from one thread is kept");
                            sums[tag] += v[0];
                        }
                    }
                  }
                  catch (final Throwable e)
                  {
                      failure.set(e);
                  }
                });
                threads[t].start();
            }
            for (final Thread t : threads)
            {
                t.join();
            }
            if (failure.get() != null)
            {
                throw new AssertionError("helper thread failed", failure.get());
            }
            if (world.Rank() == 1)
            {
                for (final long sum : sums)
                {
                    assertEquals(199 * 200 / 2, sum);
                }
            }
            MPI.Finalize();
        }
    }
}
