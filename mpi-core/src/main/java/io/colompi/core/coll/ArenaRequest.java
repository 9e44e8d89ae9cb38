package io.colompi.core.coll;

import io.colompi.core.comm.Communicator;
import io.colompi.core.job.MpiError;
import io.colompi.core.op.ReduceOp;
import io.colompi.core.pt2pt.Engine;
import io.colompi.core.pt2pt.Peers;
import io.colompi.core.pt2pt.Request;
import io.colompi.core.type.TypeMap;

/**
 * A rank's part in a nonblocking collective run in shared memory ({@link ArenaOperation}): publishes the rank's
 * buffers and arrives; while chunks of the task are on offer it runs them whenever the rank polls (an
 * {@link Engine.Activity} of the rank's engine). Completed by the thread that ends the task, with the error the task
 * found for this rank, if any. Count and displacement arrays are copied when it starts, as a schedule reads them then.
 */
final class ArenaRequest extends Request implements Engine.Activity
{
    final ArenaOperation operation;
    /** The rank's local index: 0 is its JVM's leader. */
    final int index;
    private final Contribution mine;

    private ArenaRequest(final Engine engine, final ArenaOperation operation, final int index)
    {
        super(engine);
        this.operation = operation;
        this.index = index;
        this.mine = operation.contributions[index];
    }

    /** This rank's part in nonblocking collective {@code tag} of {@code c}, all of whose ranks live in this JVM. */
    static ArenaRequest of(final Communicator c, final int tag)
    {
        final CollectiveState state = CollectiveState.of(c);
        final ArenaRequest request = new ArenaRequest(c.engine(), state.nextNonblocking(c, tag),
            c.locality().localIndex());
        final CallLog calls = state.calls(c);
        request.mine.nonblockingSequence = state.nonblockingStarted() - 1;
        request.mine.nonblockingCall = calls.lastStartedCall();
        request.mine.nonblockingBytes = calls.lastStartedBytes();
        return request;
    }

    ArenaRequest send(final Object buffer, final int offset, final int count, final TypeMap type)
    {
        mine.publishSend(buffer, offset, count, type);
        return this;
    }

    /** Per-block counts and displacements (in extents) of a v-collective's send side. */
    ArenaRequest sendBlocks(final int[] counts, final int[] displs)
    {
        mine.sendBlockCounts = counts == null ? null : counts.clone();
        mine.sendBlockDispls = displs == null ? null : displs.clone();
        return this;
    }

    ArenaRequest recv(final Object buffer, final int offset, final int count, final TypeMap type)
    {
        mine.publishRecv(buffer, offset, count, type);
        return this;
    }

    ArenaRequest recvBlocks(final int[] counts, final int[] displs)
    {
        mine.recvBlockCounts = counts == null ? null : counts.clone();
        mine.recvBlockDispls = displs == null ? null : displs.clone();
        return this;
    }

    /**
     * Arrive with the call: {@code task}, its reduction {@code op} (or null) and {@code root} (a rank, or -1), and
     * run what there is to run now.
     */
    Request start(final LocalTask task, final ReduceOp op, final int root)
    {
        operation.arrive(this, index, task, op, root);
        operation.help(index);
        return this;
    }

    /**
     * Arrive at a collective across JVMs that this JVM's leader runs ({@link LeadersSchedule}): {@code task}, its
     * {@code op} (or null) and {@code root} (a rank, or -1). The leader completes this request.
     */
    Request arriveForLeader(final LocalTask task, final ReduceOp op, final int root)
    {
        operation.arriveForLeader(this, index, task, op, root);
        return this;
    }

    /**
     * The task has chunks on offer: run them as the rank polls, from now until it completes. Registered by the rank
     * that offers them, not at the start: a rank's activities are polled on every wait of the rank, and adding and
     * removing one costs more than a small task (np 2 allreduce of 8 doubles: 1.0-1.6 us without, 3.0-3.6 with).
     * A parked rank is not woken for them: its wake-up would cost the offering rank more than the chunks.
     */
    void helpWhenPolled()
    {
        owner.addActivity(this);
    }

    @Override
    public int doWork()
    {
        if (isComplete())
        {
            owner.removeActivity(this);
            return 0;
        }
        return operation.help(index);
    }

    /** The task has ended: complete this rank's part, failing with {@code error} if the task found one for it. */
    void end(final MpiError error)
    {
        if (error != null)
        {
            fail(error, Peers.ANY_SOURCE, Peers.ANY_TAG);
        }
        else
        {
            complete(Peers.ANY_SOURCE, Peers.ANY_TAG, 0);
        }
    }
}
