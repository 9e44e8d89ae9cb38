package io.colompi.colo;

import io.colompi.core.job.JobControl;

import java.util.concurrent.atomic.AtomicReference;

/**
 * How an in-process job ends early: the first abort, failure or timeout is recorded and wakes every rank;
 * later ones are consequences of the first and change nothing.
 */
final class JobTermination implements JobControl
{
    /** The first cause of the end of the job. */
    record Cause(int rank, int code, String message, Throwable failure)
    {
    }

    private final AtomicReference<Cause> first = new AtomicReference<>();
    private final Runnable wakeRanks;
    private volatile String reason;

    /** @param wakeRanks run once, by the thread that ends the job: unblocks ranks waiting in or outside MPI. */
    JobTermination(final Runnable wakeRanks)
    {
        this.wakeRanks = wakeRanks;
    }

    @Override
    public void abort(final int rank, final int code, final Throwable cause)
    {
        final String message = cause != null ?
            "rank " + rank + " failed: " + cause :
            "rank " + rank + " called Abort(" + code + ")";
        end(new Cause(rank, code, message, cause));
    }

    /** End the job: {@code rank} returned from {@code main} after {@code MPI.Init} without {@code MPI.Finalize}. */
    void returnedUnfinalized(final int rank, final int code)
    {
        end(new Cause(rank, code, "rank " + rank + " returned from main without calling MPI.Finalize", null));
    }

    /** End the job for a reason that is no rank's doing (a timeout). */
    void endJob(final int code, final String message)
    {
        end(new Cause(-1, code, message, null));
    }

    @Override
    public String abortReason()
    {
        return reason;
    }

    /** The first cause, or null while the job runs. */
    Cause cause()
    {
        return first.get();
    }

    private void end(final Cause cause)
    {
        if (first.compareAndSet(null, cause))
        {
            reason = cause.message();
            wakeRanks.run();
        }
    }
}
