package io.colompi.trace.journal;

/**
 * Messages a rank sent to world rank {@code peer} over {@link io.colompi.core.trace.Tier} {@code tier} as steps of
 * its calls (a collective's), which no call record carries.
 */
public record InnerTraffic(int peer, int tier, long messages, long bytes)
{}
