package io.colompi.colo;

import java.util.List;

/**
 * How one rank of an in-process job ended.
 *
 * @param rank       the world rank.
 * @param outcome    how its {@code main} ended.
 * @param exception  what {@code main} threw, or null if it returned or is still running.
 * @param transports what the rank sent, per transport it used.
 */
public record RankReport(int rank, RankOutcome outcome, Throwable exception, List<TransportCount> transports)
{
    public RankReport
    {
        transports = List.copyOf(transports);
    }
}
