package mpi;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Timeout;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class CommunicatorsTest
{
    @ParameterizedTest
    @EnumSource(Ranks.Layout.class)
    void splitCreateDupCompareAndGroups(final Ranks.Layout layout) throws Exception
    {
        Ranks.run(layout, 6, Construction.class);
    }

    public static class Construction
    {
        public static void main(final String[] args)
        {
            MPI.Init(args);
            final Intracomm world = MPI.COMM_WORLD;
            final int rank = world.Rank();

            final Intracomm half = world.Split(rank % 2, -rank);
            assertEquals(3, half.Size());
            assertEquals(2 - rank / 2, half.Rank(), "keys order ranks in the new communicator");
            final int[] sum = new int[1];
            half.Allreduce(new int[]{ rank }, 0, sum, 0, 1, MPI.INT, MPI.SUM);
            assertEquals(rank % 2 == 0 ? 0 + 2 + 4 : 1 + 3 + 5, sum[0]);
            final Intracomm onlyZero = world.Split(rank == 0 ? 0 : MPI.UNDEFINED, 0);
            assertEquals(rank == 0, onlyZero != null, "MPI.UNDEFINED color gives COMM_NULL");

            final Intracomm dup = (Intracomm)world.clone();
            assertEquals(MPI.CONGRUENT, Comm.Compare(world, dup));
            assertEquals(MPI.IDENT, Comm.Compare(world, world));
            assertEquals(MPI.UNEQUAL, Comm.Compare(world, half));

            final Group all = world.Group();
            final Group evens = all.Range_incl(new int[][]{ { 0, 4, 2 } });
            assertEquals(3, evens.Size());
            assertEquals(rank % 2 == 0 ? rank / 2 : MPI.UNDEFINED, evens.Rank());
            assertEquals(MPI.IDENT, Group.Compare(evens, Group.Intersection(all, evens)));
            assertEquals(3, Group.Difference(all, evens).Size());
            assertEquals(6, Group.Union(evens, all).Size());
            assertArrayEquals(new int[]{ 1, MPI.UNDEFINED }, Group.Translate_ranks(all, new int[]{ 2, 3 }, evens));
            final Intracomm evenComm = world.Create(evens);
            if (rank % 2 == 0)
            {
                assertNotNull(evenComm);
                assertEquals(rank / 2, evenComm.Rank());
                assertEquals(MPI.IDENT, Group.Compare(evenComm.Group(), evens));
            }
            else
            {
                assertNull(evenComm);
            }

            // A message on the duplicate is invisible to a wildcard receive on the original.
            if (rank == 0)
            {
                dup.Send(new int[]{ 1 }, 0, 1, MPI.INT, 1, 0);
                world.Send(new int[]{ 2 }, 0, 1, MPI.INT, 1, 0);
            }
            else if (rank == 1)
            {
                final int[] v = new int[1];
                world.Recv(v, 0, 1, MPI.INT, MPI.ANY_SOURCE, MPI.ANY_TAG);
                assertEquals(2, v[0]);
                dup.Recv(v, 0, 1, MPI.INT, 0, 0);
                assertEquals(1, v[0]);
            }
            dup.Free();
            MPI.Finalize();
        }
    }

    @ParameterizedTest
    @EnumSource(Ranks.Layout.class)
    void intercommunicatorsTalkAcrossGroupsAndMerge(final Ranks.Layout layout) throws Exception
    {
        Ranks.run(layout, 4, Intercommunicators.class);
    }

    public static class Intercommunicators
    {
        public static void main(final String[] args)
        {
            MPI.Init(args);
            final Intracomm world = MPI.COMM_WORLD;
            final int rank = world.Rank();
            final Intracomm side = world.Split(rank % 2, rank);
            final Intercomm inter = world.Create_intercomm(side, 0, rank % 2 == 0 ? 1 : 0, 99);
            assertTrue(inter.Test_inter());
            assertEquals(2, inter.Remote_size());
            final int[] got = new int[1];
            inter.Sendrecv(new int[]{ rank }, 0, 1, MPI.INT, side.Rank(), 5, got, 0, 1, MPI.INT, side.Rank(), 5);
            assertEquals(rank % 2 == 0 ? rank + 1 : rank - 1, got[0]);
            final Intracomm merged = inter.Merge(rank % 2 == 1);
            assertEquals(4, merged.Size());
            assertEquals(rank % 2 == 0 ? rank / 2 : 2 + rank / 2, merged.Rank(), "the low group comes first");
            final int[] total = new int[1];
            merged.Allreduce(new int[]{ 1 }, 0, total, 0, 1, MPI.INT, MPI.SUM);
            assertEquals(4, total[0]);
            MPI.Finalize();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Ranks.Layout.class, names = { "ONE_JVM", "ONE_PER_JVM", "TWO_VIRTUAL_NODES" })
    void collectivesOnAnIntercommunicatorMoveDataBetweenTheGroups(final Ranks.Layout layout) throws Exception
    {
        Ranks.run(layout, 5, IntercommCollectives.class);
    }

    /**
     * Open MPI's collectives on an intercommunicator of the even ranks (0, 2, 4) and the odd ones (1, 3): the root
     * passes MPI.ROOT, the rest of its group MPI.PROC_NULL (and keeps its buffers), the other group the root's rank;
     * the all-collectives give each group the other's data.
     */
    public static class IntercommCollectives
    {
        public static void main(final String[] args)
        {
            MPI.Init(args);
            final Intracomm world = MPI.COMM_WORLD;
            final int rank = world.getRank();
            final boolean even = rank % 2 == 0;
            final int me = rank / 2; // rank in its group
            final Intercomm inter = world.createIntercomm(world.split(rank % 2, rank), 0, even ? 1 : 0, 9);
            inter.barrier();

            // bcast from world rank 2 (the even group's rank 1) to the odd group
            final int[] data = rank == 2 ? new int[]{ 7, 8, 9 } : new int[]{ -1, -1, -1 };
            inter.bcast(data, 3, MPI.INT, even ? (rank == 2 ? MPI.ROOT : MPI.PROC_NULL) : 1);
            assertArrayEquals(rank == 2 || !even ? new int[]{ 7, 8, 9 } : new int[]{ -1, -1, -1 }, data);

            // reduce of the even group's vectors at world rank 1 (the odd group's rank 0)
            final int[] sum = new int[2];
            inter.reduce(new int[]{ rank, 1 }, sum, 2, MPI.INT, MPI.SUM, even ? 0 : (rank == 1 ? MPI.ROOT :
                MPI.PROC_NULL));
            assertArrayEquals(rank == 1 ? new int[]{ 6, 3 } : new int[2], sum);

            // allreduce: each group the other's sum
            final int[] other = new int[1];
            inter.allReduce(new int[]{ rank }, other, 1, MPI.INT, MPI.SUM);
            assertEquals(even ? 1 + 3 : 0 + 2 + 4, other[0]);

            // gather of the odd group's blocks at world rank 2; scatter from world rank 1 to the even group
            final int[] gathered = new int[4];
            inter.gather(new int[]{ 10 * rank, 10 * rank + 1 }, 2, MPI.INT, gathered, 2, MPI.INT,
                even ? (rank == 2 ? MPI.ROOT : MPI.PROC_NULL) : 1);
            assertArrayEquals(rank == 2 ? new int[]{ 10, 11, 30, 31 } : new int[4], gathered);
            final int[] scattered = new int[1];
            inter.scatter(new int[]{ 100, 101, 102 }, 1, MPI.INT, scattered, 1, MPI.INT,
                even ? 0 : (rank == 1 ? MPI.ROOT : MPI.PROC_NULL));
            assertEquals(even ? 100 + me : 0, scattered[0]);

            // allgather: each group the other's blocks; alltoall: a block from each rank of the other group
            final int[] all = new int[even ? 2 : 3];
            inter.allGather(new int[]{ rank }, 1, MPI.INT, all, 1, MPI.INT);
            assertArrayEquals(even ? new int[]{ 1, 3 } : new int[]{ 0, 2, 4 }, all);
            final int peers = even ? 2 : 3;
            final int[] out = new int[peers];
            for (int j = 0; j < peers; j++)
            {
                out[j] = 100 * rank + j;
            }
            final int[] in = new int[peers];
            inter.allToAll(out, 1, MPI.INT, in, 1, MPI.INT);
            for (int j = 0; j < peers; j++)
            {
                assertEquals(100 * (2 * j + (even ? 1 : 0)) + me, in[j], "block from the other group's rank " + j);
            }

            // the v-variants: the odd group's rank j sends j + 1 items, gathered at world rank 4 at displacement 3 j;
            // world rank 3 scatters j + 1 items to the even group's rank j; allgatherv and alltoallv likewise
            final int[] vgathered = new int[6];
            inter.gatherv(new int[]{ rank, rank }, even ? 0 : me + 1, MPI.INT, vgathered, new int[]{ 1, 2 }, new int[]{ 0, 3 },
                MPI.INT, even ? (rank == 4 ? MPI.ROOT : MPI.PROC_NULL) : 2);
            assertArrayEquals(rank == 4 ? new int[]{ 1, 0, 0, 3, 3, 0 } : new int[6], vgathered);
            final int[] vscattered = new int[3];
            inter.scatterv(new int[]{ 5, 6, 6, 7, 7, 7 }, new int[]{ 1, 2, 3 }, new int[]{ 0, 1, 3 }, MPI.INT, vscattered,
                even ? me + 1 : 0, MPI.INT, even ? 1 : (rank == 3 ? MPI.ROOT : MPI.PROC_NULL));
            final int[][] scatteredBlocks = { { 5, 0, 0 }, { 6, 6, 0 }, { 7, 7, 7 } };
            assertArrayEquals(even ? scatteredBlocks[me] : new int[3], vscattered);
            final int[] vall = new int[even ? 3 : 6];
            final int[] theirCounts = even ? new int[]{ 1, 2 } : new int[]{ 1, 2, 3 };
            final int[] theirDispls = even ? new int[]{ 0, 1 } : new int[]{ 0, 1, 3 };
            inter.allGatherv(new int[]{ rank, rank, rank }, me + 1, MPI.INT, vall, theirCounts, theirDispls, MPI.INT);
            assertArrayEquals(even ? new int[]{ 1, 3, 3 } : new int[]{ 0, 2, 2, 4, 4, 4 }, vall);
            final int[] vin = new int[peers];
            inter.allToAllv(out, uniform(peers, 1), consecutive(peers), MPI.INT, vin, uniform(peers, 1),
                consecutive(peers), MPI.INT);
            assertArrayEquals(in, vin, "allToAllv as allToAll");

            // a root that names no rank of the other group, and what is not supported, are errors that say so
            inter.setErrhandler(MPI.ERRORS_RETURN);
            if (!even)
            {
                final MPIException badRoot = assertThrows(MPIException.class,
                    () -> inter.bcast(new int[1], 1, MPI.INT, 3));
                assertEquals(MPI.ERR_ROOT, badRoot.getErrorClass());
            }
            final MPIException inPlace = assertThrows(MPIException.class,
                () -> inter.allReduce(new int[1], 1, MPI.INT, MPI.SUM));
            assertEquals(MPI.ERR_COMM, inPlace.getErrorClass());
            assertTrue(inPlace.getMessage().contains("Comm.allReduce: the in-place form"), inPlace.getMessage());
            MPI.Finalize();
        }

        private static int[] uniform(final int n, final int count)
        {
            final int[] counts = new int[n];
            Arrays.fill(counts, count);
            return counts;
        }

        private static int[] consecutive(final int n)
        {
            final int[] displs = new int[n];
            Arrays.setAll(displs, j -> j);
            return displs;
        }
    }

    @ParameterizedTest
    @EnumSource(value = Ranks.Layout.class, names = { "ONE_JVM", "TWO_VIRTUAL_NODES" })
    void theRootGroupOfAnIntercommunicatorPassesNoBuffersItDoesNotUse(final Ranks.Layout layout) throws Exception
    {
        Ranks.run(layout, 3, IntercommUnusedBuffers.class);
    }

    /**
     * On an intercommunicator the root group's ranks (MPI.ROOT and MPI.PROC_NULL) send nothing in a gather or a
     * reduce and receive nothing in a scatter, and the PROC_NULL ones nothing in a bcast: those buffers are not
     * significant there (MPI 3.1, 5.2.2), so an empty (or null) one must do. They were staged and range-checked as if
     * used (found by the topology storm).
     */
    public static class IntercommUnusedBuffers
    {
        public static void main(final String[] args)
        {
            MPI.Init(args);
            final Intracomm world = MPI.COMM_WORLD;
            final int rank = world.getRank();
            final boolean even = rank % 2 == 0; // the root group: world ranks 0 (the root) and 2
            final int[] none = new int[0];
            final Intercomm inter = world.createIntercomm(world.split(rank % 2, rank), 0, even ? 1 : 0, 9);
            final int root = even ? (rank == 0 ? MPI.ROOT : MPI.PROC_NULL) : 0;

            final int[] data = new int[]{ 1, 2 };
            inter.bcast(rank == 2 ? none : data, 2, MPI.INT, root);
            assertArrayEquals(new int[]{ 1, 2 }, data);
            final int[] idata = rank == 0 ? new int[]{ 3, 4 } : new int[2];
            inter.iBcast(rank == 2 ? null : idata, 2, MPI.INT, root).waitFor();
            assertArrayEquals(rank == 2 ? new int[2] : new int[]{ 3, 4 }, idata);

            final int[] gathered = new int[2];
            inter.gather(even ? none : new int[]{ 5, 6 }, 2, MPI.INT, even ? gathered : null, 2, MPI.INT, root);
            assertArrayEquals(rank == 0 ? new int[]{ 5, 6 } : new int[2], gathered);
            final int[] igathered = new int[2];
            inter.iGather(even ? null : new int[]{ 7, 8 }, 2, MPI.INT, even ? igathered : null, 2, MPI.INT, root)
                .waitFor();
            assertArrayEquals(rank == 0 ? new int[]{ 7, 8 } : new int[2], igathered);
            final int[] vgathered = new int[3];
            inter.gatherv(even ? none : new int[]{ 1, 2, 3 }, 3, MPI.INT, vgathered, new int[]{ 3 }, new int[]{ 0 },
                MPI.INT, root);
            assertArrayEquals(rank == 0 ? new int[]{ 1, 2, 3 } : new int[3], vgathered);

            final int[] scattered = new int[]{ -1, -1 };
            inter.scatter(new int[]{ 4, 5 }, 2, MPI.INT, even ? none : scattered, 2, MPI.INT, root);
            assertArrayEquals(even ? new int[]{ -1, -1 } : new int[]{ 4, 5 }, scattered);
            final int[] iscattered = new int[2];
            inter.iScatter(new int[]{ 6, 7 }, 2, MPI.INT, even ? null : iscattered, 2, MPI.INT, root).waitFor();
            assertArrayEquals(even ? new int[2] : new int[]{ 6, 7 }, iscattered);
            final int[] vscattered = new int[1];
            inter.scatterv(new int[]{ 9 }, new int[]{ 1 }, new int[]{ 0 }, MPI.INT, even ? none : vscattered, 1,
                MPI.INT, root);
            assertArrayEquals(even ? new int[1] : new int[]{ 9 }, vscattered);

            final int[] sum = new int[2];
            inter.reduce(even ? none : new int[]{ 3, 4 }, sum, 2, MPI.INT, MPI.SUM, root);
            assertArrayEquals(rank == 0 ? new int[]{ 3, 4 } : new int[2], sum);
            final int[] isum = new int[2];
            inter.iReduce(even ? null : new int[]{ 5, 6 }, isum, 2, MPI.INT, MPI.SUM, root).waitFor();
            assertArrayEquals(rank == 0 ? new int[]{ 5, 6 } : new int[2], isum);
            MPI.Finalize();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Ranks.Layout.class, names = { "ONE_JVM", "ONE_PER_JVM", "TWO_VIRTUAL_NODES" })
    void nonblockingCollectivesAndReduceScatterOnAnIntercommunicator(final Ranks.Layout layout) throws Exception
    {
        Ranks.run(layout, 5, IntercommNonblockingCollectives.class);
    }

    /**
     * Open MPI's nonblocking collectives and reduce-scatter on an intercommunicator of the even ranks (0, 2, 4) and the
     * odd ones (1, 3): each returns at once, several are in flight together and complete in any order of waits, with
     * the values of their blocking twins.
     */
    public static class IntercommNonblockingCollectives
    {
        public static void main(final String[] args)
        {
            MPI.Init(args);
            final Intracomm world = MPI.COMM_WORLD;
            final int rank = world.getRank();
            final boolean even = rank % 2 == 0;
            final int me = rank / 2; // rank in its group
            final int peers = even ? 2 : 3;
            final Intercomm inter = world.createIntercomm(world.split(rank % 2, rank), 0, even ? 1 : 0, 9);

            // The even group's barrier returns before any odd rank has started its own: the odd ranks start theirs
            // only after a world barrier that the even ranks enter once theirs has returned. An intercommunicator
            // barrier that waited for the other group would never return.
            final Request barrier;
            if (even)
            {
                barrier = inter.iBarrier();
                world.barrier();
            }
            else
            {
                world.barrier();
                barrier = inter.iBarrier();
            }

            // All of them in flight at once, waited for in reverse order.
            final int[] data = rank == 2 ? new int[]{ 7, 8, 9 } : new int[]{ -1, -1, -1 };
            final int[] sum = new int[2];
            final int[] other = new int[1];
            final int[] gathered = new int[4];
            final int[] scattered = new int[1];
            final int[] all = new int[peers];
            final int[] out = new int[peers];
            for (int j = 0; j < peers; j++)
            {
                out[j] = 100 * rank + j;
            }
            final int[] in = new int[peers];
            final int[] vgathered = new int[6];
            final int[] vall = new int[even ? 3 : 6];
            final int[] rsCounts = even ? new int[]{ 1, 2, 1 } : new int[]{ 2, 2 };
            final int[] rsOut = new int[2];
            final int[] rsBlock = new int[3];
            final Request[] requests = {
                barrier,
                inter.iBcast(data, 3, MPI.INT, even ? (rank == 2 ? MPI.ROOT : MPI.PROC_NULL) : 1),
                inter.iReduce(new int[]{ rank, 1 }, sum, 2, MPI.INT, MPI.SUM, even ? 0 : (rank == 1 ? MPI.ROOT :
                    MPI.PROC_NULL)),
                inter.iAllReduce(new int[]{ rank }, other, 1, MPI.INT, MPI.SUM),
                inter.iGather(new int[]{ 10 * rank, 10 * rank + 1 }, 2, MPI.INT, gathered, 2, MPI.INT,
                    even ? (rank == 2 ? MPI.ROOT : MPI.PROC_NULL) : 1),
                inter.iScatter(new int[]{ 100, 101, 102 }, 1, MPI.INT, scattered, 1, MPI.INT,
                    even ? 0 : (rank == 1 ? MPI.ROOT : MPI.PROC_NULL)),
                inter.iAllGather(new int[]{ rank }, 1, MPI.INT, all, 1, MPI.INT),
                inter.iAllToAll(out, 1, MPI.INT, in, 1, MPI.INT),
                inter.iGatherv(new int[]{ rank, rank }, even ? 0 : me + 1, MPI.INT, vgathered, new int[]{ 1, 2 },
                    new int[]{ 0, 3 }, MPI.INT, even ? (rank == 4 ? MPI.ROOT : MPI.PROC_NULL) : 2),
                inter.iAllGatherv(new int[]{ rank, rank, rank }, me + 1, MPI.INT, vall,
                    even ? new int[]{ 1, 2 } : new int[]{ 1, 2, 3 }, even ? new int[]{ 0, 1 } : new int[]{ 0, 1, 3 },
                    MPI.INT),
                // reduce-scatter: each group combines vectors of 4 items, the other group's ranks get its blocks
                inter.iReduceScatter(new int[]{ 10 * rank, 10 * rank + 1, 10 * rank + 2, 10 * rank + 3 }, rsOut,
                    rsCounts, MPI.INT, MPI.SUM),
                // ... and of 6 items in blocks of 2 (3 ranks) or 3 (2 ranks)
                inter.iReduceScatterBlock(new int[]{ rank, rank, rank, rank, rank, rank }, rsBlock, even ? 2 : 3,
                    MPI.INT, MPI.SUM),
            };
            for (int i = requests.length - 1; i >= 0; i--)
            {
                requests[i].waitFor();
            }
            assertArrayEquals(rank == 2 || !even ? new int[]{ 7, 8, 9 } : new int[]{ -1, -1, -1 }, data);
            assertArrayEquals(rank == 1 ? new int[]{ 6, 3 } : new int[2], sum);
            assertEquals(even ? 1 + 3 : 0 + 2 + 4, other[0]);
            assertArrayEquals(rank == 2 ? new int[]{ 10, 11, 30, 31 } : new int[4], gathered);
            assertEquals(even ? 100 + me : 0, scattered[0]);
            assertArrayEquals(even ? new int[]{ 1, 3 } : new int[]{ 0, 2, 4 }, all);
            for (int j = 0; j < peers; j++)
            {
                assertEquals(100 * (2 * j + (even ? 1 : 0)) + me, in[j], "block from the other group's rank " + j);
            }
            assertArrayEquals(rank == 4 ? new int[]{ 1, 0, 0, 3, 3, 0 } : new int[6], vgathered);
            assertArrayEquals(even ? new int[]{ 1, 3, 3 } : new int[]{ 0, 2, 2, 4, 4, 4 }, vall);
            // the odd ranks' vectors sum to 40 + 2k, the even ranks' to 60 + 3k
            final int[][] rsExpected = even ? new int[][]{ { 40, 0 }, { 42, 44 }, { 46, 0 } } :
                new int[][]{ { 60, 63 }, { 66, 69 } };
            assertArrayEquals(rsExpected[me], rsOut);
            assertArrayEquals(even ? new int[]{ 4, 4, 0 } : new int[]{ 6, 6, 6 }, rsBlock);

            // the blocking reduce-scatter, and a second round of nonblocking ones on the same intercommunicator
            final int[] blocking = new int[2];
            inter.reduceScatter(new int[]{ 10 * rank, 10 * rank + 1, 10 * rank + 2, 10 * rank + 3 }, blocking, rsCounts,
                MPI.INT, MPI.SUM);
            assertArrayEquals(rsExpected[me], blocking);
            final int[] again = new int[1];
            inter.iAllReduce(new int[]{ 1 }, again, 1, MPI.INT, MPI.SUM).waitFor();
            assertEquals(even ? 2 : 3, again[0]);

            // a bad root is an error at once, on the rank that passes it
            inter.setErrhandler(MPI.ERRORS_RETURN);
            if (!even)
            {
                final MPIException badRoot = assertThrows(MPIException.class,
                    () -> inter.iBcast(new int[1], 1, MPI.INT, 3));
                assertEquals(MPI.ERR_ROOT, badRoot.getErrorClass());
            }
            MPI.Finalize();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Ranks.Layout.class, names = { "ONE_JVM", "ONE_PER_JVM", "TWO_VIRTUAL_NODES" })
    void iDupReturnsAtOnceAndItsDuplicatesKeepTheirOwnMessages(final Ranks.Layout layout) throws Exception
    {
        Ranks.run(layout, 4, NonblockingDuplicates.class);
    }

    /** Open MPI's {@code iDup}: nonblocking, usable once its request completes, contexts of its own, topology kept. */
    public static class NonblockingDuplicates
    {
        public static void main(final String[] args)
        {
            MPI.Init(args);
            final Intracomm world = MPI.COMM_WORLD;
            final int rank = world.getRank();
            final int size = world.getSize();
            assertNull(world.getRequest());

            // Rank 0 sends rank 1 a message only after its iDup returned, and rank 1 calls iDup only once that message
            // is in: an iDup that waited for the other ranks would never return on rank 0. Until rank 0 has called it,
            // rank 1's duplicate cannot be complete, and using it is an error.
            final int[] token = new int[1];
            final Intracomm first;
            if (rank == 0)
            {
                first = world.iDup();
                world.send(new int[]{ 42 }, 1, MPI.INT, 1, 7);
            }
            else if (rank == 1)
            {
                world.recv(token, 1, MPI.INT, 0, 7);
                assertEquals(42, token[0]);
                first = world.iDup();
            }
            else
            {
                first = world.iDup();
            }
            assertTrue(!first.isNull());
            first.getRequest().waitFor();
            assertEquals(MPI.CONGRUENT, Comm.compare(world, first));
            assertEquals(rank, first.getRank());

            final Intracomm early;
            if (rank == 1)
            {
                early = world.iDup();
                final MPIException e = assertThrows(MPIException.class, early::getSize);
                assertEquals(MPI.ERR_COMM, e.getErrorClass());
                assertTrue(e.getMessage().contains("iDup"), e.getMessage());
                world.send(new int[]{ 1 }, 1, MPI.INT, 0, 8);
            }
            else if (rank == 0)
            {
                world.recv(token, 1, MPI.INT, 1, 8);
                early = world.iDup();
            }
            else
            {
                early = world.iDup();
            }
            early.getRequest().waitFor();
            assertEquals(size, early.getSize());

            // Two in flight with a blocking dup between them, completed in reverse order: four communicators whose
            // messages of the same source and tag never meet.
            final Intracomm second = world.iDup();
            final Intracomm blocking = world.dup();
            final Intracomm third = world.iDup();
            Request.waitAll(new Request[]{ third.getRequest(), second.getRequest() });
            final Intracomm[] comms = { world, first, early, second, blocking, third };
            final int next = (rank + 1) % size;
            final int previous = (rank + size - 1) % size;
            final Request[] sends = new Request[comms.length];
            for (int c = 0; c < comms.length; c++)
            {
                sends[c] = comms[c].iSend(MPI.newIntBuffer(1).put(0, 100 * c + rank), 1, MPI.INT, next, 3);
            }
            for (int c = comms.length - 1; c >= 0; c--)
            {
                comms[c].recv(token, 1, MPI.INT, previous, 3);
                assertEquals(100 * c + previous, token[0], "communicator " + c);
            }
            Request.waitAll(sends);
            final int[] sum = new int[1];
            third.allReduce(new int[]{ rank }, sum, 1, MPI.INT, MPI.SUM);
            assertEquals(size * (size - 1) / 2, sum[0]);

            // A Cartesian duplicate keeps its grid.
            final CartComm ring = world.createCart(new int[]{ size }, new boolean[]{ true }, false);
            final CartComm ringCopy = ring.iDup();
            ringCopy.getRequest().waitFor();
            assertArrayEquals(ring.getTopo().coords, ringCopy.getTopo().coords);
            final int[] fromNeighbours = new int[2];
            ringCopy.neighborAllGather(new int[]{ rank }, 1, MPI.INT, fromNeighbours, 1, MPI.INT);
            assertArrayEquals(new int[]{ previous, next }, fromNeighbours);

            // An intercommunicator's (even and odd ranks): the odd group's leader starts its first only once the even
            // group's leader, whose contexts it takes, has sent it a message after its own returned (a duplication
            // that waited for the other group would never return there); two in flight, completed in reverse order,
            // each with its own messages across the groups, and mergeable.
            final Intercomm inter = world.createIntercomm(world.split(rank % 2, rank), 0, rank % 2 == 0 ? 1 : 0, 9);
            final Intercomm interFirst;
            if (rank == 0)
            {
                interFirst = inter.iDup();
                inter.send(new int[]{ 5 }, 1, MPI.INT, 0, 11);
            }
            else if (rank == 1)
            {
                inter.recv(token, 1, MPI.INT, 0, 11);
                assertEquals(5, token[0]);
                interFirst = inter.iDup();
            }
            else
            {
                interFirst = inter.iDup();
            }
            final Intercomm interSecond = inter.iDup();
            Request.waitAll(new Request[]{ interSecond.getRequest(), interFirst.getRequest() });
            final Intercomm[] inters = { inter, interFirst, interSecond };
            final int partner = (rank / 2 + 1) % (size / 2); // a rank of the other group
            final Request[] across = new Request[inters.length];
            for (int c = 0; c < inters.length; c++)
            {
                assertEquals(size / 2, inters[c].getRemoteSize());
                across[c] = inters[c].iSend(MPI.newIntBuffer(1).put(0, 100 * c + rank), 1, MPI.INT, partner, 4);
            }
            for (int c = inters.length - 1; c >= 0; c--)
            {
                final Status status = inters[c].recv(token, 1, MPI.INT, MPI.ANY_SOURCE, 4);
                assertEquals(100 * c + (rank % 2 == 0 ? 1 : 0) + 2 * status.getSource(), token[0],
                    "intercommunicator " + c);
            }
            Request.waitAll(across);
            assertEquals(size, interSecond.merge(rank % 2 == 1).getSize());
            MPI.Finalize();
        }
    }

    @ParameterizedTest
    @EnumSource(Ranks.Layout.class)
    void cartesianAndGraphTopologies(final Ranks.Layout layout) throws Exception
    {
        Ranks.run(layout, 6, Topologies.class);
    }

    public static class Topologies
    {
        public static void main(final String[] args)
        {
            MPI.Init(args);
            final Intracomm world = MPI.COMM_WORLD;
            final int[] dims = new int[2];
            Cartcomm.Dims_create(6, dims);
            assertArrayEquals(new int[]{ 3, 2 }, dims);
            final Cartcomm grid = world.Create_cart(dims, new boolean[]{ true, false }, false);
            assertEquals(MPI.CART, grid.Topo_test());
            final int[] coords = grid.Coords(grid.Rank());
            assertEquals(grid.Rank(), grid.Rank(coords));
            final CartParms parms = grid.Get();
            assertArrayEquals(dims, parms.dims);
            assertArrayEquals(coords, parms.coords);
            final ShiftParms down = grid.Shift(0, 1);
            assertEquals(grid.Rank(new int[]{ (coords[0] + 1) % 3, coords[1] }), down.rank_dest);
            final ShiftParms right = grid.Shift(1, 1);
            assertEquals(coords[1] == 1 ? MPI.PROC_NULL : grid.Rank() + 1, right.rank_dest);
            final int[] fromLeft = { -1 };
            grid.Sendrecv(new int[]{ grid.Rank() }, 0, 1, MPI.INT, right.rank_dest, 0,
                fromLeft, 0, 1, MPI.INT, right.rank_source, 0);
            assertEquals(coords[1] == 0 ? -1 : grid.Rank() - 1, fromLeft[0]);
            final Cartcomm row = grid.Sub(new boolean[]{ false, true });
            assertEquals(2, row.Size());
            assertEquals(coords[1], row.Rank());

            final Graphcomm ring = world.Create_graph(new int[]{ 2, 4, 6, 8, 10, 12 },
                new int[]{ 5, 1, 0, 2, 1, 3, 2, 4, 3, 5, 4, 0 }, false);
            assertEquals(MPI.GRAPH, ring.Topo_test());
            final int r = ring.Rank();
            assertArrayEquals(new int[]{ (r + 5) % 6, (r + 1) % 6 }, ring.Neighbours(r));
            assertEquals(12, ring.Get().edges.length);
            MPI.Finalize();
        }
    }
}
