package io.colompi.core.coll;

import io.colompi.core.comm.Communicator;
import io.colompi.core.comm.Locality;
import io.colompi.core.op.ReduceOp;
import io.colompi.core.pt2pt.Engine;
import io.colompi.core.type.Transfer;
import io.colompi.core.type.TypeMap;

/**
 * Placement-aware collectives: inside a JVM the ranks meet in a {@link JvmArena} and read each other's arrays
 * (no messages, no serialization); one leader per JVM runs the flat algorithm with the other leaders; the
 * result is copied once into each rank's buffer. With every rank in one JVM they are pure shared-memory
 * algorithms in which the last rank to arrive does the work and writes every rank's result, so no rank waits
 * for a particular other one to be scheduled. Primitive types only (objects travel by value, through the flat algorithms); reductions also
 * need a contiguous type, since the leader combines the other ranks' arrays in place.
 */
final class Hierarchical
{
    /** Leaders talk on the collective context with tags of their own, apart from the flat algorithms'. */
    private static final int LEADER_TAG = 100;

    private Hierarchical()
    {
    }

    static void barrier(final Communicator c)
    {
        final Locality locality = c.locality();
        final JvmArena arena = JvmArena.of(c);
        final int index = locality.localIndex();
        final long sequence = arena.next(index);
        final Engine engine = c.engine();
        if (locality.jvmCount() == 1)
        {
            if (arena.arriveLast())
            {
                arena.release(sequence);
            }
            else
            {
                arena.awaitRelease(engine, sequence);
            }
            return;
        }
        if (index != 0)
        {
            arena.arrive();
            arena.awaitRelease(engine, sequence);
            return;
        }
        arena.awaitArrivals(engine);
        if (locality.jvmCount() > 1)
        {
            Barrier.dissemination(locality.leadersComm(), LEADER_TAG + CollectiveTag.BARRIER);
        }
        arena.release(sequence);
    }

    static void bcast(
        final Communicator c, final Object buffer, final int offset, final int count, final TypeMap type, final int root)
    {
        final Locality locality = c.locality();
        final JvmArena arena = JvmArena.of(c);
        final int index = locality.localIndex();
        final long sequence = arena.next(index);
        final Engine engine = c.engine();
        final int elements = count * type.size();
        arena.publish(index, buffer, offset, type);
        if (locality.jvmCount() == 1)
        {
            if (arena.arriveLast())
            {
                for (int i = 0; i < arena.buffers.length; i++)
                {
                    if (i != root)
                    {
                        Transfer.copy(arena.buffers[root], arena.offsets[root], arena.types[root],
                            arena.buffers[i], arena.offsets[i], arena.types[i], elements);
                    }
                }
                arena.release(sequence);
            }
            else
            {
                arena.awaitRelease(engine, sequence);
            }
            return;
        }
        if (index != 0)
        {
            arena.arrive();
            arena.awaitRelease(engine, sequence);
            if (c.rank() != root)
            {
                copyFrom(arena, 0, buffer, offset, type, elements);
            }
            arena.finish();
            return;
        }
        arena.awaitArrivals(engine);
        final int rootJvm = locality.jvmIndexOf(root);
        final boolean rootHere = rootJvm == locality.jvmIndexOf(c.rank());
        final int rootIndex = rootHere ? localIndexOf(locality, root) : 0;
        if (rootIndex != 0)
        {
            copyFrom(arena, rootIndex, buffer, offset, type, elements);
        }
        if (locality.jvmCount() > 1)
        {
            Broadcast.binomial(locality.leadersComm(), buffer, offset, count, type, rootJvm,
                LEADER_TAG + CollectiveTag.BCAST);
        }
        // Members copy from the leader, which waits for them; the root may already be on to its next call.
        arena.release(sequence);
        arena.awaitFinished(engine);
    }

    /** Reduce ({@code root >= 0}) or allreduce ({@code root < 0}). */
    static void reduce(
        final Communicator c, final Object sbuf, final int soffset, final Object rbuf, final int roffset,
        final int count, final TypeMap type, final ReduceOp op, final int root)
    {
        final Locality locality = c.locality();
        final JvmArena arena = JvmArena.of(c);
        final int index = locality.localIndex();
        final long sequence = arena.next(index);
        final Engine engine = c.engine();
        final int elements = count * type.size();
        arena.publish(index, sbuf, soffset, type);
        if (locality.jvmCount() == 1)
        {
            arena.publishResult(index, rbuf, roffset, type);
            if (arena.arriveLast())
            {
                final Object acc = scratch(arena, type, elements);
                combineLocal(arena, acc, count, type, op);
                for (int i = 0; i < arena.results.length; i++)
                {
                    if (root < 0 || i == root)
                    {
                        System.arraycopy(acc, 0, arena.results[i], arena.resultOffsets[i], elements);
                    }
                }
                arena.release(sequence);
            }
            else
            {
                arena.awaitRelease(engine, sequence);
            }
            return;
        }
        if (index != 0)
        {
            arena.arrive();
            arena.awaitRelease(engine, sequence);
            if (root < 0 || c.rank() == root)
            {
                System.arraycopy(arena.scratch, 0, rbuf, roffset, elements);
            }
            arena.finish();
            return;
        }
        arena.awaitArrivals(engine);
        final Object acc = scratch(arena, type, elements);
        combineLocal(arena, acc, count, type, op);
        if (locality.jvmCount() > 1)
        {
            final Communicator leaders = locality.leadersComm();
            if (root < 0)
            {
                Allreduce.recursiveDoubling(leaders, acc, 0, acc, 0, count, type, op,
                    LEADER_TAG + CollectiveTag.ALLREDUCE);
            }
            else
            {
                Reduce.binomial(leaders, acc, 0, acc, 0, count, type, op,
                    locality.jvmIndexOf(root), LEADER_TAG + CollectiveTag.REDUCE);
            }
        }
        if (root < 0 || c.rank() == root)
        {
            System.arraycopy(acc, 0, rbuf, roffset, elements);
        }
        arena.release(sequence);
        arena.awaitFinished(engine);
    }

    /** acc = x0 op (x1 op (... op x(L-1))): right to left, so non-commutative operations keep rank order. */
    private static void combineLocal(final JvmArena arena, final Object acc, final int count, final TypeMap type,
        final ReduceOp op)
    {
        final int last = arena.buffers.length - 1;
        System.arraycopy(arena.buffers[last], arena.offsets[last], acc, 0, count * type.size());
        for (int i = last - 1; i >= 0; i--)
        {
            op.reduce(arena.buffers[i], arena.offsets[i], acc, 0, count, type);
        }
    }

    /** Copy {@code elements} from the buffer local rank {@code from} published, in its layout, into ours. */
    private static void copyFrom(final JvmArena arena, final int from, final Object buffer, final int offset,
        final TypeMap type, final int elements)
    {
        Transfer.copy(arena.buffers[from], arena.offsets[from], arena.types[from], buffer, offset, type, elements);
    }

    private static Object scratch(final JvmArena arena, final TypeMap type, final int elements)
    {
        final Object current = arena.scratch;
        if (current != null && current.getClass() == type.base().arrayClass() &&
            java.lang.reflect.Array.getLength(current) >= elements)
        {
            return current;
        }
        final Object grown = Buffers.allocate(type.base(), Math.max(elements, 16));
        arena.scratch = grown;
        return grown;
    }

    private static int localIndexOf(final Locality locality, final int rank)
    {
        return java.util.Arrays.binarySearch(locality.localRanks(), rank);
    }
}
