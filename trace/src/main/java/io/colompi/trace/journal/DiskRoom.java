package io.colompi.trace.journal;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The room a journal leaves on its disk: it stops before the disk's free space falls under {@link #KEPT_BYTES}. A
 * journal is a mapped file whose pages the disk allocates as they are first written; with no room left that write
 * faults (SIGBUS), which the JVM turns into an error in compiled code but not in its own compare-and-swap, which
 * Chronicle's document headers use early on: the rank's JVM died (bench/RESULTS.md, session 46). So a journal asks
 * before it opens and before each append (a {@code statvfs}, at most every 100 ms or 256 KiB); the room kept absorbs
 * what other ranks and processes write meanwhile, and leaves the program room for its own files.
 */
final class DiskRoom
{
    /** What a journal leaves free on its disk. */
    static final long KEPT_BYTES = 64L << 20;
    private static final long MIB = 1L << 20;

    /** The disk, or null where it cannot be known (then every write is allowed). */
    private final FileStore store;

    private DiskRoom(final FileStore store)
    {
        this.store = store;
    }

    /** The disk that holds {@code path}, or will: that of its nearest existing directory. */
    static DiskRoom of(final Path path)
    {
        Path existing = path.toAbsolutePath();
        while (existing != null && !Files.isDirectory(existing))
        {
            existing = existing.getParent();
        }
        try
        {
            return new DiskRoom(existing == null ? null : Files.getFileStore(existing));
        }
        catch (final IOException unknown)
        {
            return new DiskRoom(null);
        }
    }

    /** Whether {@code bytes} more still leave {@link #KEPT_BYTES} free. */
    boolean allows(final long bytes)
    {
        return free() - bytes >= KEPT_BYTES;
    }

    /** Why a journal stops: the room left, in words. */
    String reason()
    {
        return "its disk has " + free() / MIB + " MiB free, and a journal leaves " + KEPT_BYTES / MIB + " MiB";
    }

    private long free()
    {
        if (store == null)
        {
            return Long.MAX_VALUE;
        }
        try
        {
            return store.getUsableSpace();
        }
        catch (final IOException unknown)
        {
            return Long.MAX_VALUE;
        }
    }
}
