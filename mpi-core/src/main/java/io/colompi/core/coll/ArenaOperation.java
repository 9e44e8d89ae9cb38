package io.colompi.core.coll;

import io.colompi.core.job.MpiError;
import io.colompi.core.op.ReduceOp;
import io.colompi.core.type.BaseType;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One nonblocking collective of a communicator whose ranks all live in this JVM: the shared-memory task of the
 * blocking call ({@link LocalTask}), with a {@link Contribution} per rank of its own, so that several run at once
 * beside the blocking ones. The first rank to start it makes it, the next in their chain ({@link #next}); each
 * publishes its buffers and call and arrives without waiting for anyone. The last to arrive checks that the calls
 * agree, then runs a small task alone or offers its chunks, which every rank runs as it polls ({@link ArenaRequest}),
 * the last to arrive first; whoever ends the task completes every rank's request, which rings the rank's doorbell.
 * Once all have arrived, the operation needs none of the others: a rank busy in its own code delays nobody.
 */
final class ArenaOperation extends Participants
{
    private static final VarHandle ARRIVED;
    private static final VarHandle NEXT;
    private static final VarHandle NEXT_CHUNK;
    private static final VarHandle DONE_CHUNKS;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            ARRIVED = lookup.findVarHandle(ArenaOperation.class, "arrived", int.class);
            NEXT = lookup.findVarHandle(ArenaOperation.class, "next", ArenaOperation.class);
            NEXT_CHUNK = lookup.findVarHandle(ArenaOperation.class, "nextChunk", int.class);
            DONE_CHUNKS = lookup.findVarHandle(ArenaOperation.class, "doneChunks", int.class);
        }
        catch (final ReflectiveOperationException e)
        {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Fewest chunks that are offered to the other ranks; a task of fewer runs alone. Offering registers every other
     * rank's request with its engine, which costs about what a chunk run elsewhere saves: np 2 ibcast of 64 KiB (two
     * chunks, one a copy), 3.0-3.7 us offered, 2.5-2.8 us alone, 2.3-3.0 us flat before.
     */
    private static final int OFFERED_CHUNKS = 3;

    private final JvmArena arena;
    private final int tag;
    /** Each local rank's request, completed when the task ends. */
    private final ArenaRequest[] requests;
    private volatile int arrived;
    private volatile int nextChunk;
    private volatile int doneChunks;
    /** The contribution of the rank that offered the chunks (its call, how the work is cut); null until then. */
    private volatile Contribution offered;
    /** The operation the ranks start after this one; made by the first of them to get there. */
    private volatile ArenaOperation next;

    ArenaOperation(final JvmArena arena, final int tag)
    {
        super(newContributions(arena.size), arena.ranks(), arena.chunkBytes);
        this.arena = arena;
        this.tag = tag;
        this.requests = new ArenaRequest[size];
    }

    private static Contribution[] newContributions(final int size)
    {
        final Contribution[] contributions = new Contribution[size];
        for (int i = 0; i < size; i++)
        {
            contributions[i] = new Contribution();
        }
        return contributions;
    }

    /**
     * Local rank {@code index}, its buffers published, arrives with its call ({@code root} a rank, or -1) and
     * the request that completes its part; the last to arrive starts the task.
     */
    void arrive(final ArenaRequest request, final int index, final LocalTask task, final ReduceOp op, final int root)
    {
        if (lastToArrive(request, index, task, op, root))
        {
            start(index);
        }
    }

    /**
     * As {@link #arrive}, at a collective across JVMs that the JVM's leader runs ({@link LeadersSchedule}): the last
     * to arrive only completes the request of the leader (local index 0, which arrives like the others), whose
     * schedule waits for it; the leader then does the rest and ends the others' requests ({@link #endMembers}).
     */
    void arriveForLeader(
        final ArenaRequest request, final int index, final LocalTask task, final ReduceOp op, final int root)
    {
        if (lastToArrive(request, index, task, op, root))
        {
            requests[0].end(null); // written before the leader arrived, so before this rank's count
        }
    }

    private boolean lastToArrive(
        final ArenaRequest request, final int index, final LocalTask task, final ReduceOp op, final int root)
    {
        contributions[index].publishCall(null, task, op, root);
        requests[index] = request;
        return (int)ARRIVED.getAndAdd(this, 1) + 1 == size;
    }

    /**
     * By the leader of a collective across JVMs as it ends: complete the requests of the other local ranks, failing
     * with {@code error} if not null, else with the error recorded for each, if any.
     */
    void endMembers(final MpiError error)
    {
        for (int i = 1; i < size; i++)
        {
            requests[i].end(error != null ? error : contributions[i].error);
        }
    }

    /**
     * The nonblocking operation that follows this one, nonblocking collective {@code tag} (the ranks start their
     * collectives in the same order): made by the first rank to ask, found by the others. Each rank keeps its place
     * in the chain, so finding an operation takes no lookup and no lock, and the chain behind the slowest rank is
     * garbage.
     */
    ArenaOperation next(final int tag)
    {
        final ArenaOperation known = next;
        if (known != null)
        {
            return known;
        }
        final ArenaOperation made = new ArenaOperation(arena, tag);
        final ArenaOperation other = (ArenaOperation)NEXT.compareAndExchange(this, null, made);
        return other != null ? other : made;
    }

    /** By the last rank to arrive, local index {@code index}: run the task, or offer its chunks. */
    private void start(final int index)
    {
        final Contribution call = contributions[index];
        final LocalTask task = call.task;
        MpiError error = callsDiffer();
        if (error == null && task.sameCounts())
        {
            error = sendCountsDiffer();
        }
        if (error != null)
        {
            for (int i = 0; i < size; i++)
            {
                fail(i, error);
            }
            end();
            return;
        }
        final int chunks = task.chunks(this, call);
        if (chunks < OFFERED_CHUNKS || task.alone(this, call, chunks))
        {
            for (int chunk = 0; chunk < chunks; chunk++)
            {
                task.run(this, call, chunk, index);
            }
            end();
            return;
        }
        call.chunks = chunks;
        offered = call;
        for (int i = 0; i < size; i++)
        {
            if (i != index)
            {
                requests[i].helpWhenPolled();
            }
        }
    }

    /** The rank's own temporary for nonblocking chunks: an operation's contributions are new, theirs would be too. */
    @Override
    Object scratch(final int index, final BaseType base, final int elements)
    {
        return arena.slots[index].nonblockingScratch(base, elements);
    }

    /** Local rank {@code index} runs chunks of the task while any is left; returns how many it ran. */
    int help(final int index)
    {
        final Contribution call = offered;
        if (call == null)
        {
            return 0;
        }
        final int total = call.chunks;
        int ran = 0;
        while (nextChunk < total)
        {
            final int chunk = (int)NEXT_CHUNK.getAndAdd(this, 1);
            if (chunk >= total)
            {
                break;
            }
            call.task.run(this, call, chunk, index);
            ran++;
            if ((int)DONE_CHUNKS.getAndAdd(this, 1) + 1 == total)
            {
                end();
            }
        }
        return ran;
    }

    /**
     * Ranks that started different collectives, or the same with different roots, as this one, or a root that
     * started it failed ({@link CollectiveState#startedFailedAtRoot}): the error every rank fails with, naming the
     * first that differs from local rank 0; null where all agree.
     */
    MpiError callsDiffer()
    {
        final Contribution first = contributions[0];
        for (int i = 1; i < size; i++)
        {
            final Contribution other = contributions[i];
            if (other.task != first.task || other.root != first.root ||
                CallLog.failed(other.nonblockingCall | first.nonblockingCall))
            {
                return MismatchCheck.nonblockingMismatch(first.nonblockingSequence, rank(i),
                    new long[]{ other.nonblockingCall, other.nonblockingBytes }, rank(0),
                    new long[]{ first.nonblockingCall, first.nonblockingBytes });
            }
        }
        return null;
    }

    /** Complete every rank's request, with the error the task found for it, if any. */
    private void end()
    {
        for (int i = 0; i < size; i++)
        {
            requests[i].end(contributions[i].error);
        }
    }
}
