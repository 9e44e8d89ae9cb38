package io.colompi.transport.shm;

import io.colompi.core.coll.Collectives;
import io.colompi.core.comm.Communicator;
import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;
import io.colompi.core.op.PredefinedOp;
import io.colompi.core.pt2pt.Peers;
import io.colompi.core.pt2pt.RecvRequest;
import io.colompi.core.pt2pt.SendMode;
import io.colompi.core.pt2pt.SendRequest;
import io.colompi.core.transport.Transport;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.TypeMap;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

import static io.colompi.core.transport.FrameDescriptor.FIRST_HEADER_LENGTH;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(120)
class ShmTransportTest
{
    private static final TypeMap INT = TypeMap.basic(BaseType.INT);
    private static final TypeMap DOUBLE = TypeMap.basic(BaseType.DOUBLE);
    private static final TypeMap BYTE = TypeMap.basic(BaseType.BYTE);

    @Test
    void smallMessagesCrossJvmsWithTheirEnvelope() throws Exception
    {
        SplitJob.run(new int[]{ 0, 1 }, world ->
        {
            final int peer = 1 - world.rank();
            world.send(new int[]{ world.rank(), 7 }, 0, 2, INT, peer, 3, SendMode.STANDARD);
            final int[] got = new int[2];
            final RecvRequest r = world.recv(got, 0, 2, INT, Peers.ANY_SOURCE, Peers.ANY_TAG);
            assertArrayEquals(new int[]{ peer, 7 }, got);
            assertEquals(peer, r.source());
            assertEquals(3, r.tag());
            assertEquals(2, r.elements());
            final Transport shm = world.engine().transports().stream()
                .filter(t -> t.name().equals("shm")).findFirst().orElseThrow();
            assertEquals(1, shm.stats().messages());
            assertEquals(8, shm.stats().bytes());
        });
    }

    @Test
    void askingAPeerWhoseRingIsGoneWhatItRunsIsNoError() throws Exception
    {
        final CountDownLatch gone = new CountDownLatch(1);
        SplitJob.run(new int[]{ 0, 1 }, world ->
        {
            if (world.rank() == 0)
            {
                try
                {
                    // as a rank that finalized and left: its ring file is deleted (this rank never wrote to it)
                    Files.delete(RingFiles.of(world.engine().job().wiring().sharedMemoryDir(), 0).toPath());
                }
                finally
                {
                    gone.countDown();
                }
            }
            else
            {
                gone.await();
                world.engine().query(0, world.context(), 1);
                world.engine().tell(0, world.context(), 1, 0, 0);
            }
        });
    }

    @Test
    void aQueryFromAPeerWhoseRingIsGoneIsNotAnswered() throws Exception
    {
        final CountDownLatch gone = new CountDownLatch(1);
        SplitJob.run(new int[]{ 0, 1 }, world ->
        {
            if (world.rank() == 0)
            {
                // asks, then finalizes and leaves: its ring file is deleted before rank 1 reads the QUERY
                world.engine().query(1, world.context(), 1);
                Files.delete(RingFiles.of(world.engine().job().wiring().sharedMemoryDir(), 0).toPath());
                gone.countDown();
            }
            else
            {
                gone.await();
                int read = 0;
                while (read == 0)
                {
                    read = world.engine().progress();
                    Thread.onSpinWait();
                }
            }
        });
    }

    @Test
    void largeMessagesAreChunkedWhetherTheReceiveIsPostedFirstOrLate() throws Exception
    {
        SplitJob.run(new int[]{ 0, 1 }, world ->
        {
            final int n = 3_000_001;
            if (world.rank() == 0)
            {
                final double[] data = new double[n];
                for (int i = 0; i < n; i++)
                {
                    data[i] = i;
                }
                world.send(data, 0, n, DOUBLE, 1, 0, SendMode.STANDARD);
                Thread.sleep(100);
                world.send(data, 0, n, DOUBLE, 1, 1, SendMode.STANDARD);
            }
            else
            {
                final double[] late = new double[n];
                Thread.sleep(200);
                world.recv(late, 0, n, DOUBLE, 0, 0);
                final double[] early = new double[n];
                world.recv(early, 0, n, DOUBLE, 0, 1);
                for (int i = 0; i < n; i += 9973)
                {
                    assertEquals(i, late[i]);
                    assertEquals(i, early[i]);
                }
                assertEquals(n - 1, early[n - 1]);
                assertEquals(n - 1, late[n - 1]);
            }
        });
    }

    @Test
    void a256MiBMessageArrivesWhole() throws Exception
    {
        SplitJob.run(new int[]{ 0, 1 }, world ->
        {
            final int n = 256 << 20;
            final byte[] data = new byte[n];
            if (world.rank() == 0)
            {
                for (int i = 0; i < n; i += 4096)
                {
                    data[i] = (byte)(i >>> 12);
                }
                data[n - 1] = 42;
                world.send(data, 0, n, BYTE, 1, 0, SendMode.STANDARD);
            }
            else
            {
                world.recv(data, 0, n, BYTE, 0, 0);
                for (int i = 0; i < n; i += 4096)
                {
                    assertEquals((byte)(i >>> 12), data[i]);
                }
                assertEquals(42, data[n - 1]);
            }
        });
    }

    @Test
    void orderHoldsUnderMixedSizesAndWildcardsAcrossLocalAndShm() throws Exception
    {
        // Ranks 0 and 1 share a JVM; rank 2 is in another: rank 0 receives from both with ANY_SOURCE.
        SplitJob.run(new int[]{ 0, 0, 1 }, 64, world ->
        {
            if (world.rank() > 0)
            {
                for (int i = 0; i < 200; i++)
                {
                    final int[] msg = new int[2 + (i % 5) * 20_000];
                    msg[0] = i;
                    msg[msg.length - 1] = -i;
                    world.send(msg, 0, msg.length, INT, 0, i % 3, SendMode.STANDARD);
                }
            }
            else
            {
                final int[] next = new int[3];
                final int[] buf = new int[100_002];
                for (int i = 0; i < 400; i++)
                {
                    final RecvRequest r = world.recv(buf, 0, buf.length, INT, Peers.ANY_SOURCE, Peers.ANY_TAG);
                    final int expected = next[r.source()]++;
                    assertEquals(expected, buf[0], "message from rank " + r.source());
                    assertEquals(-expected, buf[r.elements() - 1]);
                    assertEquals(expected % 3, r.tag());
                }
                assertArrayEquals(new int[]{ 0, 200, 200 }, next);
            }
        });
    }

    @Test
    void aFullRingIsBackPressureNotLoss() throws Exception
    {
        SplitJob.run(new int[]{ 0, 1 }, world ->
        {
            final int messages = 40;
            final int n = 256 * 1024;
            if (world.rank() == 0)
            {
                final SendRequest[] sends = new SendRequest[messages];
                final int[][] data = new int[messages][n];
                for (int m = 0; m < messages; m++)
                {
                    Arrays.fill(data[m], m);
                    sends[m] = world.isend(data[m], 0, n, INT, 1, 0);
                }
                for (final SendRequest send : sends)
                {
                    world.engine().awaitRequest(send);
                }
            }
            else
            {
                Thread.sleep(500);
                final int[] got = new int[n];
                for (int m = 0; m < messages; m++)
                {
                    world.recv(got, 0, n, INT, 0, 0);
                    assertEquals(m, got[0]);
                    assertEquals(m, got[n - 1]);
                }
            }
        });
    }

    @Test
    void synchronousSendWaitsForTheMatchInAnotherJvm() throws Exception
    {
        SplitJob.run(new int[]{ 0, 1 }, world ->
        {
            if (world.rank() == 0)
            {
                final long start = System.nanoTime();
                world.send(new int[]{ 5 }, 0, 1, INT, 1, 0, SendMode.SYNCHRONOUS);
                assertTrue(System.nanoTime() - start > 150_000_000L, "Ssend returned before the receive was posted");
                final int[] big = new int[1 << 20];
                world.send(big, 0, big.length, INT, 1, 1, SendMode.SYNCHRONOUS);
            }
            else
            {
                Thread.sleep(250);
                final int[] one = new int[1];
                world.recv(one, 0, 1, INT, 0, 0);
                assertEquals(5, one[0]);
                world.recv(new int[1 << 20], 0, 1 << 20, INT, 0, 1);
            }
        });
    }

    @Test
    void objectsDerivedTypesAndErrorsAcrossJvms() throws Exception
    {
        SplitJob.run(new int[]{ 0, 1 }, world ->
        {
            final TypeMap obj = TypeMap.basic(BaseType.OBJECT);
            final TypeMap column = TypeMap.vector(3, 1, 4, INT);
            if (world.rank() == 0)
            {
                world.send(new Object[]{ "across", 3.5 }, 0, 2, obj, 1, 0, SendMode.STANDARD);
                final int[] matrix = new int[12];
                for (int i = 0; i < 12; i++)
                {
                    matrix[i] = i;
                }
                world.send(matrix, 1, 1, column, 1, 1, SendMode.STANDARD);
                world.send(new int[4], 0, 4, INT, 1, 2, SendMode.STANDARD);
                world.send(new int[4], 0, 4, INT, 1, 3, SendMode.STANDARD);
            }
            else
            {
                final Object[] got = new Object[2];
                world.recv(got, 0, 2, obj, 0, 0);
                assertEquals("across", got[0]);
                assertEquals(3.5, got[1]);
                final int[] into = new int[12];
                world.recv(into, 2, 1, column, 0, 1);
                assertArrayEquals(new int[]{ 0, 0, 1, 0, 0, 0, 5, 0, 0, 0, 9, 0 }, into);
                final MpiError truncated = assertThrows(MpiError.class, () -> world.recv(new int[2], 0, 2, INT, 0, 2));
                assertEquals(ErrorClass.TRUNCATE, truncated.errorClass());
                final MpiError mismatch = assertThrows(MpiError.class, () -> world.recv(new double[4], 0, 4, DOUBLE, 0, 3));
                assertEquals(ErrorClass.TYPE, mismatch.errorClass());
            }
        });
    }

    @Test
    void collectivesRunOverMixedPlacements() throws Exception
    {
        SplitJob.run(new int[]{ 0, 0, 1, 2, 2 }, 1024, world ->
        {
            final double[] sum = new double[100_000];
            final double[] mine = new double[sum.length];
            Arrays.fill(mine, world.rank() + 1);
            Collectives.allreduce(world, mine, 0, sum, 0, sum.length, DOUBLE, PredefinedOp.SUM);
            assertEquals(15.0, sum[0]);
            assertEquals(15.0, sum[sum.length - 1]);
            final int[] all = new int[5];
            Collectives.allgather(world, new int[]{ world.rank() * 3 }, 0, 1, INT, all, 0, 1, INT);
            assertArrayEquals(new int[]{ 0, 3, 6, 9, 12 }, all);
            Collectives.barrier(world);
        });
    }

    @Test
    void recordsOfAnotherJobAreDroppedAndCounted() throws Exception
    {
        SplitJob.run(new int[]{ 0, 1 }, world ->
        {
            if (world.rank() == 0)
            {
                final org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer ring = ((ShmTransport)shm(world))
                    .strangerRingForTest(1);
                final int index = ring.tryClaim(PeerRing.recordType(12345L << 34), FIRST_HEADER_LENGTH);
                ring.commit(index);
                world.send(new int[]{ 1 }, 0, 1, INT, 1, 0, SendMode.STANDARD);
            }
            else
            {
                final int[] one = new int[1];
                world.recv(one, 0, 1, INT, 0, 0);
                assertEquals(1, one[0]);
                assertEquals(1, shm(world).stats().strays());
                assertFalse(world.iprobe(Peers.ANY_SOURCE, Peers.ANY_TAG, new io.colompi.core.pt2pt.ProbeStatus()));
            }
        });
    }

    @Test
    void aSleepingReceiverIsWokenByTheSenderNotByItsParkTimeout() throws Exception
    {
        final int messages = 20;
        SplitJob.run(new int[]{ 0, 1 }, world ->
        {
            final int[] one = new int[1];
            if (world.rank() == 0)
            {
                for (int i = 0; i < messages; i++)
                {
                    // Long enough for the receiver to get past spinning and yielding and park, also when other
                    // processes make every yield slow.
                    Thread.sleep(20);
                    world.send(new int[]{ i }, 0, 1, INT, 1, 0, SendMode.STANDARD);
                }
            }
            else
            {
                final ShmWaker waker = ((ShmTransport)shm(world)).waker();
                for (int i = 0; i < messages; i++)
                {
                    world.recv(one, 0, 1, INT, 0, 0);
                    assertEquals(i, one[0]);
                }
                // Now and then a message lands while the receiver is between two parks; most find it asleep.
                assertTrue(waker.wakeUps() >= messages / 2, "wake-ups: " + waker.wakeUps() + ", refused: " + waker.refused());
            }
        });
    }

    /**
     * Anybody on the node can send a JVM's wake-up socket a datagram: one naming a rank alone (what wake-ups were),
     * an authentic wake-up sent again, and one whose number was changed are refused and counted; the authentic one
     * wakes its rank once.
     */
    @Test
    @Timeout(60)
    void wakeUpsNotFromTheJobOrAlreadyTakenAreRefusedAndCounted() throws Exception
    {
        SplitJob.run(new int[]{ 0, 1 }, world ->
        {
            if (world.rank() == 1)
            {
                final UnsafeBuffer authentic = ShmWaker.messageFor(0);
                ((ShmTransport)shm(world)).waker().wake(0, authentic);
                final byte[] sent = new byte[authentic.capacity()];
                authentic.getBytes(0, sent);
                final byte[] renumbered = sent.clone();
                renumbered[8]++;
                final InetSocketAddress jvm0 = new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    Integer.parseInt(world.engine().job().wiring().endpoint(ShmWaker.key(0))));
                try (DatagramSocket stranger = new DatagramSocket())
                {
                    stranger.send(new DatagramPacket(new byte[4], 4, jvm0));
                    stranger.send(new DatagramPacket(sent, sent.length, jvm0));
                    stranger.send(new DatagramPacket(renumbered, renumbered.length, jvm0));
                }
                world.recv(new int[1], 0, 1, INT, 0, 0);
            }
            else
            {
                final ShmWaker waker = ((ShmTransport)shm(world)).waker();
                final long deadline = System.nanoTime() + 20_000_000_000L;
                while ((waker.refused() < 3 || waker.wakeUps() < 1) && System.nanoTime() < deadline)
                {
                    Thread.sleep(10);
                }
                assertEquals(3, waker.refused());
                assertEquals(1, waker.wakeUps());
                assertEquals(3, shm(world).stats().refused());
                world.send(new int[]{ 1 }, 0, 1, INT, 1, 0, SendMode.STANDARD);
            }
        });
    }

    private static Transport shm(final Communicator world)
    {
        return world.engine().transports().stream().filter(t -> t.name().equals("shm")).findFirst().orElseThrow();
    }
}
