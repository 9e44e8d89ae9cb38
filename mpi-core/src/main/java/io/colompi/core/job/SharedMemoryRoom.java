package io.colompi.core.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Room on the file system of the job's shared-memory directory for a file about to be made there (a rank's ring, a
 * node arena). Their pages are allocated as they are first written, and with no room left that write faults: the JVM
 * makes the fault an {@link InternalError} in the middle of the run, or dies of it where it hits the JVM's own
 * compare-and-swap (bench/RESULTS.md, session 46). A small {@code /dev/shm} is common: a Docker container's is 64 MiB.
 */
public final class SharedMemoryRoom
{
    private static final long KIB = 1024;

    private SharedMemoryRoom()
    {
    }

    /**
     * Fails unless {@code directory}'s file system has {@code bytes} free for {@code what}; {@code smaller} says how to
     * need less. A file system whose room cannot be read is not checked.
     *
     * @throws IllegalStateException naming the file, the room it needs and the room there is
     */
    public static void require(final Path directory, final long bytes, final String what, final String smaller)
    {
        final long free = free(directory);
        if (free >= 0 && free < bytes)
        {
            throw noRoom(directory, bytes, what, smaller, null);
        }
    }

    /**
     * The failure of a file made with room that filled while its pages were written ({@code fault}, from another job or
     * rank writing there meanwhile), or of one without room; {@code bytes} 0 where the file's size is not known.
     */
    public static IllegalStateException noRoom(
        final Path directory, final long bytes, final String what, final String smaller, final Throwable fault)
    {
        final long free = free(directory);
        return new IllegalStateException("no room for " + what +
            (bytes > 0 ? " (" + (bytes + KIB - 1) / KIB + " KiB)" : "") + " in " + directory + ": " +
            (free < 0 ? "its file system is full" : "its file system has " + free / KIB + " KiB free") +
            "; make it larger (Docker: --shm-size) or ask for less: " + smaller, fault);
    }

    /** The bytes {@code directory}'s file system has free, -1 where that cannot be read. */
    private static long free(final Path directory)
    {
        try
        {
            return Files.getFileStore(directory).getUsableSpace();
        }
        catch (final IOException unknown)
        {
            return -1;
        }
    }
}
