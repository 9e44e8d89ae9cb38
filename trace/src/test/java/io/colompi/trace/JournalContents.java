package io.colompi.trace;

import io.colompi.trace.journal.JobJournals;
import io.colompi.trace.journal.RankHeader;
import io.colompi.trace.journal.TraceEvent;
import io.colompi.trace.report.TraceReport;
import io.colompi.trace.report.Traffic;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a trace directory's journals hold, every call read into memory (a test's journals are small).
 *
 * @param headers  by rank, null where a rank left no journal.
 * @param events   by rank, each rank's calls in the order its journal holds them.
 * @param problems {@link JobJournals#problems()}, once read.
 */
record JournalContents(int size, List<RankHeader> headers, List<List<TraceEvent>> events, List<String> problems)
{
    static JournalContents read(final Path directory)
    {
        try (JobJournals journals = JobJournals.open(directory))
        {
            final List<RankHeader> headers = new ArrayList<>();
            final List<List<TraceEvent>> events = new ArrayList<>();
            for (int rank = 0; rank < journals.size(); rank++)
            {
                headers.add(journals.header(rank));
                events.add(new ArrayList<>());
            }
            journals.read(call -> events.get(call.rank()).add(call));
            return new JournalContents(journals.size(), headers, events, journals.problems());
        }
    }

    /** The traffic {@code colotrace place} partitions. */
    static Traffic traffic(final Path directory)
    {
        try (JobJournals journals = JobJournals.open(directory))
        {
            return Traffic.of(journals);
        }
    }

    /** The report's summary, its files not written. */
    static String summary(final Path directory)
    {
        try (JobJournals journals = JobJournals.open(directory))
        {
            return TraceReport.read(journals).summary();
        }
    }

    RankHeader header(final int rank)
    {
        return headers.get(rank);
    }

    List<TraceEvent> events(final int rank)
    {
        return events.get(rank);
    }
}
