package io.colompi.core.coll;

import io.colompi.core.comm.Communicator;
import io.colompi.core.comm.Communicators;
import io.colompi.core.op.PredefinedOp;
import io.colompi.core.pt2pt.Peers;
import io.colompi.core.testing.ThreadJob;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.TypeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** Collectives on an intercommunicator, where the facade's tests cannot reach: types the facade's buffers refuse. */
class InterCollectivesTest
{
    /**
     * Items whose elements lie below the buffer's offset (a negative lower bound): the blocking and nonblocking
     * reduce and allreduce land each group's combination on exactly those elements of the other group's buffers.
     */
    @Test
    @Timeout(30)
    void reductionsOfATypeWithANegativeLowerBound() throws Exception
    {
        // an item is elements -1 and +2 of its place; two items, from offset 3: elements 2, 5, 6 and 9
        final TypeMap type = TypeMap.indexed(new int[]{ 1, 1 }, new int[]{ -1, 2 }, TypeMap.basic(BaseType.INT));
        final int[] touched = { 2, 5, 2 + type.extent(), 5 + type.extent() };
        ThreadJob.run(5, world ->
        {
            final int me = world.rank();
            final boolean even = me % 2 == 0;
            final Communicator local = Communicators.split(world, me % 2, me);
            final Communicator inter = Communicators.createIntercomm(local, 0, world, even ? 1 : 0, 7);
            final int[] mine = new int[12];
            for (int i = 0; i < mine.length; i++)
            {
                mine[i] = 100 * me + i;
            }
            // the other group's sums at the touched elements, -1 elsewhere
            final int[] others = new int[12];
            Arrays.fill(others, -1);
            for (final int at : touched)
            {
                others[at] = 0;
                for (int r = even ? 1 : 0; r < 5; r += 2)
                {
                    others[at] += 100 * r + at;
                }
            }

            final int[] all = filled();
            Collectives.allreduce(inter, mine, 3, all, 3, 2, type, PredefinedOp.SUM);
            assertArrayEquals(others, all, "allreduce");

            final int[] nonblocking = filled();
            world.engine().awaitRequest(Collectives.iallreduce(inter, mine, 3, nonblocking, 3, 2, type,
                PredefinedOp.SUM));
            assertArrayEquals(others, nonblocking, "iallreduce");

            // the odd group's sum at world rank 2 (the even group's rank 1)
            final int[] reduced = filled();
            Collectives.reduce(inter, mine, 3, reduced, 3, 2, type, PredefinedOp.SUM,
                even ? (me == 2 ? Peers.ROOT : Peers.PROC_NULL) : 1);
            assertArrayEquals(me == 2 ? others : filled(), reduced, "reduce");
        });
    }

    private static int[] filled()
    {
        final int[] values = new int[12];
        Arrays.fill(values, -1);
        return values;
    }
}
