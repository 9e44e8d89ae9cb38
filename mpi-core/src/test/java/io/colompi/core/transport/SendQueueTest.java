package io.colompi.core.transport;

import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;
import io.colompi.core.pt2pt.Engine;
import io.colompi.core.pt2pt.SendMode;
import io.colompi.core.pt2pt.SendRequest;
import io.colompi.core.testing.ThreadJob;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.TypeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class SendQueueTest
{
    private static final TypeMap INT = TypeMap.basic(BaseType.INT);

    @Test
    void messagesLeaveWholeAndInOrderAndASynchronousOneNeedsBothItsBytesAndItsAck() throws Exception
    {
        ThreadJob.run(1, world ->
        {
            final Engine engine = world.engine();
            final SendRequest standard = engine.newSend(0, 0, 0, 1, new int[4], 0, 4, INT, SendMode.STANDARD);
            final SendRequest synchronous = engine.newSend(0, 0, 0, 2, new int[2], 0, 2, INT, SendMode.SYNCHRONOUS);
            final SendQueue sends = new SendQueue();
            sends.add(standard);
            sends.add(synchronous);

            assertSame(standard, sends.head());
            assertFalse(sends.headStarted());
            sends.wrote(10);
            assertTrue(sends.headStarted());
            assertEquals(10, sends.headBytesWritten());
            assertSame(standard, sends.head(), "a message is written whole before the next starts");
            assertFalse(standard.isComplete());
            sends.wrote(6);
            assertTrue(standard.isComplete());

            assertSame(synchronous, sends.head());
            assertFalse(sends.headStarted());
            sends.acknowledged(synchronous);
            assertFalse(synchronous.isComplete(), "acknowledged but not yet fully written");
            sends.wrote(8);
            assertTrue(synchronous.isComplete());
            assertNull(sends.head());
            assertFalse(sends.hasWork());
        });
    }

    @Test
    void aWrittenSynchronousSendCompletesOnItsAckAndFailAllFailsTheRest() throws Exception
    {
        ThreadJob.run(1, world ->
        {
            final Engine engine = world.engine();
            final SendRequest synchronous = engine.newSend(0, 0, 0, 1, new int[1], 0, 1, INT, SendMode.SYNCHRONOUS);
            final SendRequest started = engine.newSend(0, 0, 0, 2, new int[8], 0, 8, INT, SendMode.STANDARD);
            final SendRequest queued = engine.newSend(0, 0, 0, 3, new int[8], 0, 8, INT, SendMode.STANDARD);
            final SendQueue sends = new SendQueue();
            sends.add(synchronous);
            sends.add(started);
            sends.add(queued);

            sends.head();
            sends.wrote(4);
            assertFalse(synchronous.isComplete(), "written, waiting for the peer's ack");
            sends.head();
            sends.wrote(16);
            sends.acknowledged(synchronous);
            assertTrue(synchronous.isComplete());

            assertEquals(2, sends.failAll(send -> new MpiError(ErrorClass.OTHER, "lost: tag " + send.envelopeTag())));
            assertTrue(started.error().getMessage().contains("lost: tag 2"), started.error().getMessage());
            assertTrue(queued.error().getMessage().contains("lost: tag 3"), queued.error().getMessage());
            assertFalse(sends.hasWork());
        });
    }
}
