package io.colompi.trace.journal;

/**
 * Who wrote a journal: world rank {@code rank} of {@code size}, in JVM {@code jvm} on node {@code node}, process
 * {@code pid}.
 */
public record RankHeader(int rank, int size, int jvm, int node, long pid)
{}
