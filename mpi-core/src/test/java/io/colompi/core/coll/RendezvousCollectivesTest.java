package io.colompi.core.coll;

import io.colompi.core.op.PredefinedOp;
import io.colompi.core.testing.ThreadJob;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;

import static io.colompi.core.coll.Layouts.INT;
import static io.colompi.core.coll.Layouts.value;
import static io.colompi.core.coll.Layouts.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * With an eager limit of zero every non-empty message is a rendezvous: a send blocks until its receive is
 * posted. Collectives must not rely on buffering, so all of them must still complete.
 */
@Timeout(30)
class RendezvousCollectivesTest
{
    private static final int N = 2000;

    @ParameterizedTest
    @ValueSource(ints = { 2, 3, 5, 8 })
    void everyCollectiveCompletesWhenNoMessageIsBuffered(final int np) throws Exception
    {
        ThreadJob.run(np, 0, world ->
        {
            final int rank = world.rank();
            final int root = np - 1;
            final int[] counts = new int[np];
            final int[] displs = new int[np];
            for (int r = 0; r < np; r++)
            {
                counts[r] = N;
                displs[r] = r * N;
            }
            Collectives.barrier(world);

            final int[] data = rank == root ? values(root, N) : new int[N];
            Collectives.bcast(world, data, 0, N, INT, root);
            assertArrayEquals(values(root, N), data);

            final int[] all = new int[np * N];
            final int[] expectedAll = new int[np * N];
            for (int r = 0; r < np; r++)
            {
                System.arraycopy(values(r, N), 0, expectedAll, r * N, N);
            }
            Collectives.gather(world, values(rank, N), 0, N, INT, all, 0, N, INT, root);
            assertArrayEquals(rank == root ? expectedAll : new int[np * N], all);
            Arrays.fill(all, 0);
            Collectives.gatherv(world, values(rank, N), 0, N, INT, all, 0, counts, displs, INT, 0);
            assertArrayEquals(rank == 0 ? expectedAll : new int[np * N], all);

            final int[] mine = new int[N];
            Collectives.scatter(world, expectedAll, 0, N, INT, mine, 0, N, INT, root);
            assertArrayEquals(values(rank, N), mine);
            Collectives.scatterv(world, expectedAll, 0, counts, displs, INT, mine, 0, N, INT, 0);
            assertArrayEquals(values(rank, N), mine);

            Arrays.fill(all, 0);
            Collectives.allgather(world, values(rank, N), 0, N, INT, all, 0, N, INT);
            assertArrayEquals(expectedAll, all);
            Arrays.fill(all, 0);
            Collectives.allgatherv(world, values(rank, N), 0, N, INT, all, 0, counts, displs, INT);
            assertArrayEquals(expectedAll, all);

            final int[] exchanged = new int[np * N];
            Collectives.alltoall(world, expectedAll, 0, N, INT, exchanged, 0, N, INT);
            for (int r = 0; r < np; r++)
            {
                assertArrayEquals(values(rank, N), Arrays.copyOfRange(exchanged, r * N, r * N + N));
            }
            Collectives.alltoallv(world, expectedAll, 0, counts, displs, INT, exchanged, 0, counts, displs, INT);
            assertEquals(value(rank, N - 1), exchanged[np * N - 1]);

            final int[] sums = new int[N];
            final int[] expectedSums = new int[N];
            for (int i = 0; i < N; i++)
            {
                for (int r = 0; r < np; r++)
                {
                    expectedSums[i] += value(r, i);
                }
            }
            Collectives.reduce(world, values(rank, N), 0, sums, 0, N, INT, PredefinedOp.SUM, root);
            assertArrayEquals(rank == root ? expectedSums : new int[N], sums);
            Collectives.allreduce(world, values(rank, N), 0, sums, 0, N, INT, PredefinedOp.SUM);
            assertArrayEquals(expectedSums, sums);

            final int[] block = new int[N / np + 1];
            final int[] blockCounts = new int[np];
            Arrays.fill(blockCounts, N / np);
            Collectives.reduceScatter(world, values(rank, N), 0, block, 0, blockCounts, INT, PredefinedOp.SUM);
            assertArrayEquals(Arrays.copyOfRange(expectedSums, rank * (N / np), (rank + 1) * (N / np)),
                Arrays.copyOf(block, N / np));

            final int[] prefix = new int[N];
            Collectives.scan(world, values(rank, N), 0, prefix, 0, N, INT, PredefinedOp.MAX);
            assertArrayEquals(values(rank, N), prefix);
            Collectives.exscan(world, values(rank, N), 0, prefix, 0, N, INT, PredefinedOp.MAX);
            assertArrayEquals(rank == 0 ? values(0, N) : values(rank - 1, N), prefix);
            Collectives.barrier(world);
        });
    }
}
