package io.colompi.examples.programs;

import mpi.MPI;

/** A storm's check that failed; {@link #report} turns any failure of a step into one line and ends the job. */
final class StormFailure extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    StormFailure(final String message)
    {
        super(message);
    }

    /**
     * Print {@code head} and what {@code e} says as one line (an unexpected exception with its causes and its stack
     * trace), then end the job with status 1. The job ending because another rank failed is rethrown: that rank has
     * said why.
     */
    static void report(final String head, final Throwable e)
    {
        if (e instanceof RuntimeException r && e.getClass().getSimpleName().equals("JobAbortedException"))
        {
            throw r;
        }
        final StringBuilder line = new StringBuilder(head);
        if (e instanceof StormFailure)
        {
            line.append(e.getMessage());
        }
        else
        {
            line.append("exception ").append(e);
            for (Throwable c = e.getCause(); c != null; c = c.getCause())
            {
                line.append(" caused by ").append(c);
            }
        }
        System.out.println(line);
        System.out.flush();
        if (!(e instanceof StormFailure))
        {
            e.printStackTrace();
        }
        System.err.flush();
        MPI.COMM_WORLD.Abort(1);
    }
}
