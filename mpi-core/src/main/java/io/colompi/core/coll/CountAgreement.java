package io.colompi.core.coll;

import io.colompi.core.comm.Communicator;
import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;
import io.colompi.core.op.PredefinedOp;
import io.colompi.core.op.ReduceOp;
import io.colompi.core.pt2pt.RecvRequest;
import io.colompi.core.pt2pt.SendRequest;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.Memory;
import io.colompi.core.type.TypeMap;
import org.agrona.UnsafeApi;

/**
 * Ranks in different JVMs agree that they pass the same number of items, of the same type family
 * ({@link #typedCount}), before a collective whose path depends on the count
 * ({@link Selection#allreduceCountsMayDiverge}; {@link Selection#bcastCountsMayDiverge} where the root announces
 * another path than the binomial tree, {@link AnnouncedBcast}): ranks passing different counts would take different
 * paths and wait for each other for ever (MPI calls it erroneous). A recursive doubling of the counts' bounds, in
 * arrays the communicator keeps (nothing allocated per call); a mismatch fails every rank with {@code ERR_TRUNCATE}
 * naming the lowest rank that passes the fewest items ({@code ERR_TYPE} where the types differ: their data would be cut
 * into other chunks and read as the wrong type), so no rank is left waiting. An allreduce of at most
 * {@link #CARRIED_BYTES} that recursive doubling would run anyway is reduced in the agreement's own messages
 * ({@link #allreduce}), so agreeing costs it no round: each message is the bounds, then the data combined so far, and a
 * rank combines a partner's data only while every count it has heard of is its own. Ranks that carry data and ranks
 * that do not (another count took another path) read each other's messages alike, so they still all fail. Where every
 * count takes the same path, a mismatch shows at no cost in the sizes of the algorithm's messages
 * ({@link Plan#stepError}); in one JVM the arenas compare counts themselves. {@code colompi.coll.checkCounts=false}
 * skips it.
 */
final class CountAgreement
{
    /** Most bytes of data an agreement carries. */
    static final int CARRIED_BYTES = 16384;
    /** A count agreed on carries its element type's family above this bit ({@link #typedCount}). */
    static final int TYPE_SHIFT = 40;
    static final long COUNT_MASK = (1L << TYPE_SHIFT) - 1;
    /** The family of a type without one base type (a struct of several): equal only to itself. */
    private static final int MIXED = 63;
    /** Longs of a message: the most items any rank passes, minus the fewest, then the data. */
    static final int MESSAGE_LONGS = 2 + CARRIED_BYTES / Long.BYTES;
    private static final TypeMap LONG = TypeMap.basic(BaseType.LONG);
    private static final long LONG_BASE = UnsafeApi.arrayBaseOffset(long[].class);
    private static final long DATA = LONG_BASE + 2L * Long.BYTES;

    private CountAgreement()
    {
    }

    /**
     * Fails every rank of {@code c} if they pass different {@code count * type.size()} to {@code collective}; the
     * caller asks only where the count decides the path (so across JVMs). Returns whether the ranks agreed.
     */
    static boolean check(final Communicator c, final String collective, final int count, final TypeMap type)
    {
        if (!enabled(c))
        {
            return false;
        }
        agree(c, collective, count, type, null, null);
        return true;
    }

    /**
     * What ranks agree on: {@code elements} base elements, with the family of {@code type} above them
     * ({@link #TYPE_SHIFT}), so that a rank passing another type (which cuts data into other chunks) fails them all.
     */
    static long typedCount(final long elements, final TypeMap type)
    {
        return (long)family(type.base()) << TYPE_SHIFT | elements;
    }

    /** Base types that may meet in a message have the same family (the byte types). */
    static int family(final BaseType base)
    {
        return base == null ? MIXED : base.arrayClass() == byte[].class ? BaseType.BYTE.ordinal() : base.ordinal();
    }

    /** Whether counts are checked at all ({@code colompi.coll.checkCounts}, on by default). */
    static boolean enabled(final Communicator c)
    {
        return c.engine().job().settings().checkCounts();
    }

    /** Whether an allreduce of {@code count} items of {@code type} can be {@link #allreduce carried}. */
    static boolean carries(final Communicator c, final int count, final TypeMap type)
    {
        return enabled(c) && type.base() != BaseType.OBJECT && count > 0 &&
            (long)count * type.size() * type.base().byteSize() <= CARRIED_BYTES;
    }

    /**
     * Agree on the count and allreduce {@code count} items of {@code type} ({@link #carries} said so) in the same
     * recursive doubling, combining as {@link Allreduce#recursiveDoubling} does (lower ranks first, so
     * non-commutative operations keep rank order, and every rank ends with the same result).
     */
    static void allreduce(
        final Communicator c, final Object sbuf, final int soffset, final Object rbuf, final int roffset,
        final int count, final TypeMap type, final ReduceOp op)
    {
        final BlockingPlan plan = CollectiveState.of(c).blocking;
        final int elements = count * type.size();
        final Object acc = plan.scratch(0, type.base(), elements);
        plan.pack(sbuf, soffset, count, type, acc, 0);
        final Object result = agree(c, "Allreduce", count, type, acc, op);
        plan.unpack(result, 0, rbuf, roffset, type, elements);
    }

    /**
     * The recursive doubling (MPICH's fold where p is not a power of two) of the counts' bounds, carrying
     * {@code acc} (dense, or null for none) combined with {@code op}; returns the dense result.
     */
    private static Object agree(final Communicator c, final String collective, final int count, final TypeMap type,
        final Object firstAcc, final ReduceOp op)
    {
        final CollectiveState state = CollectiveState.of(c);
        final long items = typedCount((long)count * type.size(), type);
        final Carried carried = state.agreement;
        carried.start(items, type.base(), firstAcc == null ? 0 : count * type.size() * type.base().byteSize());
        Object acc = firstAcc;
        Object tmp = firstAcc == null ? null : state.blocking.scratch(1, type.base(), count * type.size());
        final int p = c.size();
        final int rank = c.rank();
        final int powerOfTwo = Integer.highestOneBit(p);
        final int folded = p - powerOfTwo;
        // of the first 2 * folded ranks, each even one hands its part to the next odd one and sits out
        final boolean sitsOut = rank < 2 * folded && rank % 2 == 0;
        final boolean takesIn = rank < 2 * folded && rank % 2 == 1;
        final int newRank = sitsOut ? -1 : takesIn ? rank / 2 : rank - folded;
        if (sitsOut)
        {
            carried.send(c, acc, rank + 1);
        }
        else if (takesIn)
        {
            carried.receive(c, rank - 1);
            if (carried.combines(tmp))
            {
                op.reduce(tmp, 0, acc, 0, count, type);
            }
        }
        for (int mask = 1; newRank >= 0 && mask < powerOfTwo; mask <<= 1)
        {
            final int peer = Allreduce.realRank(newRank ^ mask, folded);
            carried.exchange(c, acc, peer);
            if (carried.combines(tmp))
            {
                if (peer < rank)
                {
                    op.reduce(tmp, 0, acc, 0, count, type);
                }
                else
                {
                    op.reduce(acc, 0, tmp, 0, count, type);
                    final Object combined = tmp;
                    tmp = acc;
                    acc = combined;
                }
            }
        }
        if (takesIn)
        {
            carried.send(c, acc, rank - 1);
        }
        else if (sitsOut)
        {
            carried.receive(c, rank + 1);
            if (carried.combines(tmp))
            {
                acc = tmp;
            }
        }
        if (carried.most != -carried.negativeFewest)
        {
            final long[] first = new long[1];
            Allreduce.recursiveDoubling(c, new long[]{ items == -carried.negativeFewest ? c.rank() : c.size() }, 0,
                first, 0, 1, LONG, PredefinedOp.MIN, CollectiveTag.COUNTS);
            if (-carried.negativeFewest >>> TYPE_SHIFT != carried.most >>> TYPE_SHIFT)
            {
                throw new MpiError(ErrorClass.TYPE, collective + " types differ: rank " + first[0] + " passes " +
                    "another type than another rank");
            }
            throw new MpiError(ErrorClass.TRUNCATE, "message truncated: " + collective + " counts differ: rank " +
                first[0] + " passed " + (-carried.negativeFewest & COUNT_MASK) + " items, another rank " +
                (carried.most & COUNT_MASK));
        }
        return acc;
    }

    /**
     * One rank's agreement messages on a communicator, kept with its collectives' state: the bounds heard of so far,
     * the data's bytes, and the arrays and requests of the messages (made by the communicator's first agreement, then
     * nothing allocated per call). Every receive takes the longest message, whatever this rank carries: a partner
     * passing another count may carry more.
     */
    static final class Carried
    {
        private long[] out;
        private long[] in;
        long most;
        long negativeFewest;
        private long items;
        private BaseType base;
        private int bytes;
        private SendRequest send;
        private RecvRequest receive;

        void start(final long items, final BaseType base, final int bytes)
        {
            if (in == null)
            {
                out = new long[MESSAGE_LONGS];
                in = new long[MESSAGE_LONGS];
            }
            this.items = items;
            this.base = base;
            this.bytes = bytes;
            this.most = items;
            this.negativeFewest = -items;
        }

        /** Send the bounds and {@code acc}'s bytes (none if null) to {@code peer}. */
        void send(final Communicator c, final Object acc, final int peer)
        {
            send = c.isend(send, fill(acc), 0, length(), LONG, peer, CollectiveTag.COUNTS);
            c.engine().awaitRequest(send);
        }

        /** Receive {@code peer}'s message. */
        void receive(final Communicator c, final int peer)
        {
            receive = c.irecv(receive, in, 0, MESSAGE_LONGS, LONG, peer, CollectiveTag.COUNTS);
            c.engine().awaitRequest(receive);
            heard();
        }

        /** Send to and receive from {@code peer} at once. */
        void exchange(final Communicator c, final Object acc, final int peer)
        {
            receive = c.irecv(receive, in, 0, MESSAGE_LONGS, LONG, peer, CollectiveTag.COUNTS);
            send = c.isend(send, fill(acc), 0, length(), LONG, peer, CollectiveTag.COUNTS);
            c.engine().awaitRequest(receive);
            c.engine().awaitRequest(send);
            heard();
        }

        /**
         * Whether the message received carries data to combine (into {@code tmp}, dense, then): this rank carries
         * some, and every count heard of so far, the partner's included, is this rank's.
         */
        boolean combines(final Object tmp)
        {
            if (tmp == null || most != items || -negativeFewest != items || receive.elements() != length())
            {
                return false;
            }
            UnsafeApi.copyMemory(in, DATA, tmp, Memory.origin(tmp, base), bytes);
            return true;
        }

        private void heard()
        {
            most = Math.max(most, in[0]);
            negativeFewest = Math.max(negativeFewest, in[1]);
        }

        private long[] fill(final Object acc)
        {
            out[0] = most;
            out[1] = negativeFewest;
            if (acc != null)
            {
                UnsafeApi.copyMemory(acc, Memory.origin(acc, base), out, DATA, bytes);
            }
            return out;
        }

        private int length()
        {
            return 2 + (bytes + Long.BYTES - 1) / Long.BYTES;
        }
    }
}
