package io.colompi.transport.rdma;

import io.colompi.core.pt2pt.Peers;
import io.colompi.core.pt2pt.RecvRequest;
import io.colompi.core.pt2pt.SendMode;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.TypeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class AeronTransportTest
{
    private static final TypeMap INT = TypeMap.basic(BaseType.INT);

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
}
