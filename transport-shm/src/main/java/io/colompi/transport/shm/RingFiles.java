package io.colompi.transport.shm;

import io.colompi.core.job.RuntimeSettings;
import io.colompi.core.job.SharedMemoryRoom;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.io.File;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;

/**
 * The inbound ring of each rank is a file {@code rank-<R>.ring} in the job's shared-memory directory: the ring (data
 * and Agrona's trailer), then the rank's {@link WakeWord}.
 */
final class RingFiles
{
    private RingFiles()
    {
    }

    static File of(final Path directory, final int rank)
    {
        return directory.resolve("rank-" + rank + ".ring").toFile();
    }

    /**
     * Create and map a rank's inbound ring of {@code capacity} data bytes (a power of two, the job's
     * {@code RuntimeSettings.shmRingBytes()}); Agrona's largest record is an eighth of it. The file is written whole
     * and its pages mapped now, as every peer's mapping is when it opens the ring: a sparse ring allocated a page,
     * and each mapping faulted on it, every few iterations of a program's first pass round the ring (a JVM-per-rank
     * halo spent ~10 % more time in MPI over 20 000 iterations, bench/RESULTS.md).
     */
    static MappedByteBuffer create(final Path directory, final int rank, final int capacity)
    {
        final long length = capacity + RingBufferDescriptor.TRAILER_LENGTH + WakeWord.LENGTH;
        final String what = "the shared-memory ring of rank " + rank;
        final String smaller = "-J-D" + RuntimeSettings.SHM_RING_BYTES + "=1m (rings of 1 MiB)";
        SharedMemoryRoom.require(directory, length, what, smaller);
        try
        {
            return IoUtil.mapNewFile(of(directory, rank), length, true).load();
        }
        catch (final InternalError fault)
        {
            // the file system filled while the ring's pages were written
            throw SharedMemoryRoom.noRoom(directory, length, what, smaller, fault);
        }
    }

    /** Map the inbound ring of a peer, which created it before the job's fence, its pages mapped now. */
    static MappedByteBuffer open(final Path directory, final int rank)
    {
        final File file = of(directory, rank);
        if (!file.exists())
        {
            throw new IllegalStateException("rank " + rank + " has no ring at " + file + " (did its JVM die?)");
        }
        return IoUtil.mapExistingFile(file, "colompi ring of rank " + rank).load();
    }

    static ManyToOneRingBuffer ring(final MappedByteBuffer mapped)
    {
        return new ManyToOneRingBuffer(new UnsafeBuffer(mapped, 0, ringBytes(mapped)));
    }

    static WakeWord wakeWord(final MappedByteBuffer mapped)
    {
        return new WakeWord(new UnsafeBuffer(mapped), ringBytes(mapped));
    }

    /** The ring's bytes (data and trailer) in a mapped file: all but the wake word after it. */
    private static int ringBytes(final MappedByteBuffer mapped)
    {
        return mapped.capacity() - WakeWord.LENGTH;
    }
}
