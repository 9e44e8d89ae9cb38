package io.colompi.colo;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A job as the launchers understand it, independent of their command-line syntax.
 *
 * @param np          number of ranks.
 * @param ranksPerJvm ranks per rank-host JVM.
 * @param stats       print per-rank transport counters at the end.
 * @param tagOutput   prefix each output line with its rank.
 * @param timeout     end the job after this long; {@link Duration#ZERO}: never.
 * @param classPath   the program's class path, absolute.
 * @param mainClass   the class whose {@code main} every rank runs.
 * @param args        the program's arguments.
 * @param jvmOptions  options for the rank-host JVM ({@code -Xmx2g}, {@code -Dkey=value}).
 * @param workDir     working directory of the rank-host JVM; null: the launcher's.
 * @param nodes       the nodes the ranks run on.
 * @param placement   where each rank runs ({@code --placement FILE}); null: blocks of {@code ranksPerJvm} on the nodes.
 */
record LaunchSpec(
    int np, int ranksPerJvm, boolean stats, boolean tagOutput, Duration timeout,
    List<Path> classPath, String mainClass, List<String> args, List<String> jvmOptions, Path workDir, JobNodes nodes,
    JobLayout placement)
{
    LaunchSpec
    {
        classPath = List.copyOf(classPath);
        args = List.copyOf(args);
        jvmOptions = List.copyOf(jvmOptions);
        Objects.requireNonNull(nodes, "nodes");
    }

    /** A job in blocks of {@code ranksPerJvm} ranks on {@code nodes}. */
    LaunchSpec(
        final int np, final int ranksPerJvm, final boolean stats, final boolean tagOutput, final Duration timeout,
        final List<Path> classPath, final String mainClass, final List<String> args, final List<String> jvmOptions,
        final Path workDir, final JobNodes nodes)
    {
        this(np, ranksPerJvm, stats, tagOutput, timeout, classPath, mainClass, args, jvmOptions, workDir, nodes, null);
    }

    /** The job's placement of ranks into JVMs and nodes. */
    JobLayout layout()
    {
        return placement != null ? placement : nodes.layout(np, ranksPerJvm);
    }

    /** The working directory of the rank hosts: {@link #workDir}, else the launcher's. */
    Path effectiveWorkDir()
    {
        return workDir != null ? workDir : Path.of("").toAbsolutePath();
    }

    /** The class path the program gets when none is given: {@code $CLASSPATH}, else the current directory, as {@code java}. */
    static String defaultClassPath()
    {
        final String env = System.getenv("CLASSPATH");
        return env != null && !env.isEmpty() ? env : ".";
    }

    /**
     * Split a class path as {@code java} reads it: an empty entry is the current directory and {@code dir/*}
     * stands for the jars in {@code dir}. Entries become absolute against the current directory, so the rank
     * host may run elsewhere.
     */
    static List<Path> parseClassPath(final String classPath)
    {
        final List<Path> entries = new ArrayList<>();
        for (final String entry : classPath.split(File.pathSeparator, -1))
        {
            if (entry.equals("*") || entry.endsWith(File.separator + "*"))
            {
                entries.addAll(jarsIn(Path.of(entry.substring(0, entry.length() - 1)).toAbsolutePath()));
            }
            else
            {
                entries.add(Path.of(entry.isEmpty() ? "." : entry).toAbsolutePath().normalize());
            }
        }
        return entries;
    }

    static String joinClassPath(final List<Path> classPath)
    {
        final StringBuilder joined = new StringBuilder();
        for (final Path entry : classPath)
        {
            if (joined.length() > 0)
            {
                joined.append(File.pathSeparatorChar);
            }
            joined.append(entry);
        }
        return joined.toString();
    }

    private static List<Path> jarsIn(final Path directory)
    {
        if (!Files.isDirectory(directory))
        {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory))
        {
            return files
                .filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jar"))
                .sorted()
                .toList();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list " + directory, ex);
        }
    }
}
