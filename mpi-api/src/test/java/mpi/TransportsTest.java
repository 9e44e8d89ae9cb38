package mpi;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Traffic that stresses the transports: run in every placement, so across local, shm and both at once. */
@Timeout(120)
class TransportsTest
{
    @ParameterizedTest
    @EnumSource(Ranks.Layout.class)
    void mixedSizesAndWildcardsKeepEachSendersOrder(final Ranks.Layout layout) throws Exception
    {
        Ranks.run(layout, 4, MixedSizes.class);
    }

    public static class MixedSizes
    {
        public static void main(final String[] args)
        {
            MPI.Init(args);
            final Intracomm world = MPI.COMM_WORLD;
            final int messages = 120;
            if (world.Rank() > 0)
            {
                for (int i = 0; i < messages; i++)
                {
                    // 8 B .. 800 KB: eager, rendezvous, single ring records and multi-fragment messages.
                    final int[] msg = new int[2 + (i % 4) * (i % 4) * 20_000];
                    msg[0] = i;
                    msg[msg.length - 1] = -i;
                    world.Send(msg, 0, msg.length, MPI.INT, 0, i % 7);
                }
            }
            else
            {
                final int[] next = new int[world.Size()];
                final int[] buf = new int[200_002];
                for (int i = 0; i < messages * (world.Size() - 1); i++)
                {
                    final Status s = world.Recv(buf, 0, buf.length, MPI.INT, MPI.ANY_SOURCE, MPI.ANY_TAG);
                    final int expected = next[s.source]++;
                    assertEquals(expected, buf[0], "order from rank " + s.source);
                    assertEquals(-expected, buf[s.Get_count(MPI.INT) - 1]);
                    assertEquals(expected % 7, s.tag);
                }
            }
            MPI.Finalize();
        }
    }

    @ParameterizedTest
    @EnumSource(Ranks.Layout.class)
    void largeMessagesAndASlowReceiverLoseNothing(final Ranks.Layout layout) throws Exception
    {
        Ranks.run(layout, 2, LargeAndSlow.class);
    }

    public static class LargeAndSlow
    {
        public static void main(final String[] args) throws Exception
        {
            MPI.Init(args);
            final Intracomm world = MPI.COMM_WORLD;
            final int n = 16 << 20;
            final double[] big = new double[n];
            if (world.Rank() == 0)
            {
                for (int i = 0; i < n; i += 1024)
                {
                    big[i] = i;
                }
                big[n - 1] = -1;
                world.Send(big, 0, n, MPI.DOUBLE, 1, 0);
                final Request[] flood = new Request[64];
                final long[][] data = new long[flood.length][32 * 1024];
                for (int m = 0; m < flood.length; m++)
                {
                    java.util.Arrays.fill(data[m], m);
                    flood[m] = world.Isend(data[m], 0, data[m].length, MPI.LONG, 1, 1);
                }
                Request.Waitall(flood);
            }
            else
            {
                world.Recv(big, 0, n, MPI.DOUBLE, 0, 0);
                for (int i = 0; i < n - 1; i += 1024)
                {
                    assertEquals(i, big[i]);
                }
                assertEquals(-1, big[n - 1]);
                Thread.sleep(300);
                final long[] got = new long[32 * 1024];
                for (int m = 0; m < 64; m++)
                {
                    world.Recv(got, 0, got.length, MPI.LONG, 0, 1);
                    final long[] expected = new long[got.length];
                    java.util.Arrays.fill(expected, m);
                    assertArrayEquals(expected, got);
                }
            }
            MPI.Finalize();
        }
    }
}
