package io.colompi.trace.journal;

import io.colompi.core.trace.Call;
import io.colompi.core.trace.Tier;
import io.colompi.trace.report.TraceReport;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One rank's journal while its queue is still opening. */
@Timeout(60)
class RankJournalTest
{
    @Test
    void aJournalCutShortIsReadAsFarAsItGoesAndTheReportSaysSo(@TempDir final Path dir) throws InterruptedException
    {
        final RankJournal whole = new RankJournal(0, 2, dir.resolve(TraceRecord.queuePath(0, 0)));
        final RankJournal killed = new RankJournal(1, 2, dir.resolve(TraceRecord.queuePath(1, 1)));
        whole.writeHeader(2, 0, 0);
        killed.writeHeader(2, 1, 1);
        while (!killed.opened())
        {
            Thread.sleep(10);
        }
        final long t = System.nanoTime();
        whole.record(Call.SEND, 0, 1, Tier.SHM, 5, 800, t + 1_000, t + 2_000, 0);
        // a full batch (its header, time base and 1022 calls) goes to the queue; the calls after it are lost with the rank
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
        assertEquals(1022, trace.rank(1).events().size());
        assertEquals(List.of("rank 1's journal is cut short after 1022 calls (the rank was killed, the job aborted, or the journal stopped: " +
            "a full disk)"),
            trace.problems());
        final String summary = new TraceReport(trace).summary();
        assertTrue(summary.contains("**The trace is incomplete; what follows is read as far as the journals go:**"));
        assertTrue(summary.contains("| 1 <- 0 | 1 | 0.00 |") || summary.contains("None"), summary);
    }

    @Test
    void aRankWhoseQueueIsStillOpeningDoesNotWaitForItAndLosesNoRecord(@TempDir final Path dir)
        throws InterruptedException
    {
        final Path path = dir.resolve(TraceRecord.queuePath(0, 0));
        final CountDownLatch slowOpening = new CountDownLatch(1);
        final RankJournal journal = new RankJournal(0, 2, path, () ->
        {
            slowOpening.await();
            return SingleChronicleQueueBuilder.binary(path).build();
        });
        journal.writeHeader(2, 0, 0);
        final int calls = 5 * TraceRecord.BATCH_BYTES / TraceRecord.CALL_LENGTH;
        final long t = System.nanoTime();

        // several batches' worth: before, the first full batch waited for the queue (here: for ever)
        for (int i = 0; i < calls; i++)
        {
            journal.record(Call.SEND, 0, 1, Tier.SHM, i, 8, t + 10L * i, t + 10L * i + 5, 0);
        }
        slowOpening.countDown();
        journal.close();

        final RankTrace trace = JournalReader.readRank(path);
        assertEquals(calls, trace.events().size());
        assertEquals(calls - 1, trace.events().get(calls - 1).tag());
        assertTrue(trace.complete());
    }
}
