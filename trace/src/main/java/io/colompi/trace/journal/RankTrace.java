package io.colompi.trace.journal;

import java.util.List;

/**
 * What one rank's journal holds: who it was, its calls in the order they ended, the messages its calls sent as
 * steps (a collective's), and whether the journal ends with its closing record (false: cut short, e.g. the rank was
 * killed).
 *
 * @param wallClockNs wall clock (ns since the epoch) when the journal opened, paired with {@code nanoTime}: the
 *                    reader puts every call on this time line, shared by the JVMs of all nodes.
 */
public record RankTrace(
    int rank, int size, int jvm, int node, long pid, long wallClockNs, long nanoTime, List<TraceEvent> events,
    List<InnerTraffic> innerTraffic, boolean complete)
{}
