package io.colompi.transport.shm;

import io.colompi.core.comm.Communicator;
import io.colompi.core.job.JobAbortedException;
import io.colompi.core.job.JobControl;
import io.colompi.core.pt2pt.Engine;
import io.colompi.core.transport.JobContext;
import io.colompi.core.transport.JobWiring;
import io.colompi.core.transport.Placement;
import io.colompi.core.wait.WaitPolicy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Runs ranks as threads of this JVM but places them in several pretend JVMs: each pretend JVM has its own
 * {@link JobContext}, so ranks in different ones can only reach each other through the shm transport.
 */
final class SplitJob implements JobControl
{
    @FunctionalInterface
    interface RankBody
    {
        void run(Communicator world) throws Exception;
    }

    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile String abortReason;
    private Engine[] engines;

    /** Run {@code body} on {@code jvmOf.length} ranks, rank r in pretend JVM {@code jvmOf[r]}. */
    static void run(final int[] jvmOf, final RankBody body) throws Exception
    {
        run(jvmOf, 16384, body);
    }

    static void run(final int[] jvmOf, final int eagerLimit, final RankBody body) throws Exception
    {
        final SplitJob job = new SplitJob();
        final Path dir = Files.createDirectory(Path.of("/dev/shm", "colompi-test-" +
            Long.toHexString(ThreadLocalRandom.current().nextLong())));
        try
        {
            job.start(jvmOf, eagerLimit, dir, body);
        }
        finally
        {
            if (job.engines != null)
            {
                for (final Engine engine : job.engines)
                {
                    engine.close();
                }
            }
            try (Stream<Path> files = Files.walk(dir))
            {
                files.sorted(Comparator.reverseOrder()).forEach(SplitJob::delete);
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

    private void start(final int[] jvmOf, final int eagerLimit, final Path dir, final RankBody body) throws Exception
    {
        final int np = jvmOf.length;
        final Placement placement = new Placement(new int[np], jvmOf);
        final long jobId = ThreadLocalRandom.current().nextLong();
        final JobContext[] contexts = new JobContext[np];
        engines = new Engine[np];
        for (int r = 0; r < np; r++)
        {
            final int jvm = jvmOf[r];
            JobContext context = null;
            for (int q = 0; q < r; q++)
            {
                if (jvmOf[q] == jvm)
                {
                    context = contexts[q];
                }
            }
            if (context == null)
            {
                context = new JobContext(placement, this, WaitPolicy.BACKOFF, eagerLimit,
                    new JobWiring(jobId, jvm, dir, Map.of()));
            }
            contexts[r] = context;
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
                    abort(engine.worldRank(), 1, t);
                }
            }, "rank-" + r);
            threads[r].setDaemon(true);
            threads[r].start();
        }
        final long deadline = System.currentTimeMillis() + 60_000;
        for (final Thread t : threads)
        {
            t.join(Math.max(1, deadline - System.currentTimeMillis()));
            if (t.isAlive())
            {
                abort(-1, 1, new AssertionError("job timed out"));
                t.join(2_000);
            }
        }
    }

    Engine engine(final int rank)
    {
        return engines[rank];
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

    private static void delete(final Path path)
    {
        try
        {
            Files.deleteIfExists(path);
        }
        catch (final IOException e)
        {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
