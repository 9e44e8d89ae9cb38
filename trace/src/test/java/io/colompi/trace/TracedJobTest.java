package io.colompi.trace;

import io.colompi.colo.ColocatedJob;
import io.colompi.colo.JobLauncher;
import io.colompi.colo.JobLayout;
import io.colompi.colo.LaunchResult;
import io.colompi.core.trace.Call;
import io.colompi.core.trace.Tier;
import io.colompi.examples.Ring;
import io.colompi.examples.StridedRing;
import io.colompi.trace.journal.JobJournals;
import io.colompi.trace.journal.TraceEvent;
import io.colompi.trace.report.TraceReport;
import io.colompi.trace.report.Traffic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Jobs traced through the launcher, in one JVM and in several: what the journals hold and what the report shows. */
@Timeout(300)
class TracedJobTest
{
    private static final int NP = 4;
    private static final int LAPS = 3;

    private static JournalContents runRing(final Path dir, final int ranksPerJvm, final JobLayout placement)
        throws IOException, InterruptedException
    {
        return run(dir, ranksPerJvm, placement, Ring.class, List.of("" + LAPS));
    }

    private static JournalContents run(
        final Path dir, final int ranksPerJvm, final JobLayout placement, final Class<?> program, final List<String> args)
        throws IOException, InterruptedException
    {
        final LaunchResult result = JobLauncher.builder()
            .np(NP).ranksPerJvm(ranksPerJvm).placement(placement).tagOutput(false)
            .classPath(List.of(ColocatedJob.codeSourceOf(program))).mainClass(program).args(args)
            .trace(dir)
            .timeout(Duration.ofSeconds(240))
            .run();
        assertEquals(0, result.exitCode(), result::toString);
        final JournalContents trace = JournalContents.read(dir);
        assertEquals(NP, trace.size());
        assertEquals(List.of(), trace.problems());
        return trace;
    }

    /** Each rank sent LAPS tokens of 4 bytes to rank+1 and received as many from rank-1, in the tier expected. */
    private static void assertRing(final JournalContents trace, final int[] jvmOfRank)
    {
        for (int rank = 0; rank < NP; rank++)
        {
            final List<TraceEvent> events = trace.events(rank);
            assertEquals(jvmOfRank[rank], trace.header(rank).jvm(), "JVM of rank " + rank);
            final int next = (rank + 1) % NP;
            final int prev = (rank + NP - 1) % NP;
            final List<TraceEvent> sends = events.stream().filter(e -> e.call() == Call.SEND).toList();
            final List<TraceEvent> receives = events.stream().filter(e -> e.call() == Call.RECV).toList();
            assertEquals(LAPS, sends.size(), "sends of rank " + rank);
            assertEquals(LAPS, receives.size(), "receives of rank " + rank);
            for (int lap = 0; lap < LAPS; lap++)
            {
                final TraceEvent send = sends.get(lap);
                assertEquals(next, send.peer());
                assertEquals(4, send.bytes());
                assertEquals(lap, send.tag());
                assertEquals(jvmOfRank[rank] == jvmOfRank[next] ? Tier.LOCAL : Tier.SHM, send.tier(), send::toString);
                assertTrue(send.endNs() >= send.startNs());
                final TraceEvent receive = receives.get(lap);
                assertEquals(prev, receive.peer());
                assertEquals(4, receive.bytes());
                assertEquals(jvmOfRank[rank] == jvmOfRank[prev] ? Tier.LOCAL : Tier.SHM, receive.tier());
                assertTrue(receive.waitNs() <= receive.durationNs());
            }
            assertEquals(Call.INIT, events.get(0).call());
            assertEquals(Call.FINALIZE, events.get(events.size() - 1).call());
        }
    }

    @Test
    void aRingInOneJvmIsJournaledCallByCallWithPeersBytesAndTheLocalTier(@TempDir final Path dir)
        throws IOException, InterruptedException
    {
        assertRing(runRing(dir, NP, null), new int[]{ 0, 0, 0, 0 });
    }

    @Test
    void aRingOverTwoJvmsCrossesThemOverShmAndTheReportCountsIt(@TempDir final Path dir)
        throws IOException, InterruptedException
    {
        final JournalContents trace = runRing(dir, 2, null);
        assertRing(trace, new int[]{ 0, 0, 1, 1 });

        final Traffic traffic = JournalContents.traffic(dir);
        for (int rank = 0; rank < NP; rank++)
        {
            assertEquals(4L * LAPS, traffic.bytes(rank, (rank + 1) % NP), "bytes " + rank + " -> next");
            assertEquals(0, traffic.bytes(rank, (rank + 2) % NP));
        }
        // the ring's sends: 0->1 and 2->3 in a JVM, 1->2 and 3->0 across; Finalize's barrier adds empty messages
        assertEquals(2 * 4L * LAPS, traffic.tierBytes(Tier.LOCAL));
        assertEquals(2 * 4L * LAPS, traffic.tierBytes(Tier.SHM));
        assertEquals(0, traffic.tierBytes(Tier.AERON));

        final Path summary;
        try (JobJournals journals = JobJournals.open(dir))
        {
            summary = TraceReport.read(journals).write();
        }
        for (final String file : List.of(TraceReport.MATRIX_BYTES, TraceReport.MATRIX_MESSAGES, TraceReport.TIERS,
            TraceReport.TIMES, TraceReport.TIMELINE))
        {
            assertTrue(Files.size(dir.resolve(file)) > 100, file);
        }
        final String text = Files.readString(summary);
        assertTrue(text.contains("Every rank's journal is complete."), text);
        assertTrue(text.contains("| shm | "), text);
        final String timeline = Files.readString(dir.resolve(TraceReport.TIMELINE));
        assertTrue(timeline.contains("\"name\":\"rank 3\""), "a track per rank");
        assertTrue(timeline.contains("\"ph\":\"s\"") && timeline.contains("\"ph\":\"f\""), "flows for messages");
    }

    @Test
    void aSendrecvIsOneRecordWithBothPeersAndTheTiersStillCountEveryMessage(@TempDir final Path dir)
        throws IOException, InterruptedException
    {
        final int doubles = 16;
        final int iterations = 5;

        // a ring of stride 1 by Sendrecv, then an Allreduce across the two JVMs
        final JournalContents trace = run(dir, 2, null, StridedRing.class, List.of("" + doubles, "" + iterations, "1"));

        final long ringBytes = 8L * doubles * iterations;
        for (int rank = 0; rank < NP; rank++)
        {
            final List<TraceEvent> events = trace.events(rank);
            final List<TraceEvent> sendrecvs = events.stream().filter(e -> e.call() == Call.SENDRECV).toList();
            assertEquals(iterations, sendrecvs.size(), "Sendrecv records of rank " + rank);
            for (final TraceEvent sendrecv : sendrecvs)
            {
                assertEquals((rank + 1) % NP, sendrecv.peer());
                assertEquals((rank + NP - 1) % NP, sendrecv.source());
                assertEquals(8L * doubles, sendrecv.bytes());
                assertEquals(8L * doubles, sendrecv.receivedBytes());
                assertEquals(7, sendrecv.sourceTag());
            }
            // the Sendrecvs' and the collectives' own sends and receives are not records of their own
            assertTrue(events.stream().noneMatch(e -> e.call() == Call.ISEND || e.call() == Call.IRECV ||
                e.call() == Call.RECV), events::toString);
        }
        final Traffic traffic = JournalContents.traffic(dir);
        // JVMs {0, 1} and {2, 3}: 0->1 and 2->3 local, 1->2 and 3->0 over shm; the Allreduce adds its messages
        // in the JVMs and between them (Barrier and Finalize send empty ones): counted without records of their own
        assertTrue(traffic.tierBytes(Tier.LOCAL) > 2 * ringBytes, () -> "local " + traffic.tierBytes(Tier.LOCAL));
        assertTrue(traffic.tierBytes(Tier.SHM) > 2 * ringBytes, () -> "shm " + traffic.tierBytes(Tier.SHM));
        assertTrue(traffic.bytes(1, 2) >= ringBytes && traffic.bytes(3, 0) >= ringBytes);
    }

    @Test
    void openMpiApiCollectivesAreJournaledAsTheirMpjExpressTwinsAndNeighbourhoodCallsAsTheirOwn(@TempDir final Path dir)
        throws IOException, InterruptedException
    {
        final JournalContents trace = run(dir, 2, null, OpenMpiCalls.class, List.of());
        final List<Call> collectives =
            List.of(Call.ALLREDUCE, Call.NEIGHBOR_ALLTOALL, Call.ICOLLECTIVE, Call.ALLREDUCE);
        for (int rank = 0; rank < NP; rank++)
        {
            assertEquals(collectives, trace.events(rank).stream().map(TraceEvent::call).filter(collectives::contains)
                .toList(), "rank " + rank);
            assertEquals(List.of(), trace.events(rank).stream().map(TraceEvent::call)
                .filter(call -> call.sends() || call.receives() || call == Call.SENDRECV || call == Call.PROBE)
                .toList(), "rank " + rank + " made no point-to-point call of its own");
        }
    }

    @Test
    void oneSidedCallsAreJournaledAndTheirMessagesCountInTheMatrix(@TempDir final Path dir)
        throws IOException, InterruptedException
    {
        final JournalContents trace = run(dir, 2, null, OneSidedCalls.class, List.of());
        final List<Call> oneSided = List.of(Call.WIN_FENCE, Call.WIN_PUT, Call.WIN_FENCE, Call.WIN_LOCK,
            Call.WIN_UNLOCK);
        assertEquals(oneSided, trace.events(0).stream().map(TraceEvent::call).filter(c -> c.name().startsWith("WIN"))
            .toList());
        assertEquals(List.of(Call.WIN_FENCE, Call.WIN_FENCE, Call.WIN_LOCK, Call.WIN_UNLOCK), trace.events(1).stream()
            .map(TraceEvent::call).filter(c -> c.name().startsWith("WIN")).toList());
        assertTrue(JournalContents.traffic(dir).bytes(0, 1) >= 4 * Double.BYTES, "the put's data in the matrix");
    }

    @Test
    void everySendIsJournaledUnderTheCallThatMadeIt(@TempDir final Path dir) throws IOException, InterruptedException
    {
        final JournalContents trace = run(dir, 2, null, SendCalls.class, List.of());
        assertEquals(List.of(Call.ISEND, Call.ISSEND, Call.IRSEND, Call.IBSEND, Call.BSEND, Call.START),
            trace.events(0).stream().map(TraceEvent::call).filter(Call::sends).toList());
        assertTrue(trace.events(0).stream().filter(e -> e.call().sends())
            .allMatch(e -> e.peer() == 1 && e.bytes() == 4), () -> trace.events(0).toString());
        assertEquals(1, trace.events(1).stream().filter(e -> e.call() == Call.START_RECV).count());
        assertEquals(6 * Integer.BYTES, JournalContents.traffic(dir).bytes(0, 1));
    }

    @Test
    void aCallThatMakesACommunicatorIsOneCallItsMessagesInsideIt(@TempDir final Path dir)
        throws IOException, InterruptedException
    {
        final JournalContents trace = run(dir, 2, null, CommunicatorCalls.class, List.of());
        final List<Call> making = List.of(Call.COMM_DUP, Call.COMM_SPLIT, Call.CART_CREATE, Call.CART_SUB);
        for (int rank = 0; rank < NP; rank++)
        {
            assertEquals(making, trace.events(rank).stream().map(TraceEvent::call).filter(making::contains).toList(),
                "rank " + rank);
            assertEquals(List.of(), trace.events(rank).stream().map(TraceEvent::call)
                .filter(call -> call.sends() || call.receives() || call == Call.PROBE).toList(),
                "rank " + rank + " made no point-to-point call");
        }
        final String summary = JournalContents.summary(dir);
        for (final String made : List.of("Comm.clone", "Intracomm.Split", "Intracomm.Create_cart", "Cartcomm.Sub"))
        {
            assertTrue(summary.contains("| " + made + " | " + NP + " |"), summary);
        }
        assertTrue(!summary.contains("| Comm.Send |") && !summary.contains("| Comm.Recv |"),
            "the program sent and received nothing itself: " + summary);
    }

    /**
     * A call that waits for a late peer is journaled as waiting, whatever it is: a receive, a probe or a wait (their
     * own waits), a collective or a call that makes a communicator (the rank's waits inside the runtime, in its JVM's
     * arena and across JVMs alike). A call that found what it wanted waited 0.
     */
    @Test
    void aRankThatWaitsForALatePeerIsJournaledAsWaitingInEachKindOfCall(@TempDir final Path dir)
        throws IOException, InterruptedException
    {
        final JournalContents trace = run(dir, 2, null, LateRank.class, List.of());
        final long lateNs = LateRank.LATE_MS * 1_000_000;
        final List<Call> waited = List.of(Call.RECV, Call.PROBE, Call.RECV, Call.IRECV, Call.WAIT_RECV, Call.BARRIER,
            Call.ALLREDUCE, Call.COMM_SPLIT);
        final List<Call> late = List.of(Call.SEND, Call.SEND, Call.SEND, Call.SEND, Call.SEND, Call.SEND, Call.SEND,
            Call.SEND, Call.SEND, Call.BARRIER, Call.ALLREDUCE, Call.COMM_SPLIT);
        for (int rank = 0; rank < NP; rank++)
        {
            final List<TraceEvent> events = trace.events(rank);
            final List<TraceEvent> calls = events.subList(1, events.size() - 1);
            assertEquals(rank == 0 ? late : waited, calls.stream().map(TraceEvent::call).toList(), "rank " + rank);
            for (int i = 0; i < calls.size(); i++)
            {
                final TraceEvent call = calls.get(i);
                assertTrue(call.waitNs() >= 0 && call.waitNs() <= call.durationNs(), call::toString);
                if (rank == 0 || i == 2 || i == 3) // the receive after the probe, the Irecv
                {
                    assertTrue(call.waitNs() < lateNs / 2, () -> "waited, though nothing was late: " + call);
                }
                else
                {
                    // rank 1 waits for rank 0 in its JVM (a collective in the arena), ranks 2 and 3 in the other
                    assertTrue(call.waitNs() > lateNs / 2, () -> "did not wait: " + call);
                }
            }
        }
    }

    @Test
    void aSendrecvOrSendrecvReplaceWithProcNullForAPeerIsOneRecordWithoutThatPeer(@TempDir final Path dir)
        throws IOException, InterruptedException
    {
        final int iterations = 4;

        final JournalContents trace = run(dir, NP, null, Chain.class, List.of("" + iterations));

        for (int rank = 0; rank < NP; rank++)
        {
            final List<TraceEvent> events = trace.events(rank);
            final List<TraceEvent> calls = events.subList(1, events.size() - 1);
            assertEquals(iterations, calls.size(), "records between Init and Finalize of rank " + rank + ": " + calls);
            for (final TraceEvent sendrecv : calls)
            {
                assertEquals(Call.SENDRECV, sendrecv.call());
                assertEquals(rank == NP - 1 ? -1 : rank + 1, sendrecv.peer(), sendrecv::toString);
                assertEquals(rank == NP - 1 ? 0 : 8, sendrecv.bytes(), sendrecv::toString);
                assertEquals(rank == 0 ? -1 : rank - 1, sendrecv.source(), sendrecv::toString);
                assertEquals(rank == 0 ? 0 : 8, sendrecv.receivedBytes(), sendrecv::toString);
            }
        }
        final Traffic traffic = JournalContents.traffic(dir);
        assertEquals(8L * iterations, traffic.bytes(0, 1));
        assertEquals(0, traffic.bytes(NP - 1, 0));
    }

    @Test
    void aPlacedJobRunsItsRanksWhereTheMapSays(@TempDir final Path dir) throws IOException, InterruptedException
    {
        // ranks 0 and 2 together, 1 and 3 together: every hop of the ring crosses JVMs
        final JobLayout placement = new JobLayout(new int[]{ 0, 1, 0, 1 }, new int[]{ 0, 0 });

        assertRing(runRing(dir, 2, placement), new int[]{ 0, 1, 0, 1 });
    }

    /**
     * Chronicle starts without its POSIX bindings, which the journals never call: JNR, which generates their classes
     * at run time, took about 150 ms of each traced JVM's start and left 9 MB of garbage.
     */
    @Test
    void aTracedJvmStartsChronicleWithoutItsNativePosixBindings(@TempDir final Path dir, @TempDir final Path logs)
        throws IOException, InterruptedException
    {
        final LaunchResult result = JobLauncher.builder()
            .np(NP).ranksPerJvm(2).tagOutput(false)
            .classPath(List.of(ColocatedJob.codeSourceOf(Ring.class))).mainClass(Ring.class).args("" + LAPS)
            .trace(dir)
            .jvmOption("-Xlog:class+load=info:file=" + logs.resolve("classes-%p.log"))
            .timeout(Duration.ofSeconds(240))
            .run();
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(NP, JournalContents.read(dir).size());

        final List<Path> classLogs;
        try (var files = Files.list(logs))
        {
            classLogs = files.toList();
        }
        assertEquals(2, classLogs.size(), "a class log per JVM");
        for (final Path log : classLogs)
        {
            final String loaded = Files.readString(log);
            assertTrue(loaded.contains(" net.openhft.chronicle.queue.ChronicleQueue "), log + ": Chronicle Queue loaded");
            assertTrue(loaded.contains(" net.openhft.posix.internal.noop.NoOpPosixAPI "), log + ": POSIX calls a no-op");
            assertFalse(loaded.contains(" jnr."), log + ": no JNR class loaded");
        }
    }

    /**
     * A disk without room for the journals: each stops with one line saying so when it would open, and the job runs on
     * to its end and its exit status (a tmpfs of 3 MiB mounted for the test: needs root, else the test is skipped).
     * Chronicle's first writes there took a JVM down with SIGBUS.
     */
    @Test
    void aDiskWithoutRoomStopsTheJournalsWithALineEachAndTheJobRunsOn(@TempDir final Path disk)
        throws IOException, InterruptedException
    {
        mountTmpfs(disk, "3m");
        try
        {
            final LaunchResult result = JobLauncher.builder()
                .np(2).ranksPerJvm(1).tagOutput(false)
                .classPath(List.of(ColocatedJob.codeSourceOf(Ring.class))).mainClass(Ring.class).args("" + LAPS)
                .trace(disk.resolve("trace"))
                .timeout(Duration.ofSeconds(240))
                .run();
            assertEquals(0, result.exitCode(), result::toString);
            assertTrue(result.stdout().contains("ring done: token = " + LAPS + ", expected " + LAPS), result::toString);
            for (int rank = 0; rank < 2; rank++)
            {
                final String stopped = "colompi: trace journal of rank " + rank + " stopped (";
                assertEquals(1, result.stderr().stream()
                    .filter(line -> line.startsWith(stopped) && line.contains("MiB free")).count(), result::toString);
            }
        }
        finally
        {
            assertEquals(null, command("umount", disk.toString()));
        }
    }

    /**
     * A disk that fills while a rank traces: its journal stops with one line before the disk's last 64 MiB, the job runs
     * on to its end, and the journal reads back as far as it went (a tmpfs of 70 MiB: the journal's first 4 MiB are
     * faulted in when it opens, its next 2 MiB leave 64).
     */
    @Test
    void aDiskThatFillsStopsTheJournalWithALineAndItReadsBackAsFarAsItWent(@TempDir final Path disk)
        throws IOException, InterruptedException
    {
        final int calls = 200_000; // 48 bytes each: 9.6 MB
        mountTmpfs(disk, "70m");
        try
        {
            final Path dir = disk.resolve("trace");
            final LaunchResult result = JobLauncher.builder()
                .np(1).tagOutput(false)
                .classPath(List.of(ColocatedJob.codeSourceOf(ManyTags.class))).mainClass(ManyTags.class)
                .args("" + calls)
                .trace(dir)
                .timeout(Duration.ofSeconds(240))
                .run();
            assertEquals(0, result.exitCode(), result::toString);
            assertTrue(result.stdout().contains("many tags done: " + calls + " calls, sum " + 199_999L * 100_000),
                result::toString);
            assertEquals(1, result.stderr().size(), result::toString);
            final Matcher stopped = Pattern.compile("colompi: trace journal of rank 0 stopped \\(" +
                Pattern.quote(dir.resolve("jvm-0/rank-0").toString()) + "\\): its disk has (\\d+) MiB free, and a " +
                "journal leaves 64 MiB; the rank goes on untraced").matcher(result.stderr().get(0));
            assertTrue(stopped.matches() && Integer.parseInt(stopped.group(1)) >= 60 &&
                Integer.parseInt(stopped.group(1)) < 64, result::toString);

            final JournalContents trace = JournalContents.read(dir);
            final long journaled = trace.events(0).stream().filter(event -> event.call() == Call.SENDRECV).count();
            assertTrue(journaled > 50_000 && journaled < calls, "Sendrecv journaled: " + journaled);
            assertEquals(1, trace.problems().size(), trace.problems()::toString);
            assertTrue(trace.problems().get(0).startsWith("rank 0's journal is cut short after "),
                trace.problems()::toString);
        }
        finally
        {
            assertEquals(null, command("umount", disk.toString()));
        }
    }

    /** A tmpfs of {@code size} mounted on {@code dir}; the test is skipped where that is not permitted (not root). */
    private static void mountTmpfs(final Path dir, final String size) throws IOException, InterruptedException
    {
        final String failure = command("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString());
        assumeTrue(failure == null, () -> "mounting a small tmpfs needs root: " + failure);
    }

    /** Run {@code command}: null if it succeeded, else its output. */
    private static String command(final String... command) throws IOException, InterruptedException
    {
        final Process process;
        try
        {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        }
        catch (final IOException cannotRun)
        {
            return cannotRun.getMessage();
        }
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return process.waitFor() == 0 ? null : output.strip() + " (exit status " + process.exitValue() + ")";
    }
}
