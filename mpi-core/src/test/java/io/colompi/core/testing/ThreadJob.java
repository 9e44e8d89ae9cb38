package io.colompi.core.testing;

import io.colompi.core.comm.Communicator;
import io.colompi.core.job.JobAbortedException;
import io.colompi.core.job.JobControl;
import io.colompi.core.pt2pt.Engine;
import io.colompi.core.transport.JobContext;
import io.colompi.core.transport.Placement;
import io.colompi.core.wait.WaitPolicy;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a body on {@code np} engine threads of one JVM, without class loaders: the engine-level test harness.
 * The first failure aborts the job (so blocked ranks unwind) and is rethrown by {@link #run}.
 */
public final class ThreadJob implements JobControl
{
    /** Code run by every rank, given COMM_WORLD of its engine. */
    @FunctionalInterface
    public interface RankBody
    {
        void run(Communicator world) throws Exception;
    }

    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile String abortReason;

    private ThreadJob()
    {
    }

    /** Run {@code body} on {@code np} ranks; fails with the first rank's exception, or on timeout. */
    public static void run(final int np, final RankBody body) throws Exception
    {
        run(np, 16384, body);
    }

    public static void run(final int np, final int eagerLimit, final RankBody body) throws Exception
    {
        final ThreadJob job = new ThreadJob();
        final JobContext context = new JobContext(Placement.singleJvm(np), job, WaitPolicy.BACKOFF, eagerLimit);
        final Engine[] engines = new Engine[np];
        for (int r = 0; r < np; r++)
        {
            engines[r] = new Engine(r, context);
        }
        final Thread[] threads = new Thread[np];
        for (int r = 0; r < np; r++)
        {
            final Engine engine = engines[r];
            threads[r] = new Thread(() ->
            {
                try
                {
                    body.run(Communicator.world(engine));
                }
                catch (final JobAbortedException ignored)
                {
                    // another rank failed first
                }
                catch (final Throwable t)
                {
                    job.abort(engine.worldRank(), 1, t);
                }
            }, "rank-" + r);
            threads[r].setDaemon(true);
            threads[r].start();
        }
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (final Thread t : threads)
        {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (t.isAlive())
            {
                job.abort(-1, 1, new AssertionError("job timed out"));
                break;
            }
        }
        final Throwable cause = job.failure.get();
        if (cause instanceof Exception)
        {
            throw (Exception)cause;
        }
        if (cause != null)
        {
            throw new AssertionError(cause);
        }
    }

    @Override
    public void abort(final int rank, final int code, final Throwable cause)
    {
        if (failure.compareAndSet(null, cause != null ? cause : new AssertionError("rank " + rank + " aborted: " + code)))
        {
            abortReason = "rank " + rank + " failed";
        }
    }

    @Override
    public String abortReason()
    {
        return abortReason;
    }
}
