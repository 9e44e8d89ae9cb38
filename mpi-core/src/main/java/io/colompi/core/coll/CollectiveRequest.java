package io.colompi.core.coll;

import io.colompi.core.comm.Communicator;
import io.colompi.core.job.ErrorClass;
import io.colompi.core.job.MpiError;
import io.colompi.core.pt2pt.Engine;
import io.colompi.core.pt2pt.Peers;
import io.colompi.core.pt2pt.RecvRequest;
import io.colompi.core.pt2pt.Request;
import io.colompi.core.type.BaseType;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A nonblocking collective in flight: runs its {@link Schedule} round by round. A round's steps run in order
 * (local work at once, point-to-point requests started); the next round starts once all of the round's
 * requests have completed. It advances whenever its rank polls (it is an {@link Engine.Activity} of the
 * rank's engine while in flight): while anyone waits for or tests it, or waits for anything else, so a
 * {@code Waitall} over a mix of requests moves it on. One thread advances it at a time; the others skip it.
 * It completes with the first error a request or step raised, after the round in flight has settled; a count
 * mismatch ({@link Plan#countError}) is raised once the whole schedule has run, as a blocking plan does.
 */
final class CollectiveRequest extends Request implements Engine.Activity
{
    /** What a collective does as it ends, on the thread that ends it, before its request completes. */
    @FunctionalInterface
    interface Ending
    {
        /** The collective ends with {@code error}, or null: it ran to its end. */
        void ended(MpiError error);
    }

    /** The temporaries a collective took from {@code pool}: {@code count} of {@code arrays}, of {@code types}. */
    record Scratch(ScratchPool pool, Object[] arrays, BaseType[] types, int count)
    {
        void giveBack()
        {
            for (int i = 0; i < count; i++)
            {
                pool.give(types[i], arrays[i]);
            }
        }
    }

    final Communicator comm;
    final int tag;
    private final Engine engine;
    private final AtomicBoolean advancing = new AtomicBoolean();
    private Schedule.Step[] steps;
    /** Elements each step's receive is posted for; -1 for other steps ({@link Schedule#ENDED}: its end only). */
    private final long[] expected;
    /** Where each round's steps end; the first {@link #rounds} are the collective's. */
    private final int[] roundEnds;
    private final int rounds;
    private Request[] pending;
    /** The step of each pending request. */
    private final int[] pendingSteps;
    private int pendingCount;
    private int settled;
    private int nextRound;
    private MpiError failure;
    private MpiError deferred;
    /** Null where the collective does nothing more as it ends. */
    private final Ending ending;
    private final Scratch scratch;

    CollectiveRequest(final Communicator comm, final int tag, final Schedule.Step[] steps, final long[] expected,
        final int[] roundEnds, final int rounds, final int widestRound, final Ending ending, final Scratch scratch)
    {
        super(comm.engine());
        this.comm = comm;
        this.tag = tag;
        this.engine = comm.engine();
        this.steps = steps;
        this.expected = expected;
        this.roundEnds = roundEnds;
        this.rounds = rounds;
        this.pending = new Request[widestRound];
        this.pendingSteps = new int[widestRound];
        this.ending = ending;
        this.scratch = scratch;
    }

    /** Run as far as possible now, then, unless done, let the engine advance it whenever the rank polls. */
    void begin()
    {
        doWork();
        if (!isComplete())
        {
            engine.addActivity(this);
            if (isComplete())
            {
                engine.removeActivity(this); // completed on another thread before it was registered
            }
        }
    }

    /** A local step's error, raised when the collective completes. */
    void defer(final MpiError error)
    {
        if (deferred == null)
        {
            deferred = error;
        }
    }

    @Override
    public int doWork()
    {
        if (isComplete() || !advancing.compareAndSet(false, true))
        {
            return 0;
        }
        int work = 0;
        try
        {
            if (isComplete())
            {
                return 0; // another thread ended it between the check and the flag
            }
            while (true)
            {
                while (settled < pendingCount)
                {
                    final Request request = pending[settled];
                    if (!request.isComplete())
                    {
                        return work;
                    }
                    final long expects = expected[pendingSteps[settled]];
                    final MpiError error = expects == Schedule.ENDED ? null : Plan.stepError(request, expects);
                    if (error != null && Plan.countError(error))
                    {
                        defer(error);
                    }
                    else if (failure == null)
                    {
                        failure = error;
                    }
                    pending[settled++] = null;
                }
                if (failure != null || nextRound == rounds)
                {
                    end();
                    return work + 1;
                }
                startRound();
                work++;
            }
        }
        finally
        {
            advancing.set(false);
        }
    }

    /**
     * End the collective now, failing with {@code error} (a peer runs another collective as this one): its receives
     * that have not matched are withdrawn first, so nothing lands in its buffers afterwards. False where it has
     * completed, or another thread advances it at this moment.
     */
    boolean abandon(final MpiError error)
    {
        if (isComplete() || !advancing.compareAndSet(false, true))
        {
            return false;
        }
        try
        {
            if (isComplete())
            {
                return false;
            }
            for (int i = settled; i < pendingCount; i++)
            {
                if (pending[i] instanceof RecvRequest receive)
                {
                    engine.cancel(receive);
                }
                else if (pending[i] instanceof CollectiveRequest part)
                {
                    part.abandon(error); // the rest of this collective, started by one of its steps
                }
            }
            failure = error;
            end();
            return true;
        }
        finally
        {
            advancing.set(false);
        }
    }

    private void startRound()
    {
        final int from = nextRound == 0 ? 0 : roundEnds[nextRound - 1];
        final int to = roundEnds[nextRound++];
        pendingCount = 0;
        settled = 0;
        for (int i = from; i < to; i++)
        {
            try
            {
                final Request started = steps[i].run(this);
                if (started != null)
                {
                    pendingSteps[pendingCount] = i;
                    pending[pendingCount++] = started;
                }
            }
            catch (final MpiError e)
            {
                failure = e;
                return;
            }
            catch (final RuntimeException e)
            {
                failure = new MpiError(ErrorClass.OTHER, "nonblocking collective failed: " + e, e);
                return;
            }
        }
    }

    private void end()
    {
        steps = null;
        pendingCount = 0;
        settled = 0;
        MpiError error = failure != null ? failure : deferred;
        engine.removeActivity(this);
        if (ending != null)
        {
            try
            {
                ending.ended(error);
            }
            catch (final RuntimeException e)
            {
                error = error != null ? error : e instanceof MpiError known ? known :
                    new MpiError(ErrorClass.OTHER, "nonblocking collective failed: " + e, e);
            }
        }
        if (error != null)
        {
            fail(error, Peers.ANY_SOURCE, Peers.ANY_TAG);
        }
        else
        {
            complete(Peers.ANY_SOURCE, Peers.ANY_TAG, 0);
            scratch.giveBack(); // every send and receive has completed: nothing refers to them
        }
    }
}
