package io.colompi.transport.rdma;

import io.colompi.core.pt2pt.SendMode;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.TypeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A poll of the Aeron tier that finds nothing is cheap: it does not run the driver's duty cycle (two system calls)
 * each time, yet a frame sent meanwhile still arrives, and a committed frame leaves at the next poll.
 */
class EmptyPollTest
{
    private static final TypeMap INT = TypeMap.basic(BaseType.INT);
    private static final int POLLS = 20_000;

    @Test
    @Timeout(30)
    void pollsThatFindNothingRunTheDriverOnlyNowAndThenAndStillReceive() throws Exception
    {
        NodeJob.run(new int[]{ 0, 1 }, world ->
        {
            final int peer = 1 - world.rank();
            final int[] got = new int[1];
            // connected both ways, then quiet: no frame is in flight when rank 0 polls an idle network
            world.sendrecv(new int[]{ world.rank() }, 0, 1, INT, peer, 0, got, 0, 1, INT, peer, 0);
            world.sendrecv(new int[]{ world.rank() }, 0, 1, INT, peer, 1, got, 0, 1, INT, peer, 1);
            if (world.rank() == 0)
            {
                final AeronTransport aeron = NodeJob.aeron(world);
                LockSupport.parkNanos(2_000_000);
                final long cyclesBefore = aeron.node().driverCycles();
                final long startNs = System.nanoTime();
                for (int i = 0; i < POLLS; i++)
                {
                    aeron.poll();
                }
                final long elapsedNs = System.nanoTime() - startNs;
                final long cycles = aeron.node().driverCycles() - cyclesBefore;
                assertTrue(cycles < POLLS / 4, cycles + " driver cycles in " + POLLS + " polls that found nothing (" +
                    elapsedNs / POLLS + " ns a poll)");
            }
            world.send(new int[]{ 42 + world.rank() }, 0, 1, INT, peer, 2, SendMode.STANDARD);
            world.recv(got, 0, 1, INT, peer, 2);
            assertArrayEquals(new int[]{ 42 + peer }, got);
        });
    }
}
