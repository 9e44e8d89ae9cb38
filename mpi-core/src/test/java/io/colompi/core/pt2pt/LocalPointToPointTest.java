package io.colompi.core.pt2pt;

import io.colompi.core.comm.Communicator;
import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;
import io.colompi.core.testing.ThreadJob;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.TypeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class LocalPointToPointTest
{
    private static final TypeMap INT = TypeMap.basic(BaseType.INT);
    private static final TypeMap DOUBLE = TypeMap.basic(BaseType.DOUBLE);

    @Test
    void smallMessagesAreEagerSoSendSendRecvRecvDoesNotDeadlock() throws Exception
    {
        ThreadJob.run(2, world ->
        {
            final int peer = 1 - world.rank();
            world.send(new int[]{ world.rank(), 7 }, 0, 2, INT, peer, 1, SendMode.STANDARD);
            world.send(new int[]{ world.rank() + 10 }, 0, 1, INT, peer, 2, SendMode.STANDARD);
            final int[] a = new int[2];
            final RecvRequest r = world.recv(a, 0, 2, INT, peer, 1);
            assertEquals(peer, r.source());
            assertEquals(1, r.tag());
            assertEquals(2, r.elements());
            assertArrayEquals(new int[]{ peer, 7 }, a);
            final int[] b = new int[1];
            world.recv(b, 0, 1, INT, peer, 2);
            assertEquals(peer + 10, b[0]);
        });
    }

    @Test
    void largeMessagesRendezvousWithOneCopyInEitherOrder() throws Exception
    {
        ThreadJob.run(2, 1024, world ->
        {
            final double[] data = new double[100_000];
            if (world.rank() == 0)
            {
                for (int i = 0; i < data.length; i++)
                {
                    data[i] = i * 0.5;
                }
                world.send(data, 0, data.length, DOUBLE, 1, 0, SendMode.STANDARD);
                Thread.sleep(50);
                world.send(data, 0, data.length, DOUBLE, 1, 1, SendMode.STANDARD);
            }
            else
            {
                Thread.sleep(50);
                world.recv(data, 0, data.length, DOUBLE, 0, 0);
                assertEquals(99_999 * 0.5, data[99_999]);
                final double[] again = new double[data.length];
                world.recv(again, 0, again.length, DOUBLE, 0, 1);
                assertArrayEquals(data, again);
            }
        });
    }

    @Test
    void messagesFromOneSenderDoNotOvertakeAcrossProtocols() throws Exception
    {
        ThreadJob.run(3, 64, world ->
        {
            if (world.rank() > 0)
            {
                for (int i = 0; i < 50; i++)
                {
                    final int[] msg = new int[1 + (i % 3) * 40];
                    msg[0] = i;
                    world.send(msg, 0, msg.length, INT, 0, 5, SendMode.STANDARD);
                }
            }
            else
            {
                final int[] next = new int[3];
                final int[] buf = new int[200];
                for (int i = 0; i < 100; i++)
                {
                    final RecvRequest r = world.recv(buf, 0, buf.length, INT, Peers.ANY_SOURCE, Peers.ANY_TAG);
                    assertEquals(next[r.source()]++, buf[0]);
                    assertEquals(5, r.tag());
                }
                assertArrayEquals(new int[]{ 0, 50, 50 }, next);
            }
        });
    }

    @Test
    void truncationAndTypeMismatchAreErrorsOfTheReceive() throws Exception
    {
        ThreadJob.run(2, world ->
        {
            if (world.rank() == 0)
            {
                world.send(new int[4], 0, 4, INT, 1, 0, SendMode.STANDARD);
                world.send(new int[4], 0, 4, INT, 1, 1, SendMode.STANDARD);
            }
            else
            {
                final MpiError truncated = assertThrows(MpiError.class, () -> world.recv(new int[2], 0, 2, INT, 0, 0));
                assertEquals(ErrorClass.TRUNCATE, truncated.errorClass());
                final MpiError mismatch = assertThrows(MpiError.class,
                    () -> world.recv(new double[4], 0, 4, DOUBLE, 0, 1));
                assertEquals(ErrorClass.TYPE, mismatch.errorClass());
            }
        });
    }

    @Test
    void derivedLayoutsAreCopiedElementByElement() throws Exception
    {
        ThreadJob.run(2, world ->
        {
            final TypeMap column = TypeMap.vector(3, 1, 4, INT);
            if (world.rank() == 0)
            {
                final int[] matrix = new int[12];
                for (int i = 0; i < 12; i++)
                {
                    matrix[i] = i;
                }
                world.send(matrix, 1, 1, column, 1, 0, SendMode.STANDARD);
                world.send(matrix, 2, 1, column, 1, 0, SendMode.SYNCHRONOUS);
            }
            else
            {
                final int[] col = new int[3];
                world.recv(col, 0, 3, INT, 0, 0);
                assertArrayEquals(new int[]{ 1, 5, 9 }, col);
                final int[] into = new int[12];
                world.recv(into, 0, 1, column, 0, 0);
                assertArrayEquals(new int[]{ 2, 0, 0, 0, 6, 0, 0, 0, 10, 0, 0, 0 }, into);
            }
        });
    }

    @Test
    void objectsTravelByValue() throws Exception
    {
        ThreadJob.run(2, world ->
        {
            final TypeMap obj = TypeMap.basic(BaseType.OBJECT);
            if (world.rank() == 0)
            {
                final StringBuilder shared = new StringBuilder("abc");
                world.send(new Object[]{ shared, 42 }, 0, 2, obj, 1, 0, SendMode.STANDARD);
                shared.append("changed");
            }
            else
            {
                final Object[] into = new Object[2];
                final RecvRequest r = world.recv(into, 0, 2, obj, 0, 0);
                assertEquals(2, r.elements());
                assertEquals("abc", into[0].toString());
                assertEquals(42, into[1]);
            }
        });
    }

    @Test
    void probeSeesAnEnvelopeAndCancelWithdrawsAReceive() throws Exception
    {
        ThreadJob.run(2, world ->
        {
            if (world.rank() == 0)
            {
                world.send(new int[3], 0, 3, INT, 1, 9, SendMode.STANDARD);
            }
            else
            {
                final ProbeStatus status = new ProbeStatus();
                world.probe(Peers.ANY_SOURCE, Peers.ANY_TAG, status);
                assertEquals(0, status.source);
                assertEquals(9, status.tag);
                assertEquals(3, status.elements);
                final RecvRequest pending = world.newRecv(new int[1], 0, 1, INT, 0, 1234);
                world.engine().start(pending);
                assertTrue(world.engine().cancel(pending));
                assertTrue(pending.isCancelled());
                world.recv(new int[3], 0, 3, INT, 0, 9);
            }
        });
    }
}
