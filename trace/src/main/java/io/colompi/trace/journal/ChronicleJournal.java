package io.colompi.trace.journal;

import io.colompi.core.trace.TraceJournal;
import io.colompi.core.trace.Tracer;

import java.nio.file.Path;

/**
 * The trace journals of a JVM ({@code colorun --trace DIR}): {@code DIR/jvm-<j>/}, a Chronicle Queue per rank in it
 * ({@link TraceRecord}). Found by mpi-core through {@link java.util.ServiceLoader} when tracing is asked for.
 */
public final class ChronicleJournal implements TraceJournal
{
    private final Path directory;

    /** The service instance ({@link java.util.ServiceLoader}); bound to a directory by {@link #in}. */
    public ChronicleJournal()
    {
        this(null);
    }

    private ChronicleJournal(final Path directory)
    {
        this.directory = directory;
    }

    @Override
    public TraceJournal in(final Path directory)
    {
        return new ChronicleJournal(directory);
    }

    @Override
    public Tracer open(final int rank, final int size, final int jvm, final int node)
    {
        final RankJournal journal = new RankJournal(rank, size, directory.resolve(TraceRecord.queuePath(jvm, rank)));
        journal.writeHeader(size, jvm, node);
        return journal;
    }
}
