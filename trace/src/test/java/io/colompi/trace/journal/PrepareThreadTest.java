package io.colompi.trace.journal;

import io.colompi.core.trace.Call;
import io.colompi.core.trace.Tier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A rank's journal is opened by the thread that makes its engine (a host's main thread), and its program thread
 * appends: that thread makes its Chronicle appender when it is prepared (in {@code MPI.Init}), not at its first append,
 * in the program's loop.
 */
@Timeout(60)
class PrepareThreadTest
{
    @Test
    void aPreparedThreadHasItsAppenderBeforeItsFirstAppendAndMakesNoOther(@TempDir final Path dir) throws Exception
    {
        final RankJournal journal = (RankJournal)new ChronicleJournal().in(dir).open(0, 2, 0, 0);
        assertEquals(1, journal.appendersMade(), "the opening thread's, which appended the header");
        final AtomicIntegerArray made = new AtomicIntegerArray(2);
        final int batchCalls = TraceRecord.BATCH_BYTES / TraceRecord.CALL_LENGTH + 1;
        final Thread program = new Thread(() ->
        {
            journal.prepareThread();
            made.set(0, journal.appendersMade());
            final long t = System.nanoTime();
            for (int i = 0; i < batchCalls; i++)
            {
                // a tag of its own: each call takes a whole record, and the batch is full and appended
                journal.record(Call.SEND, 0, 1, Tier.SHM, i, 800, t + i, t + i + 100, 0);
            }
            made.set(1, journal.appendersMade());
        }, "rank-0");
        program.start();
        program.join();
        journal.close();

        assertEquals(2, made.get(0), "made when prepared");
        assertEquals(2, made.get(1), "no other made by the program's appends");
        try (RankJournalReader reader = RankJournalReader.open(dir.resolve(TraceRecord.queuePath(0, 0))))
        {
            while (reader.next() != null)
            {
                // read to the end
            }
            assertEquals(batchCalls, reader.calls());
            assertTrue(reader.complete());
        }
    }
}
