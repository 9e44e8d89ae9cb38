package io.colompi.core.pt2pt;

import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.JobAbortedException;
import io.colompi.core.job.JobContext;
import io.colompi.core.job.JobControl;
import io.colompi.core.job.JobWiring;
import io.colompi.core.job.MpiError;
import io.colompi.core.job.Placement;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.TypeMap;
import io.colompi.core.wait.WaitPolicy;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;
import java.util.List;

import static io.colompi.core.transport.FrameDescriptor.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The protocol layer alone, over {@link MemoryTransport}: ranks 0 and 1 in two pretend JVMs, driven step by step on
 * the test's thread with nonblocking requests and {@link Engine#progress()}, so every frame boundary is known.
 */
@Timeout(60)
class ProtocolTest implements JobControl
{
    private static final TypeMap INT = TypeMap.basic(BaseType.INT);
    private static final TypeMap DOUBLE = TypeMap.basic(BaseType.DOUBLE);
    /** FIRST frames carry 64 payload bytes, CHUNK frames 96. */
    private static final int SMALL_FRAMES = FIRST_HEADER_LENGTH + 64;

    private volatile Throwable abortCause;
    private volatile String abortReason;
    private Engine zero;
    private Engine one;
    /** The transports of ranks 0 and 1: their inbound frames, their counters. */
    private MemoryTransport toZero;
    private MemoryTransport toOne;

    private void wire(final int maxFrameLength, final int capacity)
    {
        final MemoryTransport.Factory factory = new MemoryTransport.Factory(maxFrameLength, capacity);
        final Placement placement = new Placement(new int[]{ 0, 0 }, new int[]{ 0, 1 });
        final byte[] secret = new byte[JobWiring.SECRET_BYTES];
        zero = new Engine(0, new JobContext(placement, this, WaitPolicy.BACKOFF, 1024, new JobWiring(7, secret, 0, null)),
            List.of(factory));
        one = new Engine(1, new JobContext(placement, this, WaitPolicy.BACKOFF, 1024, new JobWiring(7, secret, 1, null)),
            List.of(factory));
        toZero = factory.of(0);
        toOne = factory.of(1);
    }

    @AfterEach
    void close()
    {
        zero.close();
        one.close();
    }

    @Test
    void aMessageSplitOverManyFramesArrivesWholeWhetherItsReceiveCameFirstOrLast()
    {
        wire(SMALL_FRAMES, 1000);
        final int n = 1001;
        final double[] data = new double[n];
        for (int i = 0; i < n; i++)
        {
            data[i] = i + 0.5;
        }
        final double[] early = new double[n];
        final RecvRequest posted = receive(one, early, n, DOUBLE, 0, 1);
        final SendRequest first = send(zero, data, n, DOUBLE, 1, 1, SendMode.STANDARD);
        final SendRequest second = send(zero, data, n, DOUBLE, 1, 2, SendMode.STANDARD);
        assertTrue(first.isComplete() && second.isComplete(), "every frame written: the sends are done");
        final int framesPerMessage = 1 + (8 * n - 64 + 95) / 96;
        assertEquals(2 * framesPerMessage, toOne.waiting());

        one.progress();
        assertTrue(posted.isComplete());
        assertArrayEquals(data, early);
        final double[] late = new double[n];
        final RecvRequest afterwards = receive(one, late, n, DOUBLE, 0, 2);
        assertTrue(afterwards.isComplete(), "the buffered message is taken at once");
        assertArrayEquals(data, late);
        assertEquals(n, afterwards.elements());
        assertEquals(2, toZero.stats().messages(), "rank 0's sends, counted once each");
        assertEquals(16L * n, toZero.stats().bytes());
    }

    @Test
    void aFullChannelHoldsTheRestBackAndMessagesStayInOrder()
    {
        wire(SMALL_FRAMES, 4);
        final int[] big = new int[1000];
        big[999] = 99;
        final SendRequest large = send(zero, big, big.length, INT, 1, 1, SendMode.STANDARD);
        final SendRequest small = send(zero, new int[]{ 5, 6 }, 2, INT, 1, 2, SendMode.STANDARD);
        assertEquals(4, toOne.waiting());
        assertFalse(large.isComplete(), "back-pressured: not all of it is written");
        assertFalse(small.isComplete(), "queued behind the large one");
        final int[] a = new int[1000];
        final int[] b = new int[2];
        final RecvRequest any1 = receive(one, a, a.length, INT, Peers.ANY_SOURCE, Peers.ANY_TAG);
        final RecvRequest any2 = receive(one, b, b.length, INT, Peers.ANY_SOURCE, Peers.ANY_TAG);
        for (int round = 0; round < 1000 && !(any1.isComplete() && any2.isComplete()); round++)
        {
            one.progress();
            zero.progress();
        }
        assertTrue(large.isComplete() && small.isComplete());
        assertEquals(1, any1.tag(), "the first message sent is the first received");
        assertEquals(99, a[999]);
        assertEquals(2, any2.tag());
        assertArrayEquals(new int[]{ 5, 6 }, b);
    }

    @Test
    void aSynchronousSendCompletesOnTheAckWrittenAfterTheReadNotInsideIt()
    {
        wire(SMALL_FRAMES, 1000);
        final int[] got = new int[2];
        final RecvRequest posted = receive(one, got, 2, INT, 0, 3);
        final SendRequest ssend = send(zero, new int[]{ 8, 9 }, 2, INT, 1, 3, SendMode.SYNCHRONOUS);
        zero.progress();
        assertFalse(ssend.isComplete(), "written, not yet acknowledged");
        one.progress();
        assertTrue(posted.isComplete());
        assertArrayEquals(new int[]{ 8, 9 }, got);
        assertEquals(1, toZero.waiting(), "the ACK left with the poll that matched the message");
        assertEquals(0, toOne.claimsWhileReading(), "nothing was written from inside the read");
        zero.progress();
        assertTrue(ssend.isComplete());
        assertNull(ssend.error());
    }

    @Test
    void aSynchronousSendThatArrivedFirstIsAcknowledgedWhenItsReceiveIsPosted()
    {
        wire(SMALL_FRAMES, 1000);
        final SendRequest ssend = send(zero, new int[]{ 4 }, 1, INT, 1, 0, SendMode.SYNCHRONOUS);
        one.progress();
        zero.progress();
        assertFalse(ssend.isComplete(), "unexpected at the receiver: no ACK yet");
        assertEquals(0, toZero.waiting());
        final int[] got = new int[1];
        assertTrue(receive(one, got, 1, INT, 0, 0).isComplete());
        assertEquals(4, got[0]);
        assertEquals(1, toZero.waiting(), "posting the receive wrote the ACK");
        zero.progress();
        assertTrue(ssend.isComplete());
    }

    @Test
    void aLargeSynchronousSendNeedsBothAllItsFramesAndItsAck()
    {
        wire(SMALL_FRAMES, 3);
        final int[] data = new int[500];
        data[499] = 7;
        final int[] got = new int[500];
        final RecvRequest posted = receive(one, got, got.length, INT, 0, 0);
        final SendRequest ssend = send(zero, data, data.length, INT, 1, 0, SendMode.SYNCHRONOUS);
        one.progress();
        zero.progress();
        assertFalse(ssend.isComplete(), "acknowledged on its FIRST frame, but not all written yet");
        for (int round = 0; round < 1000 && !(ssend.isComplete() && posted.isComplete()); round++)
        {
            one.progress();
            zero.progress();
        }
        assertTrue(ssend.isComplete() && posted.isComplete());
        assertNull(ssend.error());
        assertEquals(7, got[499]);
    }

    @Test
    void aFrameDeclaringAnImpossibleSizeEndsTheJobNamingBothRanks()
    {
        wire(SMALL_FRAMES, 1000);
        toOne.inject(first(0, 1, 2, 1L << 40));
        one.progress();
        assertEquals("memory: rank 0 sent rank 1 a message of 2 INT elements declaring 1099511627776 bytes",
            abortCause.getMessage());
        assertTrue(abortCause instanceof IllegalStateException);
        assertThrows(JobAbortedException.class, one::checkAbort);
        assertThrows(JobAbortedException.class, () -> one.iprobe(0, Peers.ANY_SOURCE, Peers.ANY_TAG, new ProbeStatus()),
            "a poll after the job ended ends too");
        abortReason = null;
        assertFalse(one.iprobe(0, Peers.ANY_SOURCE, Peers.ANY_TAG, new ProbeStatus()), "nothing of it was matched");
    }

    @Test
    void aChunkWithNoMessageInProgressOrAFrameTooShortEndsTheJob()
    {
        wire(SMALL_FRAMES, 1000);
        final UnsafeBuffer chunk = new UnsafeBuffer(new byte[CHUNK_HEADER_LENGTH + 8]);
        chunk.putInt(TYPE_OFFSET, CHUNK);
        chunk.putInt(SOURCE_WORLD_OFFSET, 0);
        chunk.putInt(DEST_WORLD_OFFSET, 1);
        toOne.inject(chunk);
        one.progress();
        assertEquals("memory: rank 0 sent rank 1 a fragment of 8 bytes with no message in progress", abortCause.getMessage());

        abortReason = null;
        toOne.inject(new UnsafeBuffer(new byte[4]));
        one.progress();
        assertEquals("memory: rank -1 sent rank 1 a frame of 4 bytes", abortCause.getMessage());
    }

    @Test
    void aFirstFrameBeforeTheLastMessageEndedEndsTheJob()
    {
        wire(SMALL_FRAMES, 1000);
        final UnsafeBuffer partial = first(0, 1, 100, 400);
        toOne.inject(partial);
        toOne.inject(first(0, 1, 1, 4));
        one.progress();
        assertEquals("memory: rank 0 sent rank 1 a message begun before the last one (392 bytes missing) ended",
            abortCause.getMessage());
    }

    /**
     * A QUERY is answered by the asked rank's engine from its poll, with what its {@link Engine.CallMonitor} describes
     * (nothing before it has one); the ANSWER reaches the asker's monitor.
     */
    @Test
    void aQueryAboutACollectiveCallIsAnsweredFromThePeersPoll()
    {
        wire(SMALL_FRAMES, 1000);
        final CallRecorder asker = (CallRecorder)zero.callMonitor(engine -> new CallRecorder(null));
        zero.query(1, 7, 3);
        one.progress();
        zero.progress();
        assertArrayEquals(new long[]{ 1, 7, 3, 0, 0 }, asker.heard, "rank 1 has no monitor yet: it knows nothing");

        one.callMonitor(engine -> new CallRecorder(new long[]{ 0x0200_0000_0000_0001L, 4096 }));
        zero.query(1, 7, 4);
        one.progress();
        zero.progress();
        assertArrayEquals(new long[]{ 1, 7, 4, 0x0200_0000_0000_0001L, 4096 }, asker.heard);
        assertEquals(0, toZero.stats().strays());
        assertNull(abortCause);
    }

    /** Describes every call as {@code described}; keeps the last answer it heard: peer, context, sequence, words. */
    private record CallRecorder(long[] described, long[] heard) implements Engine.CallMonitor
    {
        CallRecorder(final long[] described)
        {
            this(described, new long[5]);
        }

        @Override
        public void stalled()
        {
        }

        @Override
        public long[] describe(final int context, final long sequence)
        {
            return described;
        }

        @Override
        public void answered(final int peer, final int context, final long sequence, final long call, final long bytes)
        {
            heard[0] = peer;
            heard[1] = context;
            heard[2] = sequence;
            heard[3] = call;
            heard[4] = bytes;
        }
    }

    @Test
    void strayAcksAndUnknownFrameTypesAreDroppedAndCounted()
    {
        wire(SMALL_FRAMES, 1000);
        final UnsafeBuffer ack = new UnsafeBuffer(new byte[ACK_LENGTH]);
        ack.putInt(TYPE_OFFSET, ACK);
        ack.putInt(SOURCE_WORLD_OFFSET, 1);
        ack.putInt(DEST_WORLD_OFFSET, 0);
        ack.putLong(ACK_MESSAGE_ID_OFFSET, 12345);
        toZero.inject(ack);
        final UnsafeBuffer unknown = new UnsafeBuffer(new byte[ROUTING_LENGTH]);
        unknown.putInt(TYPE_OFFSET, 99);
        unknown.putInt(SOURCE_WORLD_OFFSET, 1);
        unknown.putInt(DEST_WORLD_OFFSET, 0);
        toZero.inject(unknown);
        zero.progress();
        assertEquals(2, toZero.stats().strays());
        assertNull(abortCause);
    }

    @Test
    void aClosedChannelFailsTheSendsToItsPeerWithAClearError()
    {
        wire(SMALL_FRAMES, 2);
        final SendRequest started = send(zero, new int[100], 100, INT, 1, 0, SendMode.STANDARD);
        final SendRequest queued = send(zero, new int[1], 1, INT, 1, 1, SendMode.STANDARD);
        toZero.channelTo(1).close("closed by the test");
        zero.progress();
        assertTrue(started.isComplete() && queued.isComplete());
        assertEquals(ErrorClass.OTHER, started.error().errorClass());
        assertEquals("memory: message to rank 1 lost: closed by the test", started.error().getMessage());
        assertEquals("memory: message to rank 1 lost: closed by the test", queued.error().getMessage());
        final MpiError later = assertThrows(MpiError.class, () -> zero.send(0, 0, 1, 2, new int[1], 0, 1, INT, SendMode.STANDARD));
        assertEquals(ErrorClass.OTHER, later.errorClass());
    }

    @Test
    void largeMessagesThatArriveBeforeTheirReceiveReuseTheirBuffers()
    {
        final int bytes = 1 << 20;
        wire(FIRST_HEADER_LENGTH + (64 << 10), 64);
        final byte[] data = new byte[bytes];
        final byte[] got = new byte[bytes];
        final TypeMap byteType = TypeMap.basic(BaseType.BYTE);
        final RecvRequest[] receive = new RecvRequest[1];
        final SendRequest[] send = new SendRequest[1];
        final Runnable unexpectedMessage = () ->
        {
            send[0] = restart(zero, send[0], data, bytes, byteType);
            while (!send[0].isComplete())
            {
                one.progress();
                zero.progress();
            }
            one.progress();
            receive[0] = restartReceive(one, receive[0], got, bytes, byteType);
            assertTrue(receive[0].isComplete());
        };
        for (int i = 0; i < 5; i++)
        {
            unexpectedMessage.run();
        }
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 20; i++)
        {
            data[i] = (byte)i;
            unexpectedMessage.run();
            assertEquals((byte)i, got[i]);
        }
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < bytes, "20 unexpected messages of 1 MiB allocated " + allocated + " bytes");
    }

    private static SendRequest send(
        final Engine from, final Object data, final int count, final TypeMap type, final int to, final int tag,
        final SendMode mode)
    {
        final SendRequest send = from.newSend(0, from.worldRank(), to, tag, data, 0, count, type, mode);
        from.start(send);
        return send;
    }

    private static RecvRequest receive(
        final Engine at, final Object into, final int count, final TypeMap type, final int source, final int tag)
    {
        final RecvRequest receive = at.newRecv(0, source, tag, into, 0, count, type);
        at.start(receive);
        return receive;
    }

    private static SendRequest restart(final Engine from, final SendRequest kept, final Object data, final int count, final TypeMap type)
    {
        if (kept == null)
        {
            return send(from, data, count, type, 1, 0, SendMode.STANDARD);
        }
        from.restart(kept, 0, 0, 1, 0, data, 0, count, type, SendMode.STANDARD);
        return kept;
    }

    private static RecvRequest restartReceive(final Engine at, final RecvRequest kept, final Object into, final int count, final TypeMap type)
    {
        if (kept == null)
        {
            return receive(at, into, count, type, 0, 0);
        }
        at.restart(kept, 0, 0, 0, into, 0, count, type);
        return kept;
    }

    /** A FIRST frame from {@code source} to {@code dest} declaring {@code elements} ints in {@code totalBytes}, 8 of them sent. */
    private static UnsafeBuffer first(final int source, final int dest, final int elements, final long totalBytes)
    {
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[FIRST_HEADER_LENGTH + 8]);
        frame.putInt(TYPE_OFFSET, FIRST);
        frame.putInt(SOURCE_WORLD_OFFSET, source);
        frame.putInt(DEST_WORLD_OFFSET, dest);
        frame.putInt(ELEMENTS_OFFSET, elements);
        frame.putByte(BASE_TYPE_OFFSET, (byte)BaseType.INT.ordinal());
        frame.putLong(TOTAL_BYTES_OFFSET, totalBytes);
        return frame;
    }

    @Override
    public void abort(final int rank, final int code, final Throwable cause)
    {
        abortCause = cause;
        abortReason = "rank " + rank + " aborted";
    }

    @Override
    public String abortReason()
    {
        return abortReason;
    }
}
