package io.colompi.core.job;

/**
 * How a rank ends the whole job. The rank host decides what that means: a launched JVM flushes output and
 * exits with the code; an in-process job records the result and unblocks every rank.
 */
public interface JobControl
{
    /**
     * End the job because {@code rank} aborted or failed.
     *
     * @param rank  the world rank that triggered it.
     * @param code  the exit status the job should end with.
     * @param cause what happened, named in the job's report; may be null for a plain {@code Abort}.
     */
    void abort(int rank, int code, Throwable cause);

    /** The reason the job is ending, or null while it runs; every blocking call checks this. */
    String abortReason();
}
