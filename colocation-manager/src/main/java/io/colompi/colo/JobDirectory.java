package io.colompi.colo;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.LinkOption;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The job's shared-memory directory, {@code /dev/shm/colompi-<job id in hex>/}, mode 0700: the launcher creates
 * it before any rank host starts and removes it when the job ends, whatever way it ends; a rank host that loses
 * its launcher removes it too. Without a usable {@code /dev/shm} it lives under {@code java.io.tmpdir}.
 * <p>
 * If the launcher and all its rank hosts are killed at once ({@code SIGKILL} to the whole process group), nobody is
 * left to remove it: so the launcher writes its identity into the directory ({@value #OWNER_FILE}: pid, start time,
 * pid namespace), and every launcher first removes the directories of launchers that are gone
 * ({@link #sweepStale}).
 */
final class JobDirectory
{
    static final String PREFIX = "colompi-";
    static final Path SHM = Path.of("/dev/shm");
    static final String OWNER_FILE = "launcher";
    private static final Pattern JOB_DIR = Pattern.compile(Pattern.quote(PREFIX) + "[0-9a-f]{16}");
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private JobDirectory()
    {
    }

    static String name(final long jobId)
    {
        return PREFIX + String.format(Locale.ROOT, "%016x", jobId);
    }

    /**
     * Create the directory of job {@code jobId} under {@code /dev/shm}, or under {@code java.io.tmpdir} if there is
     * no writable {@code /dev/shm}; {@code notice} gets a line saying so in that case.
     */
    static Path create(final long jobId, final Consumer<String> notice) throws IOException
    {
        if (Files.isDirectory(SHM) && Files.isWritable(SHM))
        {
            sweepStale(SHM);
            return createOwned(SHM, jobId);
        }
        final Path fallback = Path.of(System.getProperty("java.io.tmpdir"));
        sweepStale(fallback);
        final Path dir = createOwned(fallback, jobId);
        notice.accept("colompi: " + SHM + " is not available; the job's shared memory is in " + dir +
            " (slower if that is not a tmpfs)");
        return dir;
    }

    /** {@link #create(Path, long)}, then sign it with this launcher's identity. */
    private static Path createOwned(final Path parent, final long jobId) throws IOException
    {
        final Path dir = create(parent, jobId);
        Files.writeString(dir.resolve(OWNER_FILE), owner(ProcessHandle.current()).orElse("unknown") + "\n");
        return dir;
    }

    /**
     * Remove the job directories under {@code parent} whose launcher is gone: its pid no longer runs (or runs another
     * program, started at another time) in this pid namespace. Directories without an owner file, of other users,
     * or of launchers in other pid namespaces are left alone.
     */
    static List<Path> sweepStale(final Path parent)
    {
        final Optional<String> namespace = pidNamespace();
        if (namespace.isEmpty())
        {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(parent))
        {
            return entries
                .filter(dir -> JOB_DIR.matcher(dir.getFileName().toString()).matches())
                .filter(dir -> isStale(dir, namespace.get()))
                .filter(JobDirectory::remove)
                .toList();
        }
        catch (final IOException | RuntimeException ex)
        {
            return List.of(); // Only housekeeping: the job does not depend on it.
        }
    }

    private static boolean isStale(final Path dir, final String namespace)
    {
        final String recorded;
        try
        {
            recorded = Files.readString(dir.resolve(OWNER_FILE)).trim();
        }
        catch (final IOException | RuntimeException ex)
        {
            return false; // Not ours to judge (no owner file yet, another user's, being removed).
        }
        final String[] fields = recorded.split(" ");
        if (fields.length != 3 || !fields[2].equals(namespace))
        {
            return false;
        }
        final long pid;
        try
        {
            pid = Long.parseLong(fields[0]);
        }
        catch (final NumberFormatException ex)
        {
            return false;
        }
        final Optional<ProcessHandle> process = ProcessHandle.of(pid);
        return process.isEmpty() || !process.get().isAlive() || !owner(process.get()).map(recorded::equals).orElse(false);
    }

    /** {@code "<pid> <start time in ms> <pid namespace>"}, if all three are known. */
    static Optional<String> owner(final ProcessHandle process)
    {
        final Optional<Instant> start = process.info().startInstant();
        final Optional<String> namespace = pidNamespace();
        if (start.isEmpty() || namespace.isEmpty())
        {
            return Optional.empty();
        }
        return Optional.of(process.pid() + " " + start.get().toEpochMilli() + " " + namespace.get());
    }

    private static Optional<String> pidNamespace()
    {
        try
        {
            return Optional.of(Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString());
        }
        catch (final IOException | UnsupportedOperationException | SecurityException ex)
        {
            return Optional.empty();
        }
    }

    /** Create {@code parent/colompi-<job>} with mode 0700; fails if it exists (job ids are random, 64 bits). */
    static Path create(final Path parent, final long jobId) throws IOException
    {
        final Path dir = parent.resolve(name(jobId));
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        // The umask can only take permissions away; set them anyway, so no umask leaves the directory open.
        Files.setPosixFilePermissions(dir, OWNER_ONLY);
        return dir;
    }

    /**
     * On a node the launcher does not run on: create the job's directory {@code dir} (mode 0700) unless another JVM
     * of the node has; its parent must exist. One that exists must be a directory of this user that nobody else can
     * enter: the name is no secret (anybody can list {@code /dev/shm}), so another user could have made it first.
     */
    static void ensure(final Path dir) throws IOException
    {
        try
        {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            Files.setPosixFilePermissions(dir, OWNER_ONLY);
        }
        catch (final FileAlreadyExistsException ex)
        {
            requirePrivate(dir);
        }
    }

    /** Fail unless {@code dir} is a directory (not a link) of the user this JVM runs as, closed to everybody else. */
    static void requirePrivate(final Path dir) throws IOException
    {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS))
        {
            throw new IOException(dir + " exists and is not a directory");
        }
        final Object owner = Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        final Object self = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        if (!owner.equals(self))
        {
            throw new IOException(dir + " belongs to another user (uid " + owner + ", this JVM runs as uid " + self +
                "): refusing to share memory through it");
        }
        final Set<PosixFilePermission> mode = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
        if (!mode.equals(OWNER_ONLY))
        {
            throw new IOException(dir + " has mode " + PosixFilePermissions.toString(mode) + ", not rwx------: " +
                "refusing to share memory through it");
        }
    }

    /** Remove {@code dir} if it is empty: other JVMs of the node may still use it, the last one removes it. Never throws. */
    static void removeIfEmpty(final Path dir)
    {
        try
        {
            Files.deleteIfExists(dir);
        }
        catch (final IOException ex)
        {
            // Not empty (another JVM of the node still runs), or not ours to remove.
        }
    }

    /** Remove {@code dir} and everything in it; true if it is gone (or never was). Never throws. */
    static boolean remove(final Path dir)
    {
        if (dir == null)
        {
            return true;
        }
        for (int attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                Files.walkFileTree(dir, new SimpleFileVisitor<>()
                {
                    @Override
                    public FileVisitResult visitFile(final Path file, final BasicFileAttributes attrs) throws IOException
                    {
                        Files.deleteIfExists(file);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(final Path file, final IOException ex) throws IOException
                    {
                        if (ex instanceof NoSuchFileException)
                        {
                            return FileVisitResult.CONTINUE;
                        }
                        throw ex;
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(final Path visited, final IOException ex) throws IOException
                    {
                        Files.deleteIfExists(visited);
                        return FileVisitResult.CONTINUE;
                    }
                });
                return true;
            }
            catch (final NoSuchFileException gone)
            {
                return true;
            }
            catch (final DirectoryNotEmptyException racing)
            {
                // A dying rank host created a file while we walked: walk again.
            }
            catch (final IOException ex)
            {
                return !Files.exists(dir);
            }
        }
        return !Files.exists(dir);
    }
}
