package io.colompi.core.wait;

import io.colompi.core.testing.CacheLines;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

/**
 * The fields that a rank writes on every message (or, traced, on every collective), or that other ranks read on every
 * send, lie at least a cache line from both ends of their object ({@link CacheLinePadding}), so no other object shares
 * a line with them.
 */
class CacheLinePaddingTest
{
    @Test
    void theFieldsOfTheMessagePathHaveTheirLinesToThemselves() throws ReflectiveOperationException
    {
        final Map<String, List<String>> hot = Map.of(
            "io.colompi.core.wait.Backoff",
            List.of("idle", "parkNs", "lastSpinNs", "contendedUntilNs", "lastPreemptedNs", "stallAtNs"),
            "io.colompi.core.wait.Doorbell", List.of("sleeping"),
            "io.colompi.core.wait.IdleTally", List.of("idledNs", "counting"),
            "io.colompi.core.transport.TransportStats", List.of("messages", "bytes"),
            "io.colompi.core.pt2pt.ReadingLock", List.of("held"),
            "io.colompi.core.pt2pt.Matcher",
            List.of("postedHead", "postedTail", "unexpectedHead", "unexpectedTail", "free"),
            "io.colompi.core.pt2pt.Reassembly", List.of("context", "tag", "bytesDone", "direct", "buffered"),
            "io.colompi.core.pt2pt.Incoming", List.of("context", "tag", "data", "length", "own", "pooled"));
        for (final Map.Entry<String, List<String>> type : hot.entrySet())
        {
            CacheLines.assertAlone(type.getKey(), type.getValue());
        }
    }
}
