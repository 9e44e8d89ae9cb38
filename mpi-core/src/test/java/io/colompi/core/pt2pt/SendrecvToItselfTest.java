package io.colompi.core.pt2pt;

import io.colompi.core.testing.ThreadJob;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.TypeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A {@code Sendrecv} of a rank to itself ({@link Matcher#postAndDeliver}) keeps MPI's matching order, on its
 * one-pass path (nothing queued unexpected) and on its fallback alike.
 */
@Timeout(30)
class SendrecvToItselfTest
{
    private static final TypeMap INT = TypeMap.basic(BaseType.INT);
    private static final int CONTEXT = 100;
    private static final int TAG = 5;

    @Test
    void anEarlierPostedReceiveTakesTheSendBeforeTheCallsOwnReceive() throws Exception
    {
        ThreadJob.run(1, world ->
        {
            final Engine engine = world.engine();
            final Matcher matcher = new Matcher(engine, 1 << 16);
            final int[] earlier = new int[1];
            final RecvRequest first = receive(engine, earlier);
            matcher.post(first);
            final int[] own = new int[1];
            final RecvRequest receive = receive(engine, own);
            final SendRequest send = send(engine, 11);
            matcher.postAndDeliver(receive, send);
            assertTrue(first.isComplete());
            assertEquals(11, earlier[0]);
            assertTrue(send.isComplete());
            assertFalse(receive.isComplete());
            matcher.deliver(send(engine, 22));
            assertTrue(receive.isComplete());
            assertEquals(22, own[0]);
        });
    }

    @Test
    void aQueuedMessageGoesToTheCallsReceiveAndItsSendQueuesBehindIt() throws Exception
    {
        ThreadJob.run(1, world ->
        {
            final Engine engine = world.engine();
            final Matcher matcher = new Matcher(engine, 1 << 16);
            matcher.deliver(send(engine, 11));
            final int[] own = new int[1];
            final RecvRequest receive = receive(engine, own);
            final SendRequest send = send(engine, 22);
            matcher.postAndDeliver(receive, send);
            assertTrue(receive.isComplete());
            assertEquals(11, own[0]);
            assertTrue(send.isComplete());
            final int[] later = new int[1];
            final RecvRequest next = receive(engine, later);
            matcher.post(next);
            assertTrue(next.isComplete());
            assertEquals(22, later[0]);
        });
    }

    @Test
    void aSendThatMatchesNoReceiveWaitsUnexpected() throws Exception
    {
        ThreadJob.run(1, world ->
        {
            final Engine engine = world.engine();
            final Matcher matcher = new Matcher(engine, 1 << 16);
            final int[] own = new int[1];
            final RecvRequest receive = receive(engine, own);
            receive.set(CONTEXT, 0, TAG + 1, own, 0, 1, INT);
            final SendRequest send = send(engine, 33);
            matcher.postAndDeliver(receive, send);
            assertFalse(receive.isComplete());
            final int[] later = new int[1];
            final RecvRequest next = receive(engine, later);
            matcher.post(next);
            assertTrue(next.isComplete());
            assertEquals(33, later[0]);
        });
    }

    private static RecvRequest receive(final Engine engine, final int[] into)
    {
        final RecvRequest receive = new RecvRequest(engine);
        receive.set(CONTEXT, 0, TAG, into, 0, 1, INT);
        return receive;
    }

    private static SendRequest send(final Engine engine, final int value)
    {
        final SendRequest send = new SendRequest(engine);
        send.set(CONTEXT, 0, 0, TAG, new int[]{ value }, 0, 1, INT, SendMode.STANDARD);
        send.prepare();
        return send;
    }
}
