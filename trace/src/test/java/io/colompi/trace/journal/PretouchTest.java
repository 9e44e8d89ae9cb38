package io.colompi.trace.journal;

import io.colompi.core.trace.Call;
import io.colompi.core.trace.Tier;
import io.colompi.core.trace.Tracer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A journal opened has its first pages faulted in: the program's records then write to memory already mapped. */
@Timeout(120)
class PretouchTest
{
    /** The calling thread's own counters: the JIT's and the GC's threads fault pages of their own meanwhile. */
    private static final Path STAT = Path.of("/proc/thread-self/stat");
    private static final int PAGE = 4096;

    @Test
    void recordsWithinThePretouchedBytesFaultInNoPages(@TempDir final Path dir) throws IOException
    {
        assumeTrue(Files.isReadable(STAT), "minor page faults are read from /proc/thread-self/stat (Linux)");
        final Tracer tracer = new ChronicleJournal().in(dir).open(0, 2, 0, 0);
        final int callsPerMiB = (1 << 20) / TraceRecord.CALL_LENGTH;
        final long t = System.nanoTime();
        // the first MiB warms the record path (its compilation faults in code pages of its own)
        write(tracer, callsPerMiB, t);

        final long before = minorFaults();
        write(tracer, 2 * callsPerMiB, t);
        final long faults = minorFaults() - before;
        tracer.close();

        assertTrue(3L << 20 < RankJournal.PRETOUCH_BYTES);
        // without the pretouch, the 2 MiB's 512 pages fault in as the batches are appended
        assertTrue(faults < (2 << 20) / PAGE / 4, faults + " minor page faults writing 2 MiB of records");
    }

    private static void write(final Tracer tracer, final int calls, final long t)
    {
        for (int i = 0; i < calls; i++)
        {
            // a tag of its own: no call repeats the shape of one before it, each takes a whole call record
            tracer.record(Call.SEND, 0, 1, Tier.SHM, i, 800, t + i, t + i + 100, 0);
        }
    }

    /** The calling thread's minor page faults so far (field 10 of its stat). */
    private static long minorFaults() throws IOException
    {
        final String stat = Files.readString(STAT);
        final String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[7]);
    }
}
