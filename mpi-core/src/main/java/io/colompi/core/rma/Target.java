package io.colompi.core.rma;

import io.colompi.core.comm.Communicator;
import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;
import io.colompi.core.pt2pt.Engine;
import io.colompi.core.pt2pt.Peers;
import io.colompi.core.pt2pt.RecvRequest;
import io.colompi.core.pt2pt.Request;
import io.colompi.core.type.BaseType;
import io.colompi.core.type.Transfer;
import io.colompi.core.type.TypeMap;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The target side of one rank's {@link Window}: it applies the other ranks' operations to this rank's memory and
 * answers their synchronizations. An {@link Engine.Activity}: it runs whenever this rank polls, in any MPI call, and
 * handles one header at a time, to its end (its layout and data received, an accumulate applied, a get's reply
 * sent) before the next. Two ranks' accumulates are thereby applied one after the other, each whole, and a
 * synchronization header (a fence, a complete, an unlock) is counted only once all its origin's earlier operations
 * are applied. Locks are granted in the order asked: an exclusive one alone, shared ones together.
 */
final class Target implements Engine.Activity
{
    private static final TypeMap INT = TypeMap.dense(BaseType.INT);

    private final Communicator comm;
    private final Object memory;
    /** The bytes of {@link #memory} this rank exposes: what no operation may reach past. */
    private final long windowBytes;
    private final int[] header = new int[Header.INTS];
    private RecvRequest headerReceive;
    private Arrival arrival;
    /** Replies this rank sent as a target, until they complete. */
    private final List<Request> replies = new ArrayList<>();
    /** Fence and complete headers handled, by origin: a fence or a wait counts how many it needs. */
    private final int[] fencesFrom;
    private final int[] completesFrom;
    private int exclusiveHolder = -1;
    private int sharedHolders;
    /** A lock waiting: its origin, its type, and for an origin of this JVM a third element. */
    private final ArrayDeque<int[]> waitingForLock = new ArrayDeque<>();
    /** Whether each origin of this JVM holds its lock, by rank. */
    private final AtomicIntegerArray granted;
    /** A lock an origin of this JVM released that an origin elsewhere may now take: granted at the next poll. */
    private boolean grantsWaiting;
    private boolean closed;

    Target(final Communicator comm, final Object memory, final long windowBytes)
    {
        this.comm = comm;
        this.memory = memory;
        this.windowBytes = windowBytes;
        this.fencesFrom = new int[comm.size()];
        this.completesFrom = new int[comm.size()];
        this.granted = new AtomicIntegerArray(comm.size());
        listen();
    }

    /** Whether every rank's {@code fences}-th fence header is handled, and this rank's replies are sent. */
    synchronized boolean fenced(final int fences)
    {
        for (final int count : fencesFrom)
        {
            if (count < fences)
            {
                return false;
            }
        }
        return replies.isEmpty();
    }

    /** Whether each of {@code origins} has sent its {@code posts}-th complete, handled, and the replies are sent. */
    synchronized boolean completed(final int[] origins, final int posts)
    {
        for (final int origin : origins)
        {
            if (completesFrom[origin] < posts)
            {
                return false;
            }
        }
        return replies.isEmpty();
    }

    /** A message this rank sent as a target (a post), to complete before the epoch ends. */
    synchronized void replied(final Request reply)
    {
        replies.add(reply);
    }

    /** Stop listening: the window is freed. */
    synchronized void close()
    {
        comm.engine().cancel(headerReceive);
        closed = true;
    }

    // ---------------------------------------------------------------- an origin of this JVM, straight to the memory

    /** A put: {@code elements} elements of {@code type} from {@code origin} into {@code layout} at {@code offset}. */
    void write(final Object origin, final TypeMap type, final int offset, final TypeMap layout, final int elements)
    {
        Transfer.copy(origin, 0, type, memory, offset, layout, elements);
    }

    /** A get: {@code elements} elements of {@code layout} at {@code offset} into {@code origin} as {@code type}. */
    void read(final int offset, final TypeMap layout, final Object origin, final TypeMap type, final int elements)
    {
        Transfer.copy(memory, offset, layout, origin, 0, type, elements);
    }

    /**
     * An accumulate, get-accumulate or compare-and-swap of {@code kind}, whole, apart from every other one on this
     * memory: {@code operand} is dense (null for NO_OP; a compare-and-swap's new element, then the one to compare
     * with). Returns the elements as they were, dense, and writes them to {@code result} as {@code resultType}
     * if not null; a plain accumulate returns null.
     */
    synchronized Object combine(final int kind, final int code, final Object operand, final int offset,
        final TypeMap layout, final int elements, final Object result, final TypeMap resultType)
    {
        final BaseType base = layout.base();
        final TypeMap dense = TypeMap.dense(base);
        Object before = null;
        if (kind != Header.ACCUMULATE)
        {
            before = base.newArray(elements);
            Transfer.copy(memory, offset, layout, before, 0, dense, elements);
            if (result != null)
            {
                Transfer.copy(before, 0, dense, result, 0, resultType, elements);
            }
        }
        if (kind == Header.COMPARE_AND_SWAP)
        {
            AccumulateOps.swapIfEqual(operand, before, memory, offset, layout);
        }
        else if (operand != null)
        {
            AccumulateOps.apply(code, operand, memory, offset, layout, elements);
        }
        return before;
    }

    /** {@code origin} of this JVM asks for a lock of {@code type}: granted at once or in turn ({@link #holds}). */
    synchronized void lockHere(final int origin, final int type)
    {
        waitingForLock.add(new int[]{ origin, type, 1 });
        grantLocks(false);
    }

    /** Whether {@code origin} of this JVM holds the lock it asked for. */
    boolean holds(final int origin)
    {
        return granted.get(origin) == 1;
    }

    synchronized void unlockHere(final int origin)
    {
        granted.set(origin, 0);
        release(origin);
        grantLocks(false);
    }

    private void listen()
    {
        headerReceive = comm.irecv(header, 0, Header.INTS, INT, Peers.ANY_SOURCE, Window.TAG_HEADER);
    }

    @Override
    public synchronized int doWork()
    {
        if (closed)
        {
            return 0;
        }
        int work = 0;
        replies.removeIf(Request::isComplete);
        if (grantsWaiting)
        {
            grantsWaiting = false;
            grantLocks(true);
        }
        while (true)
        {
            if (arrival == null)
            {
                if (!headerReceive.isComplete())
                {
                    return work;
                }
                if (headerReceive.error() != null)
                {
                    throw headerReceive.error();
                }
                arrival = new Arrival(headerReceive.source(), header.clone());
                listen();
            }
            if (!arrival.advance())
            {
                return work;
            }
            arrival = null;
            work++;
        }
    }

    /** One header from an origin, handled to its end over as many polls as its messages take. */
    private final class Arrival
    {
        private final int origin;
        private final int[] header;
        private final BaseType base;
        private RecvRequest layoutReceive;
        private int[] pairs;
        private int[] blocks;
        private RecvRequest dataReceive;
        private Object operand;

        Arrival(final int origin, final int[] header)
        {
            this.origin = origin;
            this.header = header;
            final int kind = header[Header.KIND];
            final boolean moves = kind == Header.PUT || kind == Header.GET || kind == Header.ACCUMULATE ||
                kind == Header.GET_ACCUMULATE || kind == Header.COMPARE_AND_SWAP;
            if (moves && !(header[Header.BASE] >= 0 && header[Header.BASE] < BaseType.values().length &&
                header[Header.OFFSET] >= 0 && header[Header.ELEMENTS] >= 0 && header[Header.BLOCKS] >= 0 &&
                header[Header.BLOCKS] <= header[Header.ELEMENTS] && AccumulateOps.known(header[Header.OP])))
            {
                throw malformed("header " + java.util.Arrays.toString(header));
            }
            this.base = moves ? BaseType.values()[header[Header.BASE]] : null;
            if (base == BaseType.OBJECT)
            {
                throw malformed("an operation on objects");
            }
        }

        /** What an origin sent that its own checks would have refused: the job ends, naming it. */
        private MpiError malformed(final String what)
        {
            return new MpiError(ErrorClass.INTERN, "rank " + origin + " sent a one-sided " + what +
                " that rank " + comm.rank() + "'s window cannot take");
        }

        /** Advance; true once handled. */
        boolean advance()
        {
            switch (header[Header.KIND])
            {
                case Header.PUT:
                case Header.GET:
                case Header.ACCUMULATE:
                case Header.GET_ACCUMULATE:
                case Header.COMPARE_AND_SWAP:
                    return transfer();
                case Header.FENCE:
                    fencesFrom[origin]++;
                    return true;
                case Header.COMPLETE:
                    completesFrom[origin]++;
                    return true;
                case Header.LOCK:
                    waitingForLock.add(new int[]{ origin, header[Header.LOCK_TYPE] });
                    grantLocks(true);
                    return true;
                case Header.UNLOCK:
                    return unlock();
                case Header.FLUSH:
                    return flush();
                default:
                    throw new MpiError(ErrorClass.INTERN, "rank " + origin + " sent an RMA header of kind " +
                        header[Header.KIND]);
            }
        }

        private boolean transfer()
        {
            final int blockCount = header[Header.BLOCKS];
            if (blockCount > 0 && blocks == null)
            {
                if (layoutReceive == null)
                {
                    pairs = new int[2 * blockCount];
                    layoutReceive = comm.irecv(pairs, 0, pairs.length, INT, origin, Window.TAG_LAYOUT);
                }
                if (!layoutReceive.isComplete())
                {
                    return false;
                }
                blocks = pairs;
            }
            final TypeMap layout = blocks == null ? TypeMap.dense(base) : Header.target(base, blocks);
            final int count = blocks == null ? header[Header.ELEMENTS] : 1;
            final int offset = header[Header.OFFSET];
            if (layout.size() * count != header[Header.ELEMENTS] || layout.trueLb() < 0 ||
                (offset + Transfer.span(layout, count)) * base.byteSize() > windowBytes)
            {
                throw malformed("operation of " + header[Header.ELEMENTS] + " elements at element " + offset);
            }
            switch (header[Header.KIND])
            {
                case Header.GET:
                    replies.add(comm.isend(memory, offset, count, layout, origin, Window.TAG_REPLY));
                    return true;
                case Header.PUT:
                    if (dataReceive == null)
                    {
                        dataReceive = comm.irecv(memory, offset, count, layout, origin, Window.TAG_DATA);
                    }
                    return dataReceive.isComplete();
                default:
                    return combine(layout, offset);
            }
        }

        /** An accumulate, get-accumulate or compare-and-swap: its operand received, then applied in one go. */
        private boolean combine(final TypeMap layout, final int offset)
        {
            final int kind = header[Header.KIND];
            final int code = header[Header.OP];
            final int elements = header[Header.ELEMENTS];
            final TypeMap dense = TypeMap.dense(base);
            final boolean noOperand = kind == Header.GET_ACCUMULATE && AccumulateOps.isNoOp(code);
            if (dataReceive == null && !noOperand)
            {
                final int operands = kind == Header.COMPARE_AND_SWAP ? 2 : elements;
                operand = base.newArray(operands);
                dataReceive = comm.irecv(operand, 0, operands, dense, origin, Window.TAG_DATA);
            }
            if (dataReceive != null && !dataReceive.isComplete())
            {
                return false;
            }
            final Object before = Target.this.combine(kind, code, noOperand ? null : operand, offset, layout, elements,
                null, null);
            if (before != null)
            {
                replies.add(comm.isend(before, 0, elements, dense, origin, Window.TAG_REPLY));
            }
            return true;
        }

        private boolean flush()
        {
            if (!replies.isEmpty())
            {
                return false; // complete once this origin's gets have left the window
            }
            replies.add(comm.isend(new int[1], 0, 1, INT, origin, Window.TAG_REPLY));
            return true;
        }

        private boolean unlock()
        {
            if (!replies.isEmpty())
            {
                return false; // the lock holds until this origin's gets have left the window
            }
            release(origin);
            replies.add(comm.isend(new int[1], 0, 1, INT, origin, Window.TAG_REPLY));
            grantLocks(true);
            return true;
        }
    }

    private void release(final int origin)
    {
        if (exclusiveHolder == origin)
        {
            exclusiveHolder = -1;
        }
        else
        {
            sharedHolders--;
        }
    }

    /**
     * Grant waiting locks in the order asked, while the first can be granted. Only this rank's own thread
     * ({@code byTarget}) sends a grant to an origin in another JVM; another thread leaves it to the next poll.
     */
    private void grantLocks(final boolean byTarget)
    {
        while (!waitingForLock.isEmpty())
        {
            final int[] next = waitingForLock.peek();
            final boolean exclusive = next[1] == Window.LOCK_EXCLUSIVE;
            if (exclusiveHolder >= 0 || (exclusive && sharedHolders > 0))
            {
                return;
            }
            if (next.length == 2 && !byTarget)
            {
                grantsWaiting = true;
                return;
            }
            waitingForLock.poll();
            if (exclusive)
            {
                exclusiveHolder = next[0];
            }
            else
            {
                sharedHolders++;
            }
            if (next.length > 2)
            {
                granted.set(next[0], 1);
            }
            else
            {
                replies.add(comm.isend(new int[1], 0, 1, INT, next[0], Window.TAG_REPLY));
            }
        }
    }
}
