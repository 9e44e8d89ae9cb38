package io.colompi.core.pt2pt;

import io.colompi.core.job.JobContext;
import io.colompi.core.job.JobControl;
import io.colompi.core.job.JobWiring;
import io.colompi.core.job.Placement;
import io.colompi.core.job.RuntimeSettings;

/**
 * The engine of a program started without a colompi launcher (plain {@code java Main}): a job of one rank,
 * as MPI's singleton initialization. Abort prints the cause and exits the JVM with the code.
 */
public final class StandaloneRank implements JobControl
{
    private volatile String abortReason;

    private StandaloneRank()
    {
    }

    public static Engine engine()
    {
        final JobContext job = new JobContext(
            Placement.singleJvm(1), new StandaloneRank(), RuntimeSettings.ofJvm(), JobWiring.singleJvm());
        return new Engine(0, job);
    }

    @Override
    public void abort(final int rank, final int code, final Throwable cause)
    {
        abortReason = "rank " + rank + (cause == null ? " called Abort(" + code + ")" : " failed: " + cause);
        System.err.println("colompi: " + abortReason);
        if (cause != null)
        {
            cause.printStackTrace();
        }
        System.err.flush();
        System.out.flush();
        Runtime.getRuntime().halt(code);
    }

    @Override
    public String abortReason()
    {
        return abortReason;
    }
}
