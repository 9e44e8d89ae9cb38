package io.colompi.transport.rdma;

import io.colompi.core.type.BaseType;
import io.colompi.core.type.TypeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The keeper thread stays parked while an awake rank of its JVM polls (each of its wake-ups takes a core from a
 * spinning rank), and takes the driver over once the rank stops polling.
 */
class KeeperTest
{
    private static final TypeMap INT = TypeMap.basic(BaseType.INT);
    private static final long POLLING_NS = TimeUnit.MILLISECONDS.toNanos(300);
    /** Wake-ups allowed while the rank polls: 30 at the aside park; 300 at the idle keeper's longest park (1 ms). */
    private static final long MAX_WAKE_UPS = 100;

    @Test
    @Timeout(30)
    void keeperStaysParkedWhileRanksPollAndTakesOverWhenTheyStop() throws Exception
    {
        NodeJob.run(new int[]{ 0, 1 }, world ->
        {
            final int peer = 1 - world.rank();
            final int[] got = new int[1];
            world.sendrecv(new int[]{ world.rank() }, 0, 1, INT, peer, 0, got, 0, 1, INT, peer, 0);
            if (world.rank() == 0)
            {
                final AeronNode node = NodeJob.aeron(world).node();
                final long startNs = System.nanoTime();
                final long before = node.keeperCycles();
                while (System.nanoTime() - startNs < POLLING_NS)
                {
                    node.progress();
                }
                final long wakeUps = node.keeperCycles() - before;
                assertTrue(wakeUps < MAX_WAKE_UPS, wakeUps + " keeper wake-ups in 300 ms of a rank polling");
                // the rank computes: the keeper runs the driver in its place
                final long cycles = node.driverCycles();
                final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (node.driverCycles() == cycles && System.nanoTime() - deadlineNs < 0)
                {
                    LockSupport.parkNanos(1_000_000);
                }
                assertTrue(node.driverCycles() > cycles, "the keeper did not run the driver while the rank computed");
            }
            world.sendrecv(new int[]{ 7 + world.rank() }, 0, 1, INT, peer, 1, got, 0, 1, INT, peer, 1);
            assertArrayEquals(new int[]{ 7 + peer }, got);
        });
    }
}
