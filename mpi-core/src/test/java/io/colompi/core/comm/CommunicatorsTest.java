package io.colompi.core.comm;

import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;
import io.colompi.core.pt2pt.Peers;
import io.colompi.core.pt2pt.RecvRequest;
import io.colompi.core.pt2pt.SendMode;
import io.colompi.core.pt2pt.SendRequest;
import io.colompi.core.testing.ThreadJob;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.TypeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommunicatorsTest
{
    private static final TypeMap INT = TypeMap.basic(BaseType.INT);

    @Test
    @Timeout(30)
    void splitOrdersByKeyThenOldRankAndGivesUndefinedColorNull() throws Exception
    {
        ThreadJob.run(6, world ->
        {
            final int me = world.rank();
            final int color = me == 5 ? Peers.UNDEFINED : me % 2;
            final int key = color == 0 ? (me == 4 ? 1 : 5) : -me;
            final Communicator child = Communicators.split(world, color, key);
            if (me == 5)
            {
                assertNull(child);
                return;
            }
            // evens: 4 (key 1), then 0 and 2 (key 5, by old rank); odds: by descending old rank
            final int[] expected = color == 0 ? new int[]{ 4, 0, 2 } : new int[]{ 3, 1 };
            assertArrayEquals(expected, child.group());
            assertEquals(Groups.rankOf(expected, me), child.rank());
            assertFalse(child.isInter());
            assertNotEquals(world.context(), child.context());
            assertArrayEquals(expected, Agreement.allgather(child, new int[]{ me }));
            assertChildIsolatedFromParent(world, child, 100 + color);
        });
    }

    @Test
    @Timeout(30)
    void splitWithAnInvalidColorFailsOnEveryRank() throws Exception
    {
        ThreadJob.run(3, world ->
        {
            final MpiError error = assertThrows(MpiError.class,
                () -> Communicators.split(world, world.rank() == 1 ? -5 : 0, 0));
            assertEquals(ErrorClass.ARG, error.errorClass());
            assertNotNull(Communicators.split(world, 0, 0));
        });
    }

    /**
     * MPI_THREAD_MULTIPLE: four threads of every rank each make communicators from a parent of their own at once
     * (duplicates, splits, creates, intercommunicators and merges); every communicator a rank holds has contexts of
     * its own. Agreed ids (the largest next free id over the ranks) let two threads of a rank agree on the same one.
     */
    @Test
    @Timeout(60)
    void threadsOfARankMakingCommunicatorsAtOnceGetContextsOfTheirOwn() throws Exception
    {
        ThreadJob.run(4, world ->
        {
            final Communicator[] parents = new Communicator[4];
            for (int t = 0; t < parents.length; t++)
            {
                parents[t] = Communicators.dup(world);
            }
            final ConcurrentLinkedQueue<Communicator> made = new ConcurrentLinkedQueue<>();
            final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
            final Thread[] threads = new Thread[parents.length];
            for (int t = 0; t < threads.length; t++)
            {
                final Communicator parent = parents[t];
                threads[t] = new Thread(() ->
                {
                    try
                    {
                        for (int i = 0; i < 10; i++)
                        {
                            made.add(Communicators.dup(parent));
                            made.add(Communicators.split(parent, 0, -parent.rank()));
                            made.add(Communicators.create(parent, parent.group()));
                            final Communicator half = Communicators.split(parent, parent.rank() % 2, 0);
                            final Communicator inter = Communicators.createIntercomm(half, 0, parent,
                                parent.rank() % 2 == 0 ? 1 : 0, 9);
                            made.add(inter);
                            made.add(Communicators.merge(inter, parent.rank() % 2 == 1));
                            made.add(Communicators.dup(inter));
                        }
                    }
                    catch (final Throwable e)
                    {
                        failures.add(e);
                    }
                });
                threads[t].start();
            }
            for (final Thread t : threads)
            {
                t.join();
            }
            assertTrue(failures.isEmpty(), failures::toString);
            final Set<Integer> contexts = new HashSet<>();
            for (final Communicator c : made)
            {
                final int owned = c.isInter() ? Communicators.INTER_CONTEXTS : Communicators.INTRA_CONTEXTS;
                for (int i = 0; i < owned; i++)
                {
                    assertTrue(contexts.add(c.context() + i), "context " + (c.context() + i) + " made twice");
                }
            }
        });
    }

    @Test
    @Timeout(30)
    void dupHasTheSameGroupOnAnIsolatedContext() throws Exception
    {
        ThreadJob.run(3, world ->
        {
            final Communicator dup = Communicators.dup(world);
            assertArrayEquals(world.group(), dup.group());
            assertEquals(world.rank(), dup.rank());
            assertEquals(Comparison.CONGRUENT, Communicators.compare(world, dup));
            assertEquals(Comparison.IDENT, Communicators.compare(dup, dup));
            final Communicator again = Communicators.dup(dup);
            assertNotEquals(dup.context(), again.context());
            assertChildIsolatedFromParent(world, dup, 7);
            assertChildIsolatedFromParent(dup, again, 8);
            assertMessagesStayOnTheirContext(dup, again, dup.rank() == 0 ? 1 : -1, dup.rank() == 1 ? 0 : -1);
        });
    }

    @Test
    @Timeout(30)
    void createMakesACommunicatorOfASubgroupInItsOrder() throws Exception
    {
        ThreadJob.run(5, world ->
        {
            final int[] group = { 4, 1, 3 };
            final Communicator sub = Communicators.create(world, group);
            final int me = world.rank();
            if (me == 0 || me == 2)
            {
                assertNull(sub);
            }
            else
            {
                assertArrayEquals(group, sub.group());
                assertEquals(Groups.rankOf(group, me), sub.rank());
                assertArrayEquals(group, Agreement.allgather(sub, new int[]{ me }));
                if (sub.rank() == 0)
                {
                    sub.send(new int[]{ 77 }, 0, 1, INT, 2, 3, SendMode.STANDARD);
                }
                else if (sub.rank() == 2)
                {
                    final int[] got = new int[1];
                    final RecvRequest r = sub.recv(got, 0, 1, INT, Peers.ANY_SOURCE, Peers.ANY_TAG);
                    assertEquals(0, r.source());
                    assertEquals(77, got[0]);
                }
            }
            // a second create on the same parent gets another context, and nested creation works
            final Communicator pair = Communicators.create(world, new int[]{ 1, 3 });
            if (me == 1 || me == 3)
            {
                assertNotEquals(sub.context(), pair.context());
                final Communicator one = Communicators.create(pair, new int[]{ 3 });
                assertEquals(me == 3, one != null);
            }
        });
    }

    @Test
    @Timeout(30)
    void createWithABadOrMismatchedGroupFailsOnEveryRank() throws Exception
    {
        ThreadJob.run(3, world ->
        {
            final int me = world.rank();
            final MpiError duplicate = assertThrows(MpiError.class,
                () -> Communicators.create(world, me == 2 ? new int[]{ 0, 0 } : new int[]{ 0, 1 }));
            assertEquals(ErrorClass.GROUP, duplicate.errorClass());
            final MpiError outside = assertThrows(MpiError.class,
                () -> Communicators.create(world, me == 0 ? new int[]{ 7 } : new int[]{ 0 }));
            assertEquals(ErrorClass.GROUP, outside.errorClass());
            final MpiError mismatch = assertThrows(MpiError.class,
                () -> Communicators.create(world, me == 1 ? new int[]{ 1, 0 } : new int[]{ 0, 1 }));
            assertEquals(ErrorClass.ARG, mismatch.errorClass());
        });
    }

    @Test
    @Timeout(30)
    void compareDistinguishesIdentCongruentSimilarUnequal() throws Exception
    {
        ThreadJob.run(4, world ->
        {
            assertEquals(Comparison.IDENT, Communicators.compare(world, world));
            assertEquals(Comparison.IDENT, Communicators.compare(world, Communicator.world(world.engine())));
            assertEquals(Comparison.CONGRUENT, Communicators.compare(world, Communicators.dup(world)));
            final Communicator reversed = Communicators.split(world, 0, -world.rank());
            assertEquals(Comparison.SIMILAR, Communicators.compare(world, reversed));
            final Communicator half = Communicators.split(world, world.rank() / 2, 0);
            assertEquals(Comparison.UNEQUAL, Communicators.compare(world, half));
            assertEquals(Comparison.UNEQUAL, Communicators.compare(half, Communicator.self(world.engine())));
        });
    }

    @Test
    @Timeout(30)
    void intercommunicatorBetweenEvenAndOddRanksCarriesMessagesAndMerges() throws Exception
    {
        ThreadJob.run(6, world ->
        {
            final int me = world.rank();
            final boolean even = me % 2 == 0;
            final Communicator local = Communicators.split(world, me % 2, me);
            final Communicator inter = Communicators.createIntercomm(local, 0, world, even ? 1 : 0, 42);
            final int[] evens = { 0, 2, 4 };
            final int[] odds = { 1, 3, 5 };
            assertTrue(inter.isInter());
            assertEquals(3, inter.size());
            assertEquals(3, inter.remoteSize());
            assertEquals(me / 2, inter.rank());
            assertArrayEquals(even ? evens : odds, inter.group());
            assertArrayEquals(even ? odds : evens, inter.remoteGroup());
            assertEquals(Comparison.UNEQUAL, Communicators.compare(inter, local));

            // ranks address the remote group: rank i of each side talks to rank i of the other
            final int peer = inter.rank();
            final SendRequest send = inter.isend(new int[]{ me }, 0, 1, INT, peer, 5);
            final int[] got = new int[1];
            final RecvRequest r = inter.recv(got, 0, 1, INT, Peers.ANY_SOURCE, 5);
            assertEquals(peer, r.source());
            assertEquals(inter.remoteGroup()[peer], got[0]);
            world.engine().awaitRequest(send);

            // the local intracommunicator of the intercommunicator agrees within one group only
            final Communicator localComm = Communicators.localComm(inter);
            assertArrayEquals(inter.group(), Agreement.allgather(localComm, new int[]{ me }));
            assertEquals(localComm.context(), Communicators.localComm(inter.collective()).context());

            final Communicator interDup = Communicators.dup(inter);
            assertEquals(Comparison.CONGRUENT, Communicators.compare(inter, interDup));
            assertArrayEquals(inter.remoteGroup(), interDup.remoteGroup());
            assertMessagesStayOnTheirContext(inter, interDup, peer, peer);

            // merged: the group passing high = false first; equal values: the group led by world rank 0 first
            final int[] evensFirst = { 0, 2, 4, 1, 3, 5 };
            final int[] oddsFirst = { 1, 3, 5, 0, 2, 4 };
            assertMerged(Communicators.merge(inter, !even), evensFirst, me);
            assertMerged(Communicators.merge(inter, even), oddsFirst, me);
            assertMerged(Communicators.merge(inter, false), evensFirst, me);
            assertMerged(Communicators.merge(interDup, true), evensFirst, me);
        });
    }

    @Test
    @Timeout(30)
    void constructionNeedsNoEagerBufferingWhenEveryMessageRendezvous() throws Exception
    {
        ThreadJob.run(6, -1, world ->
        {
            final int me = world.rank();
            final Communicator local = Communicators.split(world, me % 2, me);
            final Communicator inter = Communicators.createIntercomm(local, 0, world, me % 2 == 0 ? 1 : 0, 1);
            final Communicator interDup = Communicators.dup(inter);
            assertMessagesStayOnTheirContext(inter, interDup, inter.rank(), inter.rank());
            assertMerged(Communicators.merge(interDup, me % 2 == 1), new int[]{ 0, 2, 4, 1, 3, 5 }, me);
            final Communicator sub = Communicators.create(world, new int[]{ 5, 0 });
            assertEquals(me == 5 || me == 0, sub != null);
        });
    }

    @Test
    @Timeout(30)
    void mergeFailsOnBothGroupsWhenOneGroupDisagreesOnHigh() throws Exception
    {
        ThreadJob.run(4, world ->
        {
            final int me = world.rank();
            final Communicator local = Communicators.split(world, me % 2, me);
            final Communicator inter = Communicators.createIntercomm(local, 0, world, me % 2 == 0 ? 1 : 0, 0);
            final MpiError error = assertThrows(MpiError.class, () -> Communicators.merge(inter, me == 2));
            assertEquals(ErrorClass.ARG, error.errorClass());
            assertMerged(Communicators.merge(inter, me % 2 == 0), new int[]{ 1, 3, 0, 2 }, me);
        });
    }

    @Test
    @Timeout(30)
    void intercommunicatorLeadersNeedNotBeRankZeroAndContextIsFreeOnBothSides() throws Exception
    {
        ThreadJob.run(5, world ->
        {
            final int me = world.rank();
            // make contexts differ between the sides: only the low side creates extra communicators first
            final boolean low = me < 2;
            final Communicator local = Communicators.split(world, low ? 0 : 1, -me);
            if (low)
            {
                Communicators.dup(Communicators.dup(local));
            }
            // low group [1, 0] led by its rank 1 (world 0); high group [4, 3, 2] led by its rank 2 (world 2)
            final Communicator inter = Communicators.createIntercomm(local, low ? 1 : 2, world, low ? 2 : 0, 9);
            assertArrayEquals(low ? new int[]{ 4, 3, 2 } : new int[]{ 1, 0 }, inter.remoteGroup());
            final int[] contexts = Agreement.allgather(world, new int[]{ inter.context() });
            for (final int c : contexts)
            {
                assertEquals(contexts[0], c);
            }
            final Communicator merged = Communicators.merge(inter, !low);
            assertMerged(merged, new int[]{ 1, 0, 4, 3, 2 }, me);
        });
    }

    @Test
    @Timeout(30)
    void constructorsThatNeedAnIntracommunicatorRejectIntercommunicators() throws Exception
    {
        ThreadJob.run(2, world ->
        {
            final Communicator local = Communicator.self(world.engine());
            final Communicator inter = Communicators.createIntercomm(local, 0, world, 1 - world.rank(), 3);
            assertEquals(ErrorClass.COMM, assertThrows(MpiError.class, () -> Communicators.split(inter, 0, 0)).errorClass());
            assertEquals(ErrorClass.COMM,
                assertThrows(MpiError.class, () -> Communicators.create(inter, inter.group())).errorClass());
            assertEquals(ErrorClass.COMM, assertThrows(MpiError.class, () -> Communicators.merge(world, true)).errorClass());
            assertEquals(ErrorClass.COMM, assertThrows(MpiError.class, () -> Communicators.localComm(world)).errorClass());
        });
    }

    @Test
    @Timeout(30)
    void cartesianCommunicatorShiftsAndSubGrids() throws Exception
    {
        ThreadJob.run(5, world ->
        {
            final int[] dims = CartTopology.dimsCreate(4, new int[2]);
            assertArrayEquals(new int[]{ 2, 2 }, dims);
            final CartTopology topology = new CartTopology(dims, new boolean[]{ true, false });
            final Communicator cart = Communicators.cart(world, topology);
            if (world.rank() == 4)
            {
                assertNull(cart);
                return;
            }
            assertEquals(world.rank(), cart.rank());
            assertEquals(4, cart.size());
            final int me = cart.rank();
            for (int direction = 0; direction < 2; direction++)
            {
                final CartTopology.Shift shift = topology.shift(me, direction, 1);
                cart.send(new int[]{ me }, 0, 1, INT, shift.dest(), direction, SendMode.STANDARD);
                if (shift.source() != Peers.PROC_NULL)
                {
                    final int[] got = new int[1];
                    cart.recv(got, 0, 1, INT, shift.source(), direction);
                    assertEquals(shift.source(), got[0]);
                }
            }
            final boolean[] rows = { false, true };
            final Communicator row = Communicators.cartSub(cart, topology, rows);
            final CartTopology rowTopology = topology.sub(rows);
            assertArrayEquals(new int[]{ 2 }, rowTopology.dims());
            assertEquals(topology.coords(me)[1], row.rank());
            final int first = me - me % 2;
            assertArrayEquals(new int[]{ first, first + 1 }, Agreement.allgather(row, new int[]{ me }));
            assertEquals(ErrorClass.DIMS, assertThrows(MpiError.class,
                () -> Communicators.cart(cart, new CartTopology(new int[]{ 5 }, new boolean[1]))).errorClass());
        });
    }

    @Test
    @Timeout(30)
    void graphCommunicatorTalksToNeighbours() throws Exception
    {
        ThreadJob.run(4, world ->
        {
            // triangle 0-1-2 (each node lists the other two); world rank 3 is left out
            final GraphTopology topology = new GraphTopology(new int[]{ 2, 4, 6 }, new int[]{ 1, 2, 0, 2, 0, 1 });
            final Communicator graph = Communicators.graph(world, topology);
            if (world.rank() == 3)
            {
                assertNull(graph);
                return;
            }
            final int me = graph.rank();
            for (final int n : topology.neighbours(me))
            {
                graph.send(new int[]{ me }, 0, 1, INT, n, 0, SendMode.STANDARD);
            }
            final int[] from = new int[topology.neighbourCount(me)];
            for (int i = 0; i < from.length; i++)
            {
                final int[] got = new int[1];
                graph.recv(got, 0, 1, INT, Peers.ANY_SOURCE, 0);
                from[i] = got[0];
            }
            Arrays.sort(from);
            assertArrayEquals(topology.neighbours(me), from);
        });
    }

    /**
     * A parent receive for any source and tag, posted first, must not take a message sent on the child; it gets
     * the parent message sent afterwards. Runs between child ranks 0 and 1; other ranks return at once.
     */
    private static void assertChildIsolatedFromParent(final Communicator parent, final Communicator child, final int value)
    {
        final int childTag = 7;
        if (child.rank() == 1)
        {
            final int[] parentBuf = new int[1];
            final RecvRequest parentRecv = parent.irecv(parentBuf, 0, 1, INT, Peers.ANY_SOURCE, Peers.ANY_TAG);
            child.send(new int[0], 0, 0, INT, 0, 1, SendMode.STANDARD);
            final int[] childBuf = new int[1];
            final RecvRequest r = child.recv(childBuf, 0, 1, INT, Peers.ANY_SOURCE, Peers.ANY_TAG);
            assertEquals(0, r.source());
            assertEquals(childTag, r.tag());
            assertEquals(value, childBuf[0]);
            parent.engine().awaitRequest(parentRecv);
            assertEquals(99, parentRecv.tag());
            assertEquals(Groups.rankOf(parent.group(), child.group()[0]), parentRecv.source());
            assertEquals(-value, parentBuf[0]);
        }
        else if (child.rank() == 0)
        {
            child.recv(new int[0], 0, 0, INT, 1, 1);
            child.send(new int[]{ value }, 0, 1, INT, 1, childTag, SendMode.STANDARD);
            final int parentPeer = Groups.rankOf(parent.group(), child.group()[1]);
            parent.send(new int[]{ -value }, 0, 1, INT, parentPeer, 99, SendMode.STANDARD);
        }
    }

    /**
     * Sends 1 on {@code a} then 2 on {@code b} to {@code dest}, same tag, and receives from {@code source} on
     * {@code b} first: it must get 2, so the two contexts do not mix (-1: no send / no receive on this rank).
     */
    private static void assertMessagesStayOnTheirContext(
        final Communicator a, final Communicator b, final int dest, final int source)
    {
        final SendRequest first = dest < 0 ? null : a.isend(new int[]{ 1 }, 0, 1, INT, dest, 4);
        final SendRequest second = dest < 0 ? null : b.isend(new int[]{ 2 }, 0, 1, INT, dest, 4);
        if (source >= 0)
        {
            final int[] got = new int[1];
            b.recv(got, 0, 1, INT, source, 4);
            assertEquals(2, got[0]);
            a.recv(got, 0, 1, INT, source, 4);
            assertEquals(1, got[0]);
        }
        if (dest >= 0)
        {
            a.engine().awaitRequest(first);
            a.engine().awaitRequest(second);
        }
    }

    private static void assertMerged(final Communicator merged, final int[] expected, final int me)
    {
        assertFalse(merged.isInter());
        assertArrayEquals(expected, merged.group());
        assertEquals(Groups.rankOf(expected, me), merged.rank());
        assertArrayEquals(expected, Agreement.allgather(merged, new int[]{ me }));
    }
}
