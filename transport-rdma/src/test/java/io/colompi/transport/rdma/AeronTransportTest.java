package io.colompi.transport.rdma;

import io.aeron.Publication;
import io.aeron.logbuffer.BufferClaim;
import io.colompi.core.comm.Communicator;
import io.colompi.core.coll.Collectives;
import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;
import io.colompi.core.pt2pt.Peers;
import io.colompi.core.pt2pt.ProbeStatus;
import io.colompi.core.pt2pt.RecvRequest;
import io.colompi.core.pt2pt.Request;
import io.colompi.core.pt2pt.SendMode;
import io.colompi.core.pt2pt.SendRequest;
import io.colompi.core.transport.FrameDescriptor;
import io.colompi.core.transport.Transport;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.TypeMap;
import io.colompi.core.testing.ThreadJob;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AeronTransportTest
{
    private static final TypeMap INT = TypeMap.basic(BaseType.INT);
    private static final TypeMap DOUBLE = TypeMap.basic(BaseType.DOUBLE);
    private static final TypeMap BYTE = TypeMap.basic(BaseType.BYTE);

    @Test
    @Timeout(30)
    void smallMessagesCrossNodesWithTheirEnvelope() throws Exception
    {
        NodeJob.run(new int[]{ 0, 1, 2 }, world ->
        {
            final int np = world.size();
            final int next = (world.rank() + 1) % np;
            final int prev = (world.rank() + np - 1) % np;
            world.send(new int[]{ world.rank(), 7 }, 0, 2, INT, next, 3, SendMode.STANDARD);
            final int[] got = new int[2];
            final RecvRequest r = world.recv(got, 0, 2, INT, Peers.ANY_SOURCE, Peers.ANY_TAG);
            assertArrayEquals(new int[]{ prev, 7 }, got);
            assertEquals(prev, r.source());
            assertEquals(3, r.tag());
            assertEquals(2, r.elements());
            assertEquals(1, NodeJob.aeron(world).stats().messages());
            assertEquals(8, NodeJob.aeron(world).stats().bytes());
        });
    }

    @Test
    @Timeout(30)
    void eachPeerGoesThroughTheTierOfItsPlacementAndAeronOnlyAcrossNodes() throws Exception
    {
        // Node 0: JVM 0 (ranks 0, 1) and JVM 1 (rank 2); node 1: JVM 2 (ranks 3, 4) and JVM 3 (rank 5).
        final int[] nodeOf = { 0, 0, 0, 1, 1, 1 };
        final int[] jvmOf = { 0, 0, 1, 2, 2, 3 };
        NodeJob.run(nodeOf, jvmOf, 16384, world ->
        {
            final int me = world.rank();
            final int np = world.size();
            for (int peer = 0; peer < np; peer++)
            {
                if (peer != me)
                {
                    world.send(new long[]{ me * 100L + peer }, 0, 1, TypeMap.basic(BaseType.LONG), peer, me,
                        SendMode.STANDARD);
                }
            }
            final long[] got = new long[1];
            for (int i = 0; i < np - 1; i++)
            {
                final RecvRequest r = world.recv(got, 0, 1, TypeMap.basic(BaseType.LONG), Peers.ANY_SOURCE, Peers.ANY_TAG);
                assertEquals(r.source() * 100L + me, got[0]);
                assertEquals(r.source(), r.tag());
            }
            final Map<String, Long> expected = new TreeMap<>(Map.of("local", 0L));
            for (int peer = 0; peer < np; peer++)
            {
                if (peer != me)
                {
                    final String tier = jvmOf[peer] == jvmOf[me] ? "local" : nodeOf[peer] == nodeOf[me] ? "shm" : "aeron";
                    expected.merge(tier, 1L, Long::sum);
                }
            }
            final Map<String, Long> used = new TreeMap<>();
            for (final Transport transport : world.engine().transports())
            {
                used.put(transport.name(), transport.stats().messages());
            }
            assertEquals(expected, used, "messages per transport of rank " + me);
        });
    }

    @Test
    @Timeout(30)
    void aJobOnOneNodeStartsNoDriver() throws Exception
    {
        NodeJob.run(new int[]{ 0, 0 }, new int[]{ 0, 1 }, 16384, world ->
        {
            assertNull(NodeJob.aeron(world));
            world.send(new int[]{ 1 }, 0, 1, INT, 1 - world.rank(), 0, SendMode.STANDARD);
            world.recv(new int[1], 0, 1, INT, 1 - world.rank(), 0);
        });
    }

    @Test
    @Timeout(30)
    void withoutAJobDirectoryEachDriverTakesAFreshOneAndRemovesIt() throws Exception
    {
        final Set<String> dirs = ConcurrentHashMap.newKeySet();
        ThreadJob.run(new int[]{ 0, 1 }, new int[]{ 0, 1 }, null, 16384, world ->
        {
            dirs.add(NodeJob.aeron(world).node().aeronDirectory());
            world.send(new int[]{ 1 }, 0, 1, INT, 1 - world.rank(), 0, SendMode.STANDARD);
            world.recv(new int[1], 0, 1, INT, 1 - world.rank(), 0);
        });
        assertEquals(2, dirs.size(), dirs.toString());
        for (final String dir : dirs)
        {
            assertTrue(dir.startsWith("/dev/shm/colompi-"), dir);
            assertFalse(Files.exists(Path.of(dir)), dir + " left behind");
        }
    }

    @Test
    @Timeout(30)
    void largeMessagesLongerThanATermArriveWholeWhetherTheReceiveIsPostedFirstOrLate() throws Exception
    {
        NodeJob.run(new int[]{ 0, 1, 2 }, world ->
        {
            final int termLength = NodeJob.aeron(world).node().termLength();
            final int n = (termLength / Double.BYTES) * 2 + 13;
            assertTrue((long)n * Double.BYTES >= 8 << 20, "at least 8 MiB");
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
            else if (world.rank() == 1)
            {
                final double[] late = new double[n];
                Thread.sleep(200);
                world.recv(late, 0, n, DOUBLE, 0, 0);
                final double[] early = new double[n];
                world.recv(early, 0, n, DOUBLE, 0, 1);
                for (int i = 0; i < n; i += 997)
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
    @Timeout(60)
    void orderHoldsUnderMixedSizesAndWildcardsAcrossLocalShmAndAeron() throws Exception
    {
        // Rank 0 receives with ANY_SOURCE from rank 1 (same JVM), rank 2 (same node) and ranks 3, 4 (other nodes);
        // sizes in ints, up to 4 MiB.
        final int[] sizes = { 0, 1, 100, 2_041, 8_190, 65_536, 250_001, 1 << 20 };
        final int messages = 24;
        NodeJob.run(new int[]{ 0, 0, 0, 1, 2 }, new int[]{ 0, 0, 1, 2, 3 }, 1024, world ->
        {
            if (world.rank() > 0)
            {
                for (int i = 0; i < messages; i++)
                {
                    final int size = i == messages - 1 ? 1 << 20 : sizes[(i + world.rank()) % sizes.length];
                    final int[] msg = new int[Math.max(2, size)];
                    msg[0] = i;
                    msg[msg.length - 1] = -i;
                    world.send(msg, 0, size == 0 ? 0 : msg.length, INT, 0, i % 3, SendMode.STANDARD);
                }
            }
            else
            {
                final int[] next = new int[5];
                final int[] buf = new int[1 << 20];
                for (int i = 0; i < 4 * messages; i++)
                {
                    buf[0] = -1;
                    final RecvRequest r = world.recv(buf, 0, buf.length, INT, Peers.ANY_SOURCE, Peers.ANY_TAG);
                    final int expected = next[r.source()]++;
                    assertEquals(expected % 3, r.tag(), "tag of message " + expected + " from rank " + r.source());
                    if (r.elements() > 0)
                    {
                        assertEquals(expected, buf[0], "message from rank " + r.source());
                        assertEquals(-expected, buf[r.elements() - 1]);
                    }
                }
                assertArrayEquals(new int[]{ 0, messages, messages, messages, messages }, next);
            }
        });
    }

    @Test
    @Timeout(30)
    void aFloodOfIsendsToASlowReceiverIsBackPressureNotLoss() throws Exception
    {
        NodeJob.run(new int[]{ 0, 1 }, world ->
        {
            final int messages = 32;
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
                Thread.sleep(300);
                final int[] got = new int[n];
                final RecvRequest[] early = new RecvRequest[4];
                for (int m = 0; m < early.length; m++)
                {
                    early[m] = world.irecv(new int[n], 0, n, INT, 0, 0);
                }
                for (final RecvRequest r : early)
                {
                    world.engine().awaitRequest(r);
                }
                for (int m = early.length; m < messages; m++)
                {
                    world.recv(got, 0, n, INT, 0, 0);
                    assertEquals(m, got[0]);
                    assertEquals(m, got[n - 1]);
                }
            }
        });
    }

    @Test
    @Timeout(30)
    void synchronousSendWaitsForTheMatchOnAnotherNode() throws Exception
    {
        NodeJob.run(new int[]{ 0, 1 }, world ->
        {
            if (world.rank() == 0)
            {
                final long start = System.nanoTime();
                world.send(new int[]{ 5 }, 0, 1, INT, 1, 0, SendMode.SYNCHRONOUS);
                assertTrue(System.nanoTime() - start > 150_000_000L, "Ssend returned before the receive was posted");
                final int[] big = new int[1 << 20];
                world.send(big, 0, big.length, INT, 1, 1, SendMode.SYNCHRONOUS);
                final Request[] many = new Request[50];
                for (int i = 0; i < many.length; i++)
                {
                    many[i] = world.engine().newSend(world.context(), world.rank(), 1, 2, new int[]{ i }, 0, 1, INT,
                        SendMode.SYNCHRONOUS);
                    world.engine().start((SendRequest)many[i]);
                }
                for (final Request r : many)
                {
                    world.engine().awaitRequest(r);
                }
            }
            else
            {
                Thread.sleep(250);
                final int[] one = new int[1];
                world.recv(one, 0, 1, INT, 0, 0);
                assertEquals(5, one[0]);
                world.recv(new int[1 << 20], 0, 1 << 20, INT, 0, 1);
                for (int i = 0; i < 50; i++)
                {
                    world.recv(one, 0, 1, INT, 0, 2);
                    assertEquals(i, one[0]);
                }
            }
        });
    }

    @Test
    @Timeout(30)
    void objectsDerivedTypesAndErrorsAcrossNodes() throws Exception
    {
        NodeJob.run(new int[]{ 0, 1 }, world ->
        {
            final TypeMap obj = TypeMap.basic(BaseType.OBJECT);
            final TypeMap column = TypeMap.vector(3, 1, 4, INT);
            if (world.rank() == 0)
            {
                world.send(new Object[]{ "across", 3.5 }, 0, 2, obj, 1, 0, SendMode.STANDARD);
                final Object[] many = new Object[20_000];
                Arrays.fill(many, "x".repeat(10));
                world.send(many, 0, many.length, obj, 1, 4, SendMode.STANDARD);
                final int[] matrix = new int[12];
                for (int i = 0; i < 12; i++)
                {
                    matrix[i] = i;
                }
                world.send(matrix, 1, 1, column, 1, 1, SendMode.STANDARD);
                world.send(new int[4], 0, 4, INT, 1, 2, SendMode.STANDARD);
                world.send(new int[4], 0, 4, INT, 1, 3, SendMode.STANDARD);
                world.send(new byte[0], 0, 0, BYTE, 1, 5, SendMode.STANDARD);
            }
            else
            {
                final Object[] got = new Object[2];
                world.recv(got, 0, 2, obj, 0, 0);
                assertEquals("across", got[0]);
                assertEquals(3.5, got[1]);
                final Object[] many = new Object[20_000];
                world.recv(many, 0, many.length, obj, 0, 4);
                assertEquals("xxxxxxxxxx", many[19_999]);
                final int[] into = new int[12];
                world.recv(into, 2, 1, column, 0, 1);
                assertArrayEquals(new int[]{ 0, 0, 1, 0, 0, 0, 5, 0, 0, 0, 9, 0 }, into);
                final MpiError truncated = assertThrows(MpiError.class, () -> world.recv(new int[2], 0, 2, INT, 0, 2));
                assertEquals(ErrorClass.TRUNCATE, truncated.errorClass());
                final MpiError mismatch = assertThrows(MpiError.class, () -> world.recv(new double[4], 0, 4, DOUBLE, 0, 3));
                assertEquals(ErrorClass.TYPE, mismatch.errorClass());
                final RecvRequest empty = world.recv(new byte[1], 0, 1, BYTE, 0, 5);
                assertEquals(0, empty.elements());
            }
        });
    }

    @Test
    @Timeout(60)
    void forgedReplayedAndTruncatedFramesFromOutsideTheJobAreRefusedAndCounted() throws Exception
    {
        NodeJob.run(new int[]{ 0, 1 }, world ->
        {
            if (world.rank() == 0)
            {
                world.send(new int[]{ 11, 12 }, 0, 2, INT, 1, 0, SendMode.STANDARD);
                world.recv(new int[1], 0, 1, INT, 1, 1);
                world.send(new int[]{ 21, 22 }, 0, 2, INT, 1, 0, SendMode.STANDARD);
            }
            else
            {
                final int[] got = new int[2];
                world.recv(got, 0, 2, INT, 0, 0);
                assertArrayEquals(new int[]{ 11, 12 }, got);
                final AeronNode node = NodeJob.aeron(world).node();
                try (Impostor impostor = new Impostor(node.endpoint(1), AeronSettings.streamId(node.jobId())))
                {
                    impostor.awaitConnected(world.engine()::progress);
                    impostor.sendFramesToRefuse(node.wiring().secret(), node.jobId(), 2, 0, 1);
                    final long deadline = System.nanoTime() + 20_000_000_000L;
                    while (NodeJob.aeron(world).stats().refused() < Impostor.REFUSED_FRAMES && System.nanoTime() < deadline)
                    {
                        world.engine().progress();
                        Thread.yield();
                    }
                }
                assertEquals(Impostor.REFUSED_FRAMES, NodeJob.aeron(world).stats().refused());
                assertFalse(world.iprobe(Peers.ANY_SOURCE, Peers.ANY_TAG, new ProbeStatus()));
                world.send(new int[1], 0, 1, INT, 0, 1, SendMode.STANDARD);
                world.recv(got, 0, 2, INT, 0, 0);
                assertArrayEquals(new int[]{ 21, 22 }, got);
                assertEquals(Impostor.REFUSED_FRAMES, NodeJob.aeron(world).stats().refused());
            }
        });
    }

    @Test
    @Timeout(60)
    void datagramsAeronCannotUseAreOneLineOnStderrNotAStackTrace() throws Exception
    {
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        final PrintStream stderr = System.err;
        System.setErr(new PrintStream(captured, true));
        try
        {
            NodeJob.run(new int[]{ 0, 1 }, world ->
            {
                if (world.rank() == 0)
                {
                    world.recv(new int[1], 0, 1, INT, 1, 1);
                    return;
                }
                final AeronNode node = NodeJob.aeron(world).node();
                final String endpoint = node.endpoint(1);
                final InetSocketAddress to = new InetSocketAddress(AeronSettings.hostOf(endpoint),
                    Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1)));
                try (DatagramSocket socket = new DatagramSocket())
                {
                    // An Aeron SETUP frame for this job's stream announcing a 7-byte MTU, then bytes that are no frame.
                    final ByteBuffer setup = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
                    setup.putInt(40).put((byte)0).put((byte)0).putShort((short)5).putInt(0).putInt(77)
                        .putInt(AeronSettings.streamId(node.jobId())).putInt(0).putInt(0).putInt(65536).putInt(7).putInt(0);
                    socket.send(new DatagramPacket(setup.array(), 40, to));
                    socket.send(new DatagramPacket(new byte[]{ 1, 2, 3 }, 3, to));
                }
                final long deadline = System.nanoTime() + 20_000_000_000L;
                while (!captured.toString().contains("mtuLength=7") && System.nanoTime() < deadline)
                {
                    world.engine().progress();
                    Thread.yield();
                }
                world.send(new int[]{ 1 }, 0, 1, INT, 0, 1, SendMode.STANDARD);
            });
        }
        finally
        {
            System.setErr(stderr);
        }
        final String err = captured.toString();
        assertTrue(err.contains("colompi: aeron, JVM 1: ConfigurationException: ") && err.contains("mtuLength=7 <= HEADER_LENGTH=32"), err);
        assertFalse(err.contains("\tat "), err);
    }

    @Test
    @Timeout(60)
    void aMemberDeclaringAnImpossibleSizeEndsTheJobClearly()
    {
        final IllegalStateException ended = assertThrows(IllegalStateException.class,
            () -> sendAuthenticFrameThenAMessage(1L << 40, 8));
        assertEquals("aeron: rank 0 sent rank 1 a message of 2147483647 INT elements declaring 1099511627776 bytes",
            ended.getMessage());
    }

    @Test
    @Timeout(60)
    void aFirstFragmentShortOfItsDeclaredSizeThenAnotherMessageEndsTheJobClearly()
    {
        final IllegalStateException ended = assertThrows(IllegalStateException.class,
            () -> sendAuthenticFrameThenAMessage(16, 8));
        assertEquals("aeron: rank 0 sent rank 1 a message begun before the last one (8 bytes missing) ended",
            ended.getMessage());
    }

    /** Rank 0 signs and sends a FIRST frame of ints declaring {@code totalBytes}, with {@code payload} bytes, then a real message. */
    private static void sendAuthenticFrameThenAMessage(final long totalBytes, final int payload) throws Exception
    {
        NodeJob.run(new int[]{ 0, 1 }, world ->
        {
            if (world.rank() == 0)
            {
                world.send(new int[]{ 1 }, 0, 1, INT, 1, 0, SendMode.STANDARD);
                final RemoteJvm remote = NodeJob.aeron(world).node().remoteOf(1);
                final UnsafeBuffer frame = Impostor.first(0, 1, new int[]{ 2, 3 });
                frame.putLong(FrameHeader.CONTROL_LENGTH + FrameDescriptor.TOTAL_BYTES_OFFSET, totalBytes);
                frame.putInt(FrameHeader.CONTROL_LENGTH + FrameDescriptor.ELEMENTS_OFFSET,
                    (int)Math.min(totalBytes / 4, Integer.MAX_VALUE));
                final BufferClaim claim = new BufferClaim();
                while (remote.claim(remote.existingPublication(), Impostor.FIRST_LENGTH + payload, claim) < 0)
                {
                    world.engine().progress();
                }
                claim.buffer().putBytes(claim.offset() + FrameHeader.TYPE_OFFSET, frame, FrameHeader.TYPE_OFFSET,
                    Impostor.FIRST_LENGTH + payload - FrameHeader.TYPE_OFFSET);
                claim.buffer().putInt(claim.offset() + FrameHeader.SOURCE_JVM_OFFSET, 0);
                remote.commit(claim);
                world.send(new int[]{ 4 }, 0, 1, INT, 1, 0, SendMode.STANDARD);
            }
            else
            {
                world.recv(new int[1], 0, 1, INT, 0, 0);
                world.recv(new int[2], 0, 2, INT, 0, 0);
                world.recv(new int[1], 0, 1, INT, 0, 0);
            }
        });
    }

    @Test
    @Timeout(30)
    void aClosedPublicationFailsTheSendsToItsJvmWithAClearError() throws Exception
    {
        // The peer JVM cannot be told this one closes (its publication is gone): it waits out a short linger.
        System.setProperty("colompi.aeron.lingerMs", "100");
        try
        {
            NodeJob.run(new int[]{ 0, 1 }, world ->
            {
                if (world.rank() == 0)
                {
                    world.send(new int[]{ 1 }, 0, 1, INT, 1, 0, SendMode.STANDARD);
                    NodeJob.aeron(world).node().remoteOf(1).existingPublication().close();
                    final MpiError lost = assertThrows(MpiError.class,
                        () -> world.send(new int[]{ 2 }, 0, 1, INT, 1, 0, SendMode.STANDARD));
                    assertEquals(ErrorClass.OTHER, lost.errorClass());
                    assertTrue(lost.getMessage().contains("message to rank 1 lost: the publication to JVM 1 is CLOSED"),
                        lost.getMessage());
                }
                else
                {
                    world.recv(new int[1], 0, 1, INT, 0, 0);
                }
            });
        }
        finally
        {
            System.clearProperty("colompi.aeron.lingerMs");
        }
    }

    @Test
    @Timeout(60)
    void collectivesAcrossThreeNodesWithTwoRanksPerJvm() throws Exception
    {
        NodeJob.run(new int[]{ 0, 0, 1, 1, 2, 2 }, new int[]{ 0, 0, 1, 1, 2, 2 }, 1024, AeronTransportTest::someCollectives);
    }

    private static void someCollectives(final Communicator world) throws Exception
    {
        final int np = world.size();
        final double[] sum = new double[100_000];
        final double[] mine = new double[sum.length];
        Arrays.fill(mine, world.rank() + 1);
        Collectives.allreduce(world, mine, 0, sum, 0, sum.length, DOUBLE, io.colompi.core.op.PredefinedOp.SUM);
        assertEquals(np * (np + 1) / 2.0, sum[0]);
        assertEquals(np * (np + 1) / 2.0, sum[sum.length - 1]);
        final int[] all = new int[np];
        Collectives.allgather(world, new int[]{ world.rank() * 3 }, 0, 1, INT, all, 0, 1, INT);
        for (int r = 0; r < np; r++)
        {
            assertEquals(r * 3, all[r]);
        }
        final int[] big = new int[300_000];
        if (world.rank() == np - 1)
        {
            Arrays.fill(big, 77);
        }
        Collectives.bcast(world, big, 0, big.length, INT, np - 1);
        assertEquals(77, big[big.length - 1]);
        Collectives.barrier(world);
    }
}
