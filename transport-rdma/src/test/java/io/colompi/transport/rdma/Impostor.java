package io.colompi.transport.rdma;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.colompi.core.transport.FrameDescriptor;
import io.colompi.core.type.BaseType;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Somebody outside the job who knows where a JVM's subscription is and which stream it reads (both are sniffable):
 * its own media driver and a publication of its own session to that subscription, sending whatever frames it makes.
 * <p>
 * Also a program, for an impostor on another host ({@code Impostor TARGET}): TARGET is a properties file that a rank
 * of the job wrote, naming the job ({@code job}, hex), its secret ({@code secret}, hex: only to rebuild a frame the
 * target has already received, as one who captured it would replay it), the JVM count ({@code jvms}), the target
 * JVM ({@code jvm}) and its Aeron endpoint ({@code aeron.jvm<J>}); it sends the target {@link #REFUSED_FRAMES}
 * frames it must refuse, as from JVM 0, which has sent it a frame already, then exits 0.
 */
final class Impostor implements AutoCloseable
{
    /** Bytes of an Aeron-tier frame up to the payload of the FIRST frame it carries. */
    static final int FIRST_LENGTH = FrameHeader.CONTROL_LENGTH + FrameDescriptor.FIRST_HEADER_LENGTH;

    /** How many frames {@link #sendFramesToRefuse} sends. */
    static final int REFUSED_FRAMES = 5;

    private static final long DEADLINE_NS = 20_000_000_000L;

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

    public static void main(final String[] args) throws IOException
    {
        final Properties target = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of(args[0])))
        {
            target.load(in);
        }
        final long jobId = Long.parseUnsignedLong(target.getProperty("job"), 16);
        final int jvm = Integer.parseInt(target.getProperty("jvm"));
        final String endpoint = target.getProperty(AeronNode.ENDPOINT_KEY_PREFIX + jvm);
        try (Impostor impostor = new Impostor(endpoint, AeronSettings.streamId(jobId)))
        {
            impostor.awaitConnected(() -> { });
            impostor.sendFramesToRefuse(HexFormat.of().parseHex(target.getProperty("secret")), jobId,
                Integer.parseInt(target.getProperty("jvms")), 0, jvm);
        }
        System.out.println("impostor: sent " + REFUSED_FRAMES + " frames to " + endpoint);
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

    /**
     * Send JVM {@code to}, as JVM {@code from} (whose first frame it has received), a replay of that first frame, the
     * same frame with its payload changed, the next frame due signed with another job's secret, and the replay cut
     * to 60 and to 12 bytes: {@link #REFUSED_FRAMES} frames, each of them to be refused and counted.
     */
    void sendFramesToRefuse(final byte[] secret, final long jobId, final int jvmCount, final int from, final int to)
    {
        final FrameAuthenticator sender = new FrameAuthenticator(secret, jobId, from, jvmCount);
        final UnsafeBuffer replay = first(from, to, new int[]{ 66, 66 });
        sender.stamp(replay, 0, to);
        sender.sign(replay, 0, replay.capacity(), to);
        send(replay, replay.capacity());
        final UnsafeBuffer forged = first(from, to, new int[]{ 66, 66 });
        forged.putBytes(0, replay, 0, FIRST_LENGTH);
        forged.putInt(FIRST_LENGTH, 67);
        send(forged, forged.capacity());
        final FrameAuthenticator stranger = new FrameAuthenticator(new byte[32], jobId, from, jvmCount);
        final UnsafeBuffer wrongKey = first(from, to, new int[]{ 66, 66 });
        stranger.stamp(wrongKey, 0, to);
        stranger.stamp(wrongKey, 0, to);
        stranger.sign(wrongKey, 0, wrongKey.capacity(), to);
        send(wrongKey, wrongKey.capacity());
        send(replay, 60);
        send(replay, 12);
    }

    /** Wait until the JVM has taken this session, calling {@code progress} (its rank's, where it polls in this thread). */
    void awaitConnected(final Runnable progress)
    {
        final long deadline = System.nanoTime() + DEADLINE_NS;
        while (!publication.isConnected())
        {
            check(System.nanoTime() < deadline, "the impostor's session was not taken");
            progress.run();
            Thread.yield();
        }
    }

    void send(final DirectBuffer frame, final int length)
    {
        final long deadline = System.nanoTime() + DEADLINE_NS;
        while (publication.offer(frame, 0, length) < 0)
        {
            check(System.nanoTime() < deadline, "the impostor could not send");
            Thread.yield();
        }
    }

    @Override
    public void close()
    {
        CloseHelper.closeAll(publication, aeron, driver);
    }

    private static void check(final boolean condition, final String failure)
    {
        if (!condition)
        {
            throw new AssertionError(failure);
        }
    }
}
