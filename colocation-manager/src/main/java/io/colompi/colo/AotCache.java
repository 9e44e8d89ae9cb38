package io.colompi.colo;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Java 25's AOT cache (JEP 483, 514, 515) for the rank hosts: colompi's classes (and Agrona's and Aeron's) loaded
 * and linked, and the method profiles of a whole run, so that a rank host starts and reaches compiled code sooner.
 * One cache per JDK build and host class path (its jars' names, sizes and times), in a per-user directory
 * ({@code colompi.aot.dir}, default {@code $XDG_CACHE_HOME/colompi/aot} or {@code ~/.cache/colompi/aot}). The first
 * job without one trains it: its JVM 0 records what it loads and runs ({@code -XX:AOTMode=record}), and once the
 * job is over the launcher assembles the cache ({@code -XX:AOTMode=create}) and puts it in place atomically; later
 * jobs start every rank host with {@code -XX:AOTCache} (a JVM that finds the file missing or stale runs without
 * it). Off unless {@code colompi.aot=true} (on the launcher: {@code JDK_JAVA_OPTIONS=-Dcolompi.aot=true}): on the
 * loaded 2-core machine of bench/RESULTS.md the halo pattern ran slower with a cache trained by another placement;
 * on Java 17 (no AOT cache) it is always off.
 */
final class AotCache
{
    /** First Java release whose AOT cache keeps method profiles (JEP 515). */
    static final int MIN_FEATURE = 25;
    /** A training claim older than this was left by a launcher that died: it no longer holds the others back. */
    private static final Duration STALE_CLAIM = Duration.ofMinutes(30);
    private static final long ASSEMBLY_TIMEOUT_S = 300;

    private final Path cache;
    private final Path configuration;
    private final Path claim;
    private final String classPath;
    private boolean training;

    private AotCache(final Path directory, final String key, final String classPath)
    {
        this.cache = directory.resolve(key + ".aot");
        this.configuration = directory.resolve(key + ".aotconf");
        this.claim = directory.resolve(key + ".training");
        this.classPath = classPath;
    }

    /** The cache for rank hosts of this JVM's {@code java} with {@code classPath}; null where it is off (the default). */
    static AotCache of(final String classPath)
    {
        if (!Boolean.getBoolean("colompi.aot") || Runtime.version().feature() < MIN_FEATURE)
        {
            return null;
        }
        return in(directory(), classPath);
    }

    /** The cache for {@code classPath} in {@code directory}, made if missing; null if it cannot be. */
    static AotCache in(final Path directory, final String classPath)
    {
        try
        {
            Files.createDirectories(directory);
        }
        catch (final IOException ex)
        {
            return null;
        }
        return new AotCache(directory, key(classPath), classPath);
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
            return List.of("-XX:AOTCache=" + cache);
        }
        if (!trainer || training || !claim())
        {
            return List.of();
        }
        training = true;
        return List.of("-XX:AOTMode=record", "-XX:AOTConfiguration=" + configuration, "-XX:+DisplayVMOutputToStderr",
            "-Xlog:aot*=error");
    }

    /**
     * After the job: if this launcher trained and the trainer recorded, assemble the cache (about the time of a JVM
     * start-up or two) and move it in place. A failure leaves no cache: the next job trains again.
     */
    synchronized void assemble(final List<String> requiredOptions)
    {
        if (!training)
        {
            return;
        }
        training = false;
        final Path partial = cache.resolveSibling(cache.getFileName() + "." + ProcessHandle.current().pid());
        try
        {
            if (Files.isRegularFile(configuration))
            {
                final List<String> command = new ArrayList<>();
                command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
                command.addAll(requiredOptions);
                command.addAll(List.of("-XX:AOTMode=create", "-XX:AOTConfiguration=" + configuration,
                    "-XX:AOTCache=" + partial, "-cp", classPath));
                final Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (process.waitFor(ASSEMBLY_TIMEOUT_S, TimeUnit.SECONDS) && process.exitValue() == 0 &&
                    Files.isRegularFile(partial))
                {
                    Files.move(partial, cache, StandardCopyOption.ATOMIC_MOVE);
                }
                else
                {
                    process.destroyForcibly();
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
            deleteQuietly(partial);
            deleteQuietly(configuration);
            deleteQuietly(claim);
        }
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
        final String configured = System.getProperty("colompi.aot.dir");
        if (configured != null)
        {
            return Path.of(configured);
        }
        final String xdg = System.getenv("XDG_CACHE_HOME");
        final Path base = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("colompi").resolve("aot");
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
