package io.colompi.trace;

import io.colompi.core.trace.Call;
import io.colompi.core.trace.Tier;
import io.colompi.core.trace.TraceJournal;
import io.colompi.core.trace.Tracer;
import io.colompi.trace.journal.ChronicleJournal;
import io.colompi.trace.journal.JobTrace;
import io.colompi.trace.journal.JournalReader;
import io.colompi.trace.journal.TraceEvent;
import io.colompi.trace.report.TraceReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The journal written and read without a job: records, a journal cut short, a folder without one. */
@Timeout(120)
class JournalTest
{
    @Test
    void aJournalCutShortIsReadAsFarAsItGoesAndTheReportSaysSo(@TempDir final Path dir) throws IOException
    {
        final TraceJournal journal = new ChronicleJournal().in(dir);
        final Tracer whole = journal.open(0, 2, 0, 0);
        final Tracer killed = journal.open(1, 2, 1, 0);
        final long t = System.nanoTime();
        whole.record(Call.SEND, 0, 1, Tier.SHM, 5, 800, t + 1_000, t + 2_000, 0);
        // a full batch (its header and 1023 calls) goes to the queue; the 77 calls after it are lost with the rank
        for (int i = 0; i < 1100; i++)
        {
            killed.record(Call.RECV, 0, 0, Tier.SHM, 5, 800, t + 1_500 + i, t + 2_500 + i, 900);
        }
        whole.close();
        // rank 1 "dies": its journal never gets its closing record, nor its last batch

        final JobTrace trace = JournalReader.read(dir);

        assertEquals(2, trace.size());
        final TraceEvent send = trace.rank(0).events().get(0);
        assertEquals(Call.SEND, send.call());
        assertEquals(1, send.peer());
        assertEquals(Tier.SHM, send.tier());
        assertEquals(5, send.tag());
        assertEquals(800, send.bytes());
        assertEquals(1_000, send.durationNs());
        assertEquals(900, trace.rank(1).events().get(0).waitNs());
        assertEquals(1023, trace.rank(1).events().size());
        assertEquals(List.of("rank 1's journal is cut short after 1023 calls (the rank was killed, the job aborted, or the journal stopped: " +
            "a full disk)"),
            trace.problems());
        final String summary = new TraceReport(trace).summary();
        assertTrue(summary.contains("**The trace is incomplete; what follows is read as far as the journals go:**"));
        assertTrue(summary.contains("| 1 <- 0 | 1 | 0.00 |") || summary.contains("None"), summary);
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
    void colotracePlaceWritesAMapThatKeepsPairsTogether(@TempDir final Path dir) throws IOException
    {
        final TraceJournal journal = new ChronicleJournal().in(dir);
        for (int rank = 0; rank < 4; rank++)
        {
            final Tracer tracer = journal.open(rank, 4, rank / 2, 0);
            tracer.record(Call.SEND, 0, (rank + 2) % 4, Tier.SHM, 0, 1 << 20, 10, 20, 0);
            tracer.record(Call.SEND, 0, (rank + 1) % 4, Tier.SHM, 0, 8, 30, 40, 0);
            tracer.close();
        }
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
}
