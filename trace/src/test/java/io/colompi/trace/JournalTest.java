package io.colompi.trace;

import io.colompi.core.trace.Call;
import io.colompi.core.trace.Tier;
import io.colompi.core.trace.TraceJournal;
import io.colompi.core.trace.Tracer;
import io.colompi.trace.journal.ChronicleJournal;
import io.colompi.trace.journal.TraceEvent;
import io.colompi.trace.journal.TraceRecord;
import io.colompi.trace.report.Traffic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The journal written and read without a job: records, a journal cut short, a folder without one. */
@Timeout(120)
class JournalTest
{
    /** Longer than a call record's 32 bits of nanoseconds hold. */
    private static final long HOURS = 3 * 3_600_000_000_000L;

    @Test
    void aJournalCutShortIsReadAsFarAsItGoesAndTheReportSaysSo(@TempDir final Path dir) throws IOException
    {
        final TraceJournal journal = new ChronicleJournal().in(dir);
        final Tracer whole = journal.open(0, 2, 0, 0);
        final Tracer killed = journal.open(1, 2, 1, 0);
        final long t = System.nanoTime();
        whole.record(Call.SEND, 0, 1, Tier.SHM, 5, 800, t + 1_000, t + 2_000, 0);
        // the header goes to the queue when the journal opens, then a full batch (a time base, the first call, and the
        // rest as repeats of it: kind, back, and varints of 1 ns after the call before, 1000 ns long, 900 ns waited, 7
        // bytes); the calls after it are lost with the rank
        final int repeatBytes = 2 + 1 + 2 + 2;
        final int batchCalls = 1 + (TraceRecord.BATCH_BYTES - TraceRecord.TIME_LENGTH - TraceRecord.CALL_LENGTH +
            repeatBytes - 1) / repeatBytes;
        for (int i = 0; i < batchCalls + 100; i++)
        {
            killed.record(Call.RECV, 0, 0, Tier.SHM, 5, 800, t + 1_500 + i, t + 2_500 + i, 900);
        }
        whole.close();
        // rank 1 "dies": its journal never gets its closing record, nor its last batch

        final JournalContents trace = JournalContents.read(dir);

        assertEquals(2, trace.size());
        final TraceEvent send = trace.events(0).get(0);
        assertEquals(Call.SEND, send.call());
        assertEquals(1, send.peer());
        assertEquals(Tier.SHM, send.tier());
        assertEquals(5, send.tag());
        assertEquals(800, send.bytes());
        assertEquals(1_000, send.durationNs());
        assertEquals(900, trace.events(1).get(0).waitNs());
        assertEquals(batchCalls, trace.events(1).size());
        assertEquals(List.of("rank 1's journal is cut short after " + batchCalls + " calls (the rank was killed, the job aborted, or the journal stopped: " +
            "a full disk)"),
            trace.problems());
        final String summary = JournalContents.summary(dir);
        assertTrue(summary.contains("**The trace is incomplete; what follows is read as far as the journals go:**"));
        assertTrue(summary.contains("| 1 <- 0 | 1 | 0.00 |") || summary.contains("None"), summary);
    }

    @Test
    void aSendrecvIsOneRecordWithBothPeersAndACollectivesMessagesCountInTheTraffic(@TempDir final Path dir)
    {
        final TraceJournal journal = new ChronicleJournal().in(dir);
        final Tracer tracer = journal.open(0, 3, 0, 0); // rank 1 in its JVM, rank 2 in another
        final long t = System.nanoTime();
        tracer.recordSendrecv(4, 1, Tier.LOCAL, 7, 512, 2, Tier.SHM, 8, 256, t, t + 3_000, 2_000);
        // an Allreduce's two steps: no records of their own, their bytes in the matrix and the tiers
        tracer.sent(1, Tier.LOCAL, 8);
        tracer.sent(2, Tier.SHM, 8);
        tracer.record(Call.ALLREDUCE, 4, -1, Tier.NONE, -1, 0, t + 4_000, t + 5_000, 0);
        tracer.close();

        final List<TraceEvent> events = JournalContents.read(dir).events(0);
        assertEquals(List.of(Call.SENDRECV, Call.ALLREDUCE), events.stream().map(TraceEvent::call).toList());
        final TraceEvent sendrecv = events.get(0);
        assertEquals(List.of(1, Tier.LOCAL, 7, 512L), List.of(sendrecv.peer(), sendrecv.tier(), sendrecv.tag(),
            sendrecv.bytes()));
        assertEquals(List.of(2, Tier.SHM, 8, 256L), List.of(sendrecv.source(), sendrecv.sourceTier(),
            sendrecv.sourceTag(), sendrecv.receivedBytes()));
        assertEquals(3_000, sendrecv.durationNs());
        assertEquals(2_000, sendrecv.waitNs());
        final Traffic traffic = JournalContents.traffic(dir);
        assertEquals(512 + 8, traffic.bytes(0, 1));
        assertEquals(2, traffic.messages(0, 1));
        assertEquals(8, traffic.bytes(0, 2));
        assertEquals(512 + 8, traffic.tierBytes(Tier.LOCAL));
        assertEquals(8, traffic.tierBytes(Tier.SHM));
    }

    @Test
    void aLoopsCallsAreRepeatsOfTheCallsBeforeAndReadBackWhole(@TempDir final Path dir)
    {
        final TraceJournal journal = new ChronicleJournal().in(dir);
        final Tracer tracer = journal.open(0, 4, 0, 0);
        final long t = System.nanoTime();
        final List<TraceEvent> written = new ArrayList<>();
        long at = t;
        for (int i = 0; i < 3_000; i++)
        {
            // a halo's loop: two exchanges and an allreduce, shaped alike every iteration (repeats 3 back)
            at = sendrecv(tracer, written, at, 1, 3, 0, 512 + (i < 1_500 ? 0 : 8));
            at = sendrecv(tracer, written, at, 3, 1, 1, 512);
            at = call(tracer, written, at, Call.ALLREDUCE, -1, -1, 8, 1_000 + i, i);
            if (i % 500 == 7)
            {
                // now and then a call of another shape, one too long for a compact record, one too large
                at = call(tracer, written, at, Call.SEND, 2, 9, 100, HOURS, 0);
                at = call(tracer, written, at, Call.RECV, 2, 9, 5L << 32, 10, 5);
                at = call(tracer, written, at, Call.RECV, 2, 9, 5L << 32, 10, 5);
            }
            if (i % 700 == 3)
            {
                // eight calls of one shape, then one shaped as the last call of the loop, now 8 calls back
                for (int j = 0; j < 8; j++)
                {
                    at = call(tracer, written, at, Call.BARRIER, -1, -1, 0, 50, 0);
                }
                at = call(tracer, written, at, Call.ALLREDUCE, -1, -1, 8, 70, 0);
                // another thread's call of the same shape that ended before it: a whole record
                call(tracer, written, at - 5_000, Call.ALLREDUCE, -1, -1, 8, 70, 0);
            }
        }
        tracer.close();

        final List<TraceEvent> read = JournalContents.read(dir).events(0);

        assertEquals(written.size(), read.size());
        // the journal reads times on the job's wall-clock time line
        final long shift = read.get(0).startNs() - written.get(0).startNs();
        for (int i = 0; i < written.size(); i++)
        {
            final TraceEvent e = read.get(i);
            assertEquals(written.get(i), new TraceEvent(e.rank(), e.call(), e.tier(), e.context(), e.peer(), e.tag(),
                e.bytes(), e.startNs() - shift, e.endNs() - shift, e.waitNs(), e.source(), e.sourceTier(), e.sourceTag(),
                e.receivedBytes()), "call " + i);
        }
    }

    private static long sendrecv(
        final Tracer tracer, final List<TraceEvent> written, final long at, final int dest, final int source,
        final int tag, final long bytes)
    {
        tracer.recordSendrecv(4, dest, Tier.SHM, tag, bytes, source, Tier.LOCAL, tag, bytes, at, at + 700, 300);
        written.add(new TraceEvent(0, Call.SENDRECV, Tier.SHM, 4, dest, tag, bytes, at, at + 700, 300, source, Tier.LOCAL,
            tag, bytes));
        return at + 1_000;
    }

    private static long call(
        final Tracer tracer, final List<TraceEvent> written, final long at, final Call call, final int peer,
        final int tag, final long bytes, final long durationNs, final long waitNs)
    {
        final int tier = peer < 0 ? Tier.NONE : Tier.SHM;
        tracer.record(call, 4, peer, tier, tag, bytes, at, at + durationNs, waitNs);
        written.add(new TraceEvent(0, call, tier, 4, peer, tag, bytes, at, at + durationNs, waitNs));
        return at + durationNs + 100;
    }

    @Test
    void valuesTooLargeForTheCompactRecordAreReadBackWhole(@TempDir final Path dir)
    {
        final TraceJournal journal = new ChronicleJournal().in(dir);
        final Tracer tracer = journal.open(0, 2, 0, 0);
        final long t = System.nanoTime();
        tracer.record(Call.SEND, 0, 1, Tier.SHM, 3, 5L << 32, t, t + 10, 0);
        tracer.record(Call.RECV, 0, 1, Tier.SHM, 3, 8, t + 20, t + 20 + HOURS, HOURS - 5);
        tracer.recordSendrecv(0, 1, Tier.SHM, 1, 16, 1, Tier.SHM, 2, 3L << 31, t + HOURS, t + 2 * HOURS, 7);
        tracer.record(Call.BARRIER, 0, -1, Tier.NONE, -1, 0, t + 2 * HOURS + 1, t + 2 * HOURS + 2, 0);
        tracer.close();

        final List<TraceEvent> events = JournalContents.read(dir).events(0);

        assertEquals(4, events.size());
        assertEquals(5L << 32, events.get(0).bytes());
        assertEquals(10, events.get(0).durationNs());
        assertEquals(HOURS, events.get(1).durationNs());
        assertEquals(HOURS - 5, events.get(1).waitNs());
        assertEquals(8, events.get(1).bytes());
        assertEquals(3L << 31, events.get(2).receivedBytes());
        assertEquals(HOURS, events.get(2).durationNs());
        assertEquals(HOURS + 1, events.get(3).startNs() - events.get(2).startNs());
    }

    @Test
    void colotraceOnAFolderWithoutAJournalSaysSoInOneLine(@TempDir final Path dir)
    {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();

        final int code = Colotrace.execute(new String[]{ "report", dir.toString() },
            new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true));

        assertEquals(1, code);
        assertEquals("colotrace: no trace journal in " + dir + " (expected jvm-*/rank-*/ written by colorun --trace " +
            dir + ")\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void colotraceOnAJournalWhoseHeaderNamesNoRankOfItsJobSaysSoInOneLine(@TempDir final Path dir)
    {
        new ChronicleJournal().in(dir).open(5, 4, 0, 0).close();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();

        final int code = Colotrace.execute(new String[]{ "report", dir.toString() },
            new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true));

        assertEquals(1, code);
        assertEquals("colotrace: " + dir.resolve(TraceRecord.queuePath(0, 5)) + " is not a colompi trace journal: " +
            "its header names rank 5 of 4\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void colotraceReportCutsTheTimelineWhereAskedAndSaysSo(@TempDir final Path dir) throws IOException
    {
        journalOfFourRanks(dir, (rank, tracer) ->
        {
            tracer.record(Call.SEND, 0, (rank + 1) % 4, Tier.SHM, 0, 8, 10 + rank, 20 + rank, 0);
            tracer.record(Call.RECV, 0, (rank + 3) % 4, Tier.SHM, 0, 8, 30 + rank, 40 + rank, 0);
        });
        assertRefused("--timeline-calls must be at least 0, not -1",
            "report", dir.toString(), "--timeline-calls", "-1");

        assertEquals(0, Colotrace.execute(new String[]{ "report", dir.toString(), "--timeline-calls", "3" },
            new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream())));
        final String summary = Files.readString(dir.resolve("summary.md"));
        assertTrue(summary.contains("It holds the job's first 3 calls of 8"), summary);
        final String timeline = Files.readString(dir.resolve("timeline.json"));
        assertEquals(3, timeline.split("\"ph\":\"X\"", -1).length - 1, timeline);
    }

    @Test
    void colotracePlaceWritesAMapThatKeepsPairsTogether(@TempDir final Path dir) throws IOException
    {
        journalOfFourRanks(dir, (rank, tracer) ->
        {
            tracer.record(Call.SEND, 0, (rank + 2) % 4, Tier.SHM, 0, 1 << 20, 10, 20, 0);
            tracer.record(Call.SEND, 0, (rank + 1) % 4, Tier.SHM, 0, 8, 30, 40, 0);
        });
        assertRefused("--ranks-per-jvm and --nodes must be at least 1",
            "place", dir.toString(), "--ranks-per-jvm", "0");
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        final int code = Colotrace.execute(new String[]{ "place", dir.toString(), "--ranks-per-jvm", "2" },
            new PrintStream(out, true), new PrintStream(new ByteArrayOutputStream()));

        assertEquals(0, code);
        final List<String> lines = Files.readAllLines(dir.resolve("placement.txt")).stream()
            .filter(l -> !l.startsWith("#")).toList();
        assertEquals(List.of("0 2", "1 3"), lines);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("bytes crossing JVMs: 32 (blocks of 2: 4,194,320)"),
            out::toString);
    }

    @Test
    void colotraceReportsAMillionCallsInASmallHeap(@TempDir final Path dir) throws IOException, InterruptedException
    {
        // a ring of 4 ranks, 250 000 Sendrecvs each, 4 us apart: 1 M calls, ~250 MB as objects. The ranks' calls are
        // 1 us apart: each journal maps its clock to the wall clock read when it opened, tens of ns off the others',
        // and calls that then start at the same ns would share the timeline's cutoff (10 ns apart failed once in CI)
        final int iterations = 250_000;
        final long t = System.nanoTime();
        journalOfFourRanks(dir, (rank, tracer) ->
        {
            for (int i = 0; i < iterations; i++)
            {
                final long at = t + i * 4_000L + rank * 1_000L;
                tracer.recordSendrecv(0, (rank + 1) % 4, Tier.SHM, 1, 64, (rank + 3) % 4, Tier.SHM, 1, 64, at, at + 500,
                    100);
            }
        });
        final List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(option -> !option.startsWith("-Xmx")).forEach(command::add);
        command.addAll(List.of("-Xmx64m", "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"),
            Colotrace.class.getName(), "report", dir.toString(), "--timeline-calls", "1000"));
        final Process colotrace = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String output = new String(colotrace.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertEquals(0, colotrace.waitFor(), output);
        final String summary = Files.readString(dir.resolve("summary.md"));
        assertTrue(summary.contains("| shm | 1,000,000 | 64,000,000 |"), summary);
        assertTrue(summary.contains("| Comm.Sendrecv | 1,000,000 | 500.00 | 0.5 | 0.5 | 100.00 |"), summary);
        assertTrue(summary.contains("It holds the job's first 1,000 calls of 1,000,000"), summary);
    }

    /** Journals of 4 ranks in 2 JVMs, each rank's calls recorded by {@code calls}. */
    private static void journalOfFourRanks(final Path dir, final BiConsumer<Integer, Tracer> calls)
    {
        final TraceJournal journal = new ChronicleJournal().in(dir);
        for (int rank = 0; rank < 4; rank++)
        {
            final Tracer tracer = journal.open(rank, 4, rank / 2, 0);
            calls.accept(rank, tracer);
            tracer.close();
        }
    }

    /** {@code colotrace args} exits with 2 and says {@code why} first on its stderr. */
    private static void assertRefused(final String why, final String... args)
    {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2,
            Colotrace.execute(args, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true)));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith(why), err::toString);
    }
}
