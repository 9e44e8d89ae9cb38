package io.colompi.core.job;

/**
 * Thrown out of any MPI call of a rank once the job is ending because some rank aborted or failed.
 * The launcher reports the first cause; this exception only unwinds the other ranks.
 */
public final class JobAbortedException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public JobAbortedException(final String reason)
    {
        super(reason, null, false, false);
    }
}
