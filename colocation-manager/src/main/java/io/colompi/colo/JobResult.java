package io.colompi.colo;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/**
 * How an in-process job ended: its exit code, the first cause if it ended early, and a report per rank.
 * Exit codes: 0 when every rank returned, 1 when a rank failed, the code given to {@code Abort}, or
 * {@link ColocatedJob#EXIT_TIMEOUT}.
 */
public final class JobResult
{
    private final int exitCode;
    private final String message;
    private final int causeRank;
    private final Throwable failure;
    private final List<RankReport> ranks;

    JobResult(final int exitCode, final String message, final int causeRank, final Throwable failure, final List<RankReport> ranks)
    {
        this.exitCode = exitCode;
        this.message = message;
        this.causeRank = causeRank;
        this.failure = failure;
        this.ranks = List.copyOf(ranks);
    }

    /** The status the job ends with: what a launched job's process exits with. */
    public int exitCode()
    {
        return exitCode;
    }

    /** True when every rank's {@code main} returned and nothing ended the job early. */
    public boolean succeeded()
    {
        return message == null;
    }

    /**
     * Why the job ended early, in one line, or null if it did not: {@code rank 2 failed: java.lang.X: boom},
     * {@code rank 1 called Abort(3)} or {@code job timed out after 5 s}.
     */
    public String message()
    {
        return message;
    }

    /** The rank whose failure or {@code Abort} ended the job, or -1 (it did not end early, or timed out). */
    public int causeRank()
    {
        return causeRank;
    }

    /** The exception of the rank that ended the job, or null (no failure, an {@code Abort}, or a timeout). */
    public Throwable failure()
    {
        return failure;
    }

    /** One report per rank this JVM ran, in rank order. */
    public List<RankReport> ranks()
    {
        return ranks;
    }

    /** The report of world rank {@code rank}; it must be one this JVM ran. */
    public RankReport rank(final int rank)
    {
        for (final RankReport report : ranks)
        {
            if (report.rank() == rank)
            {
                return report;
            }
        }
        throw new IllegalArgumentException("rank " + rank + " did not run in this JVM; ranks here: " +
            ranks.stream().map(RankReport::rank).toList());
    }

    /** True if some rank ignored the end of the job and is still running. */
    public boolean hasRunningRanks()
    {
        return ranks.stream().anyMatch(r -> r.outcome() == RankOutcome.RUNNING);
    }

    /** The message followed by the failure's stack trace: what a rank host prints when the job fails. */
    public String report()
    {
        if (message == null)
        {
            return "job completed";
        }
        if (failure == null)
        {
            return message;
        }
        final StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace, true));
        return message + System.lineSeparator() + trace;
    }

    @Override
    public String toString()
    {
        return "JobResult{exitCode=" + exitCode + ", message=" + message + ", ranks=" + ranks + "}";
    }
}
