package io.colompi.colo;

import io.colompi.core.trace.TraceJournal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/**
 * What a traced job ({@code colorun --trace DIR}) adds to every rank JVM: the journal directory, Chronicle Queue's
 * flags for Java 17+ (and 23+) and its analytics off (../shared/notes/raw-limits.md, section 5).
 */
final class TraceOptions
{
    /** Chronicle's opens and exports; the same list as the root pom's {@code colompi.chronicle.flags}. */
    private static final List<String> CHRONICLE_FLAGS = List.of(
        "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
        "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED",
        "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
        "--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED",
        "--add-opens=java.base/java.lang=ALL-UNNAMED",
        "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
        "--add-opens=java.base/java.io=ALL-UNNAMED",
        "--add-opens=java.base/java.util=ALL-UNNAMED",
        "-Dchronicle.analytics.disable=true");

    private TraceOptions()
    {
    }

    /**
     * Check that {@code directory} can take a job's journals (created if missing, writable, no journal in it yet)
     * and that the journal writer is on the class path; an {@link IllegalArgumentException} says what is wrong.
     */
    static Path prepare(final Path directory)
    {
        final Path absolute = directory.toAbsolutePath().normalize();
        try
        {
            Files.createDirectories(absolute);
        }
        catch (final IOException | SecurityException ex)
        {
            throw new IllegalArgumentException("--trace: cannot create the trace directory " + absolute + ": " + ex);
        }
        if (!Files.isWritable(absolute))
        {
            throw new IllegalArgumentException("--trace: cannot write to the trace directory " + absolute);
        }
        try (Stream<Path> entries = Files.list(absolute))
        {
            if (entries.anyMatch(e -> e.getFileName().toString().startsWith("jvm-")))
            {
                throw new IllegalArgumentException("--trace: " + absolute + " already holds a job's journals; " +
                    "give an empty or new directory");
            }
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("--trace: cannot list the trace directory " + absolute + ": " + ex);
        }
        if (ServiceLoader.load(TraceJournal.class, TraceOptions.class.getClassLoader()).findFirst().isEmpty())
        {
            throw new IllegalArgumentException("--trace: the trace journal (module trace) is not on the class path; " +
                "build it with 'mvn -q -DskipTests package'");
        }
        return absolute;
    }

    /** The rank JVMs' options for journals in {@code directory} (absolute). */
    static List<String> jvmOptions(final Path directory)
    {
        final List<String> options = new ArrayList<>(CHRONICLE_FLAGS);
        if (Runtime.version().feature() >= 23)
        {
            // jnr-ffi loads native code and Chronicle uses sun.misc.Unsafe's memory access: silence the warnings
            options.add("--enable-native-access=ALL-UNNAMED");
            options.add("--sun-misc-unsafe-memory-access=allow");
        }
        options.add("-D" + TraceJournal.DIR_PROPERTY + "=" + directory);
        return options;
    }

    /** Whether rank JVMs started with {@code jvmOptions} journal their calls (one of them names a journal directory). */
    static boolean traced(final List<String> jvmOptions)
    {
        final String option = "-D" + TraceJournal.DIR_PROPERTY + "=";
        for (final String jvmOption : jvmOptions)
        {
            if (jvmOption.startsWith(option))
            {
                return true;
            }
        }
        return false;
    }
}
