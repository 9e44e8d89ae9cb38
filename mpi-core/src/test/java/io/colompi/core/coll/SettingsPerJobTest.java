package io.colompi.core.coll;

import io.colompi.core.comm.Communicator;
import io.colompi.core.job.RuntimeSettings;
import io.colompi.core.op.PredefinedOp;
import io.colompi.core.testing.ThreadJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.colompi.core.coll.Layouts.DOUBLE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each job runs with its own settings ({@code JobContext.settings()}), read nowhere else: two jobs alive at once in
 * one JVM, one with the defaults and one with other settings, each take the path their own settings choose.
 */
@Timeout(60)
class SettingsPerJobTest
{
    private static final int NP = 3;

    @Test
    void twoJobsInOneJvmEachChooseByTheirOwnThresholds() throws Exception
    {
        bothAtOnce(CollectiveChecks.settings(CollectiveChecks.flatDefaults()), Selection.Path.FLAT);
    }

    @Test
    void twoJobsInOneJvmEachReduceAsTheirOwnReproducibleSettingSays() throws Exception
    {
        bothAtOnce(RuntimeSettings.defaults().toBuilder().reproducible(true).build(), Selection.Path.FLAT);
    }

    /**
     * A job with {@code other} settings and one with the defaults, alive together; the other's path {@code path}. Each
     * job is started by a thread of its own: the common pool of {@code CompletableFuture.runAsync} runs one task at a
     * time on a 2-core machine under Java 25, and the second job would wait for the first, which waits for it.
     */
    private static void bothAtOnce(final RuntimeSettings other, final Selection.Path path) throws Exception
    {
        final CountDownLatch bothStarted = new CountDownLatch(2 * NP);
        final ExecutorService jobs = Executors.newFixedThreadPool(2);
        try
        {
            final Future<?> changed = jobs.submit(() -> run(other, path, bothStarted));
            final Future<?> defaults = jobs.submit(
                () -> run(RuntimeSettings.defaults(), Selection.Path.JVM_ARENA, bothStarted));
            changed.get(50, TimeUnit.SECONDS);
            defaults.get(50, TimeUnit.SECONDS);
        }
        finally
        {
            jobs.shutdownNow();
        }
    }

    private static void run(final RuntimeSettings settings, final Selection.Path path, final CountDownLatch bothStarted)
    {
        try
        {
            ThreadJob.run(settings, NP, world ->
            {
                bothStarted.countDown();
                assertTrue(bothStarted.await(20, TimeUnit.SECONDS), "the other job did not start");
                assertEquals(path, Selection.of(world).allreduce(4, DOUBLE, PredefinedOp.SUM).path());
                allreduce(world);
            });
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private static void allreduce(final Communicator world)
    {
        final double[] sums = new double[4];
        Collectives.allreduce(world, new double[]{ 1, 2, 3, world.rank() }, 0, sums, 0, 4, DOUBLE, PredefinedOp.SUM);
        assertArrayEquals(new double[]{ NP, 2 * NP, 3 * NP, NP * (NP - 1) / 2.0 }, sums);
    }
}
