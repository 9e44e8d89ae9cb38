package io.colompi.core.trace;

import java.nio.file.Path;
import java.util.ServiceLoader;

/**
 * The trace journals of one JVM: a module (colompi's {@code trace}) provides one through {@link ServiceLoader},
 * loaded only when {@value #DIR_PROPERTY} names a directory, so tracing costs nothing (and needs no Chronicle)
 * otherwise.
 */
public interface TraceJournal
{
    /** The directory a traced job writes its journals to; set by {@code colorun --trace DIR}. */
    String DIR_PROPERTY = "colompi.trace.dir";

    /** A tracer for {@code rank} of {@code size}, which lives in this JVM ({@code jvm} of the job, on {@code node}). */
    Tracer open(int rank, int size, int jvm, int node);

    /** Bind this journal to {@code directory}. */
    TraceJournal in(Path directory);

    /** The journal writing to {@code dir}, or null when {@code dir} is null (tracing off). */
    static TraceJournal of(final Path dir)
    {
        if (dir == null)
        {
            return null;
        }
        return ServiceLoader.load(TraceJournal.class, TraceJournal.class.getClassLoader()).findFirst()
            .orElseThrow(() -> new IllegalStateException(DIR_PROPERTY + " is set, but no trace journal is on the " +
                "class path (the trace module)"))
            .in(dir);
    }
}
