package io.colompi.transport.rdma;

import io.colompi.core.job.RuntimeSettings;
import io.colompi.core.pt2pt.SendMode;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.TypeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A poll of the Aeron tier that finds nothing is cheap: it runs the driver's duty cycle (two system calls) at most
 * once per {@code colompi.aeron.idleCycleGapNs}, yet frames still cross.
 */
class EmptyPollTest
{
    private static final TypeMap INT = TypeMap.basic(BaseType.INT);
    private static final int POLLS = 5_000;
    /** Longer than {@link #POLLS} polls take even on a loaded machine: the idle polls see at most a few cycles. */
    private static final long GAP_NS = 200_000_000L;

    @Test
    @Timeout(30)
    void pollsThatFindNothingSkipTheDriverAndFramesStillCross() throws Exception
    {
        final RuntimeSettings settings = NodeJob.settings(GAP_NS, RuntimeSettings.defaults().aeron().connectAtInit());
        NodeJob.run(settings, new int[]{ 0, 1 }, new int[]{ 0, 1 }, 16384, world ->
        {
            final int peer = 1 - world.rank();
            final int[] got = new int[1];
            // connected both ways, then quiet: nothing is in flight when rank 0 polls an idle network
            world.sendrecv(new int[]{ world.rank() }, 0, 1, INT, peer, 0, got, 0, 1, INT, peer, 0);
            world.sendrecv(new int[]{ world.rank() }, 0, 1, INT, peer, 1, got, 0, 1, INT, peer, 1);
            if (world.rank() == 0)
            {
                final AeronTransport aeron = NodeJob.aeron(world);
                assertTrue(aeron.node().receiverCyclesAlone(), "between full cycles the driver's receiver runs alone");
                LockSupport.parkNanos(50 * AeronSettings.DRIVER_HOT_NS);
                final long before = aeron.node().driverCycles();
                for (int i = 0; i < POLLS; i++)
                {
                    aeron.poll();
                }
                final long cycles = aeron.node().driverCycles() - before;
                assertTrue(cycles < POLLS / 50, cycles + " driver cycles in " + POLLS + " polls that found nothing");
            }
            // frames still cross: a committed frame makes the next poll run the driver, a quiet one reads after the gap
            world.send(new int[]{ 42 + world.rank() }, 0, 1, INT, peer, 2, SendMode.STANDARD);
            world.recv(got, 0, 1, INT, peer, 2);
            assertArrayEquals(new int[]{ 42 + peer }, got);
        });
    }
}
