package io.colompi.trace.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The journals of a traced job ({@code colorun --trace DIR}): who the ranks were when opened, then every rank's calls
 * in one pass ({@link #read}), merged by the time they ended, as far as each journal goes. Reading holds a batch per
 * rank, not the calls read: a report of any length fits a small heap.
 */
public final class JobJournals implements AutoCloseable
{
    private final Path directory;
    private final int size;
    /** By rank; null where a rank left no journal. */
    private final RankJournalReader[] ranks;
    private boolean read;
    private long startNs = Long.MAX_VALUE;
    private long endNs = Long.MIN_VALUE;
    private long calls;

    private JobJournals(final Path directory, final int size, final RankJournalReader[] ranks)
    {
        this.directory = directory;
        this.size = size;
        this.ranks = ranks;
    }

    /** The journals under {@code directory}, their headers read; {@link IllegalArgumentException} if it holds none. */
    public static JobJournals open(final Path directory)
    {
        final List<Path> queues = queues(directory);
        if (queues.isEmpty())
        {
            throw new IllegalArgumentException("no trace journal in " + directory +
                " (expected jvm-*/rank-*/ written by colorun --trace " + directory + ")");
        }
        final List<RankJournalReader> opened = new ArrayList<>();
        try
        {
            int size = 0;
            for (final Path queue : queues)
            {
                final RankJournalReader reader = RankJournalReader.open(queue);
                if (reader != null)
                {
                    opened.add(reader);
                    size = Math.max(size, Math.max(reader.header().size(), reader.header().rank() + 1));
                }
            }
            if (opened.isEmpty())
            {
                throw new IllegalArgumentException("no readable trace journal in " + directory);
            }
            final RankJournalReader[] byRank = new RankJournalReader[size];
            for (final RankJournalReader reader : opened)
            {
                final int rank = reader.header().rank();
                if (byRank[rank] != null)
                {
                    throw new IllegalArgumentException("two journals of rank " + rank + " in " + directory +
                        " (a trace directory holds one job: trace into an empty one)");
                }
                byRank[rank] = reader;
            }
            return new JobJournals(directory, size, byRank);
        }
        catch (final RuntimeException ex)
        {
            opened.forEach(RankJournalReader::close);
            throw ex;
        }
    }

    private static List<Path> queues(final Path directory)
    {
        if (!Files.isDirectory(directory))
        {
            throw new IllegalArgumentException("no such trace directory: " + directory);
        }
        try (Stream<Path> found = Files.find(directory, 2, (path, attributes) -> attributes.isDirectory() &&
            path.getFileName().toString().startsWith("rank-") &&
            path.getParent().getFileName().toString().startsWith("jvm-")))
        {
            return found.filter(JobJournals::holdsQueueFiles).sorted().toList();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list " + directory, ex);
        }
    }

    private static boolean holdsQueueFiles(final Path directory)
    {
        try (Stream<Path> files = Files.list(directory))
        {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".cq4"));
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    public Path directory()
    {
        return directory;
    }

    /** The job's ranks (from the journals' headers). */
    public int size()
    {
        return size;
    }

    /** Who wrote rank {@code rank}'s journal; null where the rank left none. */
    public RankHeader header(final int rank)
    {
        return ranks[rank] == null ? null : ranks[rank].header();
    }

    /** The headers of the ranks that left a journal, by rank. */
    public List<RankHeader> headers()
    {
        final List<RankHeader> headers = new ArrayList<>();
        for (final RankJournalReader rank : ranks)
        {
            if (rank != null)
            {
                headers.add(rank.header());
            }
        }
        return headers;
    }

    /**
     * Give every call of every rank to {@code calls}, once: each rank's in the order they ended, the ranks merged by
     * end time (so a message's send and receive come close together).
     */
    public void read(final Consumer<TraceEvent> calls)
    {
        if (read)
        {
            throw new IllegalStateException("the journals in " + directory + " are read once");
        }
        read = true;
        final PriorityQueue<RankJournalReader> byEnd =
            new PriorityQueue<>(Math.max(1, size), Comparator.comparingLong(r -> r.peek().endNs()));
        for (final RankJournalReader rank : ranks)
        {
            if (rank != null && rank.peek() != null)
            {
                byEnd.add(rank);
            }
        }
        while (!byEnd.isEmpty())
        {
            final RankJournalReader rank = byEnd.poll();
            final TraceEvent call = rank.next();
            startNs = Math.min(startNs, call.startNs());
            endNs = Math.max(endNs, call.endNs());
            this.calls++;
            calls.accept(call);
            if (rank.peek() != null)
            {
                byEnd.add(rank);
            }
        }
    }

    /** The earliest call start, the origin of reports' times (0 before {@link #read} or without calls). */
    public long startNs()
    {
        return calls == 0 ? 0 : startNs;
    }

    /** The latest call end ({@link #startNs()} before {@link #read} or without calls). */
    public long endNs()
    {
        return calls == 0 ? startNs() : endNs;
    }

    /** The calls {@link #read} gave. */
    public long calls()
    {
        return calls;
    }

    /** The messages rank {@code rank}'s calls sent as steps (a collective's); all of them once {@link #read}. */
    public List<InnerTraffic> innerTraffic(final int rank)
    {
        return ranks[rank] == null ? List.of() : ranks[rank].innerTraffic();
    }

    /** Ranks with no journal, or (once {@link #read}) whose journal was cut short; empty when all are whole. */
    public List<String> problems()
    {
        final List<String> problems = new ArrayList<>();
        for (int rank = 0; rank < size; rank++)
        {
            final RankJournalReader journal = ranks[rank];
            if (journal == null)
            {
                problems.add("rank " + rank + " left no journal");
            }
            else if (read && !journal.complete())
            {
                problems.add("rank " + rank + "'s journal is cut short after " + journal.calls() +
                    " calls (the rank was killed, the job aborted, or the journal stopped: a full disk)");
            }
        }
        return problems;
    }

    @Override
    public void close()
    {
        for (final RankJournalReader rank : ranks)
        {
            if (rank != null)
            {
                rank.close();
            }
        }
    }
}
