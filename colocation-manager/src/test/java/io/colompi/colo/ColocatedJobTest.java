package io.colompi.colo;

import io.colompi.core.job.JobAbortedException;
import io.colompi.core.job.JobWiring;
import io.colompi.core.pt2pt.LocalTransport;
import io.colompi.testprograms.AbortingRank;
import io.colompi.testprograms.FailingRank;
import io.colompi.testprograms.Hanging;
import io.colompi.testprograms.Introspect;
import io.colompi.testprograms.PrintRank;
import io.colompi.testprograms.Ring;
import io.colompi.testprograms.SleepingRank;
import io.colompi.testprograms.StubbornRank;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(20)
class ColocatedJobTest
{
    static final Path PROGRAMS = ColocatedJob.codeSourceOf(FailingRank.class);

    static ColocatedJob.Builder job(final int np, final Class<?> program)
    {
        return ColocatedJob.builder()
            .np(np)
            .mainClass(program.getName())
            .classPath(List.of(PROGRAMS))
            .tagOutput(false)
            .timeout(Duration.ofSeconds(15));
    }

    @Test
    void eachRankRunsMainOnItsOwnThreadWithItsOwnLoaderAndArguments() throws Exception
    {
        Observations.clear();
        final JobResult result = job(2, Introspect.class).args("a", "-b").run();

        assertTrue(result.succeeded(), result::report);
        assertEquals(0, result.exitCode());
        for (int r = 0; r < 2; r++)
        {
            assertEquals("rank-" + r, Observations.get(r, "thread"));
            assertEquals(true, Observations.get(r, "contextLoaderIsMine"));
            assertEquals(r, Observations.get(r, "identity"));
            assertEquals(r, Observations.get(r, "helperIdentity"), "threads a rank starts act for it");
            assertEquals("[a, -b]", Observations.get(r, "args"), "each rank gets its own copy of args");
            assertEquals(RankOutcome.COMPLETED, result.rank(r).outcome());
        }
        assertEquals(-1, RankIdentity.currentRank());
    }

    @Test
    void aFailingRankEndsTheJobWithStatusOneNamingRankAndException() throws Exception
    {
        final long start = System.nanoTime();
        final JobResult result = job(4, FailingRank.class).run();

        assertEquals(1, result.exitCode());
        assertEquals("rank 2 failed: java.lang.IllegalStateException: boom", result.message());
        assertEquals(2, result.causeRank());
        assertInstanceOf(IllegalStateException.class, result.failure());
        assertTrue(result.report().contains(FailingRank.class.getName() + ".main(FailingRank.java:"), result::report);
        assertEquals(RankOutcome.FAILED, result.rank(2).outcome());
        for (final int r : new int[]{ 0, 1, 3 })
        {
            assertEquals(RankOutcome.UNWOUND, result.rank(r).outcome());
            assertInstanceOf(JobAbortedException.class, result.rank(r).exception());
        }
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(2).toNanos(), "blocked ranks unwind at once");
    }

    @Test
    void abortEndsTheJobWithItsCode() throws Exception
    {
        final JobResult result = job(3, AbortingRank.class).run();

        assertEquals(3, result.exitCode());
        assertEquals("rank 1 called Abort(3)", result.message());
        assertEquals(1, result.causeRank());
        assertNull(result.failure());
        assertEquals(RankOutcome.UNWOUND, result.rank(0).outcome());
        assertEquals(RankOutcome.UNWOUND, result.rank(2).outcome());
    }

    @Test
    void ranksSleepingOutsideMpiAreInterrupted() throws Exception
    {
        final long start = System.nanoTime();
        final JobResult result = job(2, SleepingRank.class).run();

        assertEquals(1, result.exitCode());
        assertEquals("rank 0 failed: java.lang.UnsupportedOperationException: rank 0 gives up", result.message());
        assertEquals(RankOutcome.UNWOUND, result.rank(1).outcome());
        assertInstanceOf(InterruptedException.class, result.rank(1).exception());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(2).toNanos());
    }

    @Test
    void aRankDeafToTheAbortIsLeftRunningAfterTheGracePeriod() throws Exception
    {
        final long start = System.nanoTime();
        final JobResult result = job(2, StubbornRank.class).abortGrace(Duration.ofMillis(300)).run();

        assertEquals(1, result.exitCode());
        assertEquals(RankOutcome.FAILED, result.rank(0).outcome());
        assertEquals(RankOutcome.RUNNING, result.rank(1).outcome());
        assertTrue(result.hasRunningRanks());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(3).toNanos());
    }

    @Test
    void aJobPastItsTimeoutIsAborted() throws Exception
    {
        final JobResult result = job(2, Hanging.class).timeout(Duration.ofMillis(300)).run();

        assertEquals(ColocatedJob.EXIT_TIMEOUT, result.exitCode());
        assertEquals("job timed out after 300 ms", result.message());
        assertEquals(-1, result.causeRank());
        assertEquals(RankOutcome.UNWOUND, result.rank(0).outcome());
        assertEquals(RankOutcome.UNWOUND, result.rank(1).outcome());
        assertFalse(result.hasRunningRanks());
    }

    @Test
    void anUnknownMainClassFailsTheJob() throws Exception
    {
        final JobResult result = ColocatedJob.builder().np(2).mainClass("no.such.Program")
            .classPath(List.of(PROGRAMS)).tagOutput(false).run();

        assertEquals(1, result.exitCode());
        assertTrue(result.message().contains("java.lang.ClassNotFoundException: no.such.Program"), result.message());
    }

    @Test
    void transportCountersAreReportedPerRank() throws Exception
    {
        final JobResult result = job(3, Ring.class).run();

        assertTrue(result.succeeded(), result::report);
        for (int r = 0; r < 3; r++)
        {
            assertEquals(List.of(new TransportCount(LocalTransport.NAME, 1, 4)), result.rank(r).transports());
        }
    }

    @Test
    void aJvmOfALargerJobRunsOnlyItsRanksAndTheFenceComesAfterEveryEngineBeforeAnyRank() throws Exception
    {
        final Path dir = JobDirectory.create(Path.of(System.getProperty("java.io.tmpdir")), ColocatedJobTest.class.hashCode());
        try
        {
            Observations.clear();
            final AtomicReference<List<String>> filesAtFence = new AtomicReference<>();
            final JobLayout layout = JobLayout.blocks(4, 2);
            final JobResult result = ColocatedJob.builder()
                .placement(layout.placement())
                .localRanks(layout.ranksOf(1))
                .wiring(new JobWiring(42, new byte[JobWiring.SECRET_BYTES], 1, dir))
                .beforeStart(() ->
                {
                    filesAtFence.set(list(dir));
                    Observations.put(-1, "fence", Observations.get(2, "thread") == null ? "before ranks" : "too late");
                })
                .mainClass(Introspect.class.getName()).args("a")
                .classPath(List.of(PROGRAMS))
                .tagOutput(false)
                .timeout(Duration.ofSeconds(15))
                .run();

            assertTrue(result.succeeded(), result::report);
            assertEquals(List.of(2, 3), result.ranks().stream().map(RankReport::rank).toList());
            assertEquals("rank-3", Observations.get(3, "thread"));
            assertNull(Observations.get(0, "thread"), "rank 0 lives in JVM 0");
            assertEquals("before ranks", Observations.get(-1, "fence"));
            assertEquals(2, filesAtFence.get().size(), "both local ranks' inbound rings exist at the fence: " + filesAtFence);
            assertEquals(List.of(), list(dir), "closing the engines released their rings");
        }
        finally
        {
            JobDirectory.remove(dir);
        }
    }

    private static List<String> list(final Path dir)
    {
        try (Stream<Path> files = Files.list(dir))
        {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    @Test
    void aJobEndedAtTheFenceRunsNoRank() throws Exception
    {
        Observations.clear();
        final ColocatedJob[] self = new ColocatedJob[1];
        self[0] = job(2, Introspect.class).args("a").beforeStart(() -> self[0].end(5, "JVM 1 failed")).build();

        final JobResult result = self[0].run();

        assertEquals(5, result.exitCode());
        assertEquals("JVM 1 failed", result.message());
        assertNull(Observations.get(0, "thread"));
        assertEquals(RankOutcome.UNWOUND, result.rank(1).outcome());
    }

    @Test
    void theEndListenerHearsTheFirstCauseAtOnce() throws Exception
    {
        final AtomicReference<String> heard = new AtomicReference<>();
        final JobResult result = job(4, FailingRank.class)
            .onEnd((rank, code, message) -> heard.compareAndSet(null, rank + " " + code + " " + message))
            .run();

        assertEquals(1, result.exitCode());
        assertEquals("2 1 rank 2 failed: java.lang.IllegalStateException: boom", heard.get());
    }

    @Test
    void localRanksMustShareAJvmOfThePlacement()
    {
        final JobLayout layout = JobLayout.blocks(4, 2);
        final ColocatedJob.Builder builder = job(4, PrintRank.class).placement(layout.placement())
            .wiring(new JobWiring(1, new byte[JobWiring.SECRET_BYTES], 1, Path.of("/nowhere")));

        assertThrows(IllegalArgumentException.class, () -> builder.localRanks(1, 2).build(), "JVMs 0 and 1");
        assertThrows(IllegalArgumentException.class, () -> builder.localRanks(3, 4).build(), "no rank 4");
        assertThrows(IllegalArgumentException.class, () -> builder.localRanks(2, 2).build(), "twice");
        assertThrows(IllegalArgumentException.class, () -> job(3, PrintRank.class).placement(layout.placement()).build(),
            "np disagrees with the placement");
        assertThrows(IllegalArgumentException.class,
            () -> job(4, PrintRank.class).placement(layout.placement()).localRanks(2, 3).build(), "no wiring");
        assertThrows(IllegalArgumentException.class,
            () -> builder.localRanks(2, 3).wiring(new JobWiring(1, new byte[JobWiring.SECRET_BYTES], 0, Path.of("/nowhere"))).build(), "JVM 0's wiring");
    }
}
