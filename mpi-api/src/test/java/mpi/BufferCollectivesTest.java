package mpi;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.IntBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MPJ Express-style collectives over {@code java.nio} buffers (direct, heap, byte buffers holding another type),
 * from their offset argument, blocking and nonblocking, their requests completed by either API's waits; and their
 * bad buffers: each a clear {@code MPIException}, nothing written out of range.
 */
@Timeout(180)
class BufferCollectivesTest
{
    @ParameterizedTest
    @EnumSource(value = Ranks.Layout.class, names = { "ONE_JVM", "ONE_PER_JVM", "TWO_VIRTUAL_NODES" })
    void mpjStyleCollectivesTakeBuffersFromTheirOffset(final Ranks.Layout layout) throws Exception
    {
        Ranks.run(layout, 4, MpjOverBuffers.class);
    }

    @ParameterizedTest
    @EnumSource(value = Ranks.Layout.class, names = { "ONE_JVM", "ONE_PER_JVM" })
    void badBuffersInMpjStyleCollectivesAreClearErrors(final Ranks.Layout layout) throws Exception
    {
        Ranks.run(layout, 2, BadBuffers.class);
    }

    @ParameterizedTest
    @EnumSource(value = Ranks.Layout.class, names = { "ONE_JVM", "ONE_PER_JVM" })
    void aCommunicatorsBlockingCollectivesReuseTheirStagingSafely(final Ranks.Layout layout) throws Exception
    {
        Ranks.run(layout, 2, StagingReused.class);
    }

    @ParameterizedTest
    @EnumSource(value = Ranks.Layout.class, names = { "ONE_JVM", "ONE_PER_JVM" })
    void nonRootsMayPassNullCountsAndDisplacementsToGathervAndScatterv(final Ranks.Layout layout) throws Exception
    {
        Ranks.run(layout, 3, NullCountsAtNonRoots.class);
    }

    @ParameterizedTest
    @EnumSource(value = Ranks.Layout.class, names = { "ONE_JVM", "ONE_PER_JVM" })
    void theRootGroupOfAnIntercommunicatorMayPassNullForTheOtherSide(final Ranks.Layout layout) throws Exception
    {
        Ranks.run(layout, 4, NullSidesOnAnIntercommunicator.class);
    }

    /**
     * On an intercommunicator a gather's or reduce's send buffer, and a scatter's receive buffer, are significant in
     * the group that is not the root's alone: the root (MPI.ROOT) and its group (MPI.PROC_NULL) pass null there (they
     * used to fail, "buffer null does not hold INT", where Open MPI's calls staged it on every rank).
     */
    public static class NullSidesOnAnIntercommunicator
    {
        public static void main(final String[] args)
        {
            MPI.Init(args);
            final Intracomm world = MPI.COMM_WORLD;
            final int rank = world.getRank();
            final int color = rank % 2;
            final Intracomm local = world.split(color, rank);
            final Intercomm inter = world.createIntercomm(local, 0, color == 0 ? 1 : 0, 7);
            final int localRank = local.getRank();
            final int remote = inter.getRemoteSize();
            final int root = color == 1 ? 0 : localRank == 0 ? MPI.ROOT : MPI.PROC_NULL;
            final boolean atRoot = root == MPI.ROOT;
            final int[] counts = new int[remote];
            final int[] displs = new int[remote];
            for (int i = 0; i < remote; i++)
            {
                counts[i] = 1;
                displs[i] = remote - 1 - i;
            }
            for (int form = 0; form < 6; form++)
            {
                final IntBuffer result = MPI.newIntBuffer(remote);
                final IntBuffer mine = MPI.newIntBuffer(1).put(0, rank + 100);
                final boolean other = color == 1;
                switch (form)
                {
                    case 0 -> inter.gather(other ? mine : null, 1, MPI.INT, atRoot ? result : null, 1, MPI.INT, root);
                    case 1 -> inter.gatherv(other ? mine : null, 1, MPI.INT, atRoot ? result : null,
                        atRoot ? counts : null, atRoot ? displs : null, MPI.INT, root);
                    case 2 -> inter.iGather(other ? mine : null, 1, MPI.INT, atRoot ? result : null, 1, MPI.INT,
                        root).waitFor();
                    case 3 -> inter.iGatherv(other ? mine : null, 1, MPI.INT, atRoot ? result : null,
                        atRoot ? counts : null, atRoot ? displs : null, MPI.INT, root).waitFor();
                    case 4 -> inter.reduce(other ? mine : null, atRoot ? result : null, 1, MPI.INT, MPI.SUM, root);
                    default -> inter.iReduce(other ? mine : null, atRoot ? result : null, 1, MPI.INT, MPI.SUM,
                        root).waitFor();
                }
                if (atRoot)
                {
                    if (form >= 4)
                    {
                        assertEquals(101 + 103, result.get(0), "reduce form " + form);
                    }
                    else
                    {
                        for (int i = 0; i < remote; i++)
                        {
                            assertEquals(2 * i + 1 + 100, result.get(form % 2 == 1 ? displs[i] : i), "form " + form);
                        }
                    }
                }
            }
            for (int form = 0; form < 4; form++)
            {
                final IntBuffer all = MPI.newIntBuffer(remote);
                for (int i = 0; i < remote; i++)
                {
                    all.put(i, 200 + i);
                }
                final IntBuffer got = MPI.newIntBuffer(1);
                final boolean other = color == 1;
                final IntBuffer send = atRoot ? all : null;
                final IntBuffer recv = other ? got : null;
                final int[] c = atRoot ? counts : null;
                final int[] d = atRoot ? new int[]{ 0, 1 } : null;
                switch (form)
                {
                    case 0 -> inter.scatter(send, 1, MPI.INT, recv, 1, MPI.INT, root);
                    case 1 -> inter.scatterv(send, c, d, MPI.INT, recv, 1, MPI.INT, root);
                    case 2 -> inter.iScatter(send, 1, MPI.INT, recv, 1, MPI.INT, root).waitFor();
                    default -> inter.iScatterv(send, c, d, MPI.INT, recv, 1, MPI.INT, root).waitFor();
                }
                if (other)
                {
                    assertEquals(200 + localRank, got.get(0), "scatter form " + form);
                }
            }
            MPI.Finalize();
        }
    }

    /**
     * A gatherv's receive counts, displacements and buffer, and a scatterv's send ones, are significant at the root
     * alone: the other ranks pass null (they used to fail with a NullPointerException wherever the call staged its
     * buffers: Open MPI's gatherv and scatterv, blocking or not, on arrays or buffers, and MPJ Express' on buffers or
     * nonblocking, which measured the root's blocks on every rank).
     */
    public static class NullCountsAtNonRoots
    {
        public static void main(final String[] args)
        {
            MPI.Init(args);
            final Intracomm world = MPI.COMM_WORLD;
            final int rank = world.getRank();
            final int size = world.getSize();
            final int root = 1;
            final boolean atRoot = rank == root;
            final int[] counts = new int[size];
            final int[] displs = new int[size];
            for (int i = 0; i < size; i++)
            {
                counts[i] = i + 1;
                displs[i] = i * (i + 1) / 2;
            }
            final int total = size * (size + 1) / 2;
            final int[] rc = atRoot ? counts : null;
            final int[] rd = atRoot ? displs : null;
            final int[] mine = new int[rank + 1];
            java.util.Arrays.fill(mine, rank + 10);
            for (int form = 0; form < 6; form++)
            {
                final int[] gathered = new int[total];
                final IntBuffer direct = MPI.newIntBuffer(total);
                final IntBuffer sendDirect = MPI.newIntBuffer(rank + 1).put(mine);
                switch (form)
                {
                    case 0 -> world.gatherv(mine, rank + 1, MPI.INT, atRoot ? gathered : null, rc, rd, MPI.INT, root);
                    case 1 -> world.gatherv(sendDirect, rank + 1, MPI.INT, atRoot ? direct : null, rc, rd, MPI.INT,
                        root);
                    case 2 -> world.iGatherv(sendDirect, rank + 1, MPI.INT, atRoot ? direct : null, rc, rd, MPI.INT,
                        root).waitFor();
                    case 3 -> world.Igatherv(mine, 0, rank + 1, MPI.INT, atRoot ? gathered : null, 0, rc, rd, MPI.INT,
                        root).Wait();
                    case 4 -> world.Gatherv(sendDirect, 0, rank + 1, MPI.INT, atRoot ? direct : null, 0, rc, rd,
                        MPI.INT, root);
                    default -> world.Igatherv(sendDirect, 0, rank + 1, MPI.INT, atRoot ? direct : null, 0, rc, rd,
                        MPI.INT, root).Wait();
                }
                if (atRoot)
                {
                    for (int i = 0; i < size; i++)
                    {
                        for (int k = 0; k < i + 1; k++)
                        {
                            final int got = form == 0 || form == 3 ? gathered[displs[i] + k] : direct.get(displs[i] + k);
                            assertEquals(i + 10, got, "gatherv form " + form + " block " + i);
                        }
                    }
                }
            }
            final int[] all = new int[total];
            for (int i = 0; i < size; i++)
            {
                java.util.Arrays.fill(all, displs[i], displs[i] + counts[i], i + 20);
            }
            for (int form = 0; form < 5; form++)
            {
                final IntBuffer allDirect = MPI.newIntBuffer(total).put(all);
                final int[] got = new int[rank + 1];
                final IntBuffer gotDirect = MPI.newIntBuffer(rank + 1);
                switch (form)
                {
                    case 0 -> world.scatterv(atRoot ? all : null, rc, rd, MPI.INT, got, rank + 1, MPI.INT, root);
                    case 1 -> world.scatterv(atRoot ? allDirect : null, rc, rd, MPI.INT, gotDirect, rank + 1, MPI.INT,
                        root);
                    case 2 -> world.iScatterv(atRoot ? allDirect : null, rc, rd, MPI.INT, gotDirect, rank + 1, MPI.INT,
                        root).waitFor();
                    case 3 -> world.Iscatterv(atRoot ? all : null, 0, rc, rd, MPI.INT, got, 0, rank + 1, MPI.INT,
                        root).Wait();
                    default -> world.Scatterv(atRoot ? allDirect : null, 0, rc, rd, MPI.INT, gotDirect, 0, rank + 1,
                        MPI.INT, root);
                }
                for (int k = 0; k < rank + 1; k++)
                {
                    assertEquals(rank + 20, form == 0 || form == 3 ? got[k] : gotDirect.get(k), "scatterv form " + form);
                }
            }
            MPI.Finalize();
        }
    }

    /**
     * Open MPI-style blocking collectives on direct buffers, one after another on one communicator, which stages them
     * through the same arrays: other types, other and larger sizes, a call refused halfway, a nonblocking call's own
     * staging alive meanwhile; every result right, nothing past a result's count written.
     */
    public static class StagingReused
    {
        public static void main(final String[] args)
        {
            MPI.Init(args);
            final Intracomm world = MPI.COMM_WORLD;
            world.setErrhandler(MPI.ERRORS_RETURN);
            final int rank = world.getRank();
            final int size = world.getSize();
            final int ranks = size * (size - 1) / 2;

            final DoubleBuffer pending = MPI.newDoubleBuffer(1).put(0, rank + 1);
            final DoubleBuffer pendingSum = MPI.newDoubleBuffer(1);
            final Request started = world.iAllReduce(pending, pendingSum, 1, MPI.DOUBLE, MPI.SUM);

            for (final int n : new int[]{ 2, 1000, 3, 200_000 })
            {
                final DoubleBuffer x = MPI.newDoubleBuffer(n + 1);
                final DoubleBuffer sum = MPI.newDoubleBuffer(n + 1).put(n, -5);
                for (int i = 0; i < n; i++)
                {
                    x.put(i, rank + i);
                }
                world.allReduce(x, sum, n, MPI.DOUBLE, MPI.SUM);
                assertEquals(ranks, sum.get(0));
                assertEquals(ranks + (double)size * (n - 1), sum.get(n - 1));
                assertEquals(-5, sum.get(n));
            }

            final IntBuffer ints = MPI.newIntBuffer(3).put(0, rank).put(1, 1).put(2, 7);
            world.allReduce(ints, 2, MPI.INT, MPI.MAX);
            assertEquals(size - 1, ints.get(0));
            assertEquals(7, ints.get(2));

            final MPIException e = assertThrows(MPIException.class, () -> world.allReduce(MPI.newIntBuffer(2),
                MPI.newIntBuffer(2).asReadOnlyBuffer(), 2, MPI.INT, MPI.SUM));
            assertEquals(MPI.ERR_BUFFER, e.getErrorClass());
            assertTrue(e.getMessage().startsWith("Comm.allReduce"), e.getMessage());

            final IntBuffer all = MPI.newIntBuffer(2 * size);
            world.allGather(MPI.newIntBuffer(2).put(0, rank).put(1, -rank), 2, MPI.INT, all, 2, MPI.INT);
            assertEquals(size - 1, all.get(2 * size - 2));
            assertEquals(1 - size, all.get(2 * size - 1));

            final DoubleBuffer root = MPI.newDoubleBuffer(2).put(0, rank == 0 ? 4.5 : 0);
            world.bcast(root, 1, MPI.DOUBLE, 0);
            assertEquals(4.5, root.get(0));

            started.waitFor();
            assertEquals(ranks + size, pendingSum.get(0));
            MPI.Finalize();
        }
    }

    public static class MpjOverBuffers
    {
        public static void main(final String[] args)
        {
            MPI.Init(args);
            final Intracomm world = MPI.COMM_WORLD;
            final int rank = world.Rank();
            final int size = world.Size();

            // Bcast into elements 2..4 of a direct buffer: 0 and 1 keep what they held.
            final IntBuffer b = MPI.newIntBuffer(5);
            b.put(0, -7).put(1, -7);
            if (rank == 0)
            {
                b.put(2, 10).put(3, 11).put(4, 12);
            }
            world.Bcast(b, 2, 3, MPI.INT, 0);
            assertEquals(-7, b.get(1));
            assertEquals(12, b.get(4));

            // Allreduce: direct doubles in, a heap buffer (its own array, no copy) out, at offsets.
            final DoubleBuffer x = MPI.newDoubleBuffer(3).put(1, rank).put(2, 1);
            final DoubleBuffer sum = DoubleBuffer.allocate(4).put(0, -1);
            world.Allreduce(x, 1, sum, 1, 2, MPI.DOUBLE, MPI.SUM);
            assertEquals(size * (size - 1) / 2.0, sum.get(1));
            assertEquals(size, sum.get(2));
            assertEquals(-1, sum.get(0));

            // A byte buffer holding ints, offsets in ints; the receive buffer only matters at the root.
            final ByteBuffer mine = ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder());
            mine.asIntBuffer().put(1, rank * rank);
            final IntBuffer gathered = rank == 2 ? MPI.newIntBuffer(size) : null;
            world.Gather(mine, 1, 1, MPI.INT, gathered, 0, 1, MPI.INT, 2);
            if (rank == 2)
            {
                assertEquals(9, gathered.get(3));
            }

            // Scatter from the root's direct buffer into heap ones; allgather and alltoall over direct buffers.
            final IntBuffer spread = MPI.newIntBuffer(size + 1);
            for (int i = 0; i < size; i++)
            {
                spread.put(i + 1, 100 + i);
            }
            final IntBuffer piece = IntBuffer.allocate(1);
            world.Scatter(spread, 1, 1, MPI.INT, piece, 0, 1, MPI.INT, 1);
            assertEquals(100 + rank, piece.get(0));
            final IntBuffer all = MPI.newIntBuffer(size);
            world.Allgather(piece, 0, 1, MPI.INT, all, 0, 1, MPI.INT);
            assertEquals(100 + size - 1, all.get(size - 1));
            final IntBuffer out = MPI.newIntBuffer(size);
            final IntBuffer in = MPI.newIntBuffer(size);
            for (int i = 0; i < size; i++)
            {
                out.put(i, 10 * rank + i);
            }
            world.Alltoall(out, 0, 1, MPI.INT, in, 0, 1, MPI.INT);
            assertEquals(10 * (size - 1) + rank, in.get(size - 1));

            // Gatherv, Reduce_scatter, Scan, Exscan.
            final IntBuffer varied = MPI.newIntBuffer(size * (size + 1) / 2);
            final int[] counts = new int[size];
            final int[] displs = new int[size];
            for (int i = 0, at = 0; i < size; at += ++i)
            {
                counts[i] = i + 1;
                displs[i] = at;
            }
            final IntBuffer own = MPI.newIntBuffer(rank + 1);
            for (int i = 0; i <= rank; i++)
            {
                own.put(i, rank);
            }
            world.Gatherv(own, 0, rank + 1, MPI.INT, varied, 0, counts, displs, MPI.INT, 0);
            if (rank == 0)
            {
                assertEquals(size - 1, varied.get(varied.capacity() - 1));
            }
            final IntBuffer ones = MPI.newIntBuffer(size);
            for (int i = 0; i < size; i++)
            {
                ones.put(i, 1);
            }
            final IntBuffer block = MPI.newIntBuffer(1);
            world.Reduce_scatter(ones, 0, block, 0, new int[]{ 1, 1, 1, 1 }, MPI.INT, MPI.SUM);
            assertEquals(size, block.get(0));
            final IntBuffer prefix = MPI.newIntBuffer(1);
            world.Scan(MPI.newIntBuffer(1).put(0, rank + 1), 0, prefix, 0, 1, MPI.INT, MPI.SUM);
            assertEquals((rank + 1) * (rank + 2) / 2, prefix.get(0));
            final IntBuffer before = MPI.newIntBuffer(1).put(0, -3);
            world.Exscan(MPI.newIntBuffer(1).put(0, rank + 1), 0, before, 0, 1, MPI.INT, MPI.SUM);
            assertEquals(rank == 0 ? -3 : rank * (rank + 1) / 2, before.get(0));

            // Nonblocking, each request completed by the other API's wait; results land at completion.
            final DoubleBuffer total = MPI.newDoubleBuffer(1);
            final Request mpj = world.Iallreduce(MPI.newDoubleBuffer(1).put(0, 2), 0, total, 0, 1, MPI.DOUBLE, MPI.SUM);
            final IntBuffer root = MPI.newIntBuffer(1).put(0, rank == 3 ? 42 : 0);
            final Request ompi = world.iBcast(root, 1, MPI.INT, 3);
            mpj.waitFor();
            Request.Waitall(new Request[]{ ompi });
            assertEquals(2.0 * size, total.get(0));
            assertEquals(42, root.get(0));
            final IntBuffer maxima = MPI.newIntBuffer(2);
            final Request max = world.Ireduce(MPI.newIntBuffer(2).put(0, rank).put(1, -rank), 0, maxima, 0, 2,
                MPI.INT, MPI.MAX, 0);
            Request.waitAll(new Request[]{ max });
            if (rank == 0)
            {
                assertEquals(size - 1, maxima.get(0));
                assertEquals(0, maxima.get(1));
            }
            world.Barrier();
            MPI.Finalize();
        }
    }

    public static class BadBuffers
    {
        public static void main(final String[] args)
        {
            MPI.Init(args);
            final Intracomm world = MPI.COMM_WORLD;
            world.setErrhandler(MPI.ERRORS_RETURN);

            // Too few elements from the offset: refused before anything moves, the buffer behind stays as it was.
            final IntBuffer backing = MPI.newIntBuffer(6).put(5, -1);
            final IntBuffer slice = MPI.slice(backing, 2);
            MPIException e = assertThrows(MPIException.class,
                () -> world.Allreduce(MPI.newIntBuffer(4), 0, slice, 1, 4, MPI.INT, MPI.SUM));
            assertEquals(MPI.ERR_BUFFER, e.getErrorClass());
            assertTrue(e.getMessage().startsWith("Intracomm.Allreduce") && e.getMessage().contains("too small"),
                e.getMessage());
            e = assertThrows(MPIException.class, () -> world.Ibcast(slice, 3, 2, MPI.INT, 0));
            assertEquals(MPI.ERR_BUFFER, e.getErrorClass());
            assertEquals(-1, backing.get(5));

            // A read-only buffer cannot take a result; it may be sent.
            final IntBuffer readOnly = MPI.newIntBuffer(2).asReadOnlyBuffer();
            e = assertThrows(MPIException.class, () -> world.Bcast(readOnly, 0, 2, MPI.INT, 0));
            assertEquals(MPI.ERR_BUFFER, e.getErrorClass());
            assertTrue(e.getMessage().contains("read-only"), e.getMessage());
            final IntBuffer sum = MPI.newIntBuffer(1);
            world.Allreduce(MPI.newIntBuffer(1).put(0, 3).asReadOnlyBuffer(), 0, sum, 0, 1, MPI.INT, MPI.SUM);
            assertEquals(6, sum.get(0));

            // A heap view without an array, a buffer of another type, an object type over a buffer.
            e = assertThrows(MPIException.class,
                () -> world.Allreduce(ByteBuffer.allocate(8).asIntBuffer(), 0, sum, 0, 1, MPI.INT, MPI.SUM));
            assertEquals(MPI.ERR_BUFFER, e.getErrorClass());
            assertTrue(e.getMessage().contains("MPI.newIntBuffer"), e.getMessage());
            e = assertThrows(MPIException.class,
                () -> world.Allreduce(MPI.newDoubleBuffer(1), 0, sum, 0, 1, MPI.INT, MPI.SUM));
            assertEquals(MPI.ERR_TYPE, e.getErrorClass());
            e = assertThrows(MPIException.class, () -> world.Bcast(MPI.newByteBuffer(8), 0, 1, MPI.OBJECT, 0));
            assertEquals(MPI.ERR_TYPE, e.getErrorClass());
            world.Barrier();
            MPI.Finalize();
        }
    }
}
