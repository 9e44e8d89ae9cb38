package io.colompi.trace.journal;

import io.colompi.core.trace.Call;
import io.colompi.core.trace.Tier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Several threads of one rank (an {@code MPI_THREAD_MULTIPLE} program) record into its journal at once, through its
 * {@link JournalLock}: no record is lost or torn, and each thread's calls keep their order.
 */
@Timeout(120)
class ThreadsOfARankTest
{
    private static final int THREADS = 4;
    private static final int CALLS = 60_000;

    @Test
    void threadsRecordingAtOnceLoseNoRecordAndTearNone(@TempDir final Path dir) throws Exception
    {
        final RankJournal journal = (RankJournal)new ChronicleJournal().in(dir).open(0, THREADS + 1, 0, 0);
        final CyclicBarrier start = new CyclicBarrier(THREADS);
        final List<Thread> threads = new ArrayList<>();
        for (int k = 1; k <= THREADS; k++)
        {
            final int thread = k;
            threads.add(new Thread(() ->
            {
                try
                {
                    start.await();
                }
                catch (final Exception ex)
                {
                    throw new IllegalStateException(ex);
                }
                final long t = System.nanoTime();
                for (int i = 0; i < CALLS; i++)
                {
                    // each thread's calls carry its number as peer and bytes, and their index as tag; every tenth is a
                    // Sendrecv, and some have sizes that do not fit a call record (a wide record follows)
                    final long bytes = i % 7 == 0 ? (1L << 33) + thread : thread;
                    if (i % 10 == 0)
                    {
                        journal.recordSendrecv(3, thread, Tier.LOCAL, i, bytes, thread, Tier.LOCAL, i, bytes,
                            t + i * 10L, t + i * 10L + thread, thread);
                    }
                    else
                    {
                        journal.record(Call.SEND, 3, thread, Tier.SHM, i, bytes, t + i * 10L, t + i * 10L + thread,
                            thread);
                    }
                }
            }, "rank-0-thread-" + k));
        }
        threads.forEach(Thread::start);
        for (final Thread thread : threads)
        {
            thread.join();
        }
        journal.close();

        final int[] next = new int[THREADS + 1];
        try (RankJournalReader reader = RankJournalReader.open(dir.resolve(TraceRecord.queuePath(0, 0))))
        {
            for (TraceEvent event = reader.next(); event != null; event = reader.next())
            {
                final int thread = event.peer();
                final int i = next[thread]++;
                assertEquals(i, event.tag(), "thread " + thread + "'s calls in order");
                assertEquals(i % 10 == 0 ? Call.SENDRECV : Call.SEND, event.call());
                assertEquals(i % 7 == 0 ? (1L << 33) + thread : thread, event.bytes());
                assertEquals(thread, event.durationNs());
                assertEquals(thread, event.waitNs());
                if (i % 10 == 0)
                {
                    assertEquals(thread, event.source());
                    assertEquals(i, event.sourceTag());
                    assertEquals(event.bytes(), event.receivedBytes());
                }
            }
            assertEquals((long)THREADS * CALLS, reader.calls());
            assertTrue(reader.complete());
        }
        for (int k = 1; k <= THREADS; k++)
        {
            assertEquals(CALLS, next[k], "thread " + k + "'s calls");
        }
    }
}
