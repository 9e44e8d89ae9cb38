package io.colompi.colo;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What the rank hosts start from so that they start sooner, one per JDK build and host class path (its jars' names,
 * sizes and times), in a per-user directory ({@code colompi.cache.dir}, default {@code $XDG_CACHE_HOME/colompi} or
 * {@code ~/.cache/colompi}). Of two {@link Kind kinds}: by default a dynamic class-data sharing archive (JDK 13 and
 * later) of the classes a rank host loads beyond the JDK's own archive (colompi's, Agrona's, Aeron's, the JDK's
 * others), so that they are mapped instead of read, parsed and verified (a 2-rank job's start-up 0.53-0.59 s instead
 * of 0.62-0.76 here, bench/RESULTS.md); with {@code colompi.aot=true} on Java 25 and later, the AOT cache (JEP 483,
 * 514, 515): the classes loaded and linked, and the method profiles of a whole run. The first job without one trains
 * it: its JVM 0 writes the archive when it exits ({@code -XX:ArchiveClassesAtExit}) or records its AOT configuration
 * ({@code -XX:AOTMode=record}), and once the job is over the launcher assembles the AOT cache ({@code
 * -XX:AOTMode=create}) and moves the file in place atomically; later jobs start every rank host with it (a JVM that
 * finds it stale runs without it, silently). The class-data archive can be turned off with {@code colompi.cds=false};
 * the AOT cache is off unless asked for: on the loaded 2-core machine of bench/RESULTS.md the halo pattern ran
 * slower with a cache trained by another placement, and on a quiet one its warm-up was no shorter. A job whose rank
 * hosts the user gives class-data sharing options of their own runs without either ({@link #USERS_OWN}).
 */
final class StartupCache
{
    /** What a rank host maps at start-up. */
    enum Kind
    {
        /** A dynamic class-data sharing archive, written by the trainer at its exit. */
        CLASS_DATA("jsa"),
        /** Java 25's AOT cache, recorded by the trainer and assembled by the launcher. */
        AOT("aot");

        final String suffix;

        Kind(final String suffix)
        {
            this.suffix = suffix;
        }
    }

    /** First Java release whose AOT cache keeps method profiles (JEP 515). */
    static final int MIN_AOT_FEATURE = 25;
    /** A training claim older than this was left by a launcher that died: it no longer holds the others back. */
    private static final Duration STALE_CLAIM = Duration.ofMinutes(30);
    private static final long ASSEMBLY_TIMEOUT_S = 300;
    /** How many caches of a kind the directory keeps (the most recently made). */
    static final int KEPT = 8;
    /**
     * The starts of rank-host options by which the user takes class-data sharing in hand (off, an archive or an AOT
     * cache of their own, their own recording) or changes the object layout the JDK's own archive holds: a job given
     * one runs without the cache and trains none. Java 17 does not start a JVM asked to archive classes where the
     * JDK's archive is not mapped (JVM 0 of the first job after every build failed with {@code -J-Xshare:off}, {@code
     * -J-XX:ObjectAlignmentInBytes=64} or {@code -J-XX:-UseCompressedClassPointers}: "DynamicDumpSharedSpaces is
     * unsupported when base CDS archive is not loaded"), and with options of the user's own the cache is not theirs.
     */
    static final List<String> USERS_OWN = List.of("-Xshare:", "-XX:SharedArchiveFile=", "-XX:ArchiveClassesAtExit=",
        "-XX:+AutoCreateSharedArchive", "-XX:AOT", "-XX:ObjectAlignmentInBytes=", "-XX:-UseCompressedClassPointers");

    private final Kind kind;
    private final Path cache;
    /** What the trainer writes: the archive (moved in place after the job) or the AOT configuration. */
    private final Path recording;
    private final Path claim;
    private final String classPath;
    private boolean training;

    private StartupCache(final Kind kind, final Path directory, final String key, final String classPath)
    {
        this.kind = kind;
        this.cache = directory.resolve(key + "." + kind.suffix);
        this.recording = directory.resolve(key + "." + kind.suffix + "." + ProcessHandle.current().pid());
        this.claim = directory.resolve(key + "." + kind.suffix + ".training");
        this.classPath = classPath;
    }

    /**
     * The cache for rank hosts of this JVM's {@code java} with {@code classPath} and the user's {@code jvmOptions} (a
     * traced job has one of its own); null where it is off, where the options are the user's own ({@link #USERS_OWN}),
     * where an entry of the class path is not a jar (a JVM asked to archive classes of a class directory does not
     * start) and where a path holds a blank (Java 17 then maps the archive but loads none of its classes).
     */
    static StartupCache of(final String classPath, final List<String> jvmOptions)
    {
        if (!onlyJars(classPath) || usersOwn(jvmOptions))
        {
            return null;
        }
        final boolean traced = TraceOptions.traced(jvmOptions);
        if (Boolean.getBoolean("colompi.aot") && Runtime.version().feature() >= MIN_AOT_FEATURE)
        {
            return in(Kind.AOT, directory(), classPath, traced);
        }
        return Boolean.parseBoolean(System.getProperty("colompi.cds", "true")) ?
            in(Kind.CLASS_DATA, directory(), classPath, traced) : null;
    }

    /** Whether one of {@code jvmOptions} is a {@link #USERS_OWN} class-data sharing option. */
    static boolean usersOwn(final List<String> jvmOptions)
    {
        for (final String option : jvmOptions)
        {
            for (final String start : USERS_OWN)
            {
                if (option.startsWith(start))
                {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether every entry of {@code classPath} is a jar whose path has no blank (the archive is of use only then). */
    static boolean onlyJars(final String classPath)
    {
        if (classPath.indexOf(' ') >= 0)
        {
            return false;
        }
        for (final String entry : classPath.split(File.pathSeparator))
        {
            if (!Files.isRegularFile(Path.of(entry)))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * The {@code kind} of cache for {@code classPath} in {@code directory}, made (for this user alone) if missing;
     * null if it cannot be, or if the directory is not this user's alone: a JVM maps the archive it is given, and an
     * archive or a recording path planted by another user would be trusted.
     */
    static StartupCache in(final Kind kind, final Path directory, final String classPath)
    {
        return in(kind, directory, classPath, false);
    }

    /** As {@link #in(Kind, Path, String)}, for {@code traced} jobs ({@link #key(String, boolean)}) or not. */
    static StartupCache in(final Kind kind, final Path directory, final String classPath, final boolean traced)
    {
        try
        {
            if (!Files.isDirectory(directory))
            {
                Files.createDirectories(directory,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            return ownedAlone(directory) ? new StartupCache(kind, directory, key(classPath, traced), classPath) : null;
        }
        catch (final IOException | UnsupportedOperationException ex)
        {
            return null;
        }
    }

    /** Whether {@code directory} belongs to this user and no one else may write in it. */
    static boolean ownedAlone(final Path directory) throws IOException
    {
        final UserPrincipal me = directory.getFileSystem().getUserPrincipalLookupService()
            .lookupPrincipalByName(System.getProperty("user.name"));
        final Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(directory);
        return Files.getOwner(directory).equals(me) && !permissions.contains(PosixFilePermission.GROUP_WRITE) &&
            !permissions.contains(PosixFilePermission.OTHERS_WRITE);
    }

    /** The cache file (present or not). */
    Path file()
    {
        return cache;
    }

    /**
     * Options of a rank host: the cache where it exists; else, for the {@code trainer} (JVM 0 of a job on this
     * machine) when no other job trains it now, recording (its JVM messages go to stderr, the program's output
     * stays its own, its warnings about classes it cannot cache are not shown).
     */
    synchronized List<String> jvmOptions(final boolean trainer)
    {
        if (Files.isRegularFile(cache))
        {
            return kind == Kind.AOT ? List.of("-XX:AOTCache=" + cache) :
                List.of("-XX:SharedArchiveFile=" + cache, "-Xlog:cds*=off");
        }
        if (!trainer || training || !claim())
        {
            return List.of();
        }
        training = true;
        return kind == Kind.AOT ?
            List.of("-XX:AOTMode=record", "-XX:AOTConfiguration=" + recording, "-XX:+DisplayVMOutputToStderr",
                "-Xlog:aot*=error") :
            List.of("-XX:ArchiveClassesAtExit=" + recording, "-XX:+DisplayVMOutputToStderr", "-Xlog:cds*=off");
    }

    /**
     * After the job: if this launcher trained and the trainer wrote its recording, move it in place (an AOT
     * configuration is assembled into the cache first: about the time of a JVM start-up or two). A failure leaves
     * no cache: the next job trains again.
     */
    synchronized void assemble(final List<String> requiredOptions)
    {
        if (!training)
        {
            return;
        }
        training = false;
        final Path assembled = cache.resolveSibling(cache.getFileName() + ".assembled." + ProcessHandle.current().pid());
        try
        {
            if (Files.isRegularFile(recording))
            {
                final Path archive = kind == Kind.AOT ? assemble(requiredOptions, assembled) : recording;
                if (archive != null)
                {
                    Files.move(archive, cache, StandardCopyOption.ATOMIC_MOVE);
                    pruneOlder(cache.getParent());
                }
            }
        }
        catch (final IOException ex)
        {
            // No cache this time: the next job trains again.
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        finally
        {
            deleteQuietly(assembled);
            deleteQuietly(recording);
            deleteQuietly(claim);
        }
    }

    /**
     * Keep the {@value #KEPT} most recent caches of this kind: every rebuilt jar or new JDK makes another (a few MiB),
     * and a developer's machine would keep them all.
     */
    private void pruneOlder(final Path directory) throws IOException
    {
        final List<Path> caches;
        try (var files = Files.list(directory))
        {
            caches = files.filter(file -> file.getFileName().toString().endsWith("." + kind.suffix))
                .sorted(Comparator.comparing(StartupCache::modified).reversed()).toList();
        }
        caches.stream().skip(KEPT).forEach(StartupCache::deleteQuietly);
    }

    private static FileTime modified(final Path file)
    {
        try
        {
            return Files.getLastModifiedTime(file);
        }
        catch (final IOException ex)
        {
            return FileTime.fromMillis(0);
        }
    }

    /** The AOT cache assembled from the recorded configuration into {@code into}; null if that failed. */
    private Path assemble(final List<String> requiredOptions, final Path into) throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(requiredOptions);
        command.addAll(List.of("-XX:AOTMode=create", "-XX:AOTConfiguration=" + recording, "-XX:AOTCache=" + into,
            "-cp", classPath));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (process.waitFor(ASSEMBLY_TIMEOUT_S, TimeUnit.SECONDS) && process.exitValue() == 0 &&
            Files.isRegularFile(into))
        {
            return into;
        }
        process.destroyForcibly();
        return null;
    }

    /** Claim the training of this cache: false while another launcher holds a recent claim. */
    private boolean claim()
    {
        try
        {
            Files.createFile(claim);
            return true;
        }
        catch (final FileAlreadyExistsException ex)
        {
            try
            {
                final FileTime claimed = Files.getLastModifiedTime(claim);
                if (claimed.toInstant().isBefore(Instant.now().minus(STALE_CLAIM)))
                {
                    Files.setLastModifiedTime(claim, FileTime.from(Instant.now()));
                    return true;
                }
            }
            catch (final IOException gone)
            {
                // The other launcher just finished: its cache is there for the next job.
            }
            return false;
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    /**
     * {@link #key(String)}, and whether the job is traced: a traced job's rank hosts load the journal's classes
     * (Chronicle's, 8 MB more archive), which an untraced job's archive lacks and an untraced job need not map; a
     * traced job that trained the one cache left its classes to every untraced job, and a traced job started from an
     * untraced job's archive loaded them at start-up on cores its ranks hold (bench/RESULTS.md, tracing, session 9).
     */
    static String key(final String classPath, final boolean traced)
    {
        return traced ? key(classPath) + "-traced" : key(classPath);
    }

    /** The JDK build and every class path entry's name, size and time: a new jar or JDK means a new cache. */
    static String key(final String classPath)
    {
        try
        {
            final MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((System.getProperty("java.home") + '\n' + System.getProperty("java.vm.version") + '\n')
                .getBytes(StandardCharsets.UTF_8));
            for (final String entry : classPath.split(File.pathSeparator))
            {
                final File file = new File(entry);
                digest.update((entry + '\t' + file.length() + '\t' + file.lastModified() + '\n').getBytes(StandardCharsets.UTF_8));
            }
            return "jdk" + Runtime.version().feature() + "-" + HexFormat.of().formatHex(digest.digest(), 0, 8);
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("every JDK has SHA-256", ex);
        }
    }

    private static Path directory()
    {
        final String configured = System.getProperty("colompi.cache.dir");
        if (configured != null)
        {
            return Path.of(configured);
        }
        final String xdg = System.getenv("XDG_CACHE_HOME");
        final Path base = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("colompi");
    }

    private static void deleteQuietly(final Path file)
    {
        try
        {
            Files.deleteIfExists(file);
        }
        catch (final IOException ex)
        {
            // A leftover in the cache directory; the next assembly overwrites it.
        }
    }
}
