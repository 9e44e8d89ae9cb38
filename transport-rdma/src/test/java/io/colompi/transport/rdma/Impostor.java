package io.colompi.transport.rdma;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.colompi.core.comm.Communicator;
import io.colompi.core.transport.FrameDescriptor;
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
    /** Bytes of an Aeron-tier frame up to the payload of the FIRST frame it carries. */
    static final int FIRST_LENGTH = FrameHeader.CONTROL_LENGTH + FrameDescriptor.FIRST_HEADER_LENGTH;

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

    /** A FIRST frame from rank {@code source} to rank {@code dest} of {@code ints}, behind an unsigned header. */
    static UnsafeBuffer first(final int source, final int dest, final int[] ints)
    {
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[FIRST_LENGTH + 4 * ints.length]);
        frame.putInt(FrameHeader.TYPE_OFFSET, FrameHeader.FRAME);
        final int at = FrameHeader.CONTROL_LENGTH;
        frame.putInt(at + FrameDescriptor.TYPE_OFFSET, FrameDescriptor.FIRST);
        frame.putInt(at + FrameDescriptor.SOURCE_WORLD_OFFSET, source);
        frame.putInt(at + FrameDescriptor.DEST_WORLD_OFFSET, dest);
        frame.putInt(at + FrameDescriptor.SOURCE_RANK_OFFSET, source);
        frame.putInt(at + FrameDescriptor.ELEMENTS_OFFSET, ints.length);
        frame.putByte(at + FrameDescriptor.BASE_TYPE_OFFSET, (byte)BaseType.INT.ordinal());
        frame.putLong(at + FrameDescriptor.TOTAL_BYTES_OFFSET, 4L * ints.length);
        for (int i = 0; i < ints.length; i++)
        {
            frame.putInt(FIRST_LENGTH + 4 * i, ints[i]);
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
