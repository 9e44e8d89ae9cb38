package io.colompi.trace.journal;

import io.colompi.core.testing.CacheLines;
import org.junit.jupiter.api.Test;

import java.util.List;

/** The journal's lock, which its rank writes on every traced call, shares no cache line with another object. */
class JournalLockTest
{
    @Test
    void itsFlagHasItsCacheLinesToItself() throws ReflectiveOperationException
    {
        CacheLines.assertAlone(JournalLock.class.getName(), List.of("held"));
    }
}
