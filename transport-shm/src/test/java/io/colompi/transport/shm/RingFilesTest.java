package io.colompi.transport.shm;

import org.agrona.IoUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A rank's inbound ring is allocated when it is made, not page by page as the first pass of traffic writes it: a
 * write to a page of a sparse file allocates it then, a fault on the sending rank in the program's loop.
 */
@Timeout(10)
class RingFilesTest
{
    private static final int CAPACITY = 1 << 20;

    @Test
    void aNewRingIsAllocatedWhole(@TempDir final Path directory) throws Exception
    {
        final MappedByteBuffer created = RingFiles.create(directory, 3, CAPACITY);
        try
        {
            final long size = RingFiles.of(directory, 3).length();
            assertTrue(size > CAPACITY);
            assertTrue(allocatedBytes(RingFiles.of(directory, 3).toPath()) >= size,
                "allocated " + allocatedBytes(RingFiles.of(directory, 3).toPath()) + " of " + size);
        }
        finally
        {
            IoUtil.unmap(created);
        }
    }

    /** Bytes of the blocks the file system gave {@code file} ({@code stat}'s blocks times block size). */
    private static long allocatedBytes(final Path file) throws IOException, InterruptedException
    {
        final Process stat = new ProcessBuilder("stat", "--format=%b %B", file.toString()).redirectErrorStream(true).start();
        final String out = new String(stat.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, stat.waitFor(), out);
        final String[] fields = out.split(" ");
        return Long.parseLong(fields[0]) * Long.parseLong(fields[1]);
    }
}
