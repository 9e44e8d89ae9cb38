package io.colompi.trace.journal;

import java.util.List;

/**
 * What one rank's journal holds: who it was, its calls in the order they ended, and whether the journal ends with its
 * closing record (false: cut short, e.g. the rank was killed).
 *
 * @param wallClockNs wall clock (ns since the epoch) when the journal opened, paired with {@code nanoTime}.
 */
public record RankTrace(
    int rank, int size, int jvm, int node, long pid, long wallClockNs, long nanoTime, List<TraceEvent> events,
    boolean complete)
{
    /** {@code nanoTime} of this rank's JVM as wall-clock nanoseconds, the time line shared by every JVM. */
    public long toJobTime(final long jvmNanoTime)
    {
        return wallClockNs + (jvmNanoTime - nanoTime);
    }
}
