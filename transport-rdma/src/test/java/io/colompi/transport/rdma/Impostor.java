package io.colompi.transport.rdma;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.colompi.core.comm.Communicator;
import io.colompi.core.type.BaseType;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Somebody outside the job who knows where a JVM's subscription is and which stream it reads (both are sniffable):
 * its own media driver and a publication of its own session to that subscription, sending whatever frames it makes.
 */
final class Impostor implements AutoCloseable
{
    private final MediaDriver driver;
    private final Aeron aeron;
    private final ExclusivePublication publication;

    Impostor(final String endpoint, final int streamId)
    {
        driver = MediaDriver.launchEmbedded(new MediaDriver.Context()
            .aeronDirectoryName("/dev/shm/colompi-test-impostor-" + Long.toHexString(ThreadLocalRandom.current().nextLong()))
            .threadingMode(ThreadingMode.SHARED)
            .dirDeleteOnShutdown(true));
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
        publication = aeron.addExclusivePublication("aeron:udp?endpoint=" + endpoint, streamId);
    }

    /** A FIRST frame from rank {@code source} to rank {@code dest} of {@code ints}, unsigned. */
    static UnsafeBuffer first(final int source, final int dest, final int[] ints)
    {
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[FrameDescriptor.FIRST_HEADER_LENGTH + 4 * ints.length]);
        frame.putInt(FrameDescriptor.TYPE_OFFSET, FrameDescriptor.FIRST);
        frame.putInt(FrameDescriptor.SOURCE_OFFSET, source);
        frame.putInt(FrameDescriptor.DEST_WORLD_OFFSET, dest);
        frame.putInt(FrameDescriptor.SOURCE_RANK_OFFSET, source);
        frame.putInt(FrameDescriptor.ELEMENTS_OFFSET, ints.length);
        frame.putByte(FrameDescriptor.BASE_TYPE_OFFSET, (byte)BaseType.INT.ordinal());
        frame.putLong(FrameDescriptor.TOTAL_BYTES_OFFSET, 4L * ints.length);
        for (int i = 0; i < ints.length; i++)
        {
            frame.putInt(FrameDescriptor.FIRST_HEADER_LENGTH + 4 * i, ints[i]);
        }
        return frame;
    }

    /** Wait until the JVM has taken this session (its rank's progress, and its keeper, read the setup). */
    void awaitConnected(final Communicator world)
    {
        final long deadline = System.nanoTime() + 20_000_000_000L;
        while (!publication.isConnected() && System.nanoTime() < deadline)
        {
            world.engine().progress();
            Thread.yield();
        }
        assertTrue(publication.isConnected(), "the impostor's session was not taken");
    }

    void send(final DirectBuffer frame, final int length)
    {
        final long deadline = System.nanoTime() + 20_000_000_000L;
        while (publication.offer(frame, 0, length) < 0)
        {
            assertTrue(System.nanoTime() < deadline, "the impostor could not send");
            Thread.yield();
        }
    }

    @Override
    public void close()
    {
        CloseHelper.closeAll(publication, aeron, driver);
    }
}
