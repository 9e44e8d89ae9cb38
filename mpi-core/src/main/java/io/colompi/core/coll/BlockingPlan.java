package io.colompi.core.coll;

import io.colompi.core.comm.Communicator;
import io.colompi.core.job.MpiError;
import io.colompi.core.op.ReduceOp;
import io.colompi.core.pt2pt.Engine;
import io.colompi.core.pt2pt.RecvRequest;
import io.colompi.core.pt2pt.Request;
import io.colompi.core.pt2pt.SendRequest;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.Memory;
import io.colompi.core.type.TypeMap;

import java.util.Arrays;

/**
 * Runs an algorithm as it is written: point-to-point steps start at once, {@link #round()} waits for them, local
 * steps run at once. One per communicator and rank, reused by every blocking collective (MPI forbids
 * concurrent collectives on a communicator), together with its requests and scratch arrays: a collective
 * allocates only temporaries larger than ever before (and requests for more steps in flight than ever before).
 */
final class BlockingPlan extends Plan
{
    /** Temporaries up to this size are kept for the next collective; larger ones are left to the collector. */
    private static final int KEEP_SCRATCH_BYTES = 8 << 20;
    private static final int SLOTS = 4;

    private final Engine engine;
    private final Object[][] scratch = new Object[BaseType.values().length][];
    private final int[][] ints = new int[SLOTS][];
    private Request[] pending = new Request[8];
    /** Elements each pending receive was posted for; -1 for a send. */
    private long[] expected = new long[8];
    private int pendingCount;
    /** Requests of earlier rounds, all finished when a round starts: reused for its steps. */
    private final Kept<SendRequest> sends = new Kept<>();
    private final Kept<RecvRequest> recvs = new Kept<>();
    private int tag;
    private MpiError deferred;

    BlockingPlan(final Communicator comm)
    {
        super(comm);
        this.engine = comm.engine();
    }

    /** The plan of {@code c}'s collectives, ready for a collective with {@code tag}. */
    static BlockingPlan of(final Communicator c, final int tag)
    {
        final BlockingPlan plan = c.collectiveState(CollectiveState::new).blocking;
        plan.begin(tag);
        return plan;
    }

    void begin(final int tag)
    {
        this.tag = tag;
        this.pendingCount = 0;
        sends.rewind();
        recvs.rewind();
        this.deferred = null;
    }

    /** End the collective: wait for what is still in flight, then raise the first deferred error. */
    void finish()
    {
        round();
        final MpiError error = deferred;
        if (error != null)
        {
            deferred = null;
            throw error;
        }
    }

    @Override
    void send(final Object buffer, final int offset, final int count, final TypeMap type, final int peer)
    {
        add(sends.keep(comm.isend(sends.next(), buffer, offset, count, type, peer, tag)), -1);
    }

    @Override
    void recv(final Object buffer, final int offset, final int count, final TypeMap type, final int peer)
    {
        add(recvs.keep(comm.irecv(recvs.next(), buffer, offset, count, type, peer, tag)),
            (long)count * type.size());
    }

    /**
     * Wait for every request of the round, then raise the first error any of them completed with; count mismatches
     * are deferred to {@link #finish}.
     */
    @Override
    void round()
    {
        final Request[] requests = pending;
        final int count = pendingCount;
        pendingCount = 0;
        sends.rewind();
        recvs.rewind();
        MpiError first = null;
        for (int i = 0; i < count; i++)
        {
            final Request request = requests[i];
            requests[i] = null;
            try
            {
                engine.await(request);
            }
            catch (final RuntimeException e)
            {
                // the round's other receives are reused by the next round: none may stay posted
                for (int j = i + 1; j < count; j++)
                {
                    engine.withdraw(requests[j]);
                    requests[j] = null;
                }
                throw e;
            }
            final MpiError error = stepError(request, expected[i]);
            if (error != null && countError(error))
            {
                defer(error);
            }
            else if (first == null)
            {
                first = error;
            }
        }
        if (first != null)
        {
            throw first;
        }
    }

    @Override
    void reduce(final ReduceOp op, final Object in, final int inOffset, final Object inout, final int inoutOffset,
        final int count, final TypeMap type)
    {
        op.reduce(in, inOffset, inout, inoutOffset, count, type);
    }

    @Override
    void copy(final Object src, final int srcOffset, final Object dst, final int dstOffset, final int elements)
    {
        System.arraycopy(src, srcOffset, dst, dstOffset, elements);
    }

    @Override
    void pack(final Object src, final int offset, final int count, final TypeMap type, final Object dst,
        final int dstOffset)
    {
        Buffers.pack(engine, src, offset, count, type, dst, dstOffset);
    }

    @Override
    void unpack(final Object src, final int srcOffset, final Object dst, final int dstOffset, final TypeMap type,
        final int elements)
    {
        Buffers.unpack(src, srcOffset, dst, dstOffset, type, elements);
    }

    @Override
    void copyLocal(final Object src, final int srcOffset, final int scount, final TypeMap stype, final Object dst,
        final int dstOffset, final int rcount, final TypeMap rtype)
    {
        try
        {
            Buffers.copyLocal(engine, src, srcOffset, scount, stype, dst, dstOffset, rcount, rtype);
        }
        catch (final MpiError e)
        {
            defer(e);
        }
    }

    @Override
    void place(final Object src, final int srcOffset, final int elements, final BaseType sent, final Object dst,
        final int dstOffset, final int rcount, final TypeMap rtype)
    {
        try
        {
            Buffers.place(src, srcOffset, elements, sent, dst, dstOffset, rcount, rtype);
        }
        catch (final MpiError e)
        {
            defer(e);
        }
    }

    @Override
    Object scratch(final int slot, final BaseType base, final int elements)
    {
        if (base == BaseType.OBJECT)
        {
            return base.newArray(elements); // never keep a program's objects reachable
        }
        Object[] kept = scratch[base.ordinal()];
        if (kept == null)
        {
            kept = new Object[SLOTS];
            scratch[base.ordinal()] = kept;
        }
        final Object current = kept[slot];
        if (current != null && Memory.length(current) >= elements)
        {
            return current;
        }
        final Object grown = base.newArray(Math.max(elements, 16));
        kept[slot] = (long)elements * base.byteSize() <= KEEP_SCRATCH_BYTES ? grown : null;
        return grown;
    }

    @Override
    int[] ints(final int slot, final int length)
    {
        final int[] current = ints[slot];
        if (current != null && current.length >= length)
        {
            return current;
        }
        final int[] grown = new int[Math.max(length, 16)];
        ints[slot] = grown;
        return grown;
    }

    private void add(final Request request, final long elements)
    {
        if (pendingCount == pending.length)
        {
            pending = Arrays.copyOf(pending, pendingCount * 2);
            expected = Arrays.copyOf(expected, pendingCount * 2);
        }
        expected[pendingCount] = elements;
        pending[pendingCount++] = request;
    }

    private void defer(final MpiError error)
    {
        if (deferred == null)
        {
            deferred = error;
        }
    }

    /** Finished requests kept for the steps of the next rounds, handed out in order. */
    private static final class Kept<R extends Request>
    {
        private Object[] requests = new Object[4];
        private int used;

        /** The next kept request, or null if this round has more steps than any before. */
        @SuppressWarnings("unchecked")
        R next()
        {
            return used < requests.length ? (R)requests[used] : null;
        }

        /** Keep {@code request} (the one {@link #next} gave, or a new one) for the same step of later rounds. */
        R keep(final R request)
        {
            if (used == requests.length)
            {
                requests = Arrays.copyOf(requests, used * 2);
            }
            requests[used++] = request;
            return request;
        }

        void rewind()
        {
            used = 0;
        }
    }
}
