package io.colompi.transport.rdma;

import io.colompi.core.comm.Communicator;
import io.colompi.core.job.RuntimeSettings;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.TypeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A JVM with few JVMs on other nodes connects to all of them in {@code MPI.Init} ({@code Engine.initialized}): a
 * publication to each, connected, and an image from each, before the program sends anything; past {@code
 * colompi.aeron.connectAtInit}, each connection waits for its first message, as before.
 */
class ConnectAtInitTest
{
    private static final TypeMap INT = TypeMap.basic(BaseType.INT);
    private static final int[] THREE_NODES = { 0, 1, 2 };

    @Test
    @Timeout(60)
    void mpiInitReturnsConnectedBothWaysToEveryJvmOnAnotherNode() throws Exception
    {
        NodeJob.run(THREE_NODES, world ->
        {
            world.engine().initialized();
            final AeronNode node = NodeJob.aeron(world).node();
            for (int peer = 0; peer < world.size(); peer++)
            {
                if (peer != world.rank())
                {
                    final RemoteJvm remote = node.remoteOf(peer);
                    assertNotNull(remote.existingPublication(), "rank " + world.rank() + ": no publication to " + peer);
                    assertTrue(remote.existingPublication().isConnected(), "rank " + world.rank() + " to " + peer);
                }
            }
            assertEquals(2, node.images(), "rank " + world.rank() + ": images from the other nodes");
            passRound(world);
        });
    }

    @Test
    @Timeout(60)
    void pastItsThresholdAJvmConnectsOnFirstUse() throws Exception
    {
        final RuntimeSettings settings = NodeJob.settings(RuntimeSettings.defaults().aeron().idleCycleGapNs(), 1);
        NodeJob.run(settings, THREE_NODES, THREE_NODES, 16384, world ->
        {
            world.engine().initialized();
            final AeronNode node = NodeJob.aeron(world).node();
            for (int peer = 0; peer < world.size(); peer++)
            {
                if (peer != world.rank())
                {
                    assertNull(node.remoteOf(peer).existingPublication(), "two JVMs on other nodes, one allowed");
                }
            }
            passRound(world);
        });
    }

    /** Each rank's number round the ring, over the connections made. */
    private static void passRound(final Communicator world)
    {
        final int next = (world.rank() + 1) % world.size();
        final int previous = (world.rank() + world.size() - 1) % world.size();
        final int[] got = new int[1];
        world.sendrecv(new int[]{ world.rank() }, 0, 1, INT, next, 0, got, 0, 1, INT, previous, 0);
        assertArrayEquals(new int[]{ previous }, got);
    }
}
