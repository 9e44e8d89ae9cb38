package io.colompi.trace.journal;

import io.colompi.core.testing.CacheLines;
import io.colompi.core.trace.Call;
import io.colompi.core.trace.Tier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * What a rank's journal writes on every traced call (its lock, the journal's fields, its ring of call shapes) shares
 * no cache line with another object.
 */
@Timeout(120)
class JournalCacheLinesTest
{
    private static final int LONGS_A_LINE = 8;

    @Test
    void theLockAndTheJournalsFieldsHaveTheirCacheLinesToThemselves() throws ReflectiveOperationException
    {
        CacheLines.assertAlone(JournalLock.class.getName(), List.of("held"));
        CacheLines.assertAlone(RankJournal.class.getName(),
            List.of("newestShape", "lastBack", "lastEndNs", "position", "batchStartNs", "baseNs"));
    }

    @Test
    void theRingOfShapesLeavesALineUnwrittenAtEachEnd(@TempDir final Path dir) throws ReflectiveOperationException
    {
        final RankJournal journal = (RankJournal)new ChronicleJournal().in(dir).open(0, 2, 0, 0);
        final long t = System.nanoTime();
        // every slot of the ring written, twice over, by calls whose shapes hold no zero
        for (int i = 0; i < 2 * TraceRecord.SHAPES; i++)
        {
            journal.recordSendrecv(3, 1, Tier.SHM, 5, 800, 1, Tier.SHM, 5, 800, t + i, t + i + 100, 0);
            journal.record(Call.SEND, i, 1, Tier.SHM, i, 800, t + i, t + i + 100, 0);
        }
        final long[] shapes = shapes(journal);
        journal.close();

        assertEquals(LONGS_A_LINE, RankJournal.SHAPES_PADDING);
        for (int i = 0; i < LONGS_A_LINE; i++)
        {
            assertEquals(0, shapes[i], "slot " + i + " before the ring");
            assertEquals(0, shapes[shapes.length - 1 - i], "slot " + (shapes.length - 1 - i) + " after the ring");
        }
        assertNotEquals(0, shapes[LONGS_A_LINE], "the ring's first long");
        assertNotEquals(0, shapes[shapes.length - LONGS_A_LINE - 1], "the ring's last long");
    }

    private static long[] shapes(final RankJournal journal) throws ReflectiveOperationException
    {
        final Field shapes = RankJournal.class.getDeclaredField("shapes");
        shapes.setAccessible(true);
        return (long[])shapes.get(journal);
    }
}
