package io.colompi.trace.journal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The journals of a traced job, read as far as they go.
 *
 * @param directory where they are.
 * @param size      the job's ranks (from the journals' headers).
 * @param ranks     the ranks' journals by rank; null where a rank left none.
 * @param startNs   the earliest call start on the job's time line (the origin of reports' times).
 */
public record JobTrace(Path directory, int size, List<RankTrace> ranks, long startNs)
{
    /** Ranks with no journal, or whose journal was cut short; empty when every journal is whole. */
    public List<String> problems()
    {
        final List<String> problems = new ArrayList<>();
        for (int rank = 0; rank < size; rank++)
        {
            final RankTrace trace = ranks.get(rank);
            if (trace == null)
            {
                problems.add("rank " + rank + " left no journal");
            }
            else if (!trace.complete())
            {
                problems.add("rank " + rank + "'s journal is cut short after " + trace.events().size() +
                    " calls (the rank was killed, the job aborted, or the journal stopped: a full disk)");
            }
        }
        return problems;
    }

    public RankTrace rank(final int rank)
    {
        return ranks.get(rank);
    }
}
