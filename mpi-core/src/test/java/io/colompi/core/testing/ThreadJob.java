package io.colompi.core.testing;

import io.colompi.core.comm.Communicator;
import io.colompi.core.job.JobAbortedException;
import io.colompi.core.job.JobContext;
import io.colompi.core.job.JobControl;
import io.colompi.core.job.JobWiring;
import io.colompi.core.job.Placement;
import io.colompi.core.job.RuntimeSettings;
import io.colompi.core.pt2pt.Engine;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a body on engine threads of this JVM, without class loaders: the engine-level test harness. Ranks may be
 * placed in several pretend JVMs (each with its own {@link JobContext}), which then reach each other only through
 * transports such as shared memory. The first failure aborts the job (so blocked ranks unwind) and is rethrown.
 */
public final class ThreadJob implements JobControl
{
    /** Code run by every rank, given COMM_WORLD of its engine. */
    @FunctionalInterface
    public interface RankBody
    {
        void run(Communicator world) throws Exception;
    }

    private static final long TIMEOUT_SECONDS = 60;

    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile String abortReason;

    private ThreadJob()
    {
    }

    /** Run {@code body} on {@code np} ranks in one JVM; fails with the first rank's exception, or on timeout. */
    public static void run(final int np, final RankBody body) throws Exception
    {
        run(np, 16384, body);
    }

    /** As {@link #run(int, RankBody)}, the job with {@code settings} (its eager limit included). */
    public static void run(final RuntimeSettings settings, final int np, final RankBody body) throws Exception
    {
        run(settings, new int[np], new int[np], null, settings.eagerLimit(), body);
    }

    public static void run(final int np, final int eagerLimit, final RankBody body) throws Exception
    {
        run(new int[np], null, eagerLimit, body);
    }

    /**
     * Run {@code body} on {@code jvmOf.length} ranks, rank r in pretend JVM {@code jvmOf[r]}, all on one node
     * whose shared-memory directory is {@code sharedMemoryDir} (null when every rank is in one JVM).
     */
    public static void run(final int[] jvmOf, final Path sharedMemoryDir, final int eagerLimit, final RankBody body)
        throws Exception
    {
        run(new int[jvmOf.length], jvmOf, sharedMemoryDir, eagerLimit, body);
    }

    /**
     * Run {@code body} on {@code jvmOf.length} ranks, rank r in pretend JVM {@code jvmOf[r]} on pretend node
     * {@code nodeOf[r]} (other nodes are reached over loopback); every node shares {@code sharedMemoryDir}. The
     * pretend JVMs wire up as real ones do: their engines publish endpoints, then a fence hands every JVM the table.
     */
    public static void run(
        final int[] nodeOf, final int[] jvmOf, final Path sharedMemoryDir, final int eagerLimit, final RankBody body)
        throws Exception
    {
        run(RuntimeSettings.defaults(), nodeOf, jvmOf, sharedMemoryDir, eagerLimit, body);
    }

    /** As above, every pretend JVM with {@code settings}, but {@code eagerLimit} (-1: every message rendezvous). */
    public static void run(
        final RuntimeSettings settings, final int[] nodeOf, final int[] jvmOf, final Path sharedMemoryDir,
        final int eagerLimit, final RankBody body) throws Exception
    {
        final ThreadJob job = new ThreadJob();
        final int np = jvmOf.length;
        final Placement placement = new Placement(nodeOf, jvmOf);
        final long jobId = ThreadLocalRandom.current().nextLong();
        final byte[] secret = new byte[JobWiring.SECRET_BYTES];
        ThreadLocalRandom.current().nextBytes(secret);
        final JobContext[] contextOfJvm = new JobContext[np];
        final Engine[] engines = new Engine[np];
        try
        {
            for (int r = 0; r < np; r++)
            {
                final int jvm = jvmOf[r];
                if (contextOfJvm[jvm] == null)
                {
                    contextOfJvm[jvm] = new JobContext(placement, job, settings, eagerLimit,
                        new JobWiring(jobId, secret, jvm, sharedMemoryDir));
                }
                engines[r] = new Engine(r, contextOfJvm[jvm]);
            }
        }
        catch (final RuntimeException ex)
        {
            closeAll(engines);
            throw ex;
        }
        fence(contextOfJvm);
        try
        {
            job.runRanks(engines, body);
        }
        finally
        {
            closeAll(engines);
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

    private static void fence(final JobContext[] contextOfJvm)
    {
        final Map<String, String> table = new HashMap<>();
        for (final JobContext context : contextOfJvm)
        {
            if (context != null)
            {
                table.putAll(context.wiring().published());
            }
        }
        for (final JobContext context : contextOfJvm)
        {
            if (context != null)
            {
                context.wiring().complete(table);
            }
        }
    }

    private static void closeAll(final Engine[] engines)
    {
        for (final Engine engine : engines)
        {
            if (engine != null)
            {
                engine.close();
            }
        }
    }

    private void runRanks(final Engine[] engines, final RankBody body) throws InterruptedException
    {
        final Thread[] threads = new Thread[engines.length];
        for (int r = 0; r < engines.length; r++)
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
                    abort(engine.worldRank(), 1, t);
                }
            }, "rank-" + r);
            threads[r].setDaemon(true);
            threads[r].start();
        }
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        for (final Thread t : threads)
        {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (t.isAlive())
            {
                abort(-1, 1, new AssertionError("job timed out after " + TIMEOUT_SECONDS + " s"));
                t.join(2_000);
            }
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
