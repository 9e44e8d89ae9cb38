package io.colompi.trace.journal;

import io.colompi.core.trace.Call;

/**
 * One recorded call of {@code rank}; start and end in wall-clock nanoseconds (the job's time line, {@link RankTrace}).
 *
 * @param peer world rank of the destination or matched source, -1 when none.
 * @param tier {@link io.colompi.core.trace.Tier} code.
 */
public record TraceEvent(
    int rank, Call call, int tier, int context, int peer, int tag, long bytes, long startNs, long endNs, long waitNs)
{
    public long durationNs()
    {
        return endNs - startNs;
    }
}
