package io.colompi.core.transport;

import io.colompi.core.pt2pt.SendMode;
import io.colompi.core.pt2pt.SendRequest;
import io.colompi.core.testing.ThreadJob;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.TypeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class AcknowledgementsTest
{
    @Test
    void owedAcksLeaveInOrderOnceTheChannelTakesThem()
    {
        final List<String> written = new ArrayList<>();
        final boolean[] open = { false };
        final Acknowledgements acks = new Acknowledgements((rank, id) ->
        {
            if (open[0])
            {
                written.add(rank + ":" + id);
            }
            return open[0];
        });

        acks.owe(3, 10);
        acks.owe(1, 11);
        assertTrue(acks.owesAny());
        assertEquals(0, acks.flush());
        open[0] = true;
        acks.owe(2, 12);
        assertEquals(List.of(), written, "a later ACK never overtakes the queued ones");
        assertEquals(3, acks.flush());
        assertEquals(List.of("3:10", "1:11", "2:12"), written);
        assertFalse(acks.owesAny());
        acks.owe(4, 13);
        assertEquals(List.of("3:10", "1:11", "2:12", "4:13"), written, "with nothing queued an ACK is written at once");
    }

    @Test
    void eachAwaitedSendIsFoundOnceByItsNumber() throws Exception
    {
        ThreadJob.run(1, world ->
        {
            final TypeMap ints = TypeMap.basic(BaseType.INT);
            final SendRequest first = world.engine().newSend(0, 0, 0, 1, new int[1], 0, 1, ints, SendMode.SYNCHRONOUS);
            final SendRequest second = world.engine().newSend(0, 0, 0, 2, new int[1], 0, 1, ints, SendMode.SYNCHRONOUS);
            final Acknowledgements acks = new Acknowledgements((rank, id) -> true);
            final long a = acks.await(first);
            final long b = acks.await(second);
            assertNotEquals(a, b);
            assertSame(second, acks.acknowledged(b));
            assertSame(first, acks.acknowledged(a));
            assertNull(acks.acknowledged(a), "a repeated or unknown ACK is a stray");
        });
    }
}
