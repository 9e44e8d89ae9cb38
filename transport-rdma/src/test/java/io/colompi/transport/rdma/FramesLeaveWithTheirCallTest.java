package io.colompi.transport.rdma;

import io.colompi.core.job.RuntimeSettings;
import io.colompi.core.pt2pt.ProbeStatus;
import io.colompi.core.pt2pt.SendMode;
import io.colompi.core.pt2pt.SendRequest;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.TypeMap;
import io.colompi.core.wait.WaitPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A frame committed to a publication leaves in the driver's next cycle. A call of the rank's that wrote frames and
 * would return without polling again (its receive had arrived, its eager send is complete once written, a nonblocking
 * send, a receive whose last poll wrote the acknowledgement of a synchronous send) runs that cycle before it returns:
 * else the frame waited for the rank's next call, through whatever the program computed in between, while its peer
 * waited for it.
 */
class FramesLeaveWithTheirCallTest
{
    private static final TypeMap INT = TypeMap.basic(BaseType.INT);
    private static final int ROUNDS = 20;

    @Test
    @Timeout(60)
    void aSendWhoseCallPollsNoMoreIsSentBeforeTheCallReturns() throws Exception
    {
        // ranks that spin and never park: the JVM's keeper then leaves the driver to them (KeeperTest), and no
        // keeper's cycle holds the driver when a rank's call would run it
        final RuntimeSettings spinning = RuntimeSettings.defaults().toBuilder().waitPolicy(WaitPolicy.SPIN).build();
        NodeJob.run(spinning, new int[]{ 0, 1 }, new int[]{ 0, 1 }, 16384, world ->
        {
            final int peer = 1 - world.rank();
            final int[] got = new int[1];
            for (int round = 0; round < ROUNDS; round++)
            {
                if (world.rank() == 0)
                {
                    world.send(new int[]{ round }, 0, 1, INT, peer, 0, SendMode.STANDARD);
                    world.recv(got, 0, 1, INT, peer, 1);
                    assertArrayEquals(new int[]{ 100 + round }, got);
                    world.recv(got, 0, 1, INT, peer, 2);
                    assertArrayEquals(new int[]{ 200 + round }, got);
                    // the peer is in its receive's wait by now, mostly: the acknowledgement is written by its poll
                    LockSupport.parkNanos(300_000);
                    world.send(new int[]{ 300 + round }, 0, 1, INT, peer, 3, SendMode.SYNCHRONOUS);
                }
                else
                {
                    final AeronNode node = NodeJob.aeron(world).node();
                    while (!world.iprobe(peer, 0, new ProbeStatus()))
                    {
                        Thread.onSpinWait();
                    }
                    world.recv(got, 0, 1, INT, peer, 0);
                    assertArrayEquals(new int[]{ round }, got);
                    world.send(new int[]{ 100 + round }, 0, 1, INT, peer, 1, SendMode.STANDARD);
                    assertFalse(node.sendOwed(), "round " + round + ": a blocking send returned with its frame unsent");
                    final SendRequest isend = world.newSend(new int[]{ 200 + round }, 0, 1, INT, peer, 2,
                        SendMode.STANDARD);
                    world.engine().isend(isend); // the program's Isend
                    assertFalse(node.sendOwed(), "round " + round + ": an Isend returned with its frame unsent");
                    world.engine().awaitRequest(isend);
                    world.recv(got, 0, 1, INT, peer, 3);
                    assertArrayEquals(new int[]{ 300 + round }, got);
                    assertFalse(node.sendOwed(), "round " + round + ": the receive of a synchronous send returned " +
                        "with its acknowledgement unsent");
                }
            }
        });
    }
}
